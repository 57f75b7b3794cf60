#!/usr/bin/env python3
"""Writes the scenario book: every scenario under two profiles.

    python3 sim/scenarios/generate.py

Each scenario is written as `<name>.bittensor.json` (the Bittensor-compatible
profile) and `<name>.default.json` (the runtime's default parameters). The
files are deterministic: the random flows of `scale` come from a fixed seed.
"""

import json
import os
import random

TAO = 10**9
HERE = os.path.dirname(os.path.abspath(__file__))

# Bittensor's flow model (subtensor specs 334-410).
BITTENSOR = {
    "half_life_blocks": 216000,
    "cutoff": "0",
    "exponent": "1",
    "max_share": "1",
    "smoothing": "1",
    "update_interval": 1,
    "ema_floor": None,
    "drought": "none",
}

# The runtime's defaults (docs/mechanism-analysis.md argues for each value;
# keep in sync with taoflow-runtime's genesis presets).
DEFAULT = {
    "half_life_blocks": 216000,
    "cutoff": "0",
    "exponent": "1",
    "max_share": "0.25",
    "smoothing": "0.01",
    "update_interval": 1,
    "ema_floor": None,
    "drought": "keep_last",
}

PROFILES = {"bittensor": BITTENSOR, "default": DEFAULT}


def ev(block, op, **kw):
    e = {"block": block, "op": op}
    e.update({k: (str(v) if k == "amount" else v) for k, v in kw.items()})
    return e


def subnets(n, stake):
    return [{"netuid": i, "initial_stake": str(stake)} for i in range(1, n + 1)]


def steady(netuids, every, amount, start, end, offset=0):
    """A trickle of inflow into each subnet."""
    out = []
    for k, n in enumerate(netuids):
        for b in range(start + (k + offset) % every, end, every):
            out.append(ev(b, "stake", netuid=n, amount=amount))
    return out


def hype_swing():
    events = steady([2, 3, 4, 5], 40, 200 * TAO, 1, 3000)
    # The burst: 50,000 TAO in ten blocks.
    events += [ev(100 + i, "stake", netuid=1, amount=5000 * TAO) for i in range(10)]
    # Then it leaks away: 2,500 TAO every 50 blocks.
    events += [ev(600 + 50 * i, "unstake", netuid=1, amount=2500 * TAO) for i in range(20)]
    return dict(blocks=3000, subnets=subnets(5, 10000 * TAO), events=events)


def herd():
    netuids = list(range(1, 21))
    events = steady(netuids, 60, 100 * TAO, 1, 3000)
    # Four waves of 30 stakers piling into the trending subnet 3.
    for wave in range(4):
        start = 200 + 700 * wave
        events += [ev(start + i, "stake", netuid=3, amount=1000 * TAO) for i in range(30)]
    return dict(blocks=3000, subnets=subnets(20, 10000 * TAO), events=events)


def recycling(cycle, name):
    """The same 10,000 TAO staked and unstaked in cycles of `cycle` blocks
    (half in, half out) on subnet 1; four honest subnets with steady inflow."""
    events = steady([2, 3, 4, 5], 20, 100 * TAO, 1, 4000)
    capital = 10000 * TAO
    b = 10
    while b + cycle <= 4000:
        events.append(ev(b, "stake", netuid=1, amount=capital))
        events.append(ev(b + cycle // 2, "unstake", netuid=1, amount=capital))
        b += cycle
    return name, dict(blocks=4000, subnets=subnets(5, 10000 * TAO), events=events)


def holding():
    """The attacker's capital staked once and held: the benchmark for recycling."""
    events = steady([2, 3, 4, 5], 20, 100 * TAO, 1, 4000)
    events.append(ev(10, "stake", netuid=1, amount=10000 * TAO))
    return dict(blocks=4000, subnets=subnets(5, 10000 * TAO), events=events)


def bear_drought():
    netuids = list(range(1, 11))
    events = steady(netuids, 50, 500 * TAO, 1, 200)
    # A long bear market: every subnet bleeds from block 200 to 2200.
    for k, n in enumerate(netuids):
        for b in range(200 + k, 2200, 25):
            events.append(ev(b, "unstake", netuid=n, amount=40 * TAO))
    return dict(blocks=3000, subnets=subnets(10, 10000 * TAO), events=events)


def negative_lockin():
    events = steady([2, 3, 4, 5], 20, 100 * TAO, 1, 4000)
    # A large exit from subnet 1, then a steady attempt to recover.
    events.append(ev(100, "unstake", netuid=1, amount=80000 * TAO))
    events += [ev(b, "stake", netuid=1, amount=200 * TAO) for b in range(200, 4000, 20)]
    return dict(blocks=4000, subnets=[{"netuid": 1, "initial_stake": str(100000 * TAO)}]
                + subnets(5, 10000 * TAO)[1:], events=events)


def transition():
    events = steady([4], 10, 300 * TAO, 1, 3000) + steady([1, 2, 3], 30, 100 * TAO, 1, 3000)
    legacy = {"1": "0.4", "2": "0.3", "3": "0.2", "4": "0.1"}
    return dict(blocks=3000, subnets=subnets(4, 10000 * TAO), events=events,
                transition={"blocks": 2000, "legacy_shares": legacy})


def scale():
    rng = random.Random(20261125)
    n = 1024
    events = []
    staked = {i: 1000 * TAO for i in range(1, n + 1)}
    for b in range(1, 10001):
        for _ in range(3):
            netuid = rng.randint(1, n)
            amount = rng.randint(1, 500) * TAO
            if rng.random() < 0.55 or staked[netuid] - amount < 1000 * TAO:
                events.append(ev(b, "stake", netuid=netuid, amount=amount))
                staked[netuid] += amount
            else:
                events.append(ev(b, "unstake", netuid=netuid, amount=amount))
                staked[netuid] -= amount
    return dict(blocks=10000, subnets=subnets(n, 1000 * TAO), events=events)


def write(name, spec, profile_name, profile):
    params = dict(profile)
    t = spec.get("transition")
    if t is not None:
        # The compatible profile switches at once (Bittensor had no window).
        blocks = 0 if profile_name == "bittensor" else t["blocks"]
        params["transition"] = {"blocks": blocks, "legacy_shares": t["legacy_shares"]}
    scenario = {
        "name": f"{name} ({profile_name})",
        "blocks": spec["blocks"],
        "block_emission": str(TAO),
        "subnets": spec["subnets"],
        "params": params,
        "events": sorted(spec["events"], key=lambda e: e["block"]),
    }
    path = os.path.join(HERE, f"{name}.{profile_name}.json")
    with open(path, "w") as f:
        json.dump(scenario, f, separators=(",", ":"))
        f.write("\n")


def main():
    book = {
        "hype-swing": hype_swing(),
        "herd": herd(),
        "holding": holding(),
        "bear-drought": bear_drought(),
        "negative-lockin": negative_lockin(),
        "transition": transition(),
        "scale": scale(),
    }
    for cycle, label in [(20, "recycling-fast"), (100, "pump-and-dump"), (400, "recycling-slow")]:
        name, spec = recycling(cycle, label)
        book[name] = spec
    for name, spec in book.items():
        for profile_name, profile in PROFILES.items():
            write(name, spec, profile_name, profile)


if __name__ == "__main__":
    main()
