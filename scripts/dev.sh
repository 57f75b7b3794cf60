#!/usr/bin/env bash
# Builds (on first use) and starts the single-validator dev chain:
# Aura with Alice, GRANDPA finality, a temporary database, RPC on
# ws://127.0.0.1:9944 (safe methods only, and only for pages served from
# localhost or Polkadot-JS Apps), Prometheus on 127.0.0.1:9615. Extra arguments go to the node,
# e.g. `--rpc-methods unsafe` to insert keys, or `--rpc-cors all` for a
# browser wallet served elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh)"
# The same build as the test command, so the two share every artefact.
cargo build --workspace --all-targets --locked
exec "$CARGO_TARGET_DIR/debug/taoflow-node" --dev --rpc-methods safe \
	--rpc-cors http://localhost:*,http://127.0.0.1:*,https://localhost:*,https://127.0.0.1:*,https://polkadot.js.org "$@"
