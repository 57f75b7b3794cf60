#!/usr/bin/env bash
# Rehearses a runtime upgrade before `sudo(set_code)`: chopsticks forks the
# node at ENDPOINT at its best block, replaces its runtime with WASM (a
# compact compressed runtime blob), builds BLOCKS blocks on it (default 3),
# and checks that the migrations ran, that Taoflow still tracks every
# subnet, and that every block's flows and shares follow the reference
# model (clients/chopsticks/rehearse.mjs). Nothing is sent to the chain.
#
#   scripts/rehearse-upgrade.sh ws://127.0.0.1:9944 path/to/new.compact.compressed.wasm [BLOCKS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
endpoint=$1
wasm=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
eval "$(scripts/setup.sh)"
# The model's binary, which judges every block.
cargo build --locked -p taoflow-reference >&2
exec clients/chopsticks/node_modules/.bin/node clients/chopsticks/rehearse.mjs \
	--endpoint "$endpoint" --wasm "$wasm" --blocks "${3:-3}"
