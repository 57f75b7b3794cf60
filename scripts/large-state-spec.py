#!/usr/bin/env python3
"""Writes a chain spec with a realistic amount of state for the storage
benchmark: the dev chain's genesis plus ACCOUNTS endowed accounts (default
200,000), each one more `System::Account` entry, so that reads and writes
walk a trie of realistic depth.

    taoflow-node build-spec --chain dev | python3 scripts/large-state-spec.py [ACCOUNTS] > SPEC
"""
import hashlib
import json
import sys

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58(data):
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = ALPHABET[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def ss58(public, prefix=42):
    body = bytes([prefix]) + public
    checksum = hashlib.blake2b(b"SS58PRE" + body, digest_size=64).digest()[:2]
    return base58(body + checksum)


def main():
    accounts = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    spec = json.load(sys.stdin)
    balances = spec["genesis"]["runtimeGenesis"]["patch"]["balances"]["balances"]
    for i in range(accounts):
        public = hashlib.blake2b(i.to_bytes(8, "little"), digest_size=32).digest()
        balances.append([ss58(public), 10**9])
    json.dump(spec, sys.stdout)


if __name__ == "__main__":
    main()
