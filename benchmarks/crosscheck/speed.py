"""Batched throughput: OpenLER and PolicyEngine-US on the same households, in the same run.

    .venv/bin/python benchmarks/crosscheck/speed.py --households 200 \
        --pe-python /tmp/pe-venv/bin/python

Both compute all their programs for N households x 101 earnings points in one batch:
OpenLER in one `evaluate()` call, PolicyEngine-US in one Simulation with one earnings axis
per household (parallel axes). PolicyEngine runs in its own virtual environment and process.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benefits_engine import policyengine_seconds, random_documents

from openler.benefits.engine import evaluate
from openler.benefits.household import parse_household, to_arrays
from openler.benefits.model import COLUMNS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=200)
    parser.add_argument("--points", type=int, default=101)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--pe-python", default="/tmp/pe-venv/bin/python")  # noqa: S108
    args = parser.parse_args()
    documents = random_documents(args.households, args.year)
    arrays = to_arrays([parse_household(d) for d in documents])
    sweep = np.linspace(0, 100_000, args.points)
    evaluate(arrays, sweep, COLUMNS)  # warm up: parameter files are read once per process
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        evaluate(arrays, sweep, COLUMNS)
        runs.append(time.perf_counter() - started)
    ours = sorted(runs)[2]  # the median of five
    theirs = policyengine_seconds(documents, args.points, args.pe_python)
    points = args.households * args.points
    print(
        json.dumps(
            {
                "households": args.households,
                "points": points,
                "openler_seconds": round(ours, 4),
                "openler_ms_per_point": round(1000 * ours / points, 5),
                "policyengine_seconds": round(theirs, 2),
                "policyengine_ms_per_point": round(1000 * theirs / points, 3),
                "ratio": round(theirs / ours),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
