"""Parameters: the numbers of the law, each a small cited YAML file with dated values.

See ``parameters/README.md`` for the file format. A parameter is asked for its value on a
date; a date before its first value or after the date it is known to hold until raises
:class:`ParameterNotPublished`, which names the parameter: the engine never carries an old
value forward silently.
"""

from __future__ import annotations

import atexit
import bisect
import os
import pickle
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from platformdirs import user_cache_dir

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
                f"no value is known for {when.isoformat()}. Choose an earlier year, or supply the "
                "newly published value with its source (--supplied FILE, docs/benefits.md).",
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
    """All parameters by dotted name.

    Parameters may be given parsed, or as files read on first use: a run for one state then
    reads only the federal files and that state's, which keeps the command line's cold start
    short (the HUD tables of five states alone are several hundred kilobytes of YAML).
    """

    def __init__(
        self,
        parameters: Iterable[Parameter] = (),
        files: Mapping[str, Path] | None = None,
        parsed: ParsedFiles | None = None,
    ):
        self._by_name = {p.name: p for p in parameters}
        self._parsed = parsed
        self._files = {n: f for n, f in (files or {}).items() if n not in self._by_name}
        self._names = [*self._by_name, *self._files]
        # A tree never changes once built, so the month runs of a year are computed once per
        # process: the engine asks for them for every program in every evaluation.
        self._runs: dict[tuple[tuple[str, ...], int], list[tuple[date, int]]] = {}
        self._starts: dict[tuple[str, date], date | None] = {}
        self._same: dict[tuple[frozenset[str], date, date], bool] = {}

    def month_runs(self, prefixes: tuple[str, ...], year: int) -> list[tuple[date, int]]:
        """Runs of months of ``year`` in which no parameter under ``prefixes`` changes, as
        (first day of the run, number of months).

        A parameter not in force in some month does not split the runs: it only matters if a
        rule reads it, and then the read itself raises ParameterNotPublished, naming it.
        """
        key = (prefixes, year)
        if key not in self._runs:
            names = [n for n in self._names if n.startswith(prefixes)]
            runs: list[tuple[date, int]] = []
            previous: tuple[date | None, ...] | None = None
            for month in range(1, 13):
                first = date(year, month, 1)
                starts = tuple(self.start_or_none(n, first) for n in names)
                if starts == previous:
                    runs[-1] = (runs[-1][0], runs[-1][1] + 1)
                else:
                    runs.append((first, 1))
                    previous = starts
            self._runs[key] = runs
        return list(self._runs[key])

    def same_starts(self, names: frozenset[str], first: date, second: date) -> bool:
        """Whether every parameter of ``names`` has the same value in force on both dates (the
        same start, or none on both); kept, as the starts are (batches ask again)."""
        key = (names, first, second)
        same = self._same.get(key)
        if same is None:
            start = self.start_or_none
            same = self._same[key] = all(start(n, first) == start(n, second) for n in names)
        return same

    def start_or_none(self, name: str, when: date) -> date | None:
        """The date from which the value in force on ``when`` applies; None where no value is
        in force (kept: the engine asks again for every batch)."""
        key = (name, when)
        try:
            return self._starts[key]
        except KeyError:
            pass
        start: date | None
        try:
            start = self[name].period_start(when)
        except ParameterNotPublished:
            start = None
        self._starts[key] = start
        return start

    def __getitem__(self, name: str) -> Parameter:
        found = self._by_name.get(name)
        if found is None:
            path = self._files.get(name)
            if path is None:
                raise ParameterError(f"No parameter is named {name!r}.", field=name)
            read = self._parsed.read if self._parsed else read_parameter
            found = self._by_name[name] = read(name, path)
        return found

    def __contains__(self, name: object) -> bool:
        # Mapping's default goes through __getitem__, whose error is not a KeyError.
        return name in self._by_name or name in self._files

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default  # noqa: SIM401 - this is get()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def replaced(self, parameters: Iterable[Parameter]) -> ParameterTree:
        """This tree with ``parameters`` added or replacing those of the same name (files not
        read yet stay unread)."""
        given = list(parameters)
        names = {p.name for p in given}
        kept = [p for n, p in self._by_name.items() if n not in names]
        files = {n: f for n, f in self._files.items() if n not in names}
        return ParameterTree([*kept, *given], files, self._parsed)

    def value(self, name: str, when: date) -> Any:
        return self[name].at(when)


def read_parameter(name: str, path: Path) -> Parameter:
    with path.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=_Loader)  # noqa: S506 - a SafeLoader
    return parse_parameter(name, document)


class ParsedFiles:
    """Parsed parameter files kept between runs, like Python's own ``__pycache__``.

    Reading YAML is most of a one-household sweep's start-up. Each file's parse is reused
    while the file's size and modification time are unchanged; the cache lives in the user's
    cache folder, is written at exit only when something new was parsed, and is ignored (not
    an error) when it cannot be read or written. The key also carries this module's own size
    and time, so a change to how parameters are parsed invalidates it.
    """

    def __init__(self, folder: Path, stamp: str | None = None):
        if stamp is None:
            source = Path(__file__).stat()
            stamp = f"{source.st_size}-{source.st_mtime_ns}"
        self.path = folder / f"parameters-{stamp}.pickle"
        self.entries: dict[str, tuple[tuple[int, int], Parameter]] | None = None
        self.dirty = False

    def read(self, name: str, path: Path) -> Parameter:
        if self.entries is None:
            self.entries = self._load()
        stat = path.stat()
        key = (stat.st_size, stat.st_mtime_ns)
        cached = self.entries.get(str(path))
        if cached is not None and cached[0] == key:
            return cached[1]
        parameter = read_parameter(name, path)
        self.entries[str(path)] = (key, parameter)
        if not self.dirty:
            self.dirty = True
            atexit.register(self._save)
        return parameter

    def _load(self) -> dict[str, tuple[tuple[int, int], Parameter]]:
        try:
            with self.path.open("rb") as handle:
                entries = pickle.load(handle)  # noqa: S301 - our own cache, in the user's folder
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            return {}
        return entries if isinstance(entries, dict) else {}

    def _save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(f".{os.getpid()}.tmp")
            with partial.open("wb") as handle:
                pickle.dump(self.entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(self.path)  # atomic: a concurrent reader sees old or new, whole
            for stale in self.path.parent.glob("parameters-*.pickle"):
                if stale != self.path:  # written by another version of this module
                    stale.unlink(missing_ok=True)
        except OSError:
            pass


def load_tree(root: Path = PARAMETERS_DIR, parsed: ParsedFiles | None = None) -> ParameterTree:
    """The parameters under ``root``, each file read when a rule first asks for it (every
    file is checked by the test suite, which reads them all)."""
    files = {_name_of(p, root): p for p in sorted(root.rglob("*.yaml"))}
    return ParameterTree(files=files, parsed=parsed)


@cache
def default_tree() -> ParameterTree:
    """The parameters shipped with OpenLER, loaded once per process (parsed files reused
    between runs, see ParsedFiles)."""
    return load_tree(parsed=ParsedFiles(Path(user_cache_dir("openler"))))


def with_additions(shipped: ParameterTree, extra: ParameterTree) -> ParameterTree:
    """``shipped`` plus ``extra``'s values for the periods it does not cover (the user's own
    imports of newer or older agency tables): a shipped value is never replaced."""
    merged: dict[str, Parameter] = {}
    for name, added in extra.items():
        own = shipped.get(name)
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
    return shipped.replaced(merged.values())
