#!/usr/bin/env python3
"""Runs the scenario book through taoflow-sim and measures each outcome.

    python3 sim/scenarios/analyse.py [--sim PATH] [--out DIR] [--only PREFIX[,PREFIX...]]
                                     [--jobs N] [--charts FOLDER] [--reuse]

For every `<name>.<profile>.json` next to this script it runs
`taoflow-sim run FILE --out DIR/<name>.<profile> --plot`, reads shares.csv
(`block,netuid,ema,debt,signal,share,emission`; columns are found by name)
and summary.json, and writes into DIR:

- `table.md`: one row per run (allocation, largest one-block rise, HHI,
  attacker yield, lock-in, switch-over jump, wall time of the run);
- `recycling.md`: the attacker's yield per unit of capital-time against
  holding the same capital, gross over the whole run and cumulative at 1, 2,
  4, 8 and 12 half-lives from its first stake, and net of fees;
- `adversarial.md`: dust stakes, the dust-vs-no-flow gap beside a capped
  subnet, lock-in after an exit, and onboarding of a new subnet;
- `dissolve.md`: the dissolve/re-register cycle: the emission it wins back
  against keeping the subnet, cumulative at 1, 2, 4, 8 and 12 half-lives
  from the exit, beside the registration burn and the fees it costs (TAO);
- `results.json`: every measurement, by `<name>.<profile>`.

`--only` runs the files whose name starts with one of the prefixes (and the
holding benchmarks of what it selects); `--reuse` measures the outputs
already in DIR instead of running them again. With --charts FOLDER it
copies each run's charts there as `<name>.<profile>.<chart>.svg`
(`--chart-kinds`, default `shares,ema`; a chart the simulator did not write
is skipped).
"""

import argparse
import concurrent.futures
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TAO = 10**9
ATTACKER = 1
# The chain's minimum stake: a stake of at most this is dust.
DUST = 10**6
# The dust windows: blocks after the dust stake.
DUST_WINDOW = 2000
# Shares are exact to 1e-9 (mechanism.md §7): a rise counts above that.
EPS = 1e-9
# Points of the cumulative yield curve, in half-lives from the first stake.
CURVE_POINTS = (1, 2, 4, 8, 12)
PROFILE_ORDER = ("bittensor", "v1", "default")

# Which holding run each attacker run is compared with (the rest follow the
# name rules of `benchmark_of`).
BENCHMARK = {
    "recycling-fast": "holding",
    "pump-and-dump": "holding",
    "recycling-slow": "holding",
    "recycling-long": "holding-long",
}
HOLDING = {"holding", "holding-long", "hold-12h"}

# pallet-subnets' registration burn with the runtime's values
# (runtime/src/configs/subnets.rs): cost = clamp(2·P·(1 − min(b − a, K)/K),
# Min, Max), P the last registration's burn paid at block a, Min before the
# first registration (genesis subnets set no price). The simulator's summary
# reports fees, not the burn, so the burn of each `register` event is
# computed here from the formula.
BURN_MIN = 3000 * TAO
BURN_MAX = 1_000_000 * TAO
BURN_DECAY = 50400
# The chain's half-life: a time-scaled run (H = CHAIN_HALF_LIFE / s) stands
# for s times as many blocks.
CHAIN_HALF_LIFE = 216000
# Points per half-life at which a cycle's gain is compared with its cost.
CYCLE_GRID = 10


def benchmark_of(name):
    """The holding benchmark of an attacker scenario, or None."""
    if name in BENCHMARK:
        return BENCHMARK[name]
    if name.startswith(("recycle-p", "pingpong-p")):
        return "hold-12h"
    if name.startswith("whale-") and not name.endswith("-hold"):
        return f"{name}-hold"
    return None


def cycle_benchmark_of(name):
    """The run that keeps the subnet, for a dissolve/re-register run, or None."""
    if not name.startswith("cycle-") or name.endswith("-keep"):
        return None
    for family in ("cycle-reset-", "cycle-quiet-", "cycle-whale-"):
        if name.startswith(family):
            return f"{family}keep"
    return "cycle-keep"


def is_holding(name):
    return name in HOLDING or (name.startswith("whale-") and name.endswith("-hold"))


def is_lockin(name):
    return name.startswith(("negative-lockin", "lockin-"))


def run(sim, scenario, out):
    start = time.time()
    subprocess.run([sim, "run", scenario, "--out", out, "--plot"], check=True,
                   stderr=subprocess.DEVNULL)
    return time.time() - start


def attacker_netuids(scenario):
    """Subnet 1 and every subnet the attacker moves stake to or from."""
    out = {ATTACKER}
    grown = True
    while grown:
        grown = False
        for e in scenario["events"]:
            if e["op"] == "move" and (e["from"] in out) != (e["to"] in out):
                out |= {e["from"], e["to"]}
                grown = True
    return out


def attacker_events(scenario, netuids):
    """The stake events that touch the attacker's subnets."""
    return [e for e in scenario["events"]
            if (e["op"] in ("stake", "unstake") and e["netuid"] in netuids)
            or (e["op"] == "move" and (e["from"] in netuids or e["to"] in netuids))]


def capital_series(scenario, netuids, blocks):
    """capital[b]: base units the events have staked on the attacker's
    subnets at the end of block b (genesis stake is not the attacker's);
    index 0 is unused."""
    delta = [0] * (blocks + 2)
    for e in attacker_events(scenario, netuids):
        a = int(e["amount"])
        if e["op"] == "stake":
            delta[e["block"]] += a
        elif e["op"] == "unstake":
            delta[e["block"]] -= a
        else:
            delta[e["block"]] += a * ((e["to"] in netuids) - (e["from"] in netuids))
    out, c = [0] * (blocks + 1), 0
    for b in range(1, blocks + 1):
        c += delta[b]
        out[b] = c
    return out


class Scan:
    """One pass over shares.csv: per-block totals, and the series of the
    subnets in `track` (attacker: summed; `each`: one by one)."""

    def __init__(self, blocks, track, each=(), keep_rows=False):
        n = blocks + 1
        self.total = [0] * n          # emission of the block
        self.share_sum = [0.0] * n    # Σ shares
        self.hhi = [0.0] * n          # Σ share²
        self.big = [0] * n            # subnets with a share ≥ 1%
        self.att_emission = [0] * n
        self.att_share = [0.0] * n
        self.att_signal = [None] * n  # signal (or ema) of subnet 1
        self.att_debt = 0             # largest debt on an attacker subnet
        self.each = {k: [0.0] * n for k in each}
        self.track = set(track)
        self.keep_rows = keep_rows
        self.rows = {}                # block -> {netuid: share} (keep_rows)

    def read(self, path):
        with open(path) as f:
            header = f.readline().strip().split(",")
            col = {k: i for i, k in enumerate(header)}
            ib, inn, ish, iem = col["block"], col["netuid"], col["share"], col["emission"]
            isg = col.get("signal", col.get("ema"))
            idb = col.get("debt")
            track, each, keep = self.track, self.each, self.keep_rows
            total, ssum, hhi, big = self.total, self.share_sum, self.hhi, self.big
            att_e, att_s, att_sig = self.att_emission, self.att_share, self.att_signal
            for line in f:
                r = line.split(",")
                b = int(r[ib])
                n = int(r[inn])
                s = float(r[ish])
                em = int(r[iem])
                total[b] += em
                ssum[b] += s
                hhi[b] += s * s
                if s >= 0.01:
                    big[b] += 1
                if n in track:
                    att_e[b] += em
                    att_s[b] += s
                    if n == ATTACKER and isg is not None:
                        att_sig[b] = float(r[isg])
                    if idb is not None:
                        d = int(r[idb])
                        if d > self.att_debt:
                            self.att_debt = d
                if n in each:
                    each[n][b] = s
                if keep:
                    self.rows.setdefault(b, {})[n] = s
        return self


def first_rise(shares, after, blocks):
    """The first block b > `after` whose share exceeds the previous block's
    by more than EPS, or None."""
    for b in range(after + 1, blocks + 1):
        if shares[b] > shares[b - 1] + EPS:
            return b
    return None


def first_stake(scenario, netuid=ATTACKER, after=0, op="stake"):
    return next((e["block"] for e in scenario["events"]
                 if e["op"] == op and e.get("netuid") == netuid and e["block"] > after), None)


def measure(name, scenario_path, out):
    with open(scenario_path) as f:
        scenario = json.load(f)
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    blocks = summary["blocks"]
    e = int(summary["block_emission"])
    params = scenario["params"]
    h = int(params.get("half_life_blocks", 216000))
    m = {
        "half_life": h,
        "unallocated_blocks": summary["blocks_with_nothing_emitted"] / blocks,
        "unallocated_emission": 1 - int(summary["total_emitted"]) / (blocks * e),
        "max_rise": max(float(s["largest_one_block_rise"]) for s in summary["subnets"]),
    }
    netuids = attacker_netuids(scenario)
    genesis = [s["netuid"] for s in scenario["subnets"]]
    flowed = {x for ev in scenario["events"] for x in (ev.get("netuid"), ev.get("from"), ev.get("to"))
              if ev["op"] in ("stake", "unstake", "move") and x is not None}
    dust_cap = name.startswith("dust-cap")
    each = genesis if dust_cap else ()
    t = params.get("transition")
    legacy = {int(k): float(v) for k, v in t["legacy_shares"].items()} if t else None
    scan = Scan(blocks, netuids, each=each, keep_rows=legacy is not None).read(
        os.path.join(out, "shares.csv"))

    counted = [b for b in range(1, blocks + 1) if scan.share_sum[b] > 0]
    m["hhi"] = sum(scan.hhi[b] for b in counted) / len(counted) if counted else 0.0
    m["subnets_1pct"] = sum(scan.big[b] for b in counted) / len(counted) if counted else 0.0
    if scan.att_debt:
        m["attacker_max_debt_tao"] = scan.att_debt / TAO

    if legacy is not None:
        jump, before = 0.0, {n: s for n, s in legacy.items()}
        for b in range(1, blocks + 1):
            cur = scan.rows.get(b, {})
            keys = set(before) | set(cur)
            if keys:
                jump = max(jump, max(abs(cur.get(n, 0.0) - before.get(n, 0.0)) for n in keys))
            before = cur
        m["switch_jump"] = jump

    bench = benchmark_of(name)
    if bench is not None or is_holding(name):
        measure_yield(m, scenario, summary, scan, netuids, blocks, h)

    if name.startswith(("dust-drought", "dust-fresh")):
        s = first_stake(scenario)
        end = min(blocks, s + DUST_WINDOW)
        window = range(s + 1, end + 1)
        total = sum(scan.total[b] for b in window)
        m["dust_window"] = [s + 1, end]
        m["dust_share"] = sum(scan.att_emission[b] for b in window) / total if total else None
        m["dust_max_share"] = max(scan.att_share[b] for b in window)
        m["dust_unallocated"] = 1 - total / (len(window) * e)

    if dust_cap:
        # Dust subnets: staked only dust; honest: larger stakes; no-flow:
        # genesis subnets without events.
        staked = {}
        for ev in scenario["events"]:
            if ev["op"] == "stake":
                staked[ev["netuid"]] = staked.get(ev["netuid"], 0) + int(ev["amount"])
        dust = sorted(n for n, a in staked.items() if a <= DUST)
        honest = sorted(n for n, a in staked.items() if a > DUST)
        still = sorted(n for n in genesis if n not in flowed)
        after = max(ev["block"] for ev in scenario["events"] if ev["op"] == "stake")
        gap = max(max(scan.each[n][b] for n in dust) - max(scan.each[n][b] for n in still)
                  for b in range(after + 1, blocks + 1))
        m["cap_gap"] = gap
        m["cap_final_dust"] = max(scan.each[n][blocks] for n in dust)
        m["cap_final_noflow"] = max(scan.each[n][blocks] for n in still)
        m["cap_final_honest"] = max(scan.each[n][blocks] for n in honest)
        m["cap_sets"] = {"dust": dust, "honest": honest, "no_flow": still}

    if is_lockin(name):
        exit_block = first_stake(scenario, op="unstake")
        inflow = first_stake(scenario, after=exit_block)
        rise = first_rise(scan.att_share, exit_block + 1, blocks)
        m["lockin_blocks"] = (rise - exit_block) if rise else None
        rise = first_rise(scan.att_share, inflow, blocks)
        m["lockin_inflow_blocks"] = (rise - inflow) if rise else None
        positive = next((b for b in range(inflow + 1, blocks + 1)
                         if scan.att_signal[b] is not None and scan.att_signal[b] > 0), None)
        m["lockin_signal_blocks"] = (positive - inflow) if positive else None
        m["lockin_exit_block"], m["lockin_inflow_block"] = exit_block, inflow

    if name.startswith("cycle-"):
        m["cycle"] = measure_cycle(scenario, summary, scan, blocks, h)

    if name.startswith("onboarding"):
        b0 = next(ev["block"] for ev in scenario["events"]
                  if ev["op"] == "register" and ev["netuid"] == ATTACKER)
        last = range(max(b0 + 1, blocks - h + 1), blocks + 1)
        eventual = sum(scan.att_share[b] for b in last) / len(last)
        m["onboarding_share"] = eventual
        reached = next((b for b in range(b0 + 1, blocks + 1)
                        if scan.att_share[b] >= eventual / 2), None) if eventual > 0 else None
        m["onboarding_half_lives"] = (reached - b0) / h if reached else None
    return m


def registration_burns(scenario, scale=1):
    """[(block, base units)]: the burn of every `register` event, with the
    gaps between them counted `scale` times (a time-scaled scenario's
    registrations priced at the chain's real gaps)."""
    out, last = [], None
    for e in scenario["events"]:
        if e["op"] != "register":
            continue
        b = e["block"]
        cost = 0
        if last is not None:
            paid, at = last
            cost = 2 * paid * max(BURN_DECAY - (b - at) * scale, 0) // BURN_DECAY
        cost = min(max(cost, BURN_MIN), max(BURN_MAX, BURN_MIN))
        out.append((b, cost))
        last = (cost, b)
    return out


def measure_cycle(scenario, summary, scan, blocks, h):
    """Subnet 1's emission from the block after the attacker's first exit,
    cumulative at CURVE_POINTS half-lives and over the rest of the run, with
    the registration burns and subnet 1's fees by then (the fees of
    `fees_paid` split evenly over subnet 1's events). A time-scaled run
    (H = CHAIN_HALF_LIFE / s, its flows s times the chain's per block) is
    brought to the chain's scale: its emission times s (the chain emits s
    times as much per half-life, in the same shares), its registrations
    priced at s times their gaps; fees are per call, as measured."""
    scale = CHAIN_HALF_LIFE / h
    start = first_stake(scenario, op="unstake")
    events = [e for e in scenario["events"] if e.get("netuid") == ATTACKER]
    fees = next((int(s["fees_paid"]) for s in summary["subnets"]
                 if s["netuid"] == ATTACKER), 0)
    burns = registration_burns(scenario, scale)

    def upto(end):
        return {
            "emission_tao": sum(scan.att_emission[start + 1:end + 1]) / TAO * scale,
            "burn_tao": sum(c for b, c in burns if b <= end) / TAO,
            "fees_tao": fees * sum(1 for e in events if e["block"] <= end) / len(events) / TAO
            if events else 0.0,
        }

    out = {"start": start, "scale": scale, "burns": [[b, c / TAO] for b, c in burns],
           "fees_total_tao": fees / TAO, "run": upto(blocks), "curve": {}, "grid": []}
    for t in CURVE_POINTS:
        end = start + int(t * h)
        if end > blocks:
            break
        out["curve"][t] = upto(end)
    # Every tenth of a half-life, for the break-even point.
    for k in range(1, CYCLE_GRID * max(CURVE_POINTS) + 1):
        end = start + round(k * h / CYCLE_GRID)
        if end > blocks:
            break
        out["grid"].append(upto(end))
    return out


def measure_yield(m, scenario, summary, scan, netuids, blocks, h):
    """The attacker's emission per capital-time, from its first stake on:
    TAO per 1,000 TAO staked for 1,000 blocks, gross and net of the fees
    its events paid, over the whole run and cumulative at CURVE_POINTS."""
    capital = capital_series(scenario, netuids, blocks)
    first = next((b for b in range(1, blocks + 1) if capital[b] > 0), None)
    if first is None:
        return
    events = attacker_events(scenario, netuids)
    fees = sum(int(s.get("fees_paid", 0)) for s in summary["subnets"] if s["netuid"] in netuids)
    per_event = fees / len(events) if events else 0.0

    def cumulative(end):
        # Emission of blocks first+1..end (flows fold one block late) over
        # capital at the end of blocks first..end−1.
        earned = sum(scan.att_emission[first + 1:end + 1])
        cap = sum(capital[first:end])
        paid = per_event * sum(1 for ev in events if ev["block"] <= end)
        if not cap:
            return None, None
        scale = TAO / cap * 1e6  # per base unit·block → per 1,000 TAO·1,000 blocks
        return earned / TAO * scale, (earned - paid) / TAO * scale

    m["capital_tao"] = max(capital) / TAO
    m["fees_tao"] = fees / TAO
    m["yield"], m["net_yield"] = cumulative(blocks)
    m["curve"], m["curve_net"] = {}, {}
    for t in CURVE_POINTS:
        end = first + int(t * h)
        if end > blocks:
            break
        m["curve"][t], m["curve_net"][t] = cumulative(end)


def ratio(a, b):
    if a is None or b is None or not b:
        return None
    return a / b


def pair_benchmarks(results):
    """Adds `vs_holding` to every attacker run whose benchmark ran under
    the same profile (results: (name, profile) -> (m, secs))."""
    for (name, profile), (m, _) in results.items():
        bench = benchmark_of(name)
        if bench is None or (bench, profile) not in results or "yield" not in m:
            continue
        h = results[(bench, profile)][0]
        if "yield" not in h:
            continue
        m["vs_holding"] = {
            "benchmark": bench,
            "gross": ratio(m["yield"], h["yield"]),
            "net": ratio(m["net_yield"], h["net_yield"]),
            "curve": {t: ratio(m["curve"][t], h["curve"].get(t)) for t in m["curve"]},
            "curve_net": {t: ratio(m["curve_net"][t], h["curve_net"].get(t))
                          for t in m["curve_net"]},
        }


def pair_cycles(results):
    """Adds `vs_keep` to every dissolve/re-register run whose benchmark ran
    under the same profile: per horizon the emission won (cycle − keep),
    the cost (burns and fees, cycle − keep) and the difference."""
    for (name, profile), (m, _) in results.items():
        bench = cycle_benchmark_of(name)
        if bench is None or (bench, profile) not in results or "cycle" not in m:
            continue
        k = results[(bench, profile)][0]["cycle"]
        c = m["cycle"]

        def diff(a, b):
            gain = a["emission_tao"] - b["emission_tao"]
            cost = a["burn_tao"] - b["burn_tao"] + a["fees_tao"] - b["fees_tao"]
            return {"gain_tao": gain, "cost_tao": cost, "net_tao": gain - cost,
                    "keep_emission_tao": b["emission_tao"]}

        grid = [diff(a, b) for a, b in zip(c["grid"], k["grid"])]
        even = next((i + 1 for i, g in enumerate(grid) if g["net_tao"] >= 0), None)
        m["vs_keep"] = {
            "benchmark": bench,
            "run": diff(c["run"], k["run"]),
            "curve": {t: diff(c["curve"][t], k["curve"][t])
                      for t in c["curve"] if t in k["curve"]},
            # Half-lives from the exit until the gain first covers the cost
            # (to a tenth), or None within the grid.
            "break_even_half_lives": even / CYCLE_GRID if even else None,
        }


def plain(m):
    """The measurements as JSON-ready values."""
    def fix(v):
        if isinstance(v, dict):
            return {str(k): fix(x) for k, x in v.items()}
        return v
    return {k: fix(v) for k, v in m.items()}


def fmt(v, spec="{:.4f}"):
    if v is None:
        return "never"
    return spec.format(v)


def cell(m, key, spec="{:.4f}"):
    return fmt(m.get(key), spec) if key in m else "–"


HEADER = ("| scenario | profile | blocks unallocated | emission unallocated | largest one-block rise "
          "| mean HHI | mean subnets ≥ 1% | attacker yield (TAO per 1,000 TAO·1,000 blocks) "
          "| lock-in blocks (from exit / from inflow) | switch-over jump | wall time |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|\n")


def row(name, profile, m, secs):
    lockin = (f"{cell(m, 'lockin_blocks', '{}')} / {cell(m, 'lockin_inflow_blocks', '{}')}"
              if "lockin_blocks" in m else "–")
    return (f"| {name} | {profile} | {fmt(m['unallocated_blocks'], '{:.1%}')} "
            f"| {fmt(m['unallocated_emission'], '{:.1%}')} | {fmt(m['max_rise'])} "
            f"| {fmt(m['hhi'])} | {fmt(m['subnets_1pct'], '{:.1f}')} "
            f"| {cell(m, 'yield', '{:.2f}')} | {lockin} "
            f"| {cell(m, 'switch_jump')} | {secs:.1f} s |")


def profile_key(profile):
    return (PROFILE_ORDER.index(profile) if profile in PROFILE_ORDER else len(PROFILE_ORDER),
            profile)


def natural(name):
    """`recycle-p500` before `recycle-p2000`: digits compare as numbers."""
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", name)]


def ordered(results):
    return sorted(results.items(), key=lambda kv: (natural(kv[0][0]), profile_key(kv[0][1])))


def r3(v):
    return "–" if v is None else f"{v:.3f}"


def recycling_table(results):
    """Attacker runs against their holding benchmark, per profile."""
    cols = " | ".join(f"after {t} H" for t in CURVE_POINTS)
    lines = [f"| scenario | profile | capital (TAO) | attacker yield | holding yield "
             f"| gross, whole run | {cols} | fees: attacker / holding (TAO) "
             f"| net of fees, whole run | net of fees, after 12 H |",
             "|---|---|---|---|---|---|" + "---|" * len(CURVE_POINTS) + "---|---|---|"]
    for (name, profile), (m, _) in ordered(results):
        v = m.get("vs_holding")
        if v is None:
            continue
        h = results[(v["benchmark"], profile)][0]
        curve = " | ".join(r3(v["curve"].get(t)) for t in CURVE_POINTS)
        lines.append(f"| {name} | {profile} | {m['capital_tao']:,.0f} | {m['yield']:.2f} "
                     f"| {h['yield']:.2f} | {r3(v['gross'])} | {curve} "
                     f"| {m['fees_tao']:.1f} / {h['fees_tao']:.1f} | {r3(v['net'])} "
                     f"| {r3(v['curve_net'].get(12))} |")
    lines += ["", "Yield: TAO of emission to the attacker's subnets per 1,000 TAO staked on "
              "them for 1,000 blocks, from its first stake; the ratios divide it by the "
              "holding benchmark's (same capital, same window); `after t H` counts both "
              "from the first stake to t half-lives later; net of fees subtracts the "
              "transaction fees the attacker's events paid by then."]
    return "\n".join(lines) + "\n"


def cycle_table(results):
    """Dissolve/re-register runs against keeping the subnet, per profile."""
    cols = " | ".join(f"gain after {t} H" for t in CURVE_POINTS)
    lines = [f"| scenario | profile | burns (TAO) | {cols} | cost after 12 H "
             f"| net after 12 H | pays after | keep's emission after 12 H |",
             "|---|---|---|" + "---|" * len(CURVE_POINTS) + "---|---|---|---|"]

    def tao(v):
        return "–" if v is None else f"{v:,.0f}"

    for (name, profile), (m, _) in ordered(results):
        v = m.get("vs_keep")
        if v is None:
            continue
        burns = " + ".join(f"{c:,.0f}" for _, c in m["cycle"]["burns"]) or "0"
        curve = " | ".join(tao(v["curve"].get(t, {}).get("gain_tao")) for t in CURVE_POINTS)
        last = v["curve"].get(12, {})
        even = v["break_even_half_lives"]
        even = "never" if even is None else f"{even:.1f} H"
        lines.append(f"| {name} | {profile} | {burns} | {curve} | {tao(last.get('cost_tao'))} "
                     f"| {tao(last.get('net_tao'))} | {even} "
                     f"| {tao(last.get('keep_emission_tao'))} |")
    lines += ["", "Gain: TAO of emission to subnet 1 from the block after the attacker's exit "
              "until t half-lives later, in the run that dissolves and re-registers minus the "
              "run that keeps the subnet (`cycle-keep`, or the `-keep` run of the same "
              "family), at the chain's scale (a time-scaled run's emission times "
              f"{CHAIN_HALF_LIFE:,}/H). Cost: the registration burns (computed from "
              "pallet-subnets' formula with the runtime's Min 1,000 TAO, Max 1,000,000 TAO, "
              "K = 50,400 blocks, at real-scale gaps; the simulator does not report them) "
              "plus subnet 1's extra transaction fees, by then. Net = gain − cost: positive "
              "means the cycle pays; `pays after`: half-lives from the exit until the gain "
              f"first covers the cost (to 1/{CYCLE_GRID} H; never: not within 12 H)."]
    return "\n".join(lines) + "\n"


def small(v):
    """A share that may be tiny (a dust subnet's): 4 decimals, or 3
    significant digits below 0.001."""
    if v is None:
        return "–"
    return f"{v:.2e}" if 0 < abs(v) < 1e-3 else f"{v:.4f}"


def adversarial_table(results):
    res = ordered(results)
    out = ["## Dust stake in a drought", "",
           "The attacker registers subnet 1 and stakes 0.001 TAO once; measured over the "
           f"{DUST_WINDOW:,} blocks after the stake.", "",
           "| scenario | profile | attacker's share of the emission (fraction) | attacker's largest share "
           "| emission unallocated in the window |", "|---|---|---|---|---|"]
    for (name, profile), (m, _) in res:
        if "dust_share" in m:
            out.append(f"| {name} | {profile} | {small(m['dust_share'])} "
                       f"| {small(m['dust_max_share'])} | {m['dust_unallocated']:.1%} |")
    out += ["", "## Dust beside a capped honest subnet", "",
            "Largest over the blocks after the stakes of (largest share of a dust subnet − "
            "largest share of a subnet without flow), and the final shares.", "",
            "| scenario | profile | largest gap | final: dust | final: no flow | final: honest |",
            "|---|---|---|---|---|---|"]
    for (name, profile), (m, _) in res:
        if "cap_gap" in m:
            out.append(f"| {name} | {profile} | {small(m['cap_gap'])} "
                       f"| {small(m['cap_final_dust'])} | {small(m['cap_final_noflow'])} "
                       f"| {m['cap_final_honest']:.4f} |")
    out += ["", "## Lock-in after an exit", "",
            "Blocks from the first block of the steady inflow until subnet 1's emitted share "
            f"first rises (by more than {EPS:g} over the block before), and until its signal "
            "is positive; `from exit` counts the first rise from the exit block.", "",
            "| scenario | profile | H | first rise (blocks) | first rise (half-lives) "
            "| signal positive (blocks) | from exit (blocks) | largest debt (TAO) |",
            "|---|---|---|---|---|---|---|---|"]
    for (name, profile), (m, _) in res:
        if "lockin_inflow_blocks" in m:
            hl = m["lockin_inflow_blocks"] / m["half_life"] if m["lockin_inflow_blocks"] else None
            out.append(f"| {name} | {profile} | {m['half_life']:,} "
                       f"| {fmt(m['lockin_inflow_blocks'], '{}')} | {fmt(hl, '{:.3f}')} "
                       f"| {fmt(m['lockin_signal_blocks'], '{}')} "
                       f"| {fmt(m['lockin_blocks'], '{}')} "
                       f"| {m.get('attacker_max_debt_tao', 0):,.0f} |")
    out += ["", "## Onboarding a new subnet", "",
            "Eventual share: mean over the last half-life; time from registration until the "
            "share first reaches half of it.", "",
            "| scenario | profile | eventual share | half-lives to half of it |", "|---|---|---|---|"]
    for (name, profile), (m, _) in res:
        if "onboarding_share" in m:
            out.append(f"| {name} | {profile} | {m['onboarding_share']:.4f} "
                       f"| {fmt(m['onboarding_half_lives'], '{:.3f}')} |")
    return "\n".join(out) + "\n"


def headline(name, m):
    """The measurement a scenario is for, in a few words (for the sweep)."""
    v = m.get("vs_holding")
    if v is not None:
        points = [t for t in CURVE_POINTS if t in v["curve"]]
        curve = (f"vs holding after {'/'.join(str(t) for t in points)} H: "
                 f"{'/'.join(r3(v['curve'][t]) for t in points)}, net after 12 H "
                 f"{r3(v['curve_net'].get(12))}; " if points else "vs holding: ")
        return f"{curve}whole run {r3(v['gross'])}, net {r3(v['net'])}"
    c = m.get("vs_keep")
    if c is not None:
        points = [t for t in CURVE_POINTS if t in c["curve"]]
        return ("cycle vs keep, gain after " + "/".join(str(t) for t in points) + " H: "
                + "/".join(f"{c['curve'][t]['gain_tao']:,.0f}" for t in points)
                + f" TAO; cost {c['run']['cost_tao']:,.0f} TAO")
    if "dust_share" in m:
        return f"dust share {small(m['dust_share'])}, largest {small(m['dust_max_share'])}"
    if "cap_gap" in m:
        return (f"gap {small(m['cap_gap'])}; final dust {small(m['cap_final_dust'])}, "
                f"no flow {small(m['cap_final_noflow'])}, honest {m['cap_final_honest']:.4f}")
    if "lockin_inflow_blocks" in m:
        def blocks(v):
            return "never" if v is None else f"{v} blocks"
        return (f"share rises {blocks(m['lockin_inflow_blocks'])} after the inflow starts "
                f"(signal > 0: {blocks(m['lockin_signal_blocks'])}; from the exit: "
                f"{blocks(m['lockin_blocks'])})")
    if "onboarding_share" in m:
        return (f"eventual share {m['onboarding_share']:.4f}, half of it after "
                f"{fmt(m['onboarding_half_lives'], '{:.3f}')} H")
    if "yield" in m:
        return f"holding yield {m['yield']:.2f}"
    if "switch_jump" in m:
        return f"switch-over jump {m['switch_jump']:.4f}"
    return f"HHI {m['hhi']:.4f}, largest rise {m['max_rise']:.4f}"


def one(sim, path, out_root, reuse=False):
    base = os.path.basename(path)[:-5]
    name, profile = base.rsplit(".", 1)
    out = os.path.join(out_root, base)
    if reuse and os.path.exists(os.path.join(out, "summary.json")):
        secs = 0.0
    else:
        secs = run(sim, path, out)
    return name, profile, measure(name, path, out), secs


def select(paths, only):
    """The files whose name starts with one of the prefixes of `only`, and
    the holding benchmarks of those."""
    if not only:
        return paths
    prefixes = tuple(p for p in only.split(",") if p)
    chosen = {p for p in paths if os.path.basename(p).startswith(prefixes)}
    for p in list(chosen):
        name, profile = os.path.basename(p)[:-5].rsplit(".", 1)
        bench = benchmark_of(name) or cycle_benchmark_of(name)
        if bench:
            path = os.path.join(os.path.dirname(p), f"{bench}.{profile}.json")
            if path in paths:
                chosen.add(path)
    return [p for p in paths if p in chosen]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", default=os.environ.get("TAOFLOW_SIM", "taoflow-sim"))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "out", "analysis"))
    ap.add_argument("--only", default=None,
                    help="run only scenarios whose file name starts with one of these "
                         "comma-separated prefixes (plus their holding benchmarks)")
    ap.add_argument("--jobs", type=int, default=1, help="runs at once")
    ap.add_argument("--charts", default=None,
                    help="copy each run's charts into this folder")
    ap.add_argument("--reuse", action="store_true",
                    help="measure the outputs already in --out instead of running them again "
                         "(their wall time shows as 0)")
    ap.add_argument("--chart-kinds", default="shares,ema",
                    help="which charts --charts copies (comma-separated, e.g. shares,ema,emission)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    paths = select(sorted(glob.glob(os.path.join(HERE, "*.json"))), args.only)
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for name, profile, m, secs in pool.map(
                lambda p: one(args.sim, p, args.out, args.reuse), paths):
            print(row(name, profile, m, secs), flush=True)
            results[(name, profile)] = (m, secs)
    pair_benchmarks(results)
    pair_cycles(results)
    rows = [row(n, p, m, s) for (n, p), (m, s) in ordered(results)]
    with open(os.path.join(args.out, "table.md"), "w") as f:
        f.write(HEADER + "\n".join(rows) + "\n")
    with open(os.path.join(args.out, "recycling.md"), "w") as f:
        f.write(recycling_table(results))
    with open(os.path.join(args.out, "adversarial.md"), "w") as f:
        f.write(adversarial_table(results))
    with open(os.path.join(args.out, "dissolve.md"), "w") as f:
        f.write(cycle_table(results))
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({f"{n}.{p}": dict(plain(m), wall_seconds=s) for (n, p), (m, s) in results.items()},
                  f, indent=1, sort_keys=True)
    print(recycling_table(results))
    print(adversarial_table(results))
    print(cycle_table(results))
    total = sum(s for _, s in results.values())
    print(f"{len(results)} runs, {total:.0f} s of simulator time", file=sys.stderr)
    if args.charts:
        os.makedirs(args.charts, exist_ok=True)
        kinds = [k for k in args.chart_kinds.split(",") if k]
        for name, profile in results:
            for chart in kinds:
                src = os.path.join(args.out, f"{name}.{profile}", f"{chart}.svg")
                if not os.path.exists(src):
                    print(f"no {chart}.svg for {name}.{profile}", file=sys.stderr)
                    continue
                shutil.copyfile(src, os.path.join(args.charts, f"{name}.{profile}.{chart}.svg"))


if __name__ == "__main__":
    sys.exit(main())
