"""Achievements an organization certifies, with alignments to skills frameworks.

An alignment points at a skill, competency or occupation in a framework: an O*NET element
(``targetFramework`` "O*NET", ``targetCode`` like ``2.A.1.a``), a CTDL competency
(``targetType`` ``ceasn:Competency``) or a CASE item (``CFItem``). The stored Achievement is
validated by the Open Badges 3.0 model of the credentials library before it is saved, so every
credential issued for it passes the schema check.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from openler.credentials.models.ob3 import Achievement as AchievementModel
from openler.credentials.models.parse import validate_as
from openler.errors import NotFoundError, ValidationError
from openler.services import audit
from openler.services.context import Actor
from openler.services.issuer.identity import authorize
from openler.store.models import Achievement, Organization

ALIGNMENT_FIELDS = ("targetName", "targetUrl", "targetCode", "targetFramework", "targetType")


def _alignments(raw: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for n, given in enumerate(raw):
        unknown = sorted(set(given) - set(ALIGNMENT_FIELDS))
        if unknown:
            raise ValidationError(
                f"Alignment {n + 1} has unknown fields {unknown}; allowed: {ALIGNMENT_FIELDS}.",
                field=f"alignments[{n}].{unknown[0]}",
            )
        kept = {k: str(v).strip() for k, v in given.items() if v is not None and str(v).strip()}
        url = urlsplit(kept.get("targetUrl", ""))
        if url.scheme not in ("https", "http") or not url.netloc:
            raise ValidationError(
                f"Alignment {n + 1} needs targetUrl, the web address of the skill or framework "
                "item (https://...).",
                field=f"alignments[{n}].targetUrl",
            )
        if not kept.get("targetName"):
            raise ValidationError(
                f"Alignment {n + 1} needs targetName.", field=f"alignments[{n}].targetName"
            )
        out.append({"type": ["Alignment"], **kept})
    return out


def achievement_json(row: Achievement) -> dict[str, Any]:
    """The Open Badges 3.0 Achievement object for a stored achievement."""
    out: dict[str, Any] = {
        "id": row.uid,
        "type": ["Achievement"],
        "achievementType": row.achievement_type,
        "name": row.name,
        "description": row.description,
        "criteria": {"narrative": row.criteria_narrative},
    }
    if row.alignments:
        out["alignment"] = [dict(a) for a in row.alignments]
    return out


def define(
    db: Session,
    actor: Actor,
    org: Organization,
    *,
    name: str,
    description: str,
    criteria: str,
    achievement_type: str = "Certificate",
    alignments: Sequence[dict[str, Any]] = (),
    now: datetime,
) -> Achievement:
    """Save an achievement of ``org`` after checking it against the Open Badges 3.0 model."""
    actor = authorize(actor, org)
    for field, value, limit in (("name", name, 200), ("description", description, 5000)):
        if not value.strip() or len(value) > limit:
            raise ValidationError(f"The {field} must be 1 to {limit} characters.", field=field)
    if not criteria.strip():
        raise ValidationError("Say what earns this achievement (criteria).", field="criteria")
    row = Achievement(
        uid=f"urn:uuid:{uuid.uuid4()}",
        organization_id=org.id,
        name=name.strip(),
        description=description.strip(),
        criteria_narrative=criteria.strip(),
        achievement_type=achievement_type.strip(),
        alignments=_alignments(alignments),
        created_by=actor.user_id,
        created_at=now,
    )
    validate_as(AchievementModel, achievement_json(row))  # names the field that breaks OB 3.0
    db.add(row)
    db.flush()
    audit.record(
        db,
        actor,
        "issuer.achievement_defined",
        now=now,
        detail={"organization": org.slug, "achievement": row.id},
    )
    return row


def of_org(db: Session, org: Organization) -> Sequence[Achievement]:
    return db.scalars(
        select(Achievement).where(Achievement.organization_id == org.id).order_by(Achievement.name)
    ).all()


def get(db: Session, org: Organization, achievement_id: int) -> Achievement:
    row = db.get(Achievement, achievement_id)
    if row is None or row.organization_id != org.id:
        raise NotFoundError(f"{org.name} has no achievement {achievement_id}.", field="achievement")
    return row
