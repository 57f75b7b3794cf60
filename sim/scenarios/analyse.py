#!/usr/bin/env python3
"""Runs the scenario book through taoflow-sim and measures each outcome.

    python3 sim/scenarios/analyse.py [--sim PATH] [--out DIR] [--only NAME]

For every `<name>.<profile>.json` next to this script it runs
`taoflow-sim run FILE --out DIR/<name>.<profile> --plot`, reads shares.csv and
summary.json, and prints one Markdown table row per run (also written to
DIR/table.md), plus the measured wall time of each run.
"""

import argparse
import collections
import csv
import glob
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TAO = 10**9
ATTACKER = 1
CAPITAL = 10000 * TAO


def run(sim, scenario, out):
    start = time.time()
    subprocess.run([sim, "run", scenario, "--out", out, "--plot"], check=True,
                   stderr=subprocess.DEVNULL)
    return time.time() - start


def load(out):
    per_block = collections.defaultdict(dict)
    with open(os.path.join(out, "shares.csv")) as f:
        for row in csv.DictReader(f):
            per_block[int(row["block"])][int(row["netuid"])] = (float(row["share"]), int(row["emission"]))
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    return per_block, summary


def measure(name, scenario_path, per_block, summary):
    with open(scenario_path) as f:
        scenario = json.load(f)
    blocks = summary["blocks"]
    e = int(summary["block_emission"])
    total = int(summary["total_emitted"])
    m = {}
    m["unallocated_blocks"] = summary["blocks_with_nothing_emitted"] / blocks
    m["unallocated_emission"] = 1 - total / (blocks * e)
    m["max_rise"] = max(float(s["largest_one_block_rise"]) for s in summary["subnets"])
    hhi, big = [], []
    for b in sorted(per_block):
        shares = [s for s, _ in per_block[b].values()]
        if sum(shares) > 0:
            hhi.append(sum(s * s for s in shares))
            big.append(sum(1 for s in shares if s >= 0.01))
    m["hhi"] = sum(hhi) / len(hhi) if hhi else 0.0
    m["subnets_1pct"] = sum(big) / len(big) if big else 0.0

    # Attacker economics: emission to subnet 1 per TAO·block of capital staked.
    if name.startswith(("recycling", "pump-and-dump", "holding")):
        staked_blocks = 0
        stake_at = None
        for ev in scenario["events"]:
            if ev.get("netuid") != ATTACKER:
                continue
            if ev["op"] == "stake":
                stake_at = ev["block"]
            elif ev["op"] == "unstake" and stake_at is not None:
                staked_blocks += ev["block"] - stake_at
                stake_at = None
        if stake_at is not None:
            staked_blocks += blocks - stake_at
        earned_tao = sum(per_block[b].get(ATTACKER, (0, 0))[1] for b in per_block) / TAO
        # TAO of emission earned per 1,000 TAO of capital staked for 1,000 blocks.
        capital_tao_blocks = staked_blocks * CAPITAL / TAO
        m["yield"] = earned_tao / capital_tao_blocks * 1e6 if staked_blocks else 0.0

    # Negative lock-in: blocks from the exit until subnet 1 earns again.
    if name.startswith("negative-lockin"):
        exit_block = 100
        again = next((b for b in sorted(per_block) if b > exit_block + 1
                      and per_block[b].get(1, (0, 0))[1] > 0), None)
        m["lockin_blocks"] = (again - exit_block) if again else None

    # Switch-over: the largest change of any share between the legacy
    # (stake-based) shares and the first block, and between consecutive blocks.
    t = scenario["params"].get("transition")
    if t:
        legacy = {int(k): float(v) for k, v in t["legacy_shares"].items()}
        first = per_block[min(per_block)]
        jump = max(abs(first.get(n, (0, 0))[0] - legacy.get(n, 0.0)) for n in set(legacy) | set(first))
        prev = first
        for b in sorted(per_block)[1:]:
            cur = per_block[b]
            jump = max(jump, max(abs(cur.get(n, (0, 0))[0] - prev.get(n, (0, 0))[0]) for n in cur))
            prev = cur
        m["switch_jump"] = jump
    return m


def fmt(v, spec="{:.4f}"):
    if v is None:
        return "never"
    return spec.format(v)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", default=os.environ.get("TAOFLOW_SIM", "taoflow-sim"))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "out", "analysis"))
    ap.add_argument("--only", default=None)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rows = []
    for path in sorted(glob.glob(os.path.join(HERE, "*.json"))):
        base = os.path.basename(path)[:-5]
        name, profile = base.rsplit(".", 1)
        if args.only and not name.startswith(args.only):
            continue
        out = os.path.join(args.out, base)
        secs = run(args.sim, path, out)
        per_block, summary = load(out)
        m = measure(name, path, per_block, summary)
        row = (f"| {name} | {profile} | {fmt(m['unallocated_blocks'], '{:.1%}')} "
               f"| {fmt(m['unallocated_emission'], '{:.1%}')} | {fmt(m['max_rise'])} "
               f"| {fmt(m['hhi'])} | {fmt(m['subnets_1pct'], '{:.1f}')} "
               f"| {fmt(m.get('yield'), '{:.1f}') if 'yield' in m else '–'} "
               f"| {fmt(m.get('lockin_blocks'), '{}') if 'lockin_blocks' in m else '–'} "
               f"| {fmt(m.get('switch_jump')) if 'switch_jump' in m else '–'} | {secs:.0f} s |")
        print(row, flush=True)
        rows.append(row)
    header = ("| scenario | profile | blocks unallocated | emission unallocated | largest one-block rise "
              "| mean HHI | mean subnets ≥ 1% | attacker yield (TAO per 1,000 TAO·1,000 blocks) | lock-in blocks | switch-over jump | wall time |\n"
              "|---|---|---|---|---|---|---|---|---|---|---|\n")
    with open(os.path.join(args.out, "table.md"), "w") as f:
        f.write(header + "\n".join(rows) + "\n")


if __name__ == "__main__":
    sys.exit(main())
