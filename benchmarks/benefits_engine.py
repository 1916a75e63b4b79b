"""Throughput of the benefits engine: many different households x many earnings points.

Run: .venv/bin/python benchmarks/benefits_engine.py [--households 10000] [--points 101]
     [--repeat 5]

Households are drawn at random (fixed seed) across the counties of the modelled states (by
default all five, in equal shares, each state's batch evaluated in one call): one or two adults,
zero to four children of mixed ages, some pregnant or disabled members, their own rent and
childcare costs. The sweep is 0 to 100,000 dollars of earnings. We report the median of
--repeat runs of one `run()` call (all programs modelled so far), and points per second.
The machine is shared and noisy: compare the ratio to a baseline measured in the same run
(here, the time to compute payroll tax alone over the same arrays).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from typing import Any

import numpy as np

from openler.benefits.api import evaluate as api_evaluate
from openler.benefits.engine import Column, evaluate
from openler.benefits.geography import counties
from openler.benefits.household import parse_household, to_arrays
from openler.benefits.model import COLUMNS
from openler.benefits.taxes.payroll import payroll_tax

STATES = ("FL", "GA", "AL", "ME", "CT")


def random_households(
    n: int, year: int, seed: int = 20261128, states: tuple[str, ...] = ("FL",)
) -> list[Any]:
    return [parse_household(d) for d in random_documents(n, year, seed, states)]


def random_documents(
    n: int, year: int, seed: int = 20261128, states: tuple[str, ...] = ("FL",)
) -> list[dict[str, Any]]:
    """Households in OpenLER's input format (county given by FIPS), states in turn."""
    rng = np.random.default_rng(seed)
    # Gulf County, FL has no benchmark premium in the shipped table (see docs/benefits.md).
    fips = {state: sorted(set(counties(state)) - {"12045"}) for state in states}
    out = []
    for i in range(n):
        members: list[dict[str, Any]] = [
            {
                "id": "a",
                "age": int(rng.integers(19, 70)),
                "relationship": "head",
                "disabled": bool(rng.random() < 0.05),
                "pregnant": bool(rng.random() < 0.05),
            }
        ]
        if rng.random() < 0.4:
            members.append(
                {
                    "id": "b",
                    "age": int(rng.integers(19, 70)),
                    "relationship": "spouse",
                    "earnings": float(rng.choice([0, 15_000, 30_000])),
                }
            )
        for k in range(int(rng.integers(0, 5))):
            age = int(rng.integers(0, 18))
            members.append(
                {
                    "id": f"k{k}",
                    "age": age,
                    "relationship": "child",
                    "childcare_expense": float(rng.integers(0, 12_000)) if age < 13 else 0,
                }
            )
        state = states[i % len(states)]
        document = {
            "year": year,
            "state": state,
            "county_fips": fips[state][(i // len(states)) % len(fips[state])],
            "members": members,
            "expenses": {"rent": float(rng.integers(8_000, 30_000))},
        }
        out.append(document)
    return out


def timed(func: Any, repeat: int, clock: Any = time.perf_counter) -> float:
    """Median over ``repeat`` runs. With ``time.process_time`` it is the CPU time of this
    process, which other work on a shared machine disturbs less than the wall clock."""
    times = []
    for _ in range(repeat):
        start = clock()
        func()
        times.append(clock() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--points", type=int, default=101)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument(
        "--states", default=",".join(STATES), help="comma-separated; default all five"
    )
    args = parser.parse_args()
    states = tuple(args.states.split(","))

    households = random_households(args.households, args.year, states=states)
    earnings = np.linspace(0, 100_000, args.points)
    # One batch per state, as openler.benefits.evaluate() groups them (it also validates the
    # documents, which is timed separately below).
    batches = [to_arrays([h for h in households if h[0].state == s]) for s in states]
    points = args.households * args.points

    def run(columns: list[Column]) -> None:
        for arrays in batches:
            evaluate(arrays, earnings, columns)

    everything = list(COLUMNS)
    full = timed(lambda: run(everything), args.repeat)
    cpu = timed(lambda: run(everything), args.repeat, time.process_time)
    baseline = timed(lambda: run([Column("payroll_tax", payroll_tax, "tax")]), args.repeat)
    documents = random_documents(args.households, args.year, states=states)
    front_door = timed(lambda: api_evaluate(documents, earnings), 1)
    print(
        json.dumps(
            {
                "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
                "python": platform.python_version(),
                "numpy": np.__version__,
                "households": args.households,
                "states": list(states),
                "points_per_household": args.points,
                "columns": [c.name for c in COLUMNS],
                "median_seconds_all_programs": round(full, 3),
                "points_per_second": round(points / full),
                "median_cpu_seconds_all_programs": round(cpu, 3),
                "points_per_cpu_second": round(points / cpu),
                "median_seconds_payroll_only_baseline": round(baseline, 3),
                "ratio_to_baseline": round(full / baseline, 1),
                "seconds_evaluate_documents_incl_validation": round(front_door, 3),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
