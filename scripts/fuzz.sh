#!/usr/bin/env bash
# Runs the libFuzzer targets (fuzz/libfuzzer) with cargo-fuzz on the nightly
# toolchain, each for SECONDS (default 600), and prints libFuzzer's final
# statistics. A crash is saved under fuzz/libfuzzer/artifacts/TARGET/; once
# fixed, copy it to fuzz/regressions/TARGET/, where the test command's smoke
# test replays it.
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]     targets: shares runtime
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh)"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(shares runtime)

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal >&2
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz >&2

# The same dependency versions as the workspace: start from its lockfile.
[ -f fuzz/libfuzzer/Cargo.lock ] || cp Cargo.lock fuzz/libfuzzer/Cargo.lock
# Its own target dir: other flags and another compiler than the workspace's.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR}-fuzz"
# The harnesses run the runtime natively; no wasm blob is needed.
export SKIP_WASM_BUILD=1
for target in "${targets[@]}"; do
	mkdir -p "fuzz/libfuzzer/corpus/$target"
	echo "==> fuzzing $target for ${seconds}s" >&2
	# No sanitizer: the code is safe Rust; debug assertions stay on, so an
	# arithmetic overflow is a crash. Inputs at full length from the start:
	# the runtime target runs a few cases a second, too few for libFuzzer's
	# slow growth of the length limit.
	cargo +nightly fuzz run --fuzz-dir fuzz/libfuzzer --sanitizer none "$target" \
		"fuzz/libfuzzer/corpus/$target" -- -max_total_time="$seconds" -print_final_stats=1 \
		-max_len=4096 -len_control=0
done
