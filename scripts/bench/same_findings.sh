#!/usr/bin/env bash
# Checks that two keepmum binaries report exactly the same findings (JSON output byte-equal,
# order included) on the given repositories: `scan --all`, and `scan --range` over the first
# parent's last 200 commits. Use it before and after a change to the history engine:
#
#   scripts/bench/same_findings.sh [-c CONFIG] OLD_KEEPMUM NEW_KEEPMUM REPO...
#
# -c passes a config to both (scripts/bench/stress.keepmum.yaml reports every added function
# definition, thousands of findings a history, so that line attribution is compared too).
# Prints one line per repository and scan; exits 1 if any output differs (both outputs are
# kept under target/bench/same-findings/ to diff), 2 on a usage error or a scan error.
set -uo pipefail
conf=()
if [ "${1:-}" = -c ]; then
  [ $# -ge 2 ] || exit 2
  conf=(--config "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2
fi
[ $# -ge 3 ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
old=$1 new=$2; shift 2
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/target/bench/same-findings"
mkdir -p "$out"
status=0
for repo in "$@"; do
  name=$(basename "$repo")
  tip=$(git -C "$repo" rev-parse HEAD) || exit 2
  base=$(git -C "$repo" rev-list --first-parent --skip=200 -1 HEAD)
  for scan in all range; do
    case $scan in
      all) args=(scan --all --no-progress --format json "${conf[@]}") ;;
      range) [ -n "$base" ] || continue; args=(scan --range "$base..$tip" --no-progress --format json "${conf[@]}") ;;
    esac
    for side in old new; do
      bin=${!side}
      (cd "$repo" && "$bin" "${args[@]}" >"$out/$name-$scan.$side.json" 2>"$out/$name-$scan.$side.err")
      rc=$?
      if [ "$rc" -gt 1 ]; then
        echo "$name $scan: $side binary failed (exit $rc): $(tail -c 300 "$out/$name-$scan.$side.err")"
        exit 2
      fi
    done
    n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$out/$name-$scan.new.json")
    if cmp -s "$out/$name-$scan.old.json" "$out/$name-$scan.new.json"; then
      echo "$name $scan: identical ($n findings)"
    else
      echo "$name $scan: DIFFERENT (new: $n findings): diff $out/$name-$scan.{old,new}.json"
      status=1
    fi
  done
done
exit $status
