"""Checking who a credential is for (one person, or a CSV row)."""

from __future__ import annotations

import re
from dataclasses import replace

from openler.credentials.models.ob3 import RESULT_STATUS_TYPES
from openler.errors import ValidationError
from openler.services.issuer.build import Recipient

# Deliberately simple: something@domain.tld, no spaces. Delivery is by exact match.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def check_recipient(who: Recipient) -> Recipient:
    email = who.email.strip().lower()
    if len(email) > 320 or not _EMAIL.fullmatch(email):
        raise ValidationError(f"{who.email!r} is not an email address.", field="email")
    name = who.name.strip()
    if not 1 <= len(name) <= 200:
        raise ValidationError("The recipient's name must be 1 to 200 characters.", field="name")
    if who.result_status is not None and who.result_status not in RESULT_STATUS_TYPES:
        raise ValidationError(
            f"result_status must be one of {', '.join(RESULT_STATUS_TYPES)}, "
            f"not {who.result_status!r}.",
            field="result_status",
        )
    if who.result is not None and len(who.result) > 200:
        raise ValidationError("result is at most 200 characters.", field="result")
    return replace(who, email=email, name=name)
