"""Anyone verifies a credential without an account, on the page (a multipart form that works
without JavaScript) and through /api/v1/verify: OpenLER-issued credentials in each form
(JSON, VC-JWT, baked PNG) verify from this OpenLER's own published documents, tampering and
revocation fail with their codes, a CLR shows its bundled records, bad input gets an error
naming the field, and nothing sent is stored, audited or logged."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from starlette.testclient import TestClient

from openler.services.context import Actor
from openler.services.issuer import badge_image, downloads, issuing
from openler.services.wallet import building, records
from openler.store import repositories as repo
from openler.store.db import transaction
from openler.store.models import AuditEntry, WalletCredential
from tests.conftest import csrf_from
from tests.issuing.helpers import SITE, setup_issuer
from tests.support.clock import FakeClock
from tests.wallet.helpers import as_bytes, issue_to, outside_credential, verifier, worker

RECIPIENT = "ana@example.org"
ALL_CHECKS = ["parse", "context", "schema", "proof", "key_binding", "validity", "status"]
MB = 1024 * 1024


@dataclass
class Issued:
    uid: str
    json: bytes
    jwt: bytes
    png: bytes
    credential: dict[str, Any]
    clr: bytes
    issuer: Actor


@pytest.fixture
def issued(app: FastAPI, clock: FakeClock) -> Issued:
    """A credential issued by Lake College in this OpenLER, in each form, and a CLR that the
    recipient made from it and a credential from elsewhere."""
    with transaction(app.state.sessions) as db:
        _, ana = worker(db, clock, RECIPIENT)
        s = setup_issuer(db, clock)
        row = issue_to(db, clock, s, RECIPIENT)
        records.upload(db, ana, verifier(db), as_bytes(outside_credential()), now=clock())
        ids = sorted(v.id for v in records.list_mine(db, ana, verifier(db), now=clock()))
        clr = building.make(db, ana, ids, "clr", title="Warehouse skills", now=clock())
        return Issued(
            uid=row.uid,
            json=downloads.render(db, SITE, s.org, row, "json", now=clock()),
            jwt=downloads.render(db, SITE, s.org, row, "jwt", now=clock()),
            png=downloads.render(db, SITE, s.org, row, "png", now=clock()),
            credential=dict(row.credential),
            clr=as_bytes(dict(clr.credential)),
            issuer=s.actor,
        )


def _page_post(
    client: TestClient, file: bytes | None = None, text: str = "", name: str = "badge.json"
) -> Any:
    token = csrf_from(client.get("/verify").text)
    files = {"file": (name, file, "application/octet-stream")} if file is not None else None
    return client.post("/verify", data={"csrf_token": token, "text": text}, files=files)


def _api_post(client: TestClient, file: bytes | None = None, text: str = "") -> Any:
    """As a machine client would: no cookie, no CSRF token, no API token."""
    client.cookies.clear()
    files = {"file": ("badge", file, "application/octet-stream")} if file is not None else None
    return client.post("/api/v1/verify", data={"text": text}, files=files)


def _failed(report: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["code"] for c in report["checks"] if c["status"] == "failed"}


def _counts(app: FastAPI) -> tuple[int, int]:
    with transaction(app.state.sessions) as db:
        wallet = db.scalar(select(func.count()).select_from(WalletCredential))
        audit = db.scalar(select(func.count()).select_from(AuditEntry))
    return int(wallet or 0), int(audit or 0)


def test_the_page_is_public_says_nothing_is_kept_and_is_linked(client: TestClient) -> None:
    page = client.get("/verify")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert '<form method="post" action="/verify" enctype="multipart/form-data"' in page.text
    assert 'name="csrf_token"' in page.text
    assert "it is not stored, not logged" in page.text
    assert 'href="/verify"' in client.get("/login").text  # the header's navigation
    spanish = client.get("/verify", headers={"Accept-Language": "es"}).text
    assert "Verificar una credencial" in spanish
    assert "no se guarda, no se registra" in spanish


@pytest.mark.parametrize("form", ["json", "jwt", "png"])
def test_an_openler_credential_verifies_on_the_page_in_each_form(
    app: FastAPI, client: TestClient, issued: Issued, form: str
) -> None:
    before = _counts(app)
    response = _page_post(client, getattr(issued, form), name=f"badge.{form}")
    assert response.status_code == 200, response.text
    assert "This record is verified" in response.text
    assert "Forklift Operator" in response.text
    assert "<code>STATUS_ACTIVE</code>" in response.text  # the status list was read locally
    assert "<code>OK</code>" in response.text
    assert _counts(app) == before  # nothing stored, nothing audited


def test_pasted_text_verifies_and_tampering_fails_with_its_code(
    client: TestClient, issued: Issued
) -> None:
    assert "This record is verified" in _page_post(client, text=issued.jwt.decode()).text
    tampered = dict(issued.credential, name="Crane Operator")  # changed after signing
    response = _page_post(client, text=json.dumps(tampered))
    assert response.status_code == 200
    assert "This record is not verified" in response.text
    row = re.search(r"Signature</th>\s*<td>failed</td>\s*<td><code>(\w+)</code>", response.text)
    assert row is not None
    assert row.group(1) == "SIGNATURE_INVALID"


def test_a_revoked_credential_is_shown_revoked(
    app: FastAPI, client: TestClient, clock: FakeClock, issued: Issued
) -> None:
    assert _api_post(client, issued.json).json()["state"] == "verified"
    clock.advance(hours=1)
    with transaction(app.state.sessions) as db:
        org = repo.organization_by_slug(db, "lake-college")
        assert org is not None
        issuing.change_status(
            db, issued.issuer, SITE, org, issued.uid, "revoke", reason="error", now=clock()
        )
    page = _page_post(client, issued.json)
    assert "This record is not verified" in page.text
    assert "<strong>Revoked</strong>" in page.text
    api = _api_post(client, issued.json).json()
    assert (api["state"], _failed(api["report"])) == ("revoked", {"status": "STATUS_REVOKED"})


def test_a_clr_shows_each_bundled_record(client: TestClient, issued: Issued) -> None:
    response = _page_post(client, issued.clr)
    assert "This record is verified" in response.text
    assert "Warehouse skills" in response.text
    assert "Bundled record 1" in response.text
    assert "Bundled record 2" in response.text
    api = _api_post(client, issued.clr).json()
    assert api["report"]["verified"] is True
    assert [n["verified"] for n in api["report"]["nested"]] == [True, True]
    assert [c["id"] for c in api["report"]["nested"][0]["checks"]] == ALL_CHECKS


def test_bad_input_gets_an_error_naming_the_field_never_a_500(
    app: FastAPI, client: TestClient
) -> None:
    before = _counts(app)
    empty = _page_post(client, b"")
    assert empty.status_code == 422
    assert "it was empty" in empty.text
    assert 'id="record-file" type="file"' in empty.text
    assert re.search(r'id="record-file"[^>]*aria-invalid="true"', empty.text)
    big_file = _page_post(client, b"{" + b" " * (5 * MB))
    assert big_file.status_code == 422
    assert "The file is larger than 5 MB" in big_file.text
    big_text = _page_post(client, text="{" + " " * (5 * MB))  # above Starlette's 1 MB field
    assert big_text.status_code == 422
    assert "The pasted text is larger than 5 MB" in big_text.text
    assert re.search(r'id="record-text"[^>]*aria-invalid="true"', big_text.text)
    for garbage, code in (
        (b"\x89PNG\r\n\x1a\n not really a png", "BAKE_PNG_MALFORMED"),
        (badge_image.png(), "BAKE_NOT_FOUND"),  # an image, but no badge baked in
        (b"hello, I am a CV", "INPUT_UNRECOGNIZED"),
        (b'{"@context": [', "INPUT_MALFORMED"),
        (bytes(range(256)), "INPUT_UNRECOGNIZED"),
    ):
        response = _page_post(client, garbage)
        assert response.status_code == 200, garbage
        assert "We could not read a credential in what you sent." in response.text
        assert f"<code>{code}</code>" in response.text, (garbage, response.text)
    assert _counts(app) == before


def test_the_api_verifies_for_anyone_without_a_token_or_csrf(
    app: FastAPI, client: TestClient, issued: Issued
) -> None:
    before = _counts(app)
    for form in ("json", "jwt", "png"):
        response = _api_post(client, getattr(issued, form))
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "no-store"
        body = response.json()
        assert (body["state"], body["name"]) == ("verified", "Forklift Operator")
        assert body["report"]["input_kind"] == form
        assert [c["id"] for c in body["report"]["checks"]] == ALL_CHECKS
        assert _failed(body["report"]) == {}
    text = _api_post(client, text=issued.jwt.decode()).json()
    assert text["report"]["input_kind"] == "jwt"
    tampered = dict(issued.credential, name="Crane Operator")
    body = _api_post(client, as_bytes(tampered)).json()
    assert (body["state"], _failed(body["report"])) == (
        "not_verified",
        {"proof": "SIGNATURE_INVALID"},
    )
    garbage = _api_post(client, b"hello").json()
    assert garbage["report"]["verified"] is False
    assert _failed(garbage["report"]) == {"parse": "INPUT_UNRECOGNIZED"}
    assert _counts(app) == before


def test_the_api_names_the_field_for_empty_or_oversize_input(client: TestClient) -> None:
    cases = [
        ({}, "file", "it was empty"),
        ({"file": b"  "}, "file", "it was empty"),
        ({"file": b"x" * (5 * MB + 1)}, "file", "larger than 5 MB"),
        ({"text": "x" * (5 * MB + 1)}, "text", "larger than 5 MB"),
    ]
    for sent, field, message in cases:
        response = _api_post(client, **sent)  # type: ignore[arg-type]
        assert response.status_code == 422, sent.keys()
        error = response.json()["error"]
        assert (error["code"], error["field"]) == ("INVALID_INPUT", field)
        assert message in error["message"]


def test_the_api_is_documented_and_its_csrf_exemption_is_that_path_only(
    client: TestClient,
) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    post = schema["paths"]["/api/v1/verify"]["post"]
    body = post["requestBody"]["content"]["multipart/form-data"]["schema"]
    ref = body["$ref"].rsplit("/", 1)[1]
    assert set(schema["components"]["schemas"][ref]["properties"]) == {"file", "text"}
    assert {"200", "413", "422"} <= set(post["responses"])
    assert "/verify" not in schema["paths"]  # the HTML page is not in the API
    client.cookies.clear()
    page = client.post("/verify", files={"file": ("b", b"{}", "application/json")})
    assert page.status_code == 403  # the page's form needs its CSRF token
    wallet = client.post("/api/v1/wallet/verify", files={"file": ("b", b"{}")})
    assert wallet.status_code == 403  # CSRF first: other API paths are not exempt


def test_nothing_sent_is_logged(
    client: TestClient, issued: Issued, caplog: pytest.LogCaptureFixture
) -> None:
    marker = "Marker-Name-7f3a"
    personal = dict(issued.credential, name=marker)
    with caplog.at_level(logging.DEBUG):
        _page_post(client, text=json.dumps(personal))
        _api_post(client, as_bytes(personal))
        _api_post(client, b"{" + marker.encode())
    assert marker not in caplog.text
