#!/usr/bin/env bash
# The test command (README): unit tests, rule examples, integration tests against real git
# repositories, the labeled corpus score and the dogfood scan of this repository's history.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --all-targets "$@"
