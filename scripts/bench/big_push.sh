#!/bin/sh
# Big-push figures of README "Big pushes": a push of 10,000 new commits and a push of one commit
# adding 20,000 files, each timed as keepmum's pre-receive scan against `git log -p` over the
# same commits, RUNS times in turn, with /usr/bin/time (CPU = user + sys; quote medians).
#
#   scripts/bench/big_push.sh HISTORY KEEPMUM [WORK] [RUNS]
#
# HISTORY: a repository with at least 10,000 commits, e.g. the sentry-sdk history that
#   `scripts/bench/real_history.py build sentry-sdk DIR` writes.
# KEEPMUM: the binary to time (a release build). WORK: scratch directory (default
#   target/bench/big-push). The server repositories hold the objects but no refs, so every
#   commit of `0000... <tip> refs/heads/main` is new to them, as in a first push.
set -eu
history=$1 keepmum=$2 work=${3:-target/bench/big-push} runs=${4:-5}
mkdir -p "$work"
work=$(cd "$work" && pwd)
zero=0000000000000000000000000000000000000000

server() { # server NAME SOURCE REV: a bare repository with REV's objects and no refs
  rm -rf "$work/$1.git"
  git init -q --bare "$work/$1.git"
  git -C "$work/$1.git" fetch -q --no-tags "$2" "$3:refs/tmp/x"
  git -C "$work/$1.git" update-ref -d refs/tmp/x
  echo "$zero $3 refs/heads/main" >"$work/$1.line"
}

# 1. The first 10,000 commits of HISTORY (in topological order).
tip=$(git -C "$history" rev-list --topo-order HEAD | tail -n 10000 | head -n 1)
server s10k "$history" "$tip"

# 2. One commit adding 20,000 files: HISTORY's text files, copied with a distinct first line.
wide=$work/wide
rm -rf "$wide" && git init -q -b main "$wide"
rm -rf "$work/src" && mkdir "$work/src"
git -C "$history" archive HEAD | tar -x -C "$work/src"
python3 - "$work/src" "$wide" <<'PY'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
files = []
for root, _, names in os.walk(src):
    for n in sorted(names):
        p = os.path.join(root, n)
        b = open(p, "rb").read()
        if b and b"\0" not in b[:8000] and len(b) < 200_000:
            files.append((os.path.relpath(p, src), b))
files.sort()
for i in range(20000):
    rel, b = files[i % len(files)]
    out = os.path.join(dst, "copy%03d" % (i // len(files)), rel)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as f:
        f.write(b"# copy %d\n" % i + b)
PY
git -C "$wide" add -A
git -C "$wide" -c user.name=bench -c user.email=bench@example.com commit -q --no-verify -m "add 20000 files"
server w20k "$wide" "$(git -C "$wide" rev-parse HEAD)"

for case in s10k w20k; do
  rev=$(cut -d' ' -f2 "$work/$case.line")
  i=0
  while [ "$i" -lt "$runs" ]; do
    /usr/bin/time -f "$case keepmum cpu %U+%S s wall %e s rss %M KB" \
      sh -c "cd '$work/$case.git' && exec '$keepmum' pre-receive --time-budget 0 <'$work/$case.line' >/dev/null 2>&1" || true
    /usr/bin/time -f "$case git-log-p cpu %U+%S s wall %e s rss %M KB" \
      git -C "$work/$case.git" log -p "$rev" >/dev/null
    i=$((i + 1))
  done
done
