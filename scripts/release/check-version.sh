#!/usr/bin/env bash
# Checks that the versions a release publishes agree: the crate's (Cargo.toml, which is also
# the wheel's), the pre-commit placeholder's requirement
# (packaging/placeholder/keepmum_placeholder.py) and, when TAG is set, the tag (vX.Y.Z).
# Prints the version, and writes `version=` to GITHUB_OUTPUT when that is set.
set -euo pipefail
cd "$(dirname "$0")/../.."
crate=$(sed -n 's/^version = "\([^"]*\)"$/\1/p' Cargo.toml | head -n 1)
placeholder=$(sed -n 's/^VERSION = "\([^"]*\)"$/\1/p' packaging/placeholder/keepmum_placeholder.py)
status=0
if [ -z "$crate" ]; then
  echo "error: no version in Cargo.toml" >&2
  exit 1
fi
if [ "$placeholder" != "$crate" ]; then
  echo "error: packaging/placeholder/keepmum_placeholder.py requires keepmum==$placeholder but Cargo.toml says $crate: set VERSION = \"$crate\"" >&2
  status=1
fi
if [ -n "${TAG:-}" ] && [ "$TAG" != "v$crate" ]; then
  echo "error: the tag is $TAG but Cargo.toml says $crate: tag v$crate, or bump the version first" >&2
  status=1
fi
[ "$status" -eq 0 ] || exit "$status"
echo "$crate"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "version=$crate" >>"$GITHUB_OUTPUT"
fi
