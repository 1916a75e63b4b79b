"""One lookup of what an organization publishes, for the web and for OpenLER's own verifier:
the same document at each path, and the same "nothing here" where the web answers 404."""

from __future__ import annotations

from dataclasses import replace

from fastapi import FastAPI
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from openler.config import Settings
from openler.services.issuer.keys import did_document
from openler.services.issuer.published import document_at
from openler.services.wallet.sources import LocalVerifier
from openler.store.db import transaction
from openler.store.models import StatusListRecord
from openler.web.app import create_app
from tests.issuing.helpers import SITE, setup_issuer
from tests.support.clock import FakeClock
from tests.wallet.helpers import issue_to

SLUG = "lake-college"


def test_paths_give_the_org_documents_and_nothing_else(db: Session, clock: FakeClock) -> None:
    s = setup_issuer(db, clock, SLUG)
    issued = issue_to(db, clock, s, "ana@example.org")
    db.commit()
    list_id = int(issued.credential["credentialStatus"]["statusListCredential"].rsplit("/", 1)[1])
    did = document_at(db, SITE, f"/orgs/{SLUG}/did.json")
    assert did is not None
    assert did["id"] == f"did:web:openler.example.gov:orgs:{SLUG}"
    assert did == did_document(db, SITE, s.org)
    status = document_at(db, SITE, f"/orgs/{SLUG}/status/{list_id}")
    record = db.get(StatusListRecord, list_id)
    assert record is not None
    assert status == record.credential
    assert status is not None
    assert "BitstringStatusListCredential" in status["type"]
    for path in (
        "/.well-known/did.json",  # no host organization
        "/orgs/no-such-org/did.json",
        f"/orgs/{SLUG}/status/{list_id + 1000}",
        f"/orgs/no-such-org/status/{list_id}",
        f"/orgs/{SLUG}/status/{list_id}/extra",
        f"/orgs/{SLUG}/achievements",
    ):
        assert document_at(db, SITE, path) is None, path


def test_host_organization_is_at_well_known_only(db: Session, clock: FakeClock) -> None:
    s = setup_issuer(db, clock, SLUG)
    issue_to(db, clock, s, "ana@example.org")
    db.commit()
    host = replace(SITE, host_org=SLUG)
    did = document_at(db, host, "/.well-known/did.json")
    assert did is not None
    assert did["id"] == "did:web:openler.example.gov"  # did:web's host form, no path
    assert document_at(db, host, f"/orgs/{SLUG}/did.json") is None  # as the web's 404
    assert document_at(db, host, "/orgs/other/did.json") is None
    # The wallet's verifier reads through the same lookup: a credential signed as the host
    # DID verifies from the database.
    with_host = LocalVerifier(db, host)
    assert with_host.fetch_status("https://openler.example.gov/.well-known/did.json") == did


def test_web_serves_the_host_did_and_refuses_its_path_form(
    settings: Settings, clock: FakeClock
) -> None:
    app: FastAPI = create_app(replace(settings, did_web_host_org=SLUG), clock=clock)
    try:
        with transaction(app.state.sessions) as db:
            setup_issuer(db, clock, SLUG)
        with TestClient(app) as client:
            well_known = client.get("/.well-known/did.json")
            assert well_known.status_code == 200
            assert well_known.headers["content-type"] == "application/did+json"
            assert well_known.json()["id"] == "did:web:openler.example.gov"
            path_form = client.get(f"/orgs/{SLUG}/did.json")
            assert path_form.status_code == 404
            assert "/.well-known/did.json" in path_form.text
    finally:
        app.state.engine.dispose()
