#!/usr/bin/env bash
# Serves the Taoflow dashboard (dashboard/) on 127.0.0.1 for a running node,
# by default the dev chain of scripts/dev.sh:
#
#   scripts/dashboard.sh [PORT]     then open the URL it prints
#
# The page reads the node given as `?rpc=ws://HOST:PORT` (default
# ws://127.0.0.1:9944); the dev script allows pages served from localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
# The @polkadot/api browser bundles come from the client tests' packages.
eval "$(scripts/setup.sh)"
exec node dashboard/serve.mjs "${1:-8000}"
