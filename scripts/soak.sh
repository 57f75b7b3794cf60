#!/usr/bin/env bash
# Soak of the live dev node: forty accounts submit stake, unstake, move and
# claim extrinsics at SOAK_RATE per second (default 8) for SOAK_BLOCKS blocks
# (default 300, 15 minutes at 3 s), on loopback; then every extrinsic is
# accounted for, issuance and stakes reconcile, and the slot time is
# checked. Prints the figures. Stops by itself.
#
#   SOAK_BLOCKS=300 SOAK_RATE=8 scripts/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh)"
cargo build --workspace --all-targets --locked
# The whole workspace, so that features unify as in the build above and
# nothing is compiled again.
cargo test --workspace --locked --test soak -- --ignored --nocapture
