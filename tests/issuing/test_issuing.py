"""Issuing one credential: it verifies with the library's verifier against the DID document
and status lists the service publishes; revocation shows; key rotation keeps old credentials
verifiable; downloads in every format verify."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from openler.credentials.status import StatusList
from openler.errors import ConflictError, PermissionDenied, ValidationError
from openler.services.context import Actor
from openler.services.issuer import achievements, downloads, issuing, keys
from openler.services.issuer.build import Recipient, hashed_email
from openler.store.models import AuditEntry, StatusListRecord, WalletCredential
from tests.issuing.helpers import SITE, failures, setup_issuer, verify_issued
from tests.services.helpers import make_user
from tests.support.clock import FakeClock

ANA = Recipient(email="Ana@Example.org", name="Ana Pérez")


def test_issued_credential_verifies_and_reaches_the_wallet(db: Session, clock: FakeClock) -> None:
    worker = make_user(db, clock, email="ana@example.org")
    s = setup_issuer(db, clock)
    row = issuing.issue_one(db, s.actor, SITE, s.org, s.achievement, ANA, now=clock())
    db.commit()
    credential = row.credential
    assert credential["issuer"]["id"] == "did:web:openler.example.gov:orgs:lake-college"
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert credential["proof"]["verificationMethod"].endswith("#key-1")
    assert credential["credentialStatus"]["statusPurpose"] == "revocation"
    identity = credential["credentialSubject"]["identifier"][0]
    # OB 3.0 IdentityHash: sha256 of the lowercased address followed by the salt.
    assert identity["identityHash"] == hashed_email("ana@example.org", identity["salt"])
    report = verify_issued(db, s.org, credential, clock())
    assert report.verified, failures(report)
    status = report.check("status")
    assert status is not None
    assert status.status == "passed"
    wallet = db.scalars(select(WalletCredential)).all()
    assert [(w.owner_user_id, w.issued_credential_id) for w in wallet] == [(worker.id, row.id)]


def test_revoked_credential_is_reported_revoked(db: Session, clock: FakeClock) -> None:
    s = setup_issuer(db, clock)
    row = issuing.issue_one(db, s.actor, SITE, s.org, s.achievement, ANA, now=clock())
    with pytest.raises(ValidationError) as info:
        issuing.change_status(db, s.actor, SITE, s.org, row.uid, "revoke", now=clock())
    assert info.value.field == "reason"
    issuing.change_status(
        db, s.actor, SITE, s.org, row.uid, "revoke", reason="issued in error", now=clock()
    )
    db.commit()
    report = verify_issued(db, s.org, row.credential, clock())
    assert not report.verified
    assert failures(report) == {"status": "STATUS_REVOKED"}
    assert row.revoked_reason == "issued in error"
    with pytest.raises(ConflictError):
        issuing.change_status(db, s.actor, SITE, s.org, row.uid, "reinstate", now=clock())


def test_suspend_and_reinstate_flip_the_suspension_bit(db: Session, clock: FakeClock) -> None:
    s = setup_issuer(db, clock)
    row = issuing.issue_one(db, s.actor, SITE, s.org, s.achievement, ANA, now=clock())
    issuing.change_status(db, s.actor, SITE, s.org, row.uid, "suspend", now=clock())
    record = db.get(StatusListRecord, row.suspension_list_id)
    assert record is not None
    assert record.credential is not None
    encoded = record.credential["credentialSubject"]["encodedList"]
    assert StatusList.decode(encoded).get(row.suspension_index) == 1
    assert row.state == "suspended"
    issuing.change_status(db, s.actor, SITE, s.org, row.uid, "reinstate", now=clock())
    encoded = record.credential["credentialSubject"]["encodedList"]
    assert StatusList.decode(encoded).get(row.suspension_index) == 0
    assert row.state == "active"
    actions = db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["issuer.credential_suspended", "issuer.credential_reinstated"]


def test_rotation_keeps_old_credentials_verifiable(db: Session, clock: FakeClock) -> None:
    s = setup_issuer(db, clock)
    old = issuing.issue_one(db, s.actor, SITE, s.org, s.achievement, ANA, now=clock())
    keys.rotate(db, s.actor, s.org, now=clock())
    new = issuing.issue_one(db, s.actor, SITE, s.org, s.achievement, ANA, now=clock())
    db.commit()
    assert new.credential["proof"]["verificationMethod"].endswith("#key-2")
    document = keys.did_document(db, SITE, s.org)
    assert len(document["assertionMethod"]) == 2
    assert document["authentication"] == [document["id"] + "#key-2"]
    for row in (old, new):
        report = verify_issued(db, s.org, row.credential, clock())
        assert report.verified, failures(report)


@pytest.mark.parametrize("fmt", ["json", "jwt", "png", "svg"])
def test_every_download_verifies(db: Session, clock: FakeClock, fmt: str) -> None:
    s = setup_issuer(db, clock)
    row = issuing.issue_one(db, s.actor, SITE, s.org, s.achievement, ANA, now=clock())
    data = downloads.render(db, SITE, s.org, row, fmt, now=clock())
    report = verify_issued(db, s.org, data, clock())
    assert report.input_kind == fmt
    assert report.verified, failures(report)


def test_only_issuers_of_the_organization_issue(db: Session, clock: FakeClock) -> None:
    s = setup_issuer(db, clock)
    setup_issuer(db, clock, slug="river-works")
    other = make_user(db, clock, email="bo@river.org", roles=("issuer",), orgs=("river-works",))
    worker = make_user(db, clock, email="cy@example.org")
    for actor in (Actor.for_user(other, "web"), Actor.for_user(worker, "web")):
        with pytest.raises(PermissionDenied):
            issuing.issue_one(db, actor, SITE, s.org, s.achievement, ANA, now=clock())


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"alignments": [{"targetName": "Welding"}]}, "alignments[0].targetUrl"),
        (
            {"alignments": [{"targetName": "x", "targetUrl": "https://a.b", "bad": 1}]},
            "alignments[0].bad",
        ),
        ({"achievement_type": "NotAType"}, "achievementType"),
        ({"name": " "}, "name"),
    ],
)
def test_achievement_errors_name_the_field(
    db: Session, clock: FakeClock, change: dict[str, object], field: str
) -> None:
    s = setup_issuer(db, clock)
    args: dict[str, object] = {"name": "Welder", "description": "Welds.", "criteria": "Test."}
    args.update(change)
    with pytest.raises(ValidationError) as info:
        achievements.define(db, s.actor, s.org, now=clock(), **args)  # type: ignore[arg-type]
    assert info.value.field == field


def test_bad_recipient_is_refused_naming_the_field(db: Session, clock: FakeClock) -> None:
    s = setup_issuer(db, clock)
    with pytest.raises(ValidationError) as info:
        issuing.issue_one(
            db, s.actor, SITE, s.org, s.achievement, Recipient("not-an-email", "X"), now=clock()
        )
    assert info.value.field == "email"


def test_did_web_needs_https_except_in_demo_mode() -> None:
    from openler.errors import ConfigError
    from openler.services.issuer.identity import Site
    from openler.store.models import Organization

    org = Organization(slug="lake-college", name="Lake College", kind="college")
    assert Site("https://openler.example.gov").did(org) == (
        "did:web:openler.example.gov:orgs:lake-college"
    )
    with pytest.raises(ConfigError) as caught:
        Site("http://127.0.0.1:8000").did(org)
    assert caught.value.field == "OPENLER_BASE_URL"
    # Demo mode (make run serves http): the https reading of the same host and port.
    demo = Site("http://127.0.0.1:8000", demo=True)
    assert demo.did(org) == "did:web:127.0.0.1%3A8000:orgs:lake-college"
    assert demo.did_base_url == "https://127.0.0.1:8000"
