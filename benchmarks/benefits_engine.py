"""Throughput of the benefits engine: many different households x many earnings points.

Run: .venv/bin/python benchmarks/benefits_engine.py [--households 10000] [--points 101]
     [--repeat 5] [--pe-python /tmp/pe-venv/bin/python [--pe-sample 200]]

Households are drawn at random (fixed seed) across the counties of the modelled states (by
default all five, in equal shares, each state's batch evaluated in one call): one or two adults,
zero to four children of mixed ages, some pregnant or disabled members, their own rent and
childcare costs. The sweep is 0 to 100,000 dollars of earnings. We report the median of
--repeat runs of one `run()` call (all programs modelled so far), and points per second.
The machine is shared and noisy: compare the ratio to a baseline measured in the same run
(here, the time to compute payroll tax alone over the same arrays).

With --pe-python, a sample of the same households (every k-th, so every state is in it) also
goes through PolicyEngine-US in the same run - in its own virtual environment and process,
one Simulation with an earnings axis per household - and the per-point throughput ratio is
reported (PolicyEngine is never imported here).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from openler.benefits.api import evaluate as api_evaluate
from openler.benefits.engine import Column, evaluate
from openler.benefits.geography import counties
from openler.benefits.household import parse_household, to_arrays
from openler.benefits.model import COLUMNS
from openler.benefits.taxes.payroll import payroll_tax

STATES = ("FL", "GA", "AL", "ME", "CT")
RUNNER = Path(__file__).parent / "crosscheck" / "run_policyengine.py"


def policyengine_seconds(documents: list[dict[str, Any]], points: int, pe_python: str) -> float:
    """Seconds PolicyEngine-US takes for ``documents`` x ``points`` earnings points (0 to
    $100,000) in one batched Simulation, building it included, as its runner measures."""
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "in.json"
        spec.write_text(
            json.dumps({"households": documents, "points": points, "top": 100_000, "batch": True})
        )
        target = Path(tmp) / "out.json"
        subprocess.run([pe_python, str(RUNNER), str(spec), str(target)], check=True)  # noqa: S603
        seconds: float = json.loads(target.read_text())["seconds"]
        return seconds


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
    parser.add_argument("--pe-python", help="PolicyEngine-US's Python, to compare in the same run")
    parser.add_argument("--pe-sample", type=int, default=200)
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
                **(_against_policyengine(documents, args, points / full) if args.pe_python else {}),
            },
            indent=2,
        )
    )


def _against_policyengine(
    documents: list[dict[str, Any]], args: argparse.Namespace, ours_per_second: float
) -> dict[str, Any]:
    """A sample of the same households through PolicyEngine-US: its per-point throughput and
    ours (from the full run above) divided by it."""
    step = max(len(documents) // args.pe_sample, 1)
    sample = documents[::step][: args.pe_sample]
    seconds = policyengine_seconds(sample, args.points, args.pe_python)
    theirs_per_second = len(sample) * args.points / seconds
    return {
        "policyengine_households": len(sample),
        "policyengine_seconds": round(seconds, 2),
        "policyengine_ms_per_point": round(1000 / theirs_per_second, 3),
        "throughput_ratio_to_policyengine": round(ours_per_second / theirs_per_second),
    }


if __name__ == "__main__":
    main()
