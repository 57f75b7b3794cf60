#!/usr/bin/env bash
# Runs every check and test of the workspace: formatting, clippy (deny
# lints), the pallets' unit, property and benchmark tests, the runtime's
# integration and migration tests (also under try-runtime), a bounded smoke
# run of both fuzz harnesses, the end-to-end tests against real nodes (with
# their Prometheus metrics), @polkadot/api, polkadot-api and the dashboard
# (headless Chromium) against a dev node, an upgrade rehearsal on forked
# state (chopsticks), feature
# propagation (zepter), the operators' alert rules, and the release build
# of the runtime with its compact compressed wasm. The long runs are
# separate: scripts/fuzz.sh (libFuzzer) and scripts/soak.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh)"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
step() { echo "==> $*" >&2; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "feature propagation and feature lists (zepter)"
zepter lint propagate-feature --features std,runtime-benchmarks,try-runtime \
	--left-side-feature-missing=ignore --left-side-outside-workspace=ignore
zepter format features

step "alert rules for operators: promtool check and unit tests (docs/ops)"
promtool check rules docs/ops/alerts.yml
promtool test rules docs/ops/alerts.test.yml

step "build the workspace (node, runtime with its wasm, tests)"
cargo build --workspace --all-targets --locked

step "clippy: workspace, all targets, warnings denied"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "clippy: pallets with every feature"
cargo clippy -p taoflow-primitives -p pallet-taoflow -p pallet-subnets -p pallet-emission --all-targets --all-features --locked -- -D warnings

step "tests: workspace (the end-to-end tests print their block and finality figures; the fuzz smoke replays fixed seeds and the kept crash inputs)"
cargo test --workspace --locked -- --nocapture

step "clients: @polkadot/api against a dev node (metadata, runtime API against the reference model, a signed stake and its events, an error by name)"
node clients/polkadot-js/test.mjs

step "clients: polkadot-api (PAPI) with typed descriptors generated from the runtime's wasm, against a dev node (Node 22)"
dev_blob="$CARGO_TARGET_DIR/debug/wbuild/taoflow-runtime/taoflow_runtime.compact.compressed.wasm"
(cd clients/papi && PATH="$PWD/node_modules/.bin:$PATH" npx papi add taoflow --wasm "$dev_blob")
clients/papi/node_modules/.bin/node clients/papi/test.mjs

step "upgrade rehearsal: chopsticks forks a dev node, the upgrade blob replaces its runtime, three blocks checked against the reference model"
clients/chopsticks/node_modules/.bin/node clients/chopsticks/test.mjs

step "dashboard in headless Chromium against a dev node (figures equal to the runtime API's within two blocks of a stake)"
node clients/polkadot-js/dashboard.test.mjs

step "tests: try-runtime (migrations' pre/post checks, every pallet's try_state after every runtime test block; native only)"
SKIP_WASM_BUILD=1 cargo test -p pallet-taoflow -p pallet-subnets --features try-runtime --locked
SKIP_WASM_BUILD=1 cargo test -p taoflow-runtime --features try-runtime --locked --test chain --test migration

step "tests: pallet benchmarks (runtime-benchmarks)"
cargo test -p pallet-taoflow -p pallet-subnets --features runtime-benchmarks --locked benchmark

step "release build of the runtime with its metadata hash: the compact compressed wasm a chain ships"
cargo build --release -p taoflow-runtime --features metadata-hash --locked
blob="$CARGO_TARGET_DIR/release/wbuild/taoflow-runtime/taoflow_runtime.compact.compressed.wasm"
test -s "$blob" || { echo "missing $blob" >&2; exit 1; }
echo "taoflow_runtime.compact.compressed.wasm: $(stat -c %s "$blob") bytes" >&2
