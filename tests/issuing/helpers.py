"""Builders for issuing tests: an organization, its issuer, an achievement, a verifier."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from openler.credentials.verify import VerificationReport, offline_sources, verify
from openler.services.context import Actor
from openler.services.issuer import achievements, bulk
from openler.services.issuer.identity import Site
from openler.services.issuer.keys import did_document
from openler.store import repositories as repo
from openler.store.db import transaction
from openler.store.models import Achievement, Organization, StatusListRecord
from tests.services.helpers import make_org, make_user
from tests.support.clock import FakeClock

SITE = Site("https://openler.example.gov")
ONET_ALIGNMENT = {
    "targetName": "Operation and Control",
    "targetUrl": "https://www.onetonline.org/find/descriptor/result/2.B.3.k",
    "targetCode": "2.B.3.k",
    "targetFramework": "O*NET",
}


@dataclass
class IssuerSetup:
    org: Organization
    actor: Actor
    achievement: Achievement


def setup_issuer(db: Session, clock: FakeClock, slug: str = "lake-college") -> IssuerSetup:
    make_org(db, clock, slug=slug)
    org = repo.organization_by_slug(db, slug)
    assert org is not None
    user = make_user(db, clock, email=f"issuer@{slug}.edu", roles=("issuer",), orgs=(slug,))
    actor = Actor.for_user(user, "web")
    achievement = achievements.define(
        db,
        actor,
        org,
        name="Forklift Operator",
        description="Operates a counterbalance forklift safely.",
        criteria="Passed the written and driving tests.",
        alignments=[ONET_ALIGNMENT],
        now=clock(),
    )
    return IssuerSetup(org, actor, achievement)


def published_documents(db: Session, org: Organization) -> dict[str, Mapping[str, Any]]:
    """What the web serves for ``org``: its DID document and its status list credentials."""
    documents: dict[str, Mapping[str, Any]] = {SITE.did(org): did_document(db, SITE, org)}
    for record in db.scalars(
        select(StatusListRecord).where(StatusListRecord.organization_id == org.id)
    ):
        assert record.credential is not None
        documents[SITE.status_list_url(org, record.id)] = record.credential
    return documents


def verify_issued(
    db: Session, org: Organization, data: bytes | str | Mapping[str, Any], now: datetime
) -> VerificationReport:
    resolver, fetch = offline_sources(published_documents(db, org))
    return verify(data, resolver=resolver, fetch_status=fetch, now=now)


def failures(report: VerificationReport) -> dict[str, str]:
    return {c.id: c.code for c in report.checks if c.status == "failed"}


def interrupted_batch(
    factory: sessionmaker[Session],
    site: Site,
    slug: str,
    achievement_id: int,
    emails: list[str],
    clock: Callable[[], datetime],
) -> int:
    """A batch (CHUNK patched to 2 by the caller) whose run stopped after its first chunk,
    as when the server stops; its claim given up, as a failed run does."""
    with transaction(factory) as db:
        org = repo.organization_by_slug(db, slug)
        assert org is not None
        rows = "".join(f"{email},Learner {i}\n" for i, email in enumerate(emails))
        batch = bulk.create_batch(
            db, Actor.system(), site, org, achievements.get(db, org, achievement_id),
            source_name="cohort.csv", data=("email,name\n" + rows).encode(), now=clock(),
        )  # fmt: skip
        batch_id = batch.id

    def server_stops(done: int, total: int) -> None:
        if done == 2:
            raise SystemExit("the server stopped")

    with pytest.raises(SystemExit):
        bulk.run_batch(
            factory, Actor.system(), site, batch_id, clock=clock, processes=1,
            progress=server_stops,
        )  # fmt: skip
    return batch_id
