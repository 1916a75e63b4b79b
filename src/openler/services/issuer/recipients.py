"""Checking who a credential is for (one person, or a CSV row)."""

from __future__ import annotations

import re
from dataclasses import replace

from openler.credentials.models.ob3 import RESULT_STATUS_TYPES
from openler.errors import ValidationError
from openler.services.issuer.build import Recipient

# Deliberately simple: something@domain.tld, no spaces. Delivery is by exact match.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_STATUSES = frozenset(RESULT_STATUS_TYPES)


def check_fields(
    email: str, name: str, result: str | None, result_status: str | None
) -> tuple[str, str]:
    """The normalized (email, name); ValidationError naming the first bad field."""
    email = email.strip().lower()
    if len(email) > 320 or not _EMAIL.fullmatch(email):
        raise ValidationError(f"{email!r} is not an email address.", field="email")
    name = name.strip()
    if not 1 <= len(name) <= 200:
        raise ValidationError("The recipient's name must be 1 to 200 characters.", field="name")
    if result_status is not None and result_status not in _STATUSES:
        raise ValidationError(
            f"result_status must be one of {', '.join(RESULT_STATUS_TYPES)}, "
            f"not {result_status!r}.",
            field="result_status",
        )
    if result is not None and len(result) > 200:
        raise ValidationError("result is at most 200 characters.", field="result")
    return email, name


def check_recipient(who: Recipient) -> Recipient:
    email, name = check_fields(who.email, who.name, who.result, who.result_status)
    return replace(who, email=email, name=name)
