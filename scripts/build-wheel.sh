#!/usr/bin/env bash
# Builds the keepmum wheel (maturin, `bindings = "bin"`: the binary as a script) from
# packaging/pypi/pyproject.toml into target/wheels (or --out DIR). Further arguments go to
# `maturin build` (e.g. `--target aarch64-unknown-linux-gnu`, `--compatibility manylinux2014`).
#
# maturin comes from PATH, else from $MATURIN, else it is installed from PyPI into
# target/build-venv. Prints the wheel's path last.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

out=$root/target/wheels
args=()
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    --out=*) out=$(mkdir -p "${1#--out=}" && cd "${1#--out=}" && pwd); shift ;;
    *) args+=("$1"); shift ;;
  esac
done

maturin=${MATURIN:-}
if [ -z "$maturin" ]; then
  if command -v maturin >/dev/null 2>&1; then
    maturin=maturin
  else
    if [ ! -x target/build-venv/bin/maturin ]; then
      python3 -m venv target/build-venv
      target/build-venv/bin/pip install --quiet --disable-pip-version-check 'maturin>=1.5,<2'
    fi
    maturin=$root/target/build-venv/bin/maturin
  fi
fi

# One wheel per build in the output directory: an older one of the same version must not be
# what a later `pip install --find-links` picks up.
mkdir -p "$out"
rm -f "$out"/keepmum-*.whl
(cd packaging/pypi && "$maturin" build --release --locked --out "$out" ${args[@]+"${args[@]}"})
wheel=$(ls "$out"/keepmum-*.whl)
echo "$wheel"
