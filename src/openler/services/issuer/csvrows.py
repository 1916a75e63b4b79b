"""The CSV a bulk issue reads, checked row by row before anything is signed.

Columns (a header row is required; names are case-insensitive, order is free):

==================  ========  ==========================================================
column              required  value
==================  ========  ==========================================================
``email``           yes       the recipient's email; delivery to an OpenLER wallet is by
                              exact (case-insensitive) match with an account's email
``name``            yes       the recipient's name, as it appears on the credential
``issued_on``       no        the date the achievement was earned, ``YYYY-MM-DD``
                              (``validFrom``); the signing time when empty
``result``          no        a result value (a grade, a score), up to 200 characters
``result_status``   no        Completed, Enrolled, Failed, InProgress, OnHold or Withdrew
==================  ========  ==========================================================
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any

from openler.errors import ValidationError
from openler.services.issuer.build import Recipient
from openler.services.issuer.recipients import check_fields

COLUMNS = ("email", "name", "issued_on", "result", "result_status")
REQUIRED = ("email", "name")
MAX_ROWS = 1_000_000


@dataclass(frozen=True)
class RowError:
    row: int  # 1 = the first row after the header
    field: str
    code: str
    message: str


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@cache
def _date(text: str) -> str:
    """``issued_on`` as stored on the batch (ISO date-time, UTC midnight)."""
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        return datetime.combine(date.fromisoformat(text), time(), UTC).isoformat()
    except ValueError:
        raise ValidationError(
            f"issued_on must be a date YYYY-MM-DD, not {text!r}.", field="issued_on"
        ) from None


def _header(reader: Any) -> list[str]:
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ValidationError("The CSV file is empty.", field="file") from None
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing or len(set(header)) != len(header):
        raise ValidationError(
            f"The header row must name the columns {', '.join(COLUMNS)} (email and name "
            f"required, each once); unknown: {unknown or 'none'}, missing: {missing or 'none'}.",
            field="file",
        )
    return header


def _row(values: dict[str, str]) -> dict[str, Any]:
    """One CSV row checked, in the form kept on the batch (see ``from_json``)."""
    result = values.get("result") or None
    status = values.get("result_status") or None
    email, name = check_fields(values.get("email", ""), values.get("name", ""), result, status)
    row: dict[str, Any] = {"email": email, "name": name}
    if values.get("issued_on"):
        row["issued_on"] = _date(values["issued_on"])
    if result is not None:
        row["result"] = result
    if status is not None:
        row["result_status"] = status
    return row


def read(data: bytes) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Every row checked: the rows (``from_json`` form) and every error found."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("The CSV file must be UTF-8 text.", field="file") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = _header(reader)
    recipients: list[dict[str, Any]] = []
    errors: list[RowError] = []
    for number, cells in enumerate(reader, start=1):
        if number > MAX_ROWS:
            raise ValidationError(f"A batch has at most {MAX_ROWS:,} rows.", field="file")
        if not any(c.strip() for c in cells):
            errors.append(RowError(number, "row", "ROW_EMPTY", "The row is empty."))
            continue
        if len(cells) != len(header):
            message = f"The row has {len(cells)} cells; the header has {len(header)}."
            errors.append(RowError(number, "row", "ROW_SHAPE", message))
            continue
        try:
            recipients.append(_row(dict(zip(header, (c.strip() for c in cells), strict=True))))
        except ValidationError as error:
            errors.append(RowError(number, error.field or "row", error.code, error.message))
    if not recipients and not errors:
        raise ValidationError("The CSV file has a header but no rows.", field="file")
    return recipients, errors


def from_json(row: dict[str, Any]) -> Recipient:
    issued = row.get("issued_on")
    return Recipient(
        email=row["email"],
        name=row["name"],
        issued_on=datetime.fromisoformat(issued) if issued else None,
        result=row.get("result"),
        result_status=row.get("result_status"),
    )


def errors_json(errors: list[RowError]) -> list[dict[str, Any]]:
    return [asdict(e) for e in errors]
