"""Bit-for-bit parity of the benefits engine between two versions of the code.

An engine optimization must not change any result. This evaluates every column for 6,000
random households over the five states in 2024, 2025 and 2026 and saves them; run it once on
the reference code (``save``), then on the changed code (``compare``):

    cd /work/main && PYTHONPATH=src .venv/bin/python \
        /path/to/benchmarks/engine_parity.py save /tmp/engine-main.npz
    PYTHONPATH=src .venv/bin/python benchmarks/engine_parity.py compare /tmp/engine-main.npz

Every column must have the same dtype, shape and bytes (zero signs and NaNs included), and the
same errors must be raised. Households are drawn more widely than the throughput benchmark's
(other adults, SSDI, Medicare, hours, the time limit, enrolled and programs lists, assets,
bedrooms, given expenses, employer coverage, another earner), in batches of 50 of one state
and year, with the benchmark's shared sweep or each household's own random points; one large
batch per state (200 households, the benchmark's own generator) takes the large-batch paths.
Where a batch raises (a year's tables incomplete, something not built), the error is recorded,
each column is tried alone to record which raise, and the others are evaluated together.
The first 50 problems are listed; set PARITY_SHOW to list more.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benefits_engine import STATES, random_documents

from openler.benefits.engine import Column, evaluate
from openler.benefits.household import PROGRAMS, parse_household, to_arrays
from openler.benefits.model import COLUMNS

YEARS = (2024, 2025, 2026)
PER_STATE_YEAR = 200  # 3 years x 5 states x 200 = 3,000 households, and as many large
BATCH = 50
EXPENSES = ("utilities", "childcare", "food", "health", "transportation", "other")


def widen(document: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """The benchmark's household with more of the input format in use, at random."""
    members = document["members"]
    # Connecticut's Medicaid for the aged is not built, nor market-rate childcare in every
    # state and year: kept to where they are, so that most batches compute every column.
    connecticut = document["state"] == "CT"
    market_rate = document["state"] in ("AL", "CT", "ME") and document["year"] == 2025
    if rng.random() < 0.15:
        oldest = 65 if connecticut else 90
        members.append(
            {"id": "o", "age": int(rng.integers(18, oldest)), "relationship": "other_adult"}
        )
    for member in members:
        if member["relationship"] == "child":
            if rng.random() < 0.1:
                member["disabled"] = True
            if market_rate and member.get("childcare_expense") and rng.random() < 0.2:
                del member["childcare_expense"]  # priced at the market rate
            continue
        if rng.random() < 0.1:
            member["ssdi_monthly"] = float(rng.integers(300, 2_500))
            member["disabled"] = True
        if rng.random() < 0.1:
            member["medicare"] = bool(rng.random() < 0.5)
        if rng.random() < 0.3:
            member["weekly_hours"] = float(rng.choice([0, 10, 20, 30, 40]))
        if rng.random() < 0.1:
            member["snap_time_limit_used"] = True
        if member["relationship"] == "other_adult" and rng.random() < 0.5:
            member["earnings"] = float(rng.integers(0, 40_000))
    if rng.random() < 0.1 and any(m["relationship"] == "spouse" for m in members):
        spouse = next(m for m in members if m["relationship"] == "spouse")
        spouse.pop("earnings", None)
        head = members[0]
        head["earnings"] = float(rng.choice([0, 12_000, 25_000]))
        document["earner"] = spouse["id"]
    for item in EXPENSES:
        if rng.random() < 0.1:
            document["expenses"][item] = float(rng.integers(0, 15_000))
    if rng.random() < 0.3:
        document["bedrooms"] = int(rng.integers(0, 5))
    if rng.random() < 0.2:
        document["assets"] = float(rng.choice([0, 1_500, 3_000, 5_000, 50_000]))
    if rng.random() < 0.1:
        document["employer_health_insurance"] = True
    if rng.random() < 0.2:
        document["enrolled"] = [p for p in PROGRAMS if rng.random() < 0.3]
    if rng.random() < 0.15:
        programs = document.get("programs", list(PROGRAMS))
        document["programs"] = [p for p in programs if rng.random() < 0.7]
    return document


def batches(seed: int) -> list[tuple[str, list[dict[str, Any]], np.ndarray]]:
    """(label, documents, earnings) for every batch, the same on every version."""
    rng = np.random.default_rng(seed)
    shared = np.linspace(0, 100_000, 101)
    out = []
    for year in YEARS:
        for state in STATES:
            documents = random_documents(PER_STATE_YEAR, year, seed + year, (state,))
            documents = [widen(d, rng) for d in documents]
            for start in range(0, PER_STATE_YEAR, BATCH):
                chunk = documents[start : start + BATCH]
                if (start // BATCH) % 2:
                    # Each household's own points, ascending as a sweep is.
                    grid = np.sort(np.round(rng.uniform(0, 120_000, (len(chunk), 37)), 2))
                else:
                    grid = shared
                out.append((f"{year}/{state}/{start // BATCH}", chunk, grid))
        large = random_documents(PER_STATE_YEAR * len(STATES), year, seed - year, STATES)
        for state in STATES:
            out.append((f"{year}/{state}/large", [d for d in large if d["state"] == state], shared))
    return out


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def run_batch(documents: list[dict[str, Any]], grid: np.ndarray) -> tuple[dict[str, Any], dict]:
    """Columns and errors of one batch."""
    arrays = to_arrays([parse_household(d) for d in documents])
    errors: dict[str, str] = {}
    try:
        return dict(evaluate(arrays, grid, COLUMNS).columns), errors
    except Exception as exc:
        errors["*"] = _error(exc)
    kept: list[Column] = []
    for column in COLUMNS:
        try:
            evaluate(arrays, grid, [column])
            kept.append(column)
        except Exception as exc:
            errors[column.name] = _error(exc)
    try:
        return dict(evaluate(arrays, grid, kept).columns), errors
    except Exception as exc:
        errors["kept"] = _error(exc)
        return {}, errors


def collect(seed: int) -> tuple[dict[str, np.ndarray], dict[str, dict[str, str]]]:
    columns: dict[str, np.ndarray] = {}
    errors: dict[str, dict[str, str]] = {}
    for label, documents, grid in batches(seed):
        values, raised = run_batch(documents, grid)
        for name, array in values.items():
            columns[f"{label}/{name}"] = np.array(array)
        if raised:
            errors[label] = raised
    return columns, errors


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return (
        a.dtype == b.dtype
        and a.shape == b.shape
        and np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes()
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=("save", "compare"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=20261129)
    args = parser.parse_args()
    columns, errors = collect(args.seed)
    households = sum(len(documents) for _, documents, _ in batches(args.seed))
    if args.action == "save":
        np.savez_compressed(args.path, __errors__=np.array(json.dumps(errors)), **columns)
        print(
            f"saved {len(columns)} arrays ({households} households), {len(errors)} batches "
            f"with errors, to {args.path}"
        )
        return 0
    with np.load(args.path) as saved:
        reference = {name: saved[name] for name in saved.files}
    reference_errors = json.loads(str(reference.pop("__errors__")))
    problems = []
    for name in sorted(set(reference) | set(columns)):
        if name not in columns or name not in reference:
            problems.append(f"{name}: only in {'reference' if name in reference else 'this'}")
        elif not same_bits(reference[name], columns[name]):
            diff = np.argwhere(
                ~(
                    (reference[name] == columns[name])
                    & (np.signbit(reference[name]) == np.signbit(columns[name]))
                )
            )
            problems.append(f"{name}: differs at {len(diff)} places, first {diff[:3].tolist()}")
    if reference_errors != errors:
        for label in sorted(set(reference_errors) | set(errors)):
            if reference_errors.get(label) != errors.get(label):
                ours, theirs = errors.get(label) or {}, reference_errors.get(label) or {}
                for key in sorted(set(ours) | set(theirs)):
                    if ours.get(key) != theirs.get(key):
                        problems.append(
                            f"errors of {label}/{key}: {theirs.get(key)!r:.300} "
                            f"!= {ours.get(key)!r:.300}"
                        )
    for problem in problems[: int(os.environ.get("PARITY_SHOW", "50"))]:
        print(problem)
    compared = sum(a.size for a in columns.values())
    print(
        f"{'FAIL' if problems else 'OK'}: {len(columns)} arrays, {compared:,} values "
        f"({households} households), {len(errors)} batches with errors; {len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
