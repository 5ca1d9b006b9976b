#!/usr/bin/env bash
# Runs the fuzz targets of fuzz/ (cargo-fuzz, libFuzzer) for SECONDS each (default 60):
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      # targets: config ignore_file baseline_path
#                                              #          template scan decode pack (default: all)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain; without nightly the
# stable one is used with RUSTC_BOOTSTRAP=1 (cargo-fuzz passes -Z flags). Each target starts
# from its seeds (fuzz/seeds/TARGET, in git) and the corpus it grew before (fuzz/corpus/TARGET,
# not in git); a crash is saved under fuzz/artifacts/TARGET and makes this script exit 1.
# Builds go to target/fuzz (KEEPMUM_FUZZ_TARGET_DIR), beside the main build.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(config ignore_file baseline_path template scan decode pack)
fi

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "fuzz.sh: cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
  exit 2
fi
toolchain=()
if rustup run nightly rustc --version >/dev/null 2>&1; then
  toolchain=(+nightly)
else
  export RUSTC_BOOTSTRAP=1
fi
target_dir=${KEEPMUM_FUZZ_TARGET_DIR:-$PWD/target/fuzz}

start=$SECONDS
# `cargo fuzz build` with no target builds them all: once, then each one runs.
cargo "${toolchain[@]}" fuzz build --fuzz-dir fuzz --target-dir "$target_dir"
echo "fuzz.sh: built in $((SECONDS - start)) s"

failed=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  t0=$SECONDS
  if cargo "${toolchain[@]}" fuzz run --fuzz-dir fuzz --target-dir "$target_dir" "$t" \
    "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="fuzz/artifacts/$t/" -print_final_stats=1 \
    >"target/fuzz-$t.log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "target/fuzz-$t.log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz.sh: $t: ok, $runs runs in $((SECONDS - t0)) s, corpus $(find "fuzz/corpus/$t" -type f | wc -l) inputs"
  else
    echo "fuzz.sh: $t: FAILED after $((SECONDS - t0)) s (log: target/fuzz-$t.log, input: fuzz/artifacts/$t/)" >&2
    grep -m 20 -E 'panicked|ERROR|SUMMARY|Test unit written' "target/fuzz-$t.log" >&2 || true
    failed=1
  fi
done
exit $failed
