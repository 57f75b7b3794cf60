#!/usr/bin/env python3
"""Varies one parameter of the default profile at a time over the scenarios
that parameter is for, runs each variant through taoflow-sim and measures it
like analyse.py: the evidence behind each default.

    python3 sim/scenarios/sweep.py [--sim PATH] [--out DIR] [--only PARAM] [--jobs N]

Writes DIR/sweep.md (one table per parameter) and DIR/sweep.json.
"""

import argparse
import concurrent.futures
import json
import os
import sys

import analyse
import generate

# parameter -> (values, scenarios it is judged on). Values are what the
# scenario file takes; `floor_debt_tao` is the EMA floor as the largest
# outflow debt in TAO (None: no floor).
SWEEP = {
    "max_share": (["1", "0.5", "0.25", "0.15", "0.1"], ["herd", "hype-swing"]),
    "smoothing": (["1", "0.1", "0.01", "0.001"],
                  ["hype-swing", "pump-and-dump", "recycling-fast", "holding", "transition"]),
    "exponent": (["1", "1.5", "2"], ["herd", "pump-and-dump", "holding"]),
    "floor_debt_tao": ([None, 100000, 10000, 1000],
                       ["negative-lockin", "recycling-long", "holding-long"]),
    "drought": (["none", "equal", "keep_last", "stake"], ["bear-drought"]),
    "cutoff": (["0", "-32090", "-3209009"], ["bear-drought", "negative-lockin", "herd"]),
    "update_interval": ([1, 10, 100], ["pump-and-dump", "holding", "hype-swing"]),
    "half_life_blocks": ([50400, 216000, 864000], ["hype-swing", "negative-lockin"]),
}


def variant(param, value):
    profile = dict(generate.DEFAULT)
    profile[param] = value
    return profile


def label(param, value):
    return f"{param}={'none' if value is None else value}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", default=os.environ.get("TAOFLOW_SIM", "taoflow-sim"))
    ap.add_argument("--out", default=os.path.join(analyse.HERE, "..", "..", "out", "sweep"))
    ap.add_argument("--only", default=None, help="sweep only this parameter")
    ap.add_argument("--jobs", type=int, default=1, help="runs at once")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    book = generate.book()
    jobs = []
    for param, (values, names) in SWEEP.items():
        if args.only and param != args.only:
            continue
        for value in values:
            for name in names:
                spec = book[name]
                tag = label(param, value)
                path = os.path.join(args.out, f"{name}.{tag}.json")
                params = generate.params_for(spec, "default", variant(param, value))
                generate.write(path, generate.scenario(name, spec, tag, params))
                jobs.append((param, value, name, path))

    def one(job):
        param, value, name, path = job
        out = path[:-5]
        secs = analyse.run(args.sim, path, out)
        return param, value, name, analyse.measure(name, path, out), secs

    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for param, value, name, m, secs in pool.map(one, jobs):
            print(analyse.row(name, label(param, value), m, secs), flush=True)
            results.append((param, value, name, m, secs))

    with open(os.path.join(args.out, "sweep.md"), "w") as f:
        for param in SWEEP:
            rows = [r for r in results if r[0] == param]
            if not rows:
                continue
            f.write(f"\n### {param}\n\n" + analyse.HEADER)
            for _, value, name, m, secs in rows:
                f.write(analyse.row(name, label(param, value), m, secs) + "\n")
            # Recycling against holding the same capital, per value.
            by = {(v, n): m for _, v, n, m, _ in rows}
            pairs = [(v, n, by[(v, analyse.BENCHMARK[n])]) for _, v, n, m, _ in rows
                     if n in analyse.BENCHMARK and (v, analyse.BENCHMARK[n]) in by]
            if pairs:
                f.write("\n| value | scenario | recycling / holding | net of fees |\n"
                        "|---|---|---|---|\n")
                for v, n, h in pairs:
                    r = by[(v, n)]
                    f.write(f"| {label(param, v)} | {n} | {r['yield'] / h['yield']:.3f} "
                            f"| {r['net_yield'] / h['net_yield']:.3f} |\n")
    with open(os.path.join(args.out, "sweep.json"), "w") as f:
        json.dump([{"param": p, "value": v, "scenario": n, **analyse.plain(m), "wall_seconds": s}
                   for p, v, n, m, s in results], f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
