"""Shares: a live link shows the records verified at view time and audits each view in the
worker's log; expired and withdrawn links are gone; only the owner manages a share."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from openler.credentials.presentations import verify_presentation
from openler.errors import GoneError, NotFoundError, ValidationError
from openler.services import audit
from openler.services.issuer import issuing
from openler.services.wallet import holder, records, shares
from openler.store.models import AuditEntry, HolderKey, WalletShare
from tests.issuing.helpers import SITE, setup_issuer
from tests.support.clock import FakeClock
from tests.wallet.helpers import (
    as_bytes,
    issue_to,
    outside_credential,
    outside_jwt,
    verifier,
    worker,
)

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def test_a_link_share_is_viewed_verified_now_and_audited(db: Session, clock: FakeClock) -> None:
    _, ana = worker(db, clock)
    s = setup_issuer(db, clock)
    issued = issue_to(db, clock, s, "ana@example.org")
    uploaded = records.upload(db, ana, verifier(db), as_bytes(outside_credential()), now=clock())
    [mine_issued, mine_uploaded] = sorted(
        records.list_mine(db, ana, verifier(db), now=clock()), key=lambda v: v.source
    )
    new = shares.create(
        db,
        ana,
        [mine_uploaded.id, mine_issued.id],
        expires_at=clock() + timedelta(days=7),
        recipient_label="Acme Corp hiring",
        now=clock(),
    )
    db.commit()
    assert len(new.token) >= 43  # 32 random bytes, base64url: 256 bits
    stored = db.get(WalletShare, new.share.id)
    assert stored is not None
    assert stored.token_hash == hashlib.sha256(new.token.encode()).hexdigest()
    assert new.token not in stored.token_hash
    clock.advance(hours=2)
    opened = shares.open_shared(
        db, verifier(db), new.token, channel="page", user_agent=FIREFOX, now=clock()
    )
    assert [v.id for v in opened.credentials] == [uploaded.kept.id, mine_issued.id]
    assert [v.state for v in opened.credentials] == ["verified", "verified"]
    # Revoked after sharing: the next view says so.
    issuing.change_status(db, s.actor, SITE, s.org, issued.uid, "revoke", reason="x", now=clock())
    clock.advance(minutes=1)
    again = shares.open_shared(
        db, verifier(db), new.token, channel="json", user_agent="", now=clock()
    )
    assert [v.state for v in again.credentials] == ["verified", "revoked"]
    db.commit()
    log = audit.my_log(db, ana)
    viewed = [e for e in log if e.action == "wallet.share_viewed"]
    consent = f"share-{stored.id}"
    assert [(e.actor, e.consent_id, e.detail) for e in viewed] == [
        (audit.SHARE_VIEWER, consent, {"share": stored.id, "channel": "json", "agent": "unknown"}),
        (audit.SHARE_VIEWER, consent, {"share": stored.id, "channel": "page", "agent": "Firefox"}),
    ]
    assert [(v.channel, v.agent) for v in shares.views(db, ana, stored.id)] == [
        ("json", "unknown"),
        ("page", "Firefox"),
    ]
    [summary] = shares.list_mine(db, ana, now=clock())
    assert (summary.state, summary.views, summary.share.recipient_label) == (
        "active", 2, "Acme Corp hiring",
    )  # fmt: skip


def _share(db: Session, clock: FakeClock, **kw: object) -> tuple[shares.NewShare, object]:
    _, ana = worker(db, clock)
    kept = records.upload(db, ana, verifier(db), as_bytes(outside_credential()), now=clock()).kept
    new = shares.create(db, ana, [kept.id], expires_at=clock() + timedelta(hours=1), now=clock())
    db.commit()
    return new, ana


def test_expired_and_withdrawn_links_are_gone_and_log_nothing(
    db: Session, clock: FakeClock
) -> None:
    new, ana = _share(db, clock)
    clock.advance(hours=1)  # the expiry instant itself is past
    with pytest.raises(GoneError) as expired:
        shares.open_shared(db, verifier(db), new.token, channel="page", user_agent="", now=clock())
    assert (expired.value.code, expired.value.http_status) == ("SHARE_EXPIRED", 410)
    with pytest.raises(NotFoundError):
        shares.open_shared(
            db, verifier(db), "x" + new.token, channel="page", user_agent="", now=clock()
        )
    clock.advance(hours=-1, minutes=-1)
    shares.withdraw(db, ana, new.share.id, now=clock())  # type: ignore[arg-type]
    shares.withdraw(db, ana, new.share.id, now=clock())  # type: ignore[arg-type]
    with pytest.raises(GoneError) as withdrawn:
        shares.open_shared(db, verifier(db), new.token, channel="page", user_agent="", now=clock())
    assert withdrawn.value.code == "SHARE_WITHDRAWN"
    with pytest.raises(GoneError):
        shares.shared_credential(db, new.token, 1, user_agent="", now=clock())
    actions = [e.action for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert "wallet.share_viewed" not in actions
    assert actions.count("wallet.share_withdrawn") == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"expires_at": timedelta(minutes=59)}, "expires_at"),
        ({"expires_at": timedelta(days=367)}, "expires_at"),
        ({"ids": []}, "credentials"),
        ({"recipient_label": "x" * 201}, "recipient_label"),
        ({"kind": "email"}, "kind"),
        ({"kind": "presentation"}, "domain"),
        ({"kind": "presentation", "domain": "https://a.example", "challenge": "a b"}, "challenge"),
    ],
)
def test_bad_share_requests_name_the_field(
    db: Session, clock: FakeClock, change: dict[str, object], field: str
) -> None:
    _, ana = worker(db, clock)
    kept = records.upload(db, ana, verifier(db), as_bytes(outside_credential()), now=clock()).kept
    change = dict(change)  # the parameter is shared by both engines' runs
    ids = change.pop("ids", [kept.id])
    lifetime = change.pop("expires_at", timedelta(days=1))
    with pytest.raises(ValidationError) as info:
        shares.create(
            db,
            ana,
            ids,
            expires_at=clock() + lifetime,
            now=clock(),
            **change,  # type: ignore[arg-type]
        )
    assert info.value.field == field


def test_a_presentation_share_is_signed_by_the_holder_for_the_recipient(
    db: Session, clock: FakeClock
) -> None:
    _, ana = worker(db, clock)
    kept = records.upload(db, ana, verifier(db), as_bytes(outside_credential()), now=clock()).kept
    expires = clock() + timedelta(days=1)
    domain = "https://hiring.acme.example"
    new = shares.create(
        db, ana, [kept.id], expires_at=expires, now=clock(), kind="presentation", domain=domain
    )
    db.commit()
    assert new.share.challenge is not None
    assert len(new.share.challenge) >= 22  # 128 random bits, base64url
    did = holder.holder_key(db, ana, now=clock()).controller
    clock.advance(minutes=10)
    opened = shares.open_shared(
        db, verifier(db), new.token, channel="page", user_agent="", now=clock()
    )
    vp = opened.presentation
    assert vp is not None
    assert vp.report.verified, vp.report.codes()
    document = vp.document
    assert document["holder"] == did
    assert document["verifiableCredential"][0]["name"] == "Forklift Operator"
    proof = document["proof"]
    assert (proof["proofPurpose"], proof["domain"], proof["challenge"]) == (
        "authentication", domain, new.share.challenge,
    )  # fmt: skip
    assert proof["expires"] == expires.strftime("%Y-%m-%dT%H:%M:%SZ")
    # Another recipient, or a replay with another challenge, is refused (VC Data Integrity
    # 4.3: INVALID_DOMAIN_ERROR, INVALID_CHALLENGE_ERROR).
    elsewhere = verify_presentation(
        document, resolver=verifier(db).resolver, now=clock(), domain="https://other.example",
        challenge=new.share.challenge,
    )  # fmt: skip
    assert elsewhere.codes() == ["PRESENTATION_DOMAIN_MISMATCH"]
    replay = verify_presentation(
        document, resolver=verifier(db).resolver, now=clock(), domain=domain, challenge="other"
    )
    assert replay.codes() == ["PRESENTATION_CHALLENGE_MISMATCH"]


def test_a_presentation_carries_json_credentials_only(db: Session, clock: FakeClock) -> None:
    _, ana = worker(db, clock)
    kept = records.upload(db, ana, verifier(db), outside_jwt().encode(), now=clock()).kept
    with pytest.raises(ValidationError) as info:
        shares.create(
            db, ana, [kept.id], expires_at=clock() + timedelta(days=1), now=clock(),
            kind="presentation", domain="https://hiring.acme.example",
        )  # fmt: skip
    assert info.value.field == "credentials"
    assert db.scalars(select(WalletShare)).all() == []


def test_only_the_owner_shares_or_manages_records(db: Session, clock: FakeClock) -> None:
    new, _ana = _share(db, clock)
    _, ben = worker(db, clock, email="ben@example.org")
    kept_id = new.share.items[0].wallet_credential_id
    with pytest.raises(NotFoundError):
        shares.create(db, ben, [kept_id], expires_at=clock() + timedelta(days=1), now=clock())
    with pytest.raises(NotFoundError):
        shares.withdraw(db, ben, new.share.id, now=clock())
    with pytest.raises(NotFoundError):
        shares.views(db, ben, new.share.id)
    assert shares.list_mine(db, ben, now=clock()) == []


def test_removing_a_record_takes_it_out_of_its_shares(db: Session, clock: FakeClock) -> None:
    new, ana = _share(db, clock)
    records.remove(db, ana, new.share.items[0].wallet_credential_id, now=clock())  # type: ignore[arg-type]
    db.commit()
    opened = shares.open_shared(
        db, verifier(db), new.token, channel="page", user_agent="", now=clock()
    )
    assert opened.credentials == []


def test_holder_key_is_a_did_key_made_once(db: Session, clock: FakeClock) -> None:
    _, ana = worker(db, clock)
    first = holder.holder_key(db, ana, now=clock())
    second = holder.holder_key(db, ana, now=clock())
    assert first.controller == second.controller
    assert first.controller is not None
    assert first.controller.startswith("did:key:z6Mk")
    assert first.id == f"{first.controller}#{first.controller[len('did:key:') :]}"
    assert len(db.scalars(select(HolderKey)).all()) == 1


@pytest.mark.parametrize(
    ("agent", "family"),
    [
        ("Mozilla/5.0 (Windows NT 10.0) Chrome/130.0 Safari/537.36 Edg/130.0", "Edge"),
        ("Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15", "Safari"),
        ("Mozilla/5.0 (X11) AppleWebKit/537.36 Chrome/130.0 Safari/537.36", "Chrome"),
        ("Slackbot-LinkExpanding 1.0", "bot"),
        ("curl/8.5.0", "curl"),
        ("", "unknown"),
    ],
)  # fmt: skip
def test_agent_family_is_coarse(agent: str, family: str) -> None:
    assert shares.agent_family(agent) == family
