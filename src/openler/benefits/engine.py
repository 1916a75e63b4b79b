"""Evaluate a batch of households at many earnings levels in one pass.

Rules are small functions of a :class:`Context` that return arrays of shape (H, E):
households by earnings points. A rule asks for another rule's result by calling it through
the context (``c(snap_net_income)``), which computes it once and caches it, so rules refer
to each other as Python functions (checked by the type checker), never by strings.

Programs whose rules change during the year (SNAP and HUD on October 1, school meals on
July 1) are computed month by month: a year's value is the sum of its twelve monthly values.
Within a year the earnings are spread evenly over the months, so a month's value depends only
on the parameters in force that month; :meth:`Context.periods` finds the runs of months in
which they are unchanged and each run is computed once.

A monthly value is also reused for any other month in which it would be the same: the
context records which parameters each monthly computation read (and which monthly values
it used), and a month in which none of them changes gets the value already computed. So
SNAP's chain (TANF, the voucher, SSI) is computed once for all programs asking for it in
any month of the same run, and Medicaid's members once however many programs ask.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np

from openler.benefits.heap import keep_freed_memory
from openler.benefits.household import HouseholdIn, Households, to_arrays
from openler.benefits.params import ParameterTree, default_tree

#: Household-points from which a batch's arrays are large enough that glibc's default of
#: returning freed memory at once costs more than the work (heap.py).
LARGE_BATCH = 10_000

Rule = Callable[["Context"], np.ndarray]
MonthlyRule = Callable[["Context", date], np.ndarray]


class _Reads:
    """What one monthly computation read: the parameters it asked for in its month, and the
    monthly rules it used in that month. ``reusable`` is False when it asked for anything at
    another given date (its value may then depend on the month in a way the record cannot
    show). A parameter asked for without a date is the year's, the same in every month."""

    __slots__ = ("names", "reusable", "rules", "when")

    def __init__(self, when: date):
        self.when = when
        self.names: set[str] = set()
        self.rules: set[Any] = set()
        self.reusable = True


def _frozen(values: np.ndarray) -> np.ndarray:
    """``values``, read-only: a cached value is shared by every rule that asks for it (and a
    rule may return another's value unchanged), so none may change it in place."""
    if isinstance(values, np.ndarray):
        values.flags.writeable = False
    return values


class Context:
    """What the rules see: the households, the earnings sweep and the parameters."""

    def __init__(self, households: Households, earnings: np.ndarray, params: ParameterTree):
        if earnings.ndim != 2 or earnings.shape[0] != len(households):
            raise ValueError("earnings must have shape (households, points)")
        self.h = households
        self.earnings = _frozen(earnings.view())  # a view: the caller's array stays writable
        self.params = params
        self.year = households.year
        self._cache: dict[Any, np.ndarray] = {}
        # Monthly values: the computation each (rule, month) value came from, and its reads
        # (None: not reusable in other months); the months each rule was computed for.
        self._origin: dict[Any, tuple[date, _Reads] | None] = {}
        self._computed: dict[Any, list[date]] = {}
        self._reading: list[_Reads | None] = []  # the computations under way, innermost last
        self._same: dict[tuple[Any, date, date], bool] = {}
        self._counties: tuple[list[str], np.ndarray] | None = None
        #: Whether some member's circumstances are dated within the year (`job_started`).
        self._dated_members = bool((households.job_started >= 0).any())

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.earnings.shape[0]), int(self.earnings.shape[1]))

    def __call__(self, rule: Rule) -> np.ndarray:
        found = self._cache.get(rule)
        if found is None:
            # A rule of the whole year: what it reads is no monthly computation's dependency.
            self._reading.append(None)
            try:
                found = self._cache[rule] = _frozen(rule(self))
            finally:
                self._reading.pop()
        return found

    def monthly(self, rule: MonthlyRule, when: date) -> np.ndarray:
        """A monthly rule's value for the month starting ``when``: computed once, and reused
        for every month in which nothing it read changes."""
        reading = self._reading[-1] if self._reading else None
        key = (rule, when)
        found = self._cache.get(key)
        if found is None:
            found = self._reuse(rule, when)
        if found is None:
            reads = _Reads(when)
            self._reading.append(reads)
            try:
                found = _frozen(rule(self, when))
            finally:
                self._reading.pop()
            self._cache[key] = found
            self._origin[key] = (when, reads) if reads.reusable else None
            self._computed.setdefault(rule, []).append(when)
        if reading is not None:
            if when != reading.when or self._origin[key] is None:
                reading.reusable = False
            else:
                reading.rules.add(rule)
        return found

    def _reuse(self, rule: MonthlyRule, when: date) -> np.ndarray | None:
        """The value of ``rule`` computed for another month, if it is the same in ``when``."""
        for month in self._computed.get(rule, ()):
            origin = self._origin[(rule, month)]
            if origin is not None and self._same_in(rule, origin[0], when):
                found = self._cache[(rule, when)] = self._cache[(rule, month)]
                self._origin[(rule, when)] = origin
                return found
        return None

    def _same_in(self, rule: Any, month: date, when: date) -> bool:
        """Whether ``rule``'s value computed for ``month`` (its own computation) is its value
        in ``when``: no parameter it read, nor any monthly value it used, differs."""
        key = (rule, month, when)
        same = self._same.get(key)
        if same is None:
            origin = self._origin[(rule, month)]
            assert origin is not None
            reads = origin[1]
            same = self.params.same_starts(frozenset(reads.names), month, when)
            for used in reads.rules if same else ():
                source = self._origin[(used, month)]
                if source is None or not self._same_in(used, source[0], when):
                    same = False
                    break
            self._same[key] = same
        return same

    def for_members(
        self, rule: Callable[[Context, np.ndarray], np.ndarray], members: np.ndarray
    ) -> np.ndarray:
        """``rule(c, members)`` for an (H, M) mask of members, computed once per distinct mask.
        The rule must not depend on the month (it is given none; parameters it reads are the
        year's)."""
        key = (rule, members.tobytes())
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = _frozen(np.asarray(rule(self, members)))
        return found

    def p(self, name: str, when: date | None = None) -> Any:
        """A parameter's value on ``when`` (default: January 1 of the year, whatever month a
        monthly rule asking for it computes: a read that does not tie its value to a month)."""
        if when is None:
            return self.params[name].at(date(self.year, 1, 1))
        reading = self._reading[-1] if self._reading else None
        if reading is not None:
            if when == reading.when:
                reading.names.add(name)
            else:
                reading.reusable = False
        return self.params[name].at(when)

    def periods(self, prefixes: Sequence[str]) -> list[tuple[date, int]]:
        """Runs of months of the year in which no parameter under ``prefixes`` changes.

        Returns (first day of the run, number of months). Asking for a month whose value is
        not published raises ParameterNotPublished, naming the parameter.
        """
        runs = self.params.month_runs(tuple(prefixes), self.year)
        if not self._dated_members:
            return runs
        # A member's new job changes the family's circumstances in a month of its own (a
        # disregard ends): every month is then its own run.
        return [
            (date(self.year, first.month + k, 1), 1)
            for first, months in runs
            for k in range(months)
        ]

    def months_since(self, start: np.ndarray, when: date) -> np.ndarray:
        """Months from the month indices ``start`` (year * 12 + month - 1) to ``when``'s month,
        (same shape). A read that ties the value computed with it to its month: never reused
        for another month."""
        reading = self._reading[-1] if self._reading else None
        if reading is not None:
            reading.reusable = False
        return np.asarray(when.year * 12 + when.month - 1 - start)

    def over_year(self, rule: MonthlyRule, prefixes: Sequence[str]) -> np.ndarray:
        """The annual sum of a monthly rule: each run of unchanged months computed once."""
        (first, months), *rest = self.periods(prefixes)
        # A new float array (the cached monthly values stay intact), full (H, E) shape; a single
        # month's value copied as it is (the same numbers as times one, in a cheaper pass).
        value = self.monthly(rule, first)
        total = (
            np.array(value, dtype=float) if months == 1 else np.multiply(value, months, dtype=float)
        )
        total = np.broadcast_to(total, self.shape).copy() if total.shape != self.shape else total
        for first, months in rest:
            value = self.monthly(rule, first)
            total += value if months == 1 else months * value
        return np.asarray(total)

    def counted(self, program: str, values: np.ndarray) -> np.ndarray:
        """``values`` where the household counts ``program`` (its `programs` list), else 0.

        Programs that other rules read (TANF and SSI as income, Head Start as childcare help,
        SNAP as categorical eligibility) apply it themselves, so that a program the family
        does not take has no effect anywhere.
        """
        mask = self.h.counts[program]
        if mask.all():  # the default: every program counts; skip a pass over the array
            return values
        return np.asarray(values * (mask[:, None] if values.ndim == 2 else mask))

    def by_county(self, lookup: Callable[[str], Any]) -> np.ndarray:
        """``lookup(county_fips)`` for each household, looked up once per distinct county (a
        batch of 10,000 households has a few dozen), as an array of shape (H, ...)."""
        if self._counties is None:
            first: dict[str, int] = {}
            positions = np.fromiter(
                (first.setdefault(code, len(first)) for code in self.h.county_fips),
                dtype=np.intp,
                count=len(self.h.county_fips),
            )
            self._counties = (list(first), positions)
        codes, inverse = self._counties
        return np.asarray(np.asarray([lookup(code) for code in codes], dtype=float)[inverse])

    def broadcast(self, per_household: np.ndarray) -> np.ndarray:
        """An (H,) array as (H, E)."""
        return np.broadcast_to(per_household[:, None], self.shape)


# ----- quantities every rule needs --------------------------------------------------------


def _slots(members: np.ndarray) -> np.ndarray:
    """``members`` (H, E, M) slot by slot, (M, H, E), each slot contiguous: one copy of the
    booleans, after which each slot is read in a contiguous pass (a strided slice of the last
    axis costs several times more, in the casts to floats above all)."""
    return np.ascontiguousarray(np.moveaxis(members, 2, 0))


def weighted_count(members: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Sum over members of ``weights`` (H, M) where ``members`` (H, E, M) is true, (H, E).

    A loop over the few member slots, skipping slots nobody in the batch has weight in: much
    faster than an einsum over (H, E, M).
    """
    out = np.zeros(members.shape[:2])
    slots = _slots(members)
    for m in range(members.shape[2]):
        column = weights[:, m]
        if column.any():
            out += slots[m] * column[:, None]
    return out


def member_count(members: np.ndarray) -> np.ndarray:
    """How many members are true in ``members`` (H, E, M) booleans, as floats (H, E).

    Slot by slot: numpy reduces a short last axis several times slower than it adds a few
    contiguous (H, E) slices; counted in bytes (at most 20 members) and cast once.
    """
    if not members.shape[2]:
        return np.zeros(members.shape[:2])
    slots = _slots(members).view(np.int8)
    count = slots[0].copy()
    for slot in slots[1:]:
        count += slot
    return np.asarray(count, dtype=float)


def member_any(members: np.ndarray) -> np.ndarray:
    """Whether any member is true in ``members`` (H, E, M), (H, E); slot by slot, as above."""
    out = np.zeros(members.shape[:2], dtype=bool)
    for slot in _slots(members):
        out |= slot
    return out


def step(
    ratio: np.ndarray, thresholds: Sequence[float], values: Sequence[float], inclusive: bool
) -> np.ndarray:
    """``values[k]``, k being how many of the ascending ``thresholds`` ``ratio`` has passed
    (reached, with ``inclusive``; exceeded otherwise): a banded scale read in one gather
    rather than one ``np.where`` per band (several times slower each)."""
    passed = np.greater_equal if inclusive else np.greater
    index = _count((passed(ratio, threshold) for threshold in thresholds), np.shape(ratio))
    return np.asarray(np.take(np.asarray(values, dtype=float), index, mode="clip"))


def position(
    thresholds: np.ndarray, values: np.ndarray, side: Literal["left", "right"] = "right"
) -> np.ndarray:
    """``np.searchsorted(thresholds, values, side)`` for a few ascending ``thresholds`` (no
    NaN), as intp: the same indices, NaN values included (placed last), counted as
    thresholds minus those above each value. Over an (H, E) array a count of a few
    comparisons costs a fifth of searchsorted's binary search per element."""
    bounds = np.asarray(thresholds, dtype=float)
    if bounds.size >= 128:
        return np.asarray(np.searchsorted(bounds, values, side=side))
    above = np.less if side == "right" else np.less_equal
    masks = (above(values, bound) for bound in bounds)
    return _count(masks, np.shape(values), total=bounds.size)


def _count(
    masks: Iterable[np.ndarray], shape: tuple[int, ...], total: int | None = None
) -> np.ndarray:
    """How many of ``masks`` (of ``shape``; fewer than 128) are true at each place - or, with
    ``total``, ``total`` less that - as indices (intp). Counted in bytes (a boolean added as
    int8 costs a fraction of one cast to intp) and cast once."""
    count: np.ndarray | None = None
    for mask in masks:
        if count is None:
            count = mask.astype(np.int8)
        else:
            count += mask.view(np.int8)
    if count is None:
        return np.full(shape, total or 0, dtype=np.intp)
    if total is not None:
        np.subtract(np.int8(total), count, out=count)
    return count.astype(np.intp)


# ----- members within their own limit: step functions of one household ratio -------------
#
# Where each member belongs to a set while the household's ratio (income over poverty) is at
# most that member's own limit (Medicaid, CHIP), the sets change only at the household's few
# distinct limits. Between two of them ("a level") every member's membership is fixed, so a
# quantity over members is computed once per level, (H, K + 1), and read at each sweep point
# through the point's level: no (H, E, M) array is built.


def breakpoints(*limits: np.ndarray) -> np.ndarray:
    """Each household's distinct finite limits among ``limits`` (each (H, M)), ascending,
    padded with +inf, (H, K)."""
    values = np.concatenate([np.asarray(v, dtype=float) for v in limits], axis=1)
    values[~np.isfinite(values)] = np.inf
    values.sort(axis=1)
    values[:, 1:][values[:, 1:] == values[:, :-1]] = np.inf  # repeats: one level each
    values.sort(axis=1)
    width = int(np.isfinite(values).sum(axis=1).max(initial=0))
    return np.ascontiguousarray(values[:, :width])


def level_index(ratio: np.ndarray, points: np.ndarray) -> np.ndarray:
    """At each sweep point, the level of ``ratio`` (H, E) among the household's ``points``
    (H, K): how many points are below it, as a flat index into an (H, K + 1) table."""
    rows, width = points.shape
    below = _count((ratio > points[:, k, None] for k in range(width)), ratio.shape)
    return np.asarray(below + (np.arange(rows, dtype=np.intp) * (width + 1))[:, None])


def within_by_level(points: np.ndarray, limits: np.ndarray) -> np.ndarray:
    """Whether each member's ratio is at most their ``limits`` (H, M) at each level of
    ``points`` (H, K), (H, K + 1, M). A limit equal to a point is met up to that point."""
    width = points.shape[1]
    below = _count((points[:, k, None] <= limits for k in range(width)), limits.shape)
    below[limits == np.inf] = width + 1
    return np.asarray(below[:, None, :] > np.arange(width + 1)[None, :, None])


def at_levels(table: np.ndarray, index: np.ndarray) -> np.ndarray:
    """A per-level table (H, K + 1) read at each sweep point's level (``level_index``), (H, E)."""
    # Indices in range by construction: "clip" skips the bounds check (the same values).
    return np.asarray(np.take(np.ascontiguousarray(table).ravel(), index, mode="clip"))


def earnings_of(c: Context, members: np.ndarray) -> np.ndarray:
    """Annual earnings of the given members (an (H, M) mask) at each sweep point, (H, E).

    The swept member's earnings are the sweep; everyone else's are fixed. Summing that way
    never builds an (H, E, M) array, which would cost memory and time on large batches.
    Computed once per distinct mask (programs count the same people month after month).
    """
    return c.for_members(_earnings_of, members)


def _earnings_of(c: Context, members: np.ndarray) -> np.ndarray:
    swept = (c.h.is_earner & members).any(axis=1)
    fixed = (c.h.fixed_earnings * members).sum(axis=1)
    # The mask as floats (1 or 0) below: the same products without a cast of each row.
    # The sum below, without adding zeros or multiplying by one (the same numbers).
    if not fixed.any():
        return c.earnings if swept.all() else np.asarray(c.earnings * swept.astype(float)[:, None])
    if not swept.any():
        return np.broadcast_to(fixed[:, None], c.shape)
    return np.asarray(c.earnings * swept.astype(float)[:, None] + fixed[:, None])


def household_earnings(c: Context) -> np.ndarray:
    return earnings_of(c, c.h.present)


def swept_earnings(c: Context) -> np.ndarray:
    """Earnings of the member the sweep varies, (H, E)."""
    return earnings_of(c, c.h.present & c.h.is_earner)


def other_earnings(c: Context) -> np.ndarray:
    """Earnings of every other member (fixed along the sweep), (H, E)."""
    return earnings_of(c, c.h.present & ~c.h.is_earner)


@dataclass(frozen=True)
class Column:
    """One item of net resources."""

    name: str
    rule: Rule
    kind: str  # "earnings", "tax", "credit", "benefit", "expense", or "detail" (explains others)
    program: str | None = None  # the program name households use in `programs`/`enrolled`


@dataclass(frozen=True)
class Result:
    """Every column for every household at every sweep point, and net resources."""

    earnings: np.ndarray
    columns: dict[str, np.ndarray]
    kinds: dict[str, str]

    @property
    def net_resources(self) -> np.ndarray:
        """Earnings + benefits + refundable credits - taxes - expenses.

        Columns of kind "detail" explain other columns and are not added again.
        """
        total = np.zeros_like(self.earnings, dtype=float)
        for name, values in self.columns.items():
            kind = self.kinds[name]
            if kind in {"tax", "expense"}:
                total = total - values
            elif kind != "detail":
                total = total + values
        return total


def evaluate(
    households: Sequence[HouseholdIn] | Households,
    earnings: np.ndarray,
    columns: Iterable[Column],
    params: ParameterTree | None = None,
    fips: Sequence[str] | None = None,
) -> Result:
    """Evaluate ``columns`` for one state-and-year batch over the earnings sweep.

    ``earnings`` is (E,) for one sweep shared by all households or (H, E).
    """
    if isinstance(households, Households):
        arrays = households
    else:
        assert fips is not None
        arrays = to_arrays(list(zip(households, fips, strict=True)))
    grid = np.asarray(earnings, dtype=float)
    if grid.ndim == 1:
        # Laid out in full: rules' passes over a contiguous (H, E) array run faster than
        # over the shared row read again for every household (the same numbers).
        grid = np.ascontiguousarray(np.broadcast_to(grid, (len(arrays), grid.shape[0])))
    if grid.size >= LARGE_BATCH:
        keep_freed_memory()
    c = Context(arrays, grid, params or default_tree())
    out: dict[str, np.ndarray] = {}
    kinds: dict[str, str] = {}
    for column in columns:
        values = np.asarray(c(column.rule), dtype=float)
        if column.program is not None and not arrays.counts[column.program].all():
            values = values * arrays.counts[column.program][:, None]
        out[column.name] = values if values.shape == c.shape else np.broadcast_to(values, c.shape)
        kinds[column.name] = column.kind
    return Result(grid, out, kinds)
