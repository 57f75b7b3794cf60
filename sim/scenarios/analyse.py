#!/usr/bin/env python3
"""Runs the scenario book through taoflow-sim and measures each outcome.

    python3 sim/scenarios/analyse.py [--sim PATH] [--out DIR] [--only NAME] [--jobs N]

For every `<name>.<profile>.json` next to this script it runs
`taoflow-sim run FILE --out DIR/<name>.<profile> --plot`, reads shares.csv and
summary.json, and prints one Markdown table row per run (also written to
DIR/table.md) with the measured wall time of each run, then the attacker's
yield from recycling relative to holding the same capital (DIR/recycling.md).
With --charts FOLDER it copies each run's shares.svg and ema.svg there as
`<name>.<profile>.shares.svg` and `<name>.<profile>.ema.svg`.
"""

import argparse
import concurrent.futures
import csv
import glob
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TAO = 10**9
ATTACKER = 1
CAPITAL = 10000 * TAO
# The block of the large exit in the negative lock-in scenario.
LOCKIN_EXIT = 100
# Which holding run each recycling run is compared with.
BENCHMARK = {
    "recycling-fast": "holding",
    "pump-and-dump": "holding",
    "recycling-slow": "holding",
    "recycling-long": "holding-long",
}


def run(sim, scenario, out):
    start = time.time()
    subprocess.run([sim, "run", scenario, "--out", out, "--plot"], check=True,
                   stderr=subprocess.DEVNULL)
    return time.time() - start


def blocks_of(out):
    """Yields `(block, {netuid: (share, emission)})` from shares.csv, in order."""
    with open(os.path.join(out, "shares.csv")) as f:
        rows = csv.reader(f)
        next(rows)
        block, cur = None, {}
        for b, netuid, _ema, share, emission in rows:
            b = int(b)
            if b != block:
                if block is not None:
                    yield block, cur
                block, cur = b, {}
            cur[int(netuid)] = (float(share), int(emission))
        if block is not None:
            yield block, cur


def attacker_staked(scenario, blocks):
    """Per block 1..blocks, whether the attacker's capital was staked on
    subnet 1 at its end (index 0 is unused)."""
    staked = [False] * (blocks + 1)
    since = None
    for ev in scenario["events"]:
        if ev.get("netuid") != ATTACKER:
            continue
        if ev["op"] == "stake":
            since = ev["block"]
        elif ev["op"] == "unstake" and since is not None:
            staked[since:ev["block"]] = [True] * (ev["block"] - since)
            since = None
    if since is not None:
        staked[since:blocks] = [True] * (blocks - since)
    return staked


def measure(name, scenario_path, out):
    with open(scenario_path) as f:
        scenario = json.load(f)
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    blocks = summary["blocks"]
    e = int(summary["block_emission"])
    m = {
        "unallocated_blocks": summary["blocks_with_nothing_emitted"] / blocks,
        "unallocated_emission": 1 - int(summary["total_emitted"]) / (blocks * e),
        "max_rise": max(float(s["largest_one_block_rise"]) for s in summary["subnets"]),
    }
    hhi = big = counted = 0
    attacker_emission = {}
    attacker_shares = []
    t = scenario["params"].get("transition")
    legacy = {int(k): float(v) for k, v in t["legacy_shares"].items()} if t else None
    jump, prev = 0.0, None
    for block, cur in blocks_of(out):
        shares = [s for s, _ in cur.values()]
        if sum(shares) > 0:
            hhi += sum(s * s for s in shares)
            big += sum(1 for s in shares if s >= 0.01)
            counted += 1
        attacker_emission[block] = cur.get(ATTACKER, (0, 0))[1]
        attacker_shares.append((block, cur.get(ATTACKER, (0.0, 0))[0]))
        if legacy is not None:
            before = prev if prev is not None else {n: (s, 0) for n, s in legacy.items()}
            keys = set(before) | set(cur)
            jump = max(jump, max(abs(cur.get(n, (0, 0))[0] - before.get(n, (0, 0))[0]) for n in keys))
        prev = cur
    m["hhi"] = hhi / counted if counted else 0.0
    m["subnets_1pct"] = big / counted if counted else 0.0

    if name in BENCHMARK or name.startswith("holding"):
        # TAO of emission earned per 1,000 TAO of capital staked for 1,000 blocks.
        m["half_life"] = int(scenario["params"].get("half_life_blocks", 216000))
        m["staked"] = attacker_staked(scenario, blocks)
        # Only what subnet 1 earns once the attacker is in counts: before
        # that it earns the same under either strategy (the equal genesis
        # shares fading out).
        first = m["staked"].index(True)
        attacker_emission = {b: e for b, e in attacker_emission.items() if b > first}
        m["attacker_emission"] = attacker_emission
        capital_tao_blocks = sum(m["staked"]) * CAPITAL / TAO
        earned = sum(attacker_emission.values()) / TAO
        fees = sum(int(s.get("fees_paid", 0)) for s in summary["subnets"]
                   if s["netuid"] == ATTACKER) / TAO
        m["fees_tao"] = fees
        m["yield"] = earned / capital_tao_blocks * 1e6 if capital_tao_blocks else 0.0
        m["net_yield"] = (earned - fees) / capital_tao_blocks * 1e6 if capital_tao_blocks else 0.0

    if name.startswith("negative-lockin"):
        # Blocks from the exit until subnet 1's share rises again.
        again = next((b for (b, s), (_, p) in zip(attacker_shares[1:], attacker_shares)
                      if b > LOCKIN_EXIT + 1 and s > p), None)
        m["lockin_blocks"] = (again - LOCKIN_EXIT) if again else None

    if legacy is not None:
        m["switch_jump"] = jump
    return m


def plain(m):
    """The measurements without the per-block series."""
    return {k: v for k, v in m.items() if k not in ("staked", "attacker_emission")}


def fmt(v, spec="{:.4f}"):
    if v is None:
        return "never"
    return spec.format(v)


HEADER = ("| scenario | profile | blocks unallocated | emission unallocated | largest one-block rise "
          "| mean HHI | mean subnets ≥ 1% | attacker yield (TAO per 1,000 TAO·1,000 blocks) "
          "| lock-in blocks | switch-over jump | wall time |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|\n")


def row(name, profile, m, secs):
    return (f"| {name} | {profile} | {fmt(m['unallocated_blocks'], '{:.1%}')} "
            f"| {fmt(m['unallocated_emission'], '{:.1%}')} | {fmt(m['max_rise'])} "
            f"| {fmt(m['hhi'])} | {fmt(m['subnets_1pct'], '{:.1f}')} "
            f"| {fmt(m.get('yield'), '{:.2f}') if 'yield' in m else '–'} "
            f"| {fmt(m.get('lockin_blocks'), '{}') if 'lockin_blocks' in m else '–'} "
            f"| {fmt(m.get('switch_jump')) if 'switch_jump' in m else '–'} | {secs:.1f} s |")


def ratio_curve(recycling, holding, half_life, points=(0.25, 0.5, 1, 2, 4, 8, 12)):
    """Recycling's emission per capital-time over holding's, each counted
    from the attacker's first stake up to `t` half-lives later."""
    start = holding["staked"].index(True)

    def cumulative(m, end):
        earned = sum(e for b, e in m["attacker_emission"].items() if b <= end)
        capital = sum(m["staked"][:end])
        return earned / capital if capital else 0.0

    out = []
    for t in points:
        end = start + int(t * half_life)
        if end >= len(holding["staked"]):
            break
        h = cumulative(holding, end)
        out.append((t, cumulative(recycling, end) / h if h else float("nan")))
    return out


def recycling_table(results):
    """Recycling's yield over holding's, per profile."""
    lines = ["| scenario | profile | recycling yield | holding yield | recycling / holding "
             "| fees: recycling / holding (TAO) | net of fees: recycling / holding |",
             "|---|---|---|---|---|---|---|"]
    for (name, profile), (m, _) in sorted(results.items()):
        bench = results.get((BENCHMARK.get(name), profile))
        if bench is None:
            continue
        h = bench[0]
        lines.append(f"| {name} | {profile} | {m['yield']:.2f} | {h['yield']:.2f} "
                     f"| {m['yield'] / h['yield']:.3f} "
                     f"| {m['fees_tao']:.1f} / {h['fees_tao']:.1f} "
                     f"| {m['net_yield'] / h['net_yield']:.3f} |")
    curves = [(profile, m) for (name, profile), (m, _) in sorted(results.items())
              if name == "recycling-long" and ("holding-long", profile) in results]
    if curves:
        points = ratio_curve(curves[0][1], results[("holding-long", curves[0][0])][0],
                             curves[0][1]["half_life"])
        lines += ["", "| profile | " + " | ".join(f"after {t:g} H" for t, _ in points) + " |",
                  "|---|" + "---|" * len(points)]
        for profile, m in curves:
            curve = ratio_curve(m, results[("holding-long", profile)][0], m["half_life"])
            lines.append(f"| {profile} | " + " | ".join(f"{r:.3f}" for _, r in curve) + " |")
    return "\n".join(lines) + "\n"


def one(sim, path, out_root):
    base = os.path.basename(path)[:-5]
    name, profile = base.rsplit(".", 1)
    out = os.path.join(out_root, base)
    secs = run(sim, path, out)
    return name, profile, measure(name, path, out), secs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", default=os.environ.get("TAOFLOW_SIM", "taoflow-sim"))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "out", "analysis"))
    ap.add_argument("--only", default=None, help="run only scenarios whose name starts so")
    ap.add_argument("--jobs", type=int, default=1, help="runs at once")
    ap.add_argument("--charts", default=None,
                    help="copy each run's share and smoothed-flow charts into this folder")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    paths = [p for p in sorted(glob.glob(os.path.join(HERE, "*.json")))
             if not args.only or os.path.basename(p).startswith(args.only)]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for name, profile, m, secs in pool.map(lambda p: one(args.sim, p, args.out), paths):
            print(row(name, profile, m, secs), flush=True)
            results[(name, profile)] = (m, secs)
    rows = [row(n, p, m, s) for (n, p), (m, s) in sorted(results.items())]
    with open(os.path.join(args.out, "table.md"), "w") as f:
        f.write(HEADER + "\n".join(rows) + "\n")
    with open(os.path.join(args.out, "recycling.md"), "w") as f:
        f.write(recycling_table(results))
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({f"{n}.{p}": dict(plain(m), wall_seconds=s) for (n, p), (m, s) in results.items()},
                  f, indent=1, sort_keys=True)
    print(recycling_table(results))
    if args.charts:
        os.makedirs(args.charts, exist_ok=True)
        for name, profile in results:
            for chart in ("shares", "ema"):
                shutil.copyfile(os.path.join(args.out, f"{name}.{profile}", f"{chart}.svg"),
                                os.path.join(args.charts, f"{name}.{profile}.{chart}.svg"))


if __name__ == "__main__":
    sys.exit(main())
