"""Values a user supplies for periods OpenLER has no published value for.

A parameter that is not published for a month is an error naming it (never a carried-forward
guess). A caseworker who holds the figure - a state's new SNAP utility allowance in its
October notice, say - can supply it, with its source, in a YAML file of the parameter format:

```yaml
states.fl.snap.standard_utility_allowance:
  reference:
    - title: Florida DCF, ESS Program Policy Manual, Appendix A-1 (effective Oct. 1, 2026)
      href: https://www.myflfamilies.com/...
  values:
    2026-10-01: 441
  in_force_until: 2027-09-30
```

Only new periods are accepted: the supplied values must start the day after the last one the
shipped parameter covers (no gap, in which the old value would silently carry forward), so
published values are never replaced here (a policy change is a
scenario, not a correction). ``description`` and ``unit`` may be left out (the shipped ones
apply); a unit given must be the shipped one. The merged parameter keeps the shipped
references and adds the user's, marked as supplied, so every result can say where each figure
came from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from openler.benefits.params import (
    Parameter,
    ParameterError,
    ParameterTree,
    Reference,
    parse_parameter,
)

SUPPLIED = "Supplied by the user: "


@dataclasses.dataclass(frozen=True)
class Supplied:
    """A shipped parameter extended with the user's values from ``first`` on."""

    parameter: Parameter
    first: date
    sources: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.parameter.name} from {self.first.isoformat()} ({'; '.join(self.sources)})"


def read_supplied(path: Path, tree: ParameterTree) -> list[Supplied]:
    """The parameters of ``tree`` named in the YAML file at ``path``, each extended with the
    user's values (see the module's docstring); ParameterError names what is wrong."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ParameterError(f"{path}: not a readable YAML file ({error}).") from None
    if not isinstance(document, Mapping) or not document:
        raise ParameterError(f"{path}: expected parameter names mapped to their values.")
    return [_extended(tree, str(name), given) for name, given in document.items()]


def with_supplied(tree: ParameterTree, supplied: list[Supplied]) -> ParameterTree:
    return tree.replaced(s.parameter for s in supplied)


def _extended(tree: ParameterTree, name: str, given: Any) -> Supplied:
    if name not in tree:
        raise ParameterError(f"No parameter is named {name!r}.", field=name)
    shipped = tree[name]
    if not isinstance(given, Mapping):
        raise ParameterError(f"{name}: expected reference, values and in_force_until.", field=name)
    if given.get("unit", shipped.unit) != shipped.unit:
        raise ParameterError(
            f"{name}: the unit is {shipped.unit}, not {given['unit']!r}.", field=f"{name}.unit"
        )
    supplied = parse_parameter(
        name, {"description": shipped.description, "unit": shipped.unit, **given}
    )
    covered_to = shipped.in_force_until
    if covered_to is None:
        raise ParameterError(
            f"{name} is in force with no end date: there is no period to supply.", field=name
        )
    first, expected = supplied.starts[0], covered_to + timedelta(days=1)
    if first != expected:
        # Earlier would replace a published value; later would leave a gap in which the last
        # shipped value silently carried forward.
        raise ParameterError(
            f"{name} is published through {covered_to.isoformat()}; supplied values must start "
            f"on {expected.isoformat()}, not on {first.isoformat()}.",
            field=f"{name}.values",
        )
    extended = dataclasses.replace(
        shipped,
        references=(
            *shipped.references,
            *(Reference(SUPPLIED + r.title, r.href) for r in supplied.references),
        ),
        starts=(*shipped.starts, *supplied.starts),
        values=(*shipped.values, *supplied.values),
        in_force_until=supplied.in_force_until,
    )
    return Supplied(extended, first, tuple(r.title for r in supplied.references))
