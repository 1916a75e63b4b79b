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
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from openler.errors import ValidationError
from openler.services.issuer.build import Recipient
from openler.services.issuer.recipients import check_recipient

COLUMNS = ("email", "name", "issued_on", "result", "result_status")
REQUIRED = ("email", "name")
MAX_ROWS = 1_000_000


@dataclass(frozen=True)
class RowError:
    row: int  # 1 = the first row after the header
    field: str
    code: str
    message: str


def _date(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
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


def _recipient(values: dict[str, str]) -> Recipient:
    issued = values.get("issued_on") or ""
    return check_recipient(
        Recipient(
            email=values.get("email", ""),
            name=values.get("name", ""),
            issued_on=_date(issued) if issued else None,
            result=values.get("result") or None,
            result_status=values.get("result_status") or None,
        )
    )


def read(data: bytes) -> tuple[list[Recipient], list[RowError]]:
    """Every row checked; the recipients when there are no errors, else every error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("The CSV file must be UTF-8 text.", field="file") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = _header(reader)
    recipients: list[Recipient] = []
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
            recipients.append(
                _recipient(dict(zip(header, (c.strip() for c in cells), strict=True)))
            )
        except ValidationError as error:
            errors.append(RowError(number, error.field or "row", error.code, error.message))
    if not recipients and not errors:
        raise ValidationError("The CSV file has a header but no rows.", field="file")
    return recipients, errors


def to_json(who: Recipient) -> dict[str, Any]:
    """A validated row as kept on the batch (for resuming)."""
    out = {k: v for k, v in asdict(who).items() if v is not None}
    if who.issued_on is not None:
        out["issued_on"] = who.issued_on.isoformat()
    return out


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
