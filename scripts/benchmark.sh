#!/usr/bin/env bash
# Regenerates the weights from benchmark runs on this machine (a
# maintainer's step; CI runs the benchmarks as tests but does not need the
# benchmarking node):
#
#   1. builds the node with `runtime-benchmarks` (release, wasm executor);
#   2. `benchmark pallet` for pallet-taoflow and pallet-subnets on the dev
#      chain's genesis, through scripts/weight-template.hbs, into each
#      pallet's src/weights.rs;
#   3. `benchmark overhead` (block and extrinsic base weights) and
#      `benchmark storage` (read and write weights of the node's ParityDB)
#      into runtime/src/weights/;
#   4. the criterion benchmarks of the per-block arithmetic (taoflow-benches),
#      summarised by scripts/performance.py for docs/performance.md.
#
# STEPS and REPEAT set the pallet benchmarks' resolution (defaults 50 and
# 10); SKIP_CRITERION=1 skips step 4.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh)"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
step() { echo "==> $*" >&2; }
STEPS=${STEPS:-50}
REPEAT=${REPEAT:-10}

# The benchmarking CLI's storage test runtime is not needed here, and its
# build script cannot find its package from this workspace.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1

step "build the node with runtime-benchmarks (release)"
cargo build --release --locked -p taoflow-node --features runtime-benchmarks
# On the PATH, so that the generated headers name the command, not this
# machine's target directory.
export PATH="$CARGO_TARGET_DIR/release:$PATH"
node=taoflow-node

for pallet in taoflow subnets; do
	step "benchmark pallet_$pallet ($STEPS steps, $REPEAT repeats)"
	"$node" benchmark pallet \
		--chain dev \
		--pallet "pallet_$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template scripts/weight-template.hbs \
		--output "pallets/$pallet/src/weights.rs"
done

# A database for the storage benchmark, relative so that no path of this
# machine reaches the generated files.
base=.benchmark-db
rm -rf "$base"
trap 'rm -rf "$base"' EXIT
step "benchmark overhead: block and extrinsic base weights"
"$node" benchmark overhead \
	--chain dev \
	--weight-path runtime/src/weights \
	--warmup 10 \
	--repeat 100

step "benchmark storage: ParityDB read and write weights on 200,000 accounts"
mkdir -p "$base"
"$node" build-spec --chain dev 2>/dev/null | python3 scripts/large-state-spec.py >"$base/spec.json"
"$node" benchmark storage \
	--chain "$base/spec.json" \
	--base-path "$base" \
	--database paritydb \
	--state-version 1 \
	--batch-size 1000 \
	--weight-path runtime/src/weights

criterion=()
if [ "${SKIP_CRITERION:-0}" != 1 ]; then
	step "criterion: the per-block arithmetic against N"
	cargo bench --locked -p taoflow-benches -- --warm-up-time 1 --measurement-time 3
	criterion=(--criterion "$CARGO_TARGET_DIR/criterion" --svg docs/performance-criterion.svg)
fi
step "tables for docs/performance.md"
python3 scripts/performance.py "${criterion[@]}"
cargo fmt --all
