"""Parameters: the numbers of the law, each a small cited YAML file with dated values.

See ``parameters/README.md`` for the file format. A parameter is asked for its value on a
date; a date before its first value or after the date it is known to hold until raises
:class:`ParameterNotPublished`, which names the parameter: the engine never carries an old
value forward silently.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from openler.errors import OpenLERError

PARAMETERS_DIR = Path(__file__).parent / "parameters"
UNITS = frozenset(
    {
        "USD",
        "USD/month",
        "USD/week",
        "USD/day",
        "USD/meal",
        "rate",
        "percent_fpl",
        "count",
        "age",
        "hours",
        "bool",
        "text",
    }
)
REQUIRED = ("description", "unit", "reference", "values", "in_force_until")

# The C loader is several times faster; fall back where libyaml is missing.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ParameterError(OpenLERError):
    """A parameter file breaks the format (a bug in the data, caught at load time)."""

    code = "PARAMETER_INVALID"
    http_status = 500


class ParameterNotPublished(OpenLERError):
    """No value is published for the requested date."""

    code = "PARAMETER_NOT_PUBLISHED"
    http_status = 422


@dataclass(frozen=True)
class Reference:
    title: str
    href: str


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    references: tuple[Reference, ...]
    starts: tuple[date, ...]
    values: tuple[Any, ...]
    in_force_until: date | None  # None: fixed by statute, no scheduled change
    index: str | None = None

    def at(self, when: date) -> Any:
        """The value in force on ``when``."""
        if when < self.starts[0]:
            raise ParameterNotPublished(
                f"{self.name} has no value before {self.starts[0].isoformat()} "
                f"(asked for {when.isoformat()}).",
                field=self.name,
            )
        if self.in_force_until is not None and when > self.in_force_until:
            raise ParameterNotPublished(
                f"{self.name} is published only through {self.in_force_until.isoformat()}; "
                f"no value is known for {when.isoformat()}. Choose an earlier year, or add the "
                "newly published value to the parameter file.",
                field=self.name,
            )
        return self.values[bisect.bisect_right(self.starts, when) - 1]

    def period_start(self, when: date) -> date:
        """The date from which the value in force on ``when`` applies."""
        self.at(when)
        return self.starts[bisect.bisect_right(self.starts, when) - 1]


def _as_date(value: Any, name: str, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ParameterError(f"{name}: {what} {value!r} is not a date (YYYY-MM-DD).") from None


def _check_value(name: str, value: Any) -> None:
    if isinstance(value, int | float | str):  # bool is an int
        return
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            _check_brackets(name, value)
            return
        for item in value:
            if not isinstance(item, int | float) or isinstance(item, bool):
                raise ParameterError(f"{name}: list values must be numbers, not {item!r}.")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            _check_value(f"{name}[{key}]", item)
        return
    raise ParameterError(f"{name}: value {value!r} is not a number, list, mapping or brackets.")


def _check_brackets(name: str, brackets: list[dict[str, Any]]) -> None:
    thresholds = []
    for bracket in brackets:
        if "threshold" not in bracket or not ({"rate", "amount"} & bracket.keys()):
            raise ParameterError(f"{name}: each bracket needs a threshold and a rate or amount.")
        thresholds.append(bracket["threshold"])
    if thresholds[0] != 0 or thresholds != sorted(thresholds):
        raise ParameterError(f"{name}: bracket thresholds must start at 0 and ascend.")


def parse_parameter(name: str, document: Mapping[str, Any]) -> Parameter:
    missing = [key for key in REQUIRED if key not in document]
    if missing:
        raise ParameterError(f"{name}: missing {', '.join(missing)}.")
    unit = document["unit"]
    if unit not in UNITS:
        raise ParameterError(f"{name}: unit {unit!r} is not one of {', '.join(sorted(UNITS))}.")
    references = tuple(
        Reference(str(r.get("title", "")), str(r.get("href", ""))) for r in document["reference"]
    )
    if not references or any(not r.title or not r.href for r in references):
        raise ParameterError(f"{name}: every reference needs a title and an href.")
    raw = document["values"]
    if not isinstance(raw, dict) or not raw:
        raise ParameterError(f"{name}: values must map dates to values.")
    items = sorted((_as_date(k, name, "start"), v) for k, v in raw.items())
    for _, value in items:
        _check_value(name, value)
    until_raw = document["in_force_until"]
    until = None if until_raw == "open" else _as_date(until_raw, name, "in_force_until")
    if until is not None and until < items[-1][0]:
        raise ParameterError(f"{name}: in_force_until is before the newest value's start.")
    return Parameter(
        name=name,
        description=str(document["description"]),
        unit=unit,
        references=references,
        starts=tuple(d for d, _ in items),
        values=tuple(v for _, v in items),
        in_force_until=until,
        index=document.get("index"),
    )


def _name_of(path: Path, root: Path) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts)


class ParameterTree(Mapping[str, Parameter]):
    """All parameters by dotted name."""

    def __init__(self, parameters: Iterable[Parameter]):
        self._by_name = {p.name: p for p in parameters}
        # A tree never changes once built, so the month runs of a year are computed once per
        # process: the engine asks for them for every program in every evaluation.
        self._runs: dict[tuple[tuple[str, ...], int], list[tuple[date, int]]] = {}

    def month_runs(self, prefixes: tuple[str, ...], year: int) -> list[tuple[date, int]]:
        """Runs of months of ``year`` in which no parameter under ``prefixes`` changes, as
        (first day of the run, number of months).

        A parameter not in force in some month does not split the runs: it only matters if a
        rule reads it, and then the read itself raises ParameterNotPublished, naming it.
        """
        key = (prefixes, year)
        if key not in self._runs:
            names = [n for n in self._by_name if n.startswith(prefixes)]
            runs: list[tuple[date, int]] = []
            previous: tuple[date | None, ...] | None = None
            for month in range(1, 13):
                first = date(year, month, 1)
                starts = tuple(self._start_or_none(n, first) for n in names)
                if starts == previous:
                    runs[-1] = (runs[-1][0], runs[-1][1] + 1)
                else:
                    runs.append((first, 1))
                    previous = starts
            self._runs[key] = runs
        return list(self._runs[key])

    def _start_or_none(self, name: str, when: date) -> date | None:
        try:
            return self._by_name[name].period_start(when)
        except ParameterNotPublished:
            return None

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._by_name[name]
        except KeyError:
            raise ParameterError(f"No parameter is named {name!r}.", field=name) from None

    def __contains__(self, name: object) -> bool:
        # Mapping's default goes through __getitem__, whose error is not a KeyError.
        return name in self._by_name

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def value(self, name: str, when: date) -> Any:
        return self[name].at(when)


def load_tree(root: Path = PARAMETERS_DIR) -> ParameterTree:
    parameters = []
    for path in sorted(root.rglob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            document = yaml.load(handle, Loader=_Loader)  # noqa: S506 - a SafeLoader
        parameters.append(parse_parameter(_name_of(path, root), document))
    return ParameterTree(parameters)


@cache
def default_tree() -> ParameterTree:
    """The parameters shipped with OpenLER, loaded once per process."""
    return load_tree()


def with_additions(shipped: ParameterTree, extra: ParameterTree) -> ParameterTree:
    """``shipped`` plus ``extra``'s values for the periods it does not cover (the user's own
    imports of newer or older agency tables): a shipped value is never replaced."""
    merged = dict(shipped.items())
    for name, added in extra.items():
        own = merged.get(name)
        if own is None:
            merged[name] = added
            continue
        last = own.in_force_until
        outside = [
            (start, value)
            for start, value in zip(added.starts, added.values, strict=True)
            if start < own.starts[0] or (last is not None and start > last)
        ]
        items = sorted([*zip(own.starts, own.values, strict=True), *outside], key=lambda i: i[0])
        until = last
        if last is not None and added.in_force_until is not None:
            until = max(last, added.in_force_until)
        merged[name] = Parameter(
            name=name,
            description=own.description,
            unit=own.unit,
            references=own.references + added.references,
            starts=tuple(s for s, _ in items),
            values=tuple(v for _, v in items),
            in_force_until=until,
            index=own.index,
        )
    return ParameterTree(merged.values())
