#!/usr/bin/env bash
# Builds (on first use) and starts the single-validator dev chain:
# Aura with Alice, GRANDPA finality, a temporary database, RPC on
# ws://127.0.0.1:9944, Prometheus on 127.0.0.1:9615. Extra arguments go to
# the node.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh)"
# The same build as the test command, so the two share every artefact.
cargo build --workspace --all-targets --locked
exec "$CARGO_TARGET_DIR/debug/taoflow-node" --dev --rpc-cors all "$@"
