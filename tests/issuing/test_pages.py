"""Issuer pages through a real login (password + one-time code): define an achievement,
issue one credential, upload a CSV with a bad row, revoke; in English and Spanish."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.testclient import TestClient

from openler.services import login
from openler.store.db import transaction
from tests.conftest import csrf_from
from tests.services.helpers import PASSWORD, make_org, make_user
from tests.support.clock import FakeClock
from tests.web.helpers import log_in

SLUG = "lake-college"
BASE = f"/issuer/orgs/{SLUG}"


def _issuer_logged_in(app: FastAPI, client: TestClient, clock: FakeClock) -> None:
    with transaction(app.state.sessions) as db:
        make_org(db, clock, slug=SLUG)
        user = make_user(db, clock, email="issuer@lake.edu", roles=("issuer",), orgs=(SLUG,))
        # The issuer role needs the second factor: enrolled as the demo seeding does.
        secret = login.begin_enrollment(db, user)
        user.totp_confirmed_at = clock()
    log_in(client, "issuer@lake.edu", PASSWORD, totp_secret=secret, clock=clock)


def _post(client: TestClient, page: str, action: str, data: dict[str, str], **kw: object) -> object:
    token = csrf_from(client.get(page).text)
    return client.post(action, data={**data, "csrf_token": token}, follow_redirects=False, **kw)  # type: ignore[arg-type]


def test_define_issue_upload_and_revoke(app: FastAPI, client: TestClient, clock: FakeClock) -> None:
    _issuer_logged_in(app, client, clock)
    assert "lake-college" in client.get("/issuer/orgs").text.lower()
    response = _post(
        client, f"{BASE}/achievements", f"{BASE}/achievements",
        {"name": "Welder", "description": "Welds.", "criteria": "A test weld.",
         "target_name": "Welding", "target_url": "https://www.onetonline.org/link/summary/51-4121.00"},
    )  # fmt: skip
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = client.get(f"{BASE}/achievements").text
    assert "Welder" in page
    assert "Welding" in page
    response = _post(
        client, f"{BASE}/issue", f"{BASE}/issue",
        {"achievement_id": "1", "email": "ana@example.org", "name": "Ana"},
    )  # fmt: skip
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Credential issued to ana@example.org." in response.text  # type: ignore[attr-defined]
    token = csrf_from(client.get(f"{BASE}/issue").text)
    upload = client.post(
        f"{BASE}/batches",
        data={"achievement_id": "1", "csrf_token": token},
        files={"file": ("c.csv", b"email,name\nbad,X\n")},
        follow_redirects=True,
    )
    assert "Nothing was signed" in upload.text
    issued = client.get(f"{BASE}/issued")
    assert "ana@example.org" in issued.text
    uid = issued.text.split(f"{BASE}/issued/")[1].split("/")[0]
    response = _post(client, f"{BASE}/issued", f"{BASE}/issued/{uid}/revoke", {"reason": "error"})
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert "revoked" in client.get(f"{BASE}/issued").text
    download = client.get(f"{BASE}/issued/{uid}/download/png")
    assert download.headers["content-type"] == "image/png"
    rotated = _post(client, "/issuer/orgs", f"{BASE}/keys/rotate", {})
    assert rotated.status_code == 303  # type: ignore[attr-defined]
    assert "#key-2" in client.get(f"/orgs/{SLUG}/did.json").text
    client.cookies.set("openler_lang", "es")
    assert "Credenciales emitidas" in client.get(f"{BASE}/issued").text
