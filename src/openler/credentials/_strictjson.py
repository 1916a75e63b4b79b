"""JSON parsing that refuses what a credential must never contain.

Python's ``json`` keeps the last of two equal keys and accepts ``NaN``/``Infinity``. In a
signed document either is an ambiguity an attacker can use (two parsers reading different
values from the same bytes), so both are rejected here.
"""

from __future__ import annotations

import json
from typing import Any


class StrictJSONError(ValueError):
    """The text is not strict JSON (syntax, duplicate key, non-finite number)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise StrictJSONError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise StrictJSONError(f"{name} is not JSON")


def loads_object(text: str | bytes) -> dict[str, Any]:
    """Parse ``text`` as one JSON object; raise :class:`StrictJSONError` otherwise."""
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except StrictJSONError:
        raise
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise StrictJSONError(str(exc)) from None
    if not isinstance(value, dict):
        raise StrictJSONError("the JSON value is not an object")
    return value
