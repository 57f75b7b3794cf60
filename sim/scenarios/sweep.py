#!/usr/bin/env python3
"""Varies one parameter of the default profile (generate.DEFAULT, version 2)
at a time over the scenarios that parameter is for, runs each variant
through taoflow-sim and measures it like analyse.py: the evidence behind
each default.

    python3 sim/scenarios/sweep.py [--sim PATH] [--out DIR] [--only PARAM[,PARAM...]] [--jobs N]

Writes DIR/sweep.md (per parameter: the general table, then what each
scenario is for, e.g. recycling against holding, dust share, lock-in) and
DIR/sweep.json. A variant whose scenario file is identical to one already
queued (a parameter's default value, swept under another parameter) is run
once.
"""

import argparse
import concurrent.futures
import json
import os
import sys

import analyse
import generate

# parameter -> (values, scenarios it is judged on). Values are what the
# profile takes: the scenario file's keys, or generate.py's helper keys
# (`floor_debt_tao`, `debt_cap_tao`, `min_signal_tao` in TAO; None: no
# floor; `maturity_ratio` in half-lives). A scenario's holding benchmark is
# run with it (analyse.benchmark_of).
SWEEP = {
    # Version 2's parameters.
    "debt_cap_tao": ([0, 2000, 10000, 50000],
                     ["recycle-p500", "pingpong-p500", "whale-50k", "lockin-scaled-quiet"]),
    "maturity_ratio": ([0, 0.25, 1, 4],
                       ["recycle-p4000", "pingpong-p2000", "lockin-scaled-now", "onboarding"]),
    "min_signal_tao": ([0, 100, 1000, 10000],
                       ["dust-drought", "dust-fresh", "dust-cap", "onboarding"]),
    # Version 1's, revisited on the new scenarios.
    "floor_debt_tao": ([None, 100000, 10000, 1000],
                       ["negative-lockin", "lockin-scaled-quiet", "recycle-p500"]),
    "smoothing": (["1", "0.1", "0.01", "0.001"],
                  ["hype-swing", "transition", "recycle-p500"]),
    "max_share": (["1", "0.5", "0.25", "0.1"], ["herd", "hype-swing", "dust-cap"]),
    # Version 1's, as before.
    "exponent": (["1", "2"], ["herd", "pump-and-dump"]),
    "drought": (["none", "equal", "keep_last", "stake"], ["bear-drought", "dust-fresh"]),
    "cutoff": (["0", "-3209009"], ["bear-drought", "negative-lockin"]),
    "update_interval": ([1, 10, 100], ["pump-and-dump"]),
    "half_life_blocks": ([50400, 216000, 864000], ["hype-swing", "negative-lockin"]),
}


def variant(param, value):
    profile = dict(generate.DEFAULT)
    profile[param] = value
    if param == "drought" and value == "none":
        # mechanism.md §6: `none` only with the cap and the gate off.
        profile["max_share"] = "1"
        profile["min_signal_tao"] = 0
    return profile


def label(param, value):
    return f"{param}={'none' if value is None else value}"


def with_benchmarks(names):
    out = []
    for n in names:
        for x in (n, analyse.benchmark_of(n)):
            if x and x not in out:
                out.append(x)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", default=os.environ.get("TAOFLOW_SIM", "taoflow-sim"))
    ap.add_argument("--out", default=os.path.join(analyse.HERE, "..", "..", "out", "sweep"))
    ap.add_argument("--only", default=None, help="sweep only these parameters (comma-separated)")
    ap.add_argument("--jobs", type=int, default=1, help="runs at once")
    ap.add_argument("--dry-run", action="store_true",
                    help="write the scenario files and count the runs, run nothing")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None
    if only and only - set(SWEEP):
        ap.error(f"unknown parameter(s): {', '.join(sorted(only - set(SWEEP)))}")
    os.makedirs(args.out, exist_ok=True)
    book = generate.book()
    jobs = []      # (param, value, name, path)
    unique = {}    # file content -> path of the run that stands for it
    for param, (values, names) in SWEEP.items():
        if only and param not in only:
            continue
        for value in values:
            for name in with_benchmarks(names):
                spec = book[name]
                tag = label(param, value)
                params = generate.params_for(spec, "default", variant(param, value),
                                             swept={param})
                content = generate.scenario(name, spec, tag, params)
                key = json.dumps({k: v for k, v in content.items() if k != "name"},
                                 sort_keys=True)
                if key not in unique:
                    path = os.path.join(args.out, f"{name}.{tag}.json")
                    generate.write(path, content)
                    unique[key] = path
                jobs.append((param, value, name, unique[key]))
    runs = sorted(set(path for *_, path in jobs))
    print(f"{len(jobs)} variants, {len(runs)} runs", file=sys.stderr)
    if args.dry_run:
        return 0

    def one(path):
        out = path[:-5]
        secs = analyse.run(args.sim, path, out)
        name = os.path.basename(path).split(".", 1)[0]
        return path, analyse.measure(name, path, out), secs

    measured = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for path, m, secs in pool.map(one, runs):
            measured[path] = (m, secs)
            print(f"{os.path.basename(path)[:-5]}: {secs:.1f} s", file=sys.stderr, flush=True)

    # Per parameter: results keyed (name, value label) like analyse's
    # (name, profile), so that each run pairs with its benchmark.
    results = []
    with open(os.path.join(args.out, "sweep.md"), "w") as f:
        for param in SWEEP:
            rows = [j for j in jobs if j[0] == param]
            if not rows:
                continue
            by = {(name, label(param, value)): (dict(measured[path][0]), measured[path][1])
                  for _, value, name, path in rows}
            analyse.pair_benchmarks(by)
            f.write(f"\n### {param}\n\n" + analyse.HEADER)
            for _, value, name, _ in rows:
                m, secs = by[(name, label(param, value))]
                f.write(analyse.row(name, label(param, value), m, secs) + "\n")
                results.append((param, value, name, m, secs))
            names = SWEEP[param][1]
            f.write("\n| value | " + " | ".join(names) + " |\n|---|" + "---|" * len(names) + "\n")
            for value in SWEEP[param][0]:
                cells = [analyse.headline(n, by[(n, label(param, value))][0]) for n in names]
                f.write(f"| {label(param, value)} | " + " | ".join(cells) + " |\n")
    with open(os.path.join(args.out, "sweep.json"), "w") as f:
        json.dump([{"param": p, "value": v, "scenario": n, **analyse.plain(m), "wall_seconds": s}
                   for p, v, n, m, s in results], f, indent=1)
    print(f"{len(runs)} runs, {sum(s for _, s in measured.values()):.0f} s of simulator time",
          file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
