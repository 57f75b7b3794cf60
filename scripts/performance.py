#!/usr/bin/env python3
"""Tables for docs/performance.md, from the generated weights and the
criterion results:

    python3 scripts/performance.py [--criterion DIR] [--svg FILE]

Reads pallets/taoflow/src/weights.rs (on_initialize, record_flow,
track_subnet), pallets/subnets/src/weights.rs (the stake calls) and the
database weights in runtime/src/weights/paritydb_weights.rs; prints the
markdown tables (on_initialize against n and k, Bittensor's flow step under
the same database weights, the ratio, the largest n within 1% and 10% of a
2 s block, what a flow adds to a stake call, per-block proof size) and, with
--criterion, the criterion medians, charting them into --svg.
"""
import argparse
import glob
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PS_PER_NS = 1000
BLOCK_REF_TIME = 2 * 10**12  # a 2 s block, in picoseconds


def num(s):
    return int(s.replace("_", ""))


def weights(path):
    """fn name -> {base, proof, slopes{c}, reads, rslopes{c}, writes, wslopes{c}, pslopes{c}}"""
    text = open(os.path.join(ROOT, path)).read()
    impl = text[text.index("WeightInfo for Weights<D>"):text.index("impl WeightInfo for ()")]
    out = {}
    for m in re.finditer(r"fn (\w+)\(([^)]*)\) -> Weight \{(.*?)\n\t\}", impl, re.S):
        body = m.group(3)
        w = {"slopes": {}, "rslopes": {}, "wslopes": {}, "pslopes": {}, "reads": 0, "writes": 0}
        base = re.search(r"Weight::from_parts\(([\d_]+), ([\d_]+)\)", body)
        w["base"], w["proof"] = num(base.group(1)), num(base.group(2))
        for s, c in re.findall(r"from_parts\(([\d_]+), 0\)\.saturating_mul\((\w+)\.into", body):
            w["slopes"][c] = num(s)
        for s, c in re.findall(r"from_parts\(0, ([\d_]+)\)\.saturating_mul\((\w+)\.into", body):
            w["pslopes"][c] = num(s)
        r = re.search(r"reads\(([\d_]+)_u64\)", body)
        w["reads"] = num(r.group(1)) if r else 0
        wr = re.search(r"writes\(([\d_]+)_u64\)", body)
        w["writes"] = num(wr.group(1)) if wr else 0
        for s, c in re.findall(r"reads\(\(([\d_]+)_u64\)\.saturating_mul\((\w+)", body):
            w["rslopes"][c] = num(s)
        for s, c in re.findall(r"writes\(\(([\d_]+)_u64\)\.saturating_mul\((\w+)", body):
            w["wslopes"][c] = num(s)
        out[m.group(1)] = w
    return out


def db_weights():
    text = open(os.path.join(ROOT, "runtime/src/weights/paritydb_weights.rs")).read()
    read = num(re.search(r"read: ([\d_]+) \* constants::WEIGHT_REF_TIME_PER_NANOS", text).group(1))
    write = num(re.search(r"write: ([\d_]+) \* constants::WEIGHT_REF_TIME_PER_NANOS", text).group(1))
    return read * PS_PER_NS, write * PS_PER_NS


def evaluate(w, db, **comp):
    r, wr = db
    ref = w["base"] + sum(w["slopes"].get(c, 0) * v for c, v in comp.items())
    reads = w["reads"] + sum(w["rslopes"].get(c, 0) * v for c, v in comp.items())
    writes = w["writes"] + sum(w["wslopes"].get(c, 0) * v for c, v in comp.items())
    proof = w["proof"] + sum(w["pslopes"].get(c, 0) * v for c, v in comp.items())
    return ref + reads * r + writes * wr, proof, reads, writes


def bittensor(n, db):
    """Bittensor's flow step (spec 365): 3N + 2 reads and 2N writes per
    block; its arithmetic (2N ln, 2N exp) is not counted, so this is a
    lower bound of its cost."""
    r, w = db
    return (3 * n + 2) * r + 2 * n * w


def us(ps):
    return f"{ps / 1e6:,.1f} µs"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--criterion", help="criterion's output folder (target/criterion)")
    ap.add_argument("--svg", help="chart of the criterion medians")
    a = ap.parse_args()
    tf = weights("pallets/taoflow/src/weights.rs")
    sn = weights("pallets/subnets/src/weights.rs")
    db = db_weights()
    oi = tf["on_initialize"]
    print(f"Database weights (ParityDB, measured): read {us(db[0])}, write {us(db[1])}.\n")
    print("| n (k = n) | ref time | of a 2 s block | proof size (weight) | reads | writes |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in (16, 128, 512, 1024, 4096):
        ref, proof, reads, writes = evaluate(oi, db, n=n, k=n)
        print(f"| {n:,} | {us(ref)} | {100 * ref / BLOCK_REF_TIME:.3f}% "
              f"| {proof:,} B | {reads} | {writes} |")
    print("\n| N | Taoflow `on_initialize` (k = N) | without the sink's credits | "
          "Bittensor's flow step (DB only) | ratio, whole hook | ratio, share computation |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in (16, 64, 128, 256, 1024):
        ours = evaluate(oi, db, n=n, k=n)[0]
        sink = evaluate(sn["credit"], db, n=n)[0]
        theirs = bittensor(n, db)
        print(f"| {n:,} | {us(ours)} | {us(ours - sink)} | {us(theirs)} | "
              f"{ours / theirs:.3f} | {(ours - sink) / theirs:.3f} |")
    for pct in (1, 10):
        best = max((n for n in range(1, 1_000_001)
                    if evaluate(oi, db, n=n, k=n)[0] <= BLOCK_REF_TIME * pct / 100), default=0)
        print(f"\nLargest n (k = n) within {pct}% of a 2 s block, by the weight formula: {best:,}")
    print("\n| call | ref time | reads | writes | proof size |")
    print("|---|---:|---:|---:|---:|")
    for name in ("add_stake", "remove_stake", "move_stake", "claim_rewards", "register_network"):
        if name in sn:
            ref, proof, reads, writes = evaluate(sn[name], db)
            print(f"| `{name}` | {us(ref)} | {reads} | {writes} | {proof:,} B |")
    ref, proof, reads, writes = evaluate(tf["record_flow"], db)
    print(f"| Taoflow `record_flow` (in the above) | {us(ref)} | {reads} | {writes} | {proof:,} B |")
    if a.criterion:
        rows = []
        for est in glob.glob(os.path.join(a.criterion, "*", "*", "new", "estimates.json")) + \
                glob.glob(os.path.join(a.criterion, "*", "*", "*", "new", "estimates.json")):
            rel = os.path.relpath(os.path.dirname(os.path.dirname(est)), a.criterion)
            parts = rel.split(os.sep)
            if not parts[-1].isdigit():
                continue
            median = json.load(open(est))["median"]["point_estimate"]
            rows.append(("/".join(parts[:-1]), int(parts[-1]), median))
        rows.sort()
        print("\n| benchmark | N | median | per subnet |")
        print("|---|---:|---:|---:|")
        for group, n, t in rows:
            print(f"| {group} | {n:,} | {t / 1e3:,.1f} µs | {t / n:,.0f} ns |")
        if a.svg:
            chart(rows, a.svg)


def chart(rows, path):
    """A log-log chart of the medians against N, one line per group."""
    import math
    groups = {}
    for g, n, t in rows:
        groups.setdefault(g, []).append((n, t))
    W, H, L, B = 720, 440, 70, 50
    xs = [math.log10(n) for _, n, _ in rows]
    ys = [math.log10(t) for _, _, t in rows]
    x0, x1, y0, y1 = min(xs), max(xs), math.floor(min(ys)), math.ceil(max(ys))
    X = lambda n: L + (math.log10(n) - x0) / (x1 - x0) * (W - L - 200)
    Y = lambda t: H - B - (math.log10(t) - y0) / (y1 - y0) * (H - B - 20)
    colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
               "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#000000"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
           f'<rect width="{W}" height="{H}" fill="white"/>']
    for e in range(y0, y1 + 1):
        y = Y(10 ** e)
        label = {0: "1 ns", 3: "1 µs", 6: "1 ms", 9: "1 s"}.get(e, f"1e{e} ns")
        out.append(f'<line x1="{L}" x2="{W - 200}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{L - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    for n in sorted({n for _, n, _ in rows}):
        out.append(f'<text x="{X(n):.1f}" y="{H - B + 16}" text-anchor="middle">{n:,}</text>')
    out.append(f'<text x="{(L + W - 200) / 2:.0f}" y="{H - 12}" text-anchor="middle">subnets N</text>')
    for i, (g, pts) in enumerate(sorted(groups.items())):
        c = colours[i % len(colours)]
        d = " ".join(f"{X(n):.1f},{Y(t):.1f}" for n, t in sorted(pts))
        out.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="{d}"/>')
        out.append(f'<text x="{W - 190}" y="{30 + 16 * i}" fill="{c}">{g}</text>')
    out.append("</svg>")
    open(path, "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    sys.exit(main())
