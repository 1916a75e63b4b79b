"""A base for the credentials errors whose codes come from one closed table per module."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from openler.errors import OpenLERError


class TableCodedError(OpenLERError):
    """An error whose ``code`` must be a key of the subclass's ``codes`` table."""

    codes: ClassVar[Mapping[str, str]] = {}
    default_field: ClassVar[str] = ""
    http_status = 422

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        if code not in self.codes:
            raise ValueError(f"{code!r} is not in the {type(self).__name__} code table")
        super().__init__(message, field=field or self.default_field or None, code=code)
