#!/usr/bin/env bash
# Prepares a machine to build Taoflow: system packages and a Rust toolchain
# that can compile the runtime to wasm. Idempotent; safe to run every time.
#
# The wasm target comes from rustup when it can add `wasm32v1-none`. Where it
# cannot (offline mirrors without target components), Debian's `rustc-web`
# toolchain and its standard-library source are linked as the rustup
# toolchain `debian-web`, and a `wasm32v1-none` sysroot (core, alloc,
# compiler_builtins) is built once from that source.
#
# Prints `export ...` lines for the environment the build needs; callers
# `eval "$(scripts/setup.sh)"`. Progress goes to stderr.
set -euo pipefail

log() { echo "setup: $*" >&2; }
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi

apt_install() {
	local missing=()
	for p in "$@"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	$SUDO apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >&2
}

# protobuf-compiler: litep2p's build; libssl-dev + pkg-config: link the
# system OpenSSL instead of compiling a vendored copy; clang: C parts of
# some -sys crates.
apt_install protobuf-compiler libssl-dev pkg-config clang make
# promtool (Debian's prometheus): the metrics scrape of the end-to-end tests
# and the operators' alert rules (docs/ops) are checked with it.
apt_install prometheus

command -v cargo >/dev/null || { log "cargo is required (https://rustup.rs)"; exit 1; }

WASM_TARGET=wasm32v1-none
if rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET" ||
	rustup target add "$WASM_TARGET" >&2 2>/dev/null; then
	log "wasm target from rustup: $(rustc --version)"
	echo "unset WASM_BUILD_TOOLCHAIN"
else
	log "rustup cannot add $WASM_TARGET; using Debian's rustc-web toolchain"
	if ! /usr/bin/rustc --version 2>/dev/null | grep -q '^rustc 1\.\(8[5-9]\|9[0-9]\)'; then
		apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld
	fi
	rustup toolchain list | grep -q '^debian-web' || rustup toolchain link debian-web /usr >&2
	sysroot=/usr/lib/rustlib/$WASM_TARGET/lib
	stamp=$sysroot/.built-by-$(/usr/bin/rustc -vV | sed -n 's/^commit-hash: //p')
	if [ ! -f "$stamp" ]; then
		log "building the $WASM_TARGET sysroot"
		tmp=$(mktemp -d)
		mkdir -p "$tmp/src"
		printf '[package]\nname = "sysroot"\nversion = "0.0.0"\nedition = "2021"\n[profile.release]\npanic = "abort"\n' \
			>"$tmp/Cargo.toml"
		echo '#![no_std]' >"$tmp/src/lib.rs"
		(cd "$tmp" && RUSTC_BOOTSTRAP=1 RUSTFLAGS="-C embed-bitcode=yes" \
			rustup run debian-web cargo build -q --release --target "$WASM_TARGET" \
			-Z build-std=core,alloc >&2)
		$SUDO rm -rf "$sysroot"
		$SUDO mkdir -p "$sysroot"
		$SUDO cp "$tmp"/target/$WASM_TARGET/release/deps/lib{core,alloc,compiler_builtins}-*.rlib "$sysroot/"
		$SUDO touch "$stamp"
		rm -rf "$tmp"
	fi
	echo "export WASM_BUILD_TOOLCHAIN=debian-web"
fi

# Build outside the clone so repeated runs on one machine reuse artefacts;
# nothing depends on that cache being present.
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$HOME/.cache/taoflow/target}
echo "export CARGO_TARGET_DIR=$target"
echo "export WASM_BUILD_WORKSPACE_HINT=$root"
echo "export OPENSSL_NO_VENDOR=1"
# The wasm blob is always built with the release profile; naming it here also
# makes a debug build of the workspace compact and compress it, so the node,
# the tests and the upgrade test use the same compact compressed blob that a
# release build ships.
echo "export WASM_BUILD_TYPE=release"

# zepter: the test command checks feature propagation (`std`,
# `runtime-benchmarks`, `try-runtime`) and the feature lists' format with it.
if ! zepter --version 2>/dev/null | grep -qx 'zepter 1.88.2'; then
	log "installing zepter 1.88.2"
	cargo install --locked --quiet zepter@1.88.2 >&2
fi

# Chromium for the dashboard's browser test (driven by puppeteer-core).
apt_install chromium

# Node.js and npm for the client tests (clients/*), whose packages are
# pinned by their lockfiles; installed again only when a lockfile changes.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	apt_install nodejs npm
fi
for dir in "$root"/clients/*/; do
	[ -f "$dir/package-lock.json" ] || continue
	stamp="$dir/node_modules/.installed-lock.json"
	if ! cmp -s "$dir/package-lock.json" "$stamp"; then
		log "npm ci in ${dir#"$root"/}"
		(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
		cp "$dir/package-lock.json" "$stamp"
	fi
done
