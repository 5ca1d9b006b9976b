#!/usr/bin/env bash
# The install step of the keepmum GitHub Action (action.yml): puts a keepmum binary in place
# and writes its path to the step's `path` output (and its directory to GITHUB_PATH).
#
# INPUT_INSTALL:
#   release  (default) the release archive for the runner (RUNNER_OS / RUNNER_ARCH) from the
#            action's repository, checked against the release's SHA256SUMS before use; with
#            INPUT_VERIFY_ATTESTATION=true also its build provenance (`gh attestation verify`).
#   pip      `pip install keepmum==VERSION` into a virtualenv (PyPI's wheel).
#   path     a keepmum already installed: INPUT_PATH if set, else the one on PATH.
# INPUT_VERSION: the version to install; default: the version of the action itself (its
# Cargo.toml), so `uses: ...@v0.1.0` installs keepmum 0.1.0.
# KEEPMUM_ACTION_REPO (owner/name; the action's repository), KEEPMUM_RELEASE_BASE_URL (where
# the release files are; default $GITHUB_SERVER_URL/<repo>/releases/download) and
# KEEPMUM_INSTALL_DIR (default $RUNNER_TEMP/keepmum-VERSION) are for tests and mirrors.
set -euo pipefail

action_dir=${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}
method=${INPUT_INSTALL:-release}
version=${INPUT_VERSION:-}
version=${version#v}
if [ -z "$version" ]; then
  version=$(sed -n 's/^version = "\([^"]*\)"$/\1/p' "$action_dir/Cargo.toml" | head -n 1)
fi

fail() {
  printf '::error title=keepmum install::%s\n' "$*"
  printf 'keepmum: error: %s\n' "$*" >&2
  exit 2
}

[ -n "$version" ] || fail "no version: set the version input"
dest=${KEEPMUM_INSTALL_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/keepmum-$version}
mkdir -p "$dest"

# Records the binary for the next steps and checks that it runs.
use() {
  local bin=$1 got
  got=$("$bin" --version) || fail "$bin does not run"
  printf 'keepmum: using %s (%s)\n' "$bin" "$got" >&2
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf 'path=%s\n' "$bin" >>"$GITHUB_OUTPUT"
  fi
  if [ -n "${GITHUB_PATH:-}" ]; then
    dirname "$bin" >>"$GITHUB_PATH"
  fi
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    openssl dgst -sha256 -r "$1" | cut -d ' ' -f 1
  fi
}

case $method in
  path)
    bin=${INPUT_PATH:-}
    if [ -z "$bin" ]; then
      bin=$(command -v keepmum) || fail "install: path, but keepmum is not on PATH (install it in an earlier step, or use install: release)"
    fi
    [ -x "$bin" ] || fail "$bin is not an executable"
    use "$bin"
    ;;
  pip)
    py=$(command -v python3 || command -v python) || fail "install: pip needs Python (actions/setup-python)"
    "$py" -m venv "$dest/venv"
    if [ -x "$dest/venv/bin/python" ]; then
      vpy=$dest/venv/bin/python
      bin=$dest/venv/bin/keepmum
    else
      vpy=$dest/venv/Scripts/python.exe
      bin=$dest/venv/Scripts/keepmum.exe
    fi
    "$vpy" -m pip install --quiet --disable-pip-version-check "keepmum==$version" ||
      fail "pip could not install keepmum==$version"
    use "$bin"
    ;;
  release)
    case "${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}" in
      Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-musl ;;
      Linux/ARM64 | Linux/aarch64) target=aarch64-unknown-linux-musl ;;
      macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
      macOS/ARM64 | Darwin/arm64) target=aarch64-apple-darwin ;;
      Windows/X64) target=x86_64-pc-windows-msvc ;;
      *) fail "no release binary for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}: use install: pip, or build keepmum and use install: path" ;;
    esac
    case $target in
      *windows*) fmt=zip exe=.exe ;;
      *) fmt=tgz exe= ;;
    esac
    # The names cargo-binstall expects too (Cargo.toml [package.metadata.binstall]).
    stem=keepmum-$target-v$version
    asset=$stem.$fmt
    # The action's repository: github.action_repository is empty in composite actions, so
    # from where the runner put the action (.../_actions/OWNER/REPO/REF), else the
    # repository its Cargo.toml names, else the workflow's own (`uses: ./`).
    repo=${KEEPMUM_ACTION_REPO:-}
    if [ -z "$repo" ] && [[ $action_dir =~ /_actions/([^/]+)/([^/]+)/[^/]+/?$ ]]; then
      repo=${BASH_REMATCH[1]}/${BASH_REMATCH[2]}
    fi
    if [ -z "$repo" ]; then
      repo=$(sed -n 's|^repository = "https://github.com/\([^"]*\)"$|\1|p' "$action_dir/Cargo.toml" | head -n 1)
    fi
    repo=${repo:-${GITHUB_REPOSITORY:-}}
    base=${KEEPMUM_RELEASE_BASE_URL:-${GITHUB_SERVER_URL:-https://github.com}/$repo/releases/download}
    url=$base/v$version
    printf 'keepmum: downloading %s/%s\n' "$url" "$asset" >&2
    for f in "$asset" SHA256SUMS; do
      curl --fail --silent --show-error --location --retry 3 --output "$dest/$f" "$url/$f" ||
        fail "cannot download $url/$f (is there a release v$version? pin the action to a release tag, or set version:)"
    done
    expected=$(awk -v f="$asset" '$2 == f || $2 == "*" f { print $1 }' "$dest/SHA256SUMS")
    [ -n "$expected" ] || fail "SHA256SUMS of v$version does not list $asset"
    actual=$(sha256 "$dest/$asset")
    [ "$expected" = "$actual" ] ||
      fail "checksum mismatch for $asset: SHA256SUMS says $expected, the download is $actual; not using it"
    if [ "${INPUT_VERIFY_ATTESTATION:-false}" = true ]; then
      gh attestation verify "$dest/$asset" --repo "$repo" >&2 ||
        fail "the build provenance of $asset does not verify against $repo"
    fi
    rm -rf "${dest:?}/$stem"
    case $fmt in
      tgz) tar -xzf "$dest/$asset" -C "$dest" ;;
      zip)
        if command -v unzip >/dev/null 2>&1; then
          unzip -q -o "$dest/$asset" -d "$dest"
        else
          pwsh -NoProfile -Command "Expand-Archive -Force -Path '$dest/$asset' -DestinationPath '$dest'"
        fi
        ;;
    esac
    bin=$dest/$stem/keepmum$exe
    [ -f "$bin" ] || fail "$asset has no $stem/keepmum$exe"
    chmod +x "$bin"
    use "$bin"
    ;;
  *)
    fail "unknown install method '$method': use release, pip or path"
    ;;
esac
