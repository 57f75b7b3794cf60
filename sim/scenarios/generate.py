#!/usr/bin/env python3
"""Writes the scenario book: every scenario under three profiles.

    python3 sim/scenarios/generate.py

Each scenario is written as `<name>.<profile>.json` for every profile of
PROFILES:

- `bittensor`: the Bittensor-compatible profile of mechanism.md §6;
- `v1`: the version-1 defaults (cap, smoothing, EMA floor, keep_last), with
  the version-2 keys off;
- `default`: the version-2 defaults (debt ledger, maturity layer, signal
  gate on top of v1's).

The files are deterministic: the random flows of `scale` come from a fixed
seed. A `<name>.<profile>.json` here that the book no longer writes is
removed, so the folder holds exactly the book.
"""

import json
import math
import os
import random
import re
from decimal import Decimal

TAO = 10**9
HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# The profiles. Every value that a profile sets lives here.
#
# Besides the scenario file's own keys (simulator.md), a profile may give
# four helper keys that `params_for` converts for the scenario's half-life H
# (α = 1 − 2^(−1/H)):
#
#   floor_debt_tao  X → ema_floor  = −α·X·TAO (base units per block; None: no floor)
#   debt_cap_tao    X → debt_cap   = X·TAO    (base units; 0: no debt ledger)
#   maturity_ratio  r → maturity_half_life = round(r·H) blocks (0: no maturity layer)
#   min_signal_tao  X → min_signal = α·X·TAO  (base units per block; 0: no gate)
#
# so that a time-scaled scenario (H = 1,000 standing for 216,000) keeps the
# same floor, cap, maturity and gate relative to its flows.
# ---------------------------------------------------------------------------

# Bittensor's flow model (subtensor specs 334-410): mechanism.md §6.
BITTENSOR = {
    "half_life_blocks": 216000,
    "cutoff": "0",
    "exponent": "1",
    "max_share": "1",
    "smoothing": "1",
    "update_interval": 1,
    "ema_floor": None,
    "drought": "none",
    "debt_cap": "0",
    "maturity_half_life": 0,
    "min_signal": "0",
}

# The version-1 defaults (docs/mechanism-analysis.md argues for each value):
# the runtime's defaults before version 2, with the new keys off.
V1 = {
    "half_life_blocks": 216000,
    "cutoff": "0",
    "exponent": "1",
    "max_share": "0.25",
    "smoothing": "0.01",
    "update_interval": 1,
    "floor_debt_tao": 10000,
    "drought": "keep_last",
    "debt_cap_tao": 0,
    "maturity_ratio": 0,
    "min_signal_tao": 0,
}

# The version-2 defaults: version 1's with the debt ledger (10,000 TAO), the
# maturity layer (H_m = H) and the gate (alpha times 1,000 TAO) on.
DEFAULT = dict(V1, debt_cap_tao=10000, maturity_ratio=1, min_signal_tao=1000)

PROFILES = {"bittensor": BITTENSOR, "v1": V1, "default": DEFAULT}

HELPER_KEYS = ("floor_debt_tao", "debt_cap_tao", "maturity_ratio", "min_signal_tao")


def ev(block, op, **kw):
    e = {"block": block, "op": op}
    e.update({k: (str(v) if k == "amount" else v) for k, v in kw.items()})
    return e


def move(block, src, dst, amount):
    return ev(block, "move", **{"from": src, "to": dst}, amount=amount)


def subnets(n, stake, first=1):
    return [{"netuid": i, "initial_stake": str(stake)} for i in range(first, n + 1)]


def steady(netuids, every, amount, start, end, offset=0):
    """A trickle of inflow into each subnet (blocks start .. end − 1)."""
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
              stop=ATTACKER_STOP, capital=ATTACKER_CAPITAL, genesis=None, **extra):
    """The same capital staked for the first half of every cycle of `cycle`
    blocks and unstaked for the second half, from `start` until `stop`."""
    events = honest_background() if background is None else background
    b = start
    while b + cycle <= stop:
        events.append(ev(b, "stake", netuid=1, amount=capital))
        events.append(ev(b + cycle // 2, "unstake", netuid=1, amount=capital))
        b += cycle
    genesis = subnets(5, 10000 * TAO) if genesis is None else genesis
    return dict(blocks=blocks, subnets=genesis, events=events, **extra)


def holding(blocks=RECYCLING_BLOCKS, background=None, start=ATTACKER_START,
            stop=ATTACKER_STOP, capital=ATTACKER_CAPITAL, genesis=None, **extra):
    """The same capital staked at `start` and held until `stop`: the
    benchmark for recycling."""
    events = honest_background() if background is None else background
    events.append(ev(start, "stake", netuid=1, amount=capital))
    events.append(ev(stop, "unstake", netuid=1, amount=capital))
    genesis = subnets(5, 10000 * TAO) if genesis is None else genesis
    return dict(blocks=blocks, subnets=genesis, events=events, **extra)


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
LONG = dict(params={"half_life_blocks": LONG_HALF_LIFE})


def long_background(end=LONG_BLOCKS, netuids=(2, 3, 4, 5)):
    """1 TAO per block into each background subnet: 20 TAO every 20 blocks."""
    return steady(list(netuids), 20, 20 * TAO, 1, end)


def bear_drought():
    netuids = list(range(1, 11))
    events = steady(netuids, 50, 500 * TAO, 1, 200)
    # A long bear market: every subnet bleeds from block 200 to 2200.
    for k, n in enumerate(netuids):
        for b in range(200 + k, 2200, 25):
            events.append(ev(b, "unstake", netuid=n, amount=40 * TAO))
    return dict(blocks=3000, subnets=subnets(10, 10000 * TAO), events=events)


NEGATIVE_LOCKIN_BLOCKS = 8000


def negative_lockin():
    """An exit of 80,000 TAO (eight times the debt cap) from subnet 1 at
    block 100, then a steady 10 TAO per block (200 every 20) from block 200
    to the end; 8,000 blocks, long enough to see the default profile earn
    again after an exit far above D."""
    end = NEGATIVE_LOCKIN_BLOCKS
    events = steady([2, 3, 4, 5], 20, 100 * TAO, 1, end)
    events.append(ev(100, "unstake", netuid=1, amount=80000 * TAO))
    events += [ev(b, "stake", netuid=1, amount=200 * TAO) for b in range(200, end, 20)]
    return dict(blocks=end, subnets=[{"netuid": 1, "initial_stake": str(100000 * TAO)}]
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


# ---------------------------------------------------------------------------
# Version 2's adversarial cases. The attacker's subnet is netuid 1 in all of
# them; block emission is 1 TAO.
# ---------------------------------------------------------------------------

# Dust: the chain's minimum stake (0.001 TAO), staked once at DUST_BLOCK into
# a subnet registered in the same block; the runs go on for DUST_WINDOW
# blocks after it.
DUST = 10**6
DUST_BLOCK = 1000
DUST_WINDOW = 2000
DUST_BLOCKS = DUST_BLOCK + DUST_WINDOW


def dust_attack():
    return [ev(DUST_BLOCK, "register", netuid=1), ev(DUST_BLOCK, "stake", netuid=1, amount=DUST)]


def dust_drought():
    """A bear market on subnets 2..6 (each loses 10 TAO every 10 blocks from
    block 1 to the end, so every smoothed flow, or debt-adjusted signal, is
    negative throughout); the attacker registers subnet 1 and stakes dust."""
    netuids = list(range(2, 7))
    events = []
    for k, n in enumerate(netuids):
        for b in range(1 + 2 * k, DUST_BLOCKS + 1, 10):
            events.append(ev(b, "unstake", netuid=n, amount=10 * TAO))
    events += dust_attack()
    return dict(blocks=DUST_BLOCKS, subnets=subnets(6, 10000 * TAO, first=2), events=events)


def dust_fresh():
    """A quiet fresh chain: subnets 2..6 with genesis stake and no flow at
    all; the attacker registers subnet 1 and stakes dust."""
    return dict(blocks=DUST_BLOCKS, subnets=subnets(6, 10000 * TAO, first=2), events=dust_attack())


DUST_CAP_BLOCK = 100


def dust_cap():
    """Subnets 1..8: one honest stake of 10,000 TAO into subnet 5, dust into
    subnets 1, 2, 3, and no flow into 4, 6, 7, 8; the share cap is 0.25 in
    every profile but the compatible one."""
    events = [ev(DUST_CAP_BLOCK, "stake", netuid=5, amount=10000 * TAO)]
    events += [ev(DUST_CAP_BLOCK, "stake", netuid=n, amount=DUST) for n in (1, 2, 3)]
    return dict(blocks=3000, subnets=subnets(8, 10000 * TAO), events=events,
                profile_params={"max_share": "0.25"})


# The version-2 long family, time-scaled like `recycling-long` (H = 1,000
# for 216,000): subnets 1..6 at genesis (10,000 TAO each), 2..5 take the
# steady background inflow, 1 is the attacker's, 6 stays idle (it is the
# attacker's second subnet in ping-pong, so every run of the family sees the
# same six subnets). The attacker is in from block 3,000 (the background has
# settled) to 15,000 (twelve half-lives); the run ends one half-life later.
FAMILY_GENESIS = subnets(6, 10000 * TAO)
PERIODS = [LONG_HALF_LIFE // 50, LONG_HALF_LIFE // 10, LONG_HALF_LIFE // 2,
           2 * LONG_HALF_LIFE, 4 * LONG_HALF_LIFE]
PINGPONG_PERIODS = [LONG_HALF_LIFE // 10, LONG_HALF_LIFE // 2, 2 * LONG_HALF_LIFE]
WHALE_PERIOD = LONG_HALF_LIFE // 2
WHALES = {"whale-20k": 20000 * TAO, "whale-50k": 50000 * TAO}


def family_recycling(period, capital=ATTACKER_CAPITAL):
    return recycling(period, LONG_BLOCKS, long_background(), LONG_START, LONG_STOP,
                     capital=capital, genesis=FAMILY_GENESIS, **LONG)


def family_holding(capital=ATTACKER_CAPITAL):
    return holding(LONG_BLOCKS, long_background(), LONG_START, LONG_STOP,
                   capital=capital, genesis=FAMILY_GENESIS, **LONG)


def pingpong(period, other=6):
    """10,000 TAO staked into subnet 1 at the start, then moved to subnet
    `other` and back every half period, and unstaked at the stop from
    wherever it is."""
    events = long_background()
    events.append(ev(LONG_START, "stake", netuid=1, amount=ATTACKER_CAPITAL))
    here, there = 1, other
    b = LONG_START + period // 2
    while b < LONG_STOP:
        events.append(move(b, here, there, ATTACKER_CAPITAL))
        here, there = there, here
        b += period // 2
    events.append(ev(LONG_STOP, "unstake", netuid=here, amount=ATTACKER_CAPITAL))
    return dict(blocks=LONG_BLOCKS, subnets=FAMILY_GENESIS, events=events, **LONG)


# Lock-in: subnet 1 (20,000 TAO of genesis stake) loses a 10,000 TAO exit,
# then takes 10 TAO every block. Subnets 2..5 take a steady inflow.
LOCKIN_EXIT_TAO = 10000
LOCKIN_RATE_TAO = 10
LOCKIN_GENESIS = [{"netuid": 1, "initial_stake": str(20000 * TAO)}] + subnets(5, 10000 * TAO)[1:]


def lockin(exit_block, inflow_start, blocks, background, **extra):
    events = background + [ev(exit_block, "unstake", netuid=1, amount=LOCKIN_EXIT_TAO * TAO)]
    events += [ev(b, "stake", netuid=1, amount=LOCKIN_RATE_TAO * TAO)
               for b in range(inflow_start, blocks + 1)]
    return dict(blocks=blocks, subnets=LOCKIN_GENESIS, events=events, **extra)


def lockin_now():
    """At the chain's own H: the exit at block 100, the inflow from 101 on,
    for 4,900 blocks; the background takes 100 TAO every 20 blocks each."""
    return lockin(100, 101, 5000, steady([2, 3, 4, 5], 20, 100 * TAO, 1, 5001))


def lockin_scaled(quiet_half_lives):
    """Time-scaled: the exit at block 3,000 (the background has settled),
    `quiet_half_lives` half-lives with no flow into subnet 1, then the
    inflow for six half-lives."""
    exit_block = LONG_START
    start = exit_block + 1 + quiet_half_lives * LONG_HALF_LIFE
    blocks = start + 6 * LONG_HALF_LIFE - 1
    return lockin(exit_block, start, blocks, long_background(blocks + 1), **LONG)


ONBOARDING_BLOCK = 3000
ONBOARDING_BLOCKS = ONBOARDING_BLOCK + 10 * LONG_HALF_LIFE


def onboarding():
    """Time-scaled: subnets 2..5 with the steady background; subnet 1 is
    registered at block 3,000 and from then on takes the same inflow as one
    background subnet; ten half-lives follow."""
    end = ONBOARDING_BLOCKS + 1
    events = long_background(end)
    events.append(ev(ONBOARDING_BLOCK, "register", netuid=1))
    events += steady([1], 20, 20 * TAO, ONBOARDING_BLOCK, end)
    return dict(blocks=ONBOARDING_BLOCKS, subnets=subnets(5, 10000 * TAO, first=2),
                events=events, **LONG)


# ---------------------------------------------------------------------------
# Dissolve and re-register. A new registration starts Taoflow's state at
# S = Q = M = 0, so an owner can erase its subnet's outflow debt (or negative
# smoothed flow) and have the same capital counted again as fresh inflow; the
# price is pallet-subnets' registration burn, in TAO.
#
# Time-scaled by CYCLE_SCALE = 10 (H = 21,600 standing for 216,000; the
# simulator's memory grows with the blocks it runs, and sixteen real
# half-lives, 3.5 million blocks, do not fit this project's machine), with
# every flow rate scaled up by the same factor, so that each subnet's inflow
# per half-life, and with it every share as a function of t/H, is the
# chain's: the emission a run wins back, times CYCLE_SCALE, is what the chain
# would pay, to be compared with the burn (analyse.py does both). The burn's
# decay K = 50,400 blocks is a runtime constant the scenario cannot scale:
# analyse.py prices each registration at real-scale gaps (the simulator's
# own chain, which burns at its unscaled gaps, only has to find the owner
# able to pay).
#
# Subnets 2..6 are the background: each takes CYCLE_RATE_TAO per real block
# (the stakes every H/20 blocks, staggered over the five subnets), and at
# block 1 also rate/α, the stake whose smoothed value is the inflow rate, so
# that every background smoothed flow sits at the rate from the first block
# (the matured signal of the default profile still starts at 0; four
# half-lives before the cycle bring it to 94%). Five background subnets
# keep every flow target below the cap 0.25. Subnet 1 is the attacker's,
# with 10,000 TAO of genesis stake (not a flow: capital staked long ago). At
# CYCLE_START the attacker unstakes all of it (debt Q = D under the default
# profile); in the next block it either restakes into the same subnet
# (`cycle-keep`, which repays the debt first), or dissolves subnet 1,
# registers again (netuid 1 is free at once, as no stake is left on it) and
# stakes into the new subnet (`cycle-once`). The runs go on for twelve
# half-lives after the cycle.
# ---------------------------------------------------------------------------
CYCLE_SCALE = 10
CYCLE_H = 216000 // CYCLE_SCALE
CYCLE_START = 4 * CYCLE_H
CYCLE_BLOCKS = CYCLE_START + 1 + 12 * CYCLE_H
CYCLE_BACKGROUND = (2, 3, 4, 5, 6)
# Real-scale inflow of each background subnet, TAO per block: the book's
# background (five subnets, 5 TAO per block in all), and a quiet chain.
CYCLE_RATE_TAO = 1
CYCLE_QUIET_RATE_TAO = 0.2
CYCLE_EVERY = CYCLE_H // 20
CYCLE_GENESIS = subnets(6, 10000 * TAO)
CYCLE = dict(params={"half_life_blocks": CYCLE_H})
# The whale: 50,000 TAO (5·D) cycled once. Under the default profile an exit
# above D is debt up to D and the rest reaches S, down to the EMA floor
# (−α·10,000 TAO), so keeping the subnet forgoes up to D + 10,000 TAO of
# credit that a new registration recovers.
CYCLE_WHALE = 50000 * TAO
# Repeated cycles, in real blocks: every K/4 = 12,600 (each burn 1.5 times
# the last: 2·(1 − 1/4)) and every H (each at the minimum). Three cycles
# each: the simulator funds a subnet owner with 10,000 TAO, and its own chain
# burns at the scaled gaps (1,000 + 1,950 + 3,802 TAO for three cycles 1,260
# blocks apart; a fourth would need 7,414).
CYCLE_REPEATS = 3
CYCLE_PERIODS = (12600, 216000)


def cycle_background(rate_tao=CYCLE_RATE_TAO, netuids=CYCLE_BACKGROUND, end=CYCLE_BLOCKS + 1):
    """`rate_tao` per real block into each subnet of `netuids` (scaled), with
    the smoothed flow at that rate from block 1 (a first stake of rate/α)."""
    rate = round(rate_tao * CYCLE_SCALE * TAO)
    events = [ev(1, "stake", netuid=n, amount=round(rate / alpha(CYCLE_H))) for n in netuids]
    for k, n in enumerate(netuids):
        offset = 1 + k * CYCLE_EVERY // len(netuids)
        events += [ev(b, "stake", netuid=n, amount=rate * CYCLE_EVERY)
                   for b in range(offset, end, CYCLE_EVERY)]
    return events


def reregister(block, capital=ATTACKER_CAPITAL):
    """Dissolve subnet 1 (no stake left on it, so its record goes at once),
    register again (the chain gives netuid 1 back) and stake `capital`."""
    out = [ev(block, "dissolve", netuid=1), ev(block, "register", netuid=1)]
    if capital:
        out.append(ev(block, "stake", netuid=1, amount=capital))
    return out


def cycle(cycles=(), rate_tao=CYCLE_RATE_TAO, capital=ATTACKER_CAPITAL):
    """The attacker unstakes its `capital` at each block of `cycles` and in
    the next block re-registers subnet 1 and stakes it into the new one; with
    no `cycles` it unstakes at CYCLE_START and restakes into the same subnet
    in the next block."""
    events = cycle_background(rate_tao)
    for b in list(cycles) or [CYCLE_START]:
        events.append(ev(b, "unstake", netuid=1, amount=capital))
        if cycles:
            events += reregister(b + 1, capital)
        else:
            events.append(ev(b + 1, "stake", netuid=1, amount=capital))
    genesis = [{"netuid": 1, "initial_stake": str(capital)}] + CYCLE_GENESIS[1:]
    return dict(blocks=CYCLE_BLOCKS, subnets=genesis, events=events, **CYCLE)


def cycle_repeat(period):
    """CYCLE_REPEATS cycles `period` real blocks apart from CYCLE_START."""
    step = period // CYCLE_SCALE
    return cycle([CYCLE_START + k * step for k in range(CYCLE_REPEATS)])


def cycle_reset(reregistered):
    """The attacker's stakers leave (10,000 TAO out of subnet 1 at
    CYCLE_START) and from the next block subnet 1 takes the same inflow as a
    background subnet; with `reregistered` its owner first dissolves it and
    registers it again, so the inflow starts with no debt."""
    events = cycle_background()
    events.append(ev(CYCLE_START, "unstake", netuid=1, amount=ATTACKER_CAPITAL))
    if reregistered:
        events += reregister(CYCLE_START + 1, capital=0)
    rate = CYCLE_RATE_TAO * CYCLE_SCALE * TAO
    events += [ev(b, "stake", netuid=1, amount=rate * CYCLE_EVERY)
               for b in range(CYCLE_START + 1, CYCLE_BLOCKS + 1, CYCLE_EVERY)]
    return dict(blocks=CYCLE_BLOCKS, subnets=CYCLE_GENESIS, events=events, **CYCLE)


# ---------------------------------------------------------------------------
# Parameters.
# ---------------------------------------------------------------------------

def alpha(half_life):
    """The per-block factor of mechanism.md section 2."""
    return 1 - 2 ** (-1 / half_life)


def floor_for(debt_tao, half_life):
    """The EMA floor, in base units per block, that caps a subnet's smoothed
    flow at minus the smoothed value of a `debt_tao` outflow: the most a
    subnet can owe, whatever leaves it."""
    return str(-round(alpha(half_life) * debt_tao * TAO))


def signal_for(tao, half_life):
    """The smoothed value, in base units per block, of a `tao` flow: the
    unit of `min_signal` (and of the floor)."""
    return str(round(alpha(half_life) * tao * TAO))


def maturity_for(ratio, half_life):
    """H_m = ratio·H in blocks, rounded; 0 = off (never rounded down to 0)."""
    if not ratio:
        return 0
    return min(max(1, round(ratio * half_life)), 10**8)


def decimal_text(x, digits=12):
    """`x` in [0, 1] as a plain decimal with `digits` significant digits
    and at most 18 fraction digits (what the scenario file accepts)."""
    if x >= 1:
        return "1"
    d = Decimal(f"{x:.{digits}g}")
    if d.as_tuple().exponent < -18:
        d = d.quantize(Decimal(1).scaleb(-18))
    text = format(d.normalize(), "f")
    return text


def scaled_smoothing(smoothing, factor):
    """β' = 1 − (1 − β)^factor: the same lag, in half-lives, in a scenario
    whose half-life is 1/factor of the one it stands for."""
    b = float(Decimal(str(smoothing)))
    if b >= 1:
        return str(smoothing)
    scaled = -math.expm1(factor * math.log1p(-b))
    text = decimal_text(min(scaled, 1.0))
    if Decimal(text) <= 0:
        raise ValueError(f"smoothing {smoothing} scaled by {factor} rounds to 0")
    return text


def params_for(spec, profile_name, profile, swept=()):
    """The scenario file's `params` for `spec` under `profile`: the
    profile's keys, the scenario's own (the half-life of a time-scaled
    scenario), the scenario's overrides for every profile with a drought
    distribution (`profile_params`, except the keys in `swept`), and the
    helper keys converted for the scenario's half-life. A scenario whose
    half-life is not the profile's stands for the profile's: its smoothing
    is scaled to the same lag in half-lives."""
    params = {k: v for k, v in profile.items() if k not in HELPER_KEYS}
    params.update(spec.get("params", {}))
    if params.get("drought") != "none":
        params.update({k: v for k, v in spec.get("profile_params", {}).items()
                       if k not in swept})
    h = params["half_life_blocks"]
    if "floor_debt_tao" in profile:
        debt = profile["floor_debt_tao"]
        params["ema_floor"] = None if debt is None else floor_for(debt, h)
    if "debt_cap_tao" in profile:
        params["debt_cap"] = str(round(profile["debt_cap_tao"] * TAO))
    if "maturity_ratio" in profile:
        params["maturity_half_life"] = maturity_for(profile["maturity_ratio"], h)
    if "min_signal_tao" in profile:
        params["min_signal"] = signal_for(profile["min_signal_tao"], h)
    stands_for = profile["half_life_blocks"]
    if h != stands_for and "smoothing" in params:
        params["smoothing"] = scaled_smoothing(params["smoothing"], stands_for / h)
    t = spec.get("transition")
    if t is not None:
        # The compatible profile switches at once (Bittensor had no window).
        blocks = 0 if profile_name == "bittensor" else t["blocks"]
        params["transition"] = {"blocks": blocks, "legacy_shares": t["legacy_shares"]}
    check_params(params)
    order = {k: i for i, k in enumerate(PARAM_ORDER)}
    return dict(sorted(params.items(), key=lambda kv: order.get(kv[0], len(order))))


# The scenario file's parameter keys, in simulator.md's order.
PARAM_ORDER = ("half_life_blocks", "cutoff", "exponent", "max_share", "smoothing",
               "update_interval", "ema_floor", "drought", "debt_cap", "maturity_half_life",
               "min_signal", "transition")

DECIMAL = re.compile(r"^[0-9]+(\.[0-9]{1,18})?$")
INTEGER = re.compile(r"^-?[0-9]+$")


def check_params(p):
    """Raises ValueError unless `p` is within mechanism.md §6's bounds."""
    def dec(k):
        v = str(p[k])
        if not DECIMAL.match(v):
            raise ValueError(f"{k}: {v!r} is not a plain decimal")
        return Decimal(v)

    def integer(k):
        v = str(p[k])
        if not INTEGER.match(v):
            raise ValueError(f"{k}: {v!r} is not an integer")
        return int(v)

    bad = []
    if "half_life_blocks" in p and not 1 <= int(p["half_life_blocks"]) <= 10**8:
        bad.append("half_life_blocks")
    if "exponent" in p and not 1 <= dec("exponent") <= 2:
        bad.append("exponent")
    if "max_share" in p and not 0 < dec("max_share") <= 1:
        bad.append("max_share")
    if "smoothing" in p and not 0 < dec("smoothing") <= 1:
        bad.append("smoothing")
    if "update_interval" in p and not 1 <= int(p["update_interval"]) <= 10**6:
        bad.append("update_interval")
    if p.get("ema_floor") is not None and integer("ema_floor") > 0:
        bad.append("ema_floor")
    if "cutoff" in p and abs(integer("cutoff")) > 2**64:
        bad.append("cutoff")
    if "debt_cap" in p and not 0 <= integer("debt_cap") <= 2**64 - 1:
        bad.append("debt_cap")
    if "maturity_half_life" in p:
        hm = int(p["maturity_half_life"])
        if hm != 0 and not 1 <= hm <= 10**8:
            bad.append("maturity_half_life")
    if "min_signal" in p and not 0 <= dec("min_signal") <= 2**64:
        bad.append("min_signal")
    if p.get("drought") not in (None, "none", "equal", "keep_last", "stake"):
        bad.append("drought")
    if p.get("drought") == "none":
        if "max_share" in p and dec("max_share") != 1:
            bad.append("drought none with max_share < 1")
        if "min_signal" in p and dec("min_signal") != 0:
            bad.append("drought none with min_signal > 0")
    t = p.get("transition")
    if t is not None and not 0 <= int(t["blocks"]) <= 10**8:
        bad.append("transition.blocks")
    if bad:
        raise ValueError("parameters out of bounds: " + ", ".join(bad))


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
    out = {
        "hype-swing": hype_swing(),
        "herd": herd(),
        "holding": holding(),
        "recycling-fast": recycling(20),
        "pump-and-dump": recycling(100),
        "recycling-slow": recycling(400),
        "holding-long": holding(LONG_BLOCKS, long_background(), LONG_START, LONG_STOP, **LONG),
        "recycling-long": recycling(100, LONG_BLOCKS, long_background(), LONG_START, LONG_STOP,
                                    **LONG),
        "bear-drought": bear_drought(),
        "negative-lockin": negative_lockin(),
        "transition": transition(),
        "scale": scale(),
        "dust-drought": dust_drought(),
        "dust-fresh": dust_fresh(),
        "dust-cap": dust_cap(),
        "hold-12h": family_holding(),
    }
    for period in PERIODS:
        out[f"recycle-p{period}"] = family_recycling(period)
    for period in PINGPONG_PERIODS:
        out[f"pingpong-p{period}"] = pingpong(period)
    for name, capital in WHALES.items():
        out[name] = family_recycling(WHALE_PERIOD, capital)
        out[f"{name}-hold"] = family_holding(capital)
    out["lockin-now"] = lockin_now()
    out["lockin-scaled-now"] = lockin_scaled(0)
    out["lockin-scaled-quiet"] = lockin_scaled(8)
    out["onboarding"] = onboarding()
    out["cycle-keep"] = cycle()
    out["cycle-once"] = cycle([CYCLE_START])
    for period in CYCLE_PERIODS:
        out[f"cycle-repeat-p{period}"] = cycle_repeat(period)
    out["cycle-reset-keep"] = cycle_reset(False)
    out["cycle-reset-once"] = cycle_reset(True)
    out["cycle-quiet-keep"] = cycle(rate_tao=CYCLE_QUIET_RATE_TAO)
    out["cycle-quiet-once"] = cycle([CYCLE_START], rate_tao=CYCLE_QUIET_RATE_TAO)
    out["cycle-whale-keep"] = cycle(capital=CYCLE_WHALE)
    out["cycle-whale-once"] = cycle([CYCLE_START], capital=CYCLE_WHALE)
    return out


BOOK_FILE = re.compile(r"^[a-z0-9-]+\.[a-z0-9]+\.json$")


def main():
    written = set()
    for name, spec in book().items():
        for profile_name, profile in PROFILES.items():
            content = scenario(name, spec, profile_name, params_for(spec, profile_name, profile))
            base = f"{name}.{profile_name}.json"
            write(os.path.join(HERE, base), content)
            written.add(base)
    for base in sorted(os.listdir(HERE)):
        if BOOK_FILE.match(base) and base not in written:
            os.remove(os.path.join(HERE, base))
            print(f"removed stale {base}")
    print(f"wrote {len(written)} files")


if __name__ == "__main__":
    main()
