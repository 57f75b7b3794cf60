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
# taoflow-runtime's genesis presets use the same). The EMA floor is given as
# the largest outflow debt, in TAO, that a subnet carries: `ema_floor` is
# minus its smoothed value, `α·debt`, for the scenario's half-life.
DEFAULT = {
    "half_life_blocks": 216000,
    "cutoff": "0",
    "exponent": "1",
    "max_share": "0.25",
    "smoothing": "0.01",
    "update_interval": 1,
    "floor_debt_tao": 10000,
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


# The recycling family: the attacker's 10,000 TAO on subnet 1 against four
# honest subnets that are staked once at block 1 (5,000 to 20,000 TAO) and
# then sit still, so that the attacker's share while staked does not drift
# over the run and recycling and holding are measured on the same ground.
# The attacker starts at block 1,000, when the equal shares every subnet has
# at genesis (no flow yet) have worn off under any smoothing swept, and is out
# by block 4,000 in both strategies; the run goes on for 1,000 blocks so that
# what either strategy still earns after leaving (smoothing lets a share fade
# out) is counted too.
ATTACKER_CAPITAL = 10000 * TAO
ATTACKER_START = 1000
ATTACKER_STOP = 4000
RECYCLING_BLOCKS = 5000
HONEST_STAKES = {2: 5000 * TAO, 3: 10000 * TAO, 4: 15000 * TAO, 5: 20000 * TAO}


def honest_background():
    return [ev(1, "stake", netuid=n, amount=a) for n, a in HONEST_STAKES.items()]


def recycling(cycle, blocks=RECYCLING_BLOCKS, background=None, start=ATTACKER_START,
              stop=ATTACKER_STOP, **extra):
    """The same capital staked for the first half of every cycle of `cycle`
    blocks and unstaked for the second half, from `start` until `stop`."""
    events = honest_background() if background is None else background
    b = start
    while b + cycle <= stop:
        events.append(ev(b, "stake", netuid=1, amount=ATTACKER_CAPITAL))
        events.append(ev(b + cycle // 2, "unstake", netuid=1, amount=ATTACKER_CAPITAL))
        b += cycle
    return dict(blocks=blocks, subnets=subnets(5, 10000 * TAO), events=events, **extra)


def holding(blocks=RECYCLING_BLOCKS, background=None, start=ATTACKER_START,
            stop=ATTACKER_STOP, **extra):
    """The same capital staked at `start` and held until `stop`: the
    benchmark for recycling."""
    events = honest_background() if background is None else background
    events.append(ev(start, "stake", netuid=1, amount=ATTACKER_CAPITAL))
    events.append(ev(stop, "unstake", netuid=1, amount=ATTACKER_CAPITAL))
    return dict(blocks=blocks, subnets=subnets(5, 10000 * TAO), events=events, **extra)


# The long horizon, time-scaled: a half-life of 1,000 blocks stands for the
# chain's 216,000, and the attacker's 12,000 blocks for twelve half-lives (a
# year of 30-day half-lives). The honest subnets take a steady inflow, whose
# smoothed flow has settled at the inflow rate by block 3,000, when the
# attacker starts to cycle its capital every 100 blocks, or stakes and holds;
# both leave at block 15,000 and the run ends 1,000 blocks later.
LONG_HALF_LIFE = 1000
LONG_START = 3000
LONG_STOP = 15000
LONG_BLOCKS = 16000


def long_background():
    return steady([2, 3, 4, 5], 20, 20 * TAO, 1, LONG_BLOCKS)


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


def alpha(half_life):
    """The per-block factor of mechanism.md section 2."""
    return 1 - 2 ** (-1 / half_life)


def floor_for(debt_tao, half_life):
    """The EMA floor, in base units per block, that caps a subnet's smoothed
    flow at minus the smoothed value of a `debt_tao` outflow: the most a
    subnet can owe, whatever leaves it."""
    return str(-round(alpha(half_life) * debt_tao * TAO))


def params_for(spec, profile_name, profile):
    params = {k: v for k, v in profile.items() if k != "floor_debt_tao"}
    params.update(spec.get("params", {}))
    debt = profile.get("floor_debt_tao")
    if debt is not None:
        params["ema_floor"] = floor_for(debt, params["half_life_blocks"])
    t = spec.get("transition")
    if t is not None:
        # The compatible profile switches at once (Bittensor had no window).
        blocks = 0 if profile_name == "bittensor" else t["blocks"]
        params["transition"] = {"blocks": blocks, "legacy_shares": t["legacy_shares"]}
    return params


def scenario(name, spec, label, params):
    return {
        "name": f"{name} ({label})",
        "blocks": spec["blocks"],
        "block_emission": str(TAO),
        "subnets": spec["subnets"],
        "params": params,
        "events": sorted(spec["events"], key=lambda e: e["block"]),
    }


def write(path, content):
    with open(path, "w") as f:
        json.dump(content, f, separators=(",", ":"))
        f.write("\n")


def book():
    """Every scenario of the book, by name."""
    long = dict(params={"half_life_blocks": LONG_HALF_LIFE})
    out = {
        "hype-swing": hype_swing(),
        "herd": herd(),
        "holding": holding(),
        "recycling-fast": recycling(20),
        "pump-and-dump": recycling(100),
        "recycling-slow": recycling(400),
        "holding-long": holding(LONG_BLOCKS, long_background(), LONG_START, LONG_STOP, **long),
        "recycling-long": recycling(100, LONG_BLOCKS, long_background(), LONG_START, LONG_STOP,
                                    **long),
        "bear-drought": bear_drought(),
        "negative-lockin": negative_lockin(),
        "transition": transition(),
        "scale": scale(),
    }
    return out


def main():
    for name, spec in book().items():
        for profile_name, profile in PROFILES.items():
            content = scenario(name, spec, profile_name, params_for(spec, profile_name, profile))
            write(os.path.join(HERE, f"{name}.{profile_name}.json"), content)


if __name__ == "__main__":
    main()
