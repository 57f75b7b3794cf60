#!/usr/bin/env bash
# Runs every check and test of the workspace: formatting, clippy (deny
# lints), the pallets' unit, property and benchmark tests, the runtime's
# integration tests, and the end-to-end tests against real nodes.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh)"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
step() { echo "==> $*" >&2; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "build the workspace (node, runtime with its wasm, tests)"
cargo build --workspace --all-targets --locked

step "clippy: workspace, all targets, warnings denied"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "clippy: pallets with every feature"
cargo clippy -p pallet-taoflow -p pallet-subnets --all-targets --all-features --locked -- -D warnings

step "tests: workspace (the end-to-end tests print their block and finality figures)"
cargo test --workspace --locked -- --nocapture

step "tests: pallet benchmarks (runtime-benchmarks)"
cargo test -p pallet-taoflow -p pallet-subnets --features runtime-benchmarks --locked benchmark
