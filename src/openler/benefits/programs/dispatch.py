"""What programs run by each state share: finding the state's module, and errors that say how
to compute the rest without the program.

A state whose program is not modelled is refused, never answered with zero; a value not yet
published for the year names the parameter and tells the user to leave the program out of
the household's `programs` list to compute everything else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import ModuleType
from typing import TypeVar

from openler.benefits.engine import Context
from openler.benefits.params import ParameterNotPublished
from openler.errors import NotBuiltError

T = TypeVar("T")


def state_module(
    c: Context, states: Mapping[str, ModuleType], program: str, what: str
) -> ModuleType:
    """The module of the households' state for ``program`` (described as ``what``)."""
    module = states.get(c.h.state)
    if module is None:
        raise NotBuiltError(
            f"{what} of {c.h.state} is not modelled yet; leave '{program}' out of the "
            "household's programs list to compute the rest.",
            field="state",
        )
    return module


_HINT = "To compute everything else, leave"


@contextmanager
def leave_out_hint(program: str) -> Iterator[None]:
    """Add to an unpublished-parameter error how to compute everything but ``program``; an
    error that already names a program (raised by one this program reads) keeps it."""
    try:
        yield
    except ParameterNotPublished as exc:
        if _HINT in exc.message:
            raise
        raise ParameterNotPublished(
            f"{exc.message} {_HINT} '{program}' out of the household's programs list.",
            field=exc.field,
        ) from None


def with_leave_out_hint(program: str, compute: Callable[[], T]) -> T:
    """``compute()``, its unpublished-parameter errors saying how to do without ``program``."""
    with leave_out_hint(program):
        return compute()
