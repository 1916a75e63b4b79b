"""The wallet through the browser forms and the JSON API: upload, share, an anonymous view
(audited in the worker's log), withdraw (410, nothing personal), and who may see what."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy import select
from starlette.testclient import TestClient

from openler.services import demo
from openler.services.context import Actor
from openler.services.wallet import records
from openler.store import repositories as repo
from openler.store.db import transaction
from openler.store.models import WalletCredential
from tests.conftest import csrf_from
from tests.services.helpers import PASSWORD, make_user
from tests.support.clock import FakeClock
from tests.wallet.helpers import as_bytes, outside_credential, verifier
from tests.web.helpers import log_in, seed_demo

WORKER = demo.demo_email("worker")


def _upload_via_form(client: TestClient, data: bytes, action: str = "keep") -> object:
    token = csrf_from(client.get("/worker/records/add").text)
    return client.post(
        "/worker/records/add",
        data={"csrf_token": token, "action": action},
        files={"file": ("badge.json", data, "application/json")},
        follow_redirects=False,
    )


def _share_via_form(client: TestClient, ids: list[int], duration: str = "7d") -> str:
    page = client.get("/worker/records").text
    response = client.post(
        "/worker/records/share",
        data={
            "csrf_token": csrf_from(page),
            "credentials": [str(i) for i in ids],
            "recipient_label": "Acme Corp hiring",
            "duration": duration,
        },
    )
    assert response.status_code == 200, response.text
    match = re.search(r'<code class="secret" id="share-url">([^<]+)</code>', response.text)
    assert match
    return match.group(1)


def _worker_row_ids(app: FastAPI) -> list[int]:
    with transaction(app.state.sessions) as db:
        return list(db.scalars(select(WalletCredential.id).order_by(WalletCredential.id)))


def test_upload_share_view_and_withdraw_through_the_pages(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    seed_demo(app, clock)
    log_in(client, WORKER)
    assert 'href="/worker/records"' in client.get("/worker").text
    checked = _upload_via_form(client, as_bytes(outside_credential()), action="check")
    assert checked.status_code == 200  # type: ignore[attr-defined]
    assert "This record is verified" in checked.text  # type: ignore[attr-defined]
    assert _worker_row_ids(app) == []  # "check only" keeps nothing
    tampered = outside_credential()
    tampered["name"] = "Crane Operator"
    kept = _upload_via_form(client, as_bytes(tampered))
    assert "This record is not verified" in kept.text  # type: ignore[attr-defined]
    assert "SIGNATURE_INVALID" in kept.text  # type: ignore[attr-defined]
    bad = _upload_via_form(client, b"not a credential")
    assert bad.status_code == 422  # type: ignore[attr-defined]
    assert 'id="record-file" type="file"' in bad.text  # type: ignore[attr-defined]
    assert 'aria-invalid="true"' in bad.text  # type: ignore[attr-defined]
    [row_id] = _worker_row_ids(app)
    detail = client.get(f"/worker/records/{row_id}").text
    assert "Crane Operator" in detail
    assert "SIGNATURE_INVALID" in detail
    url = _share_via_form(client, [row_id])
    path = url.removeprefix("https://openler.example.gov")
    assert path.startswith("/s/")

    with TestClient(app) as stranger:  # no account, no cookies
        clock.advance(minutes=5)
        page = stranger.get(path, headers={"User-Agent": "Mozilla/5.0 Firefox/128.0"})
        assert page.status_code == 200
        assert "Crane Operator" in page.text
        assert "SIGNATURE_INVALID" in page.text
        assert page.headers["cache-control"] == "no-store"
        download = stranger.get(f"{path}/1.json")
        assert download.json()["name"] == "Crane Operator"
        assert stranger.get(f"{path}/2.json").status_code == 404

    log = client.get("/account/audit").text
    assert "someone with your share link" in log
    assert "wallet.share_viewed" in log
    shares_page = client.get("/worker/shares").text
    assert "Acme Corp hiring" in shares_page
    share_id = int(re.search(r'href="/worker/shares/(\d+)"', shares_page).group(1))  # type: ignore[union-attr]
    views = client.get(f"/worker/shares/{share_id}").text
    assert "Firefox" in views
    token = csrf_from(views)
    client.post(f"/worker/shares/{share_id}/withdraw", data={"csrf_token": token})

    with TestClient(app) as stranger:
        gone = stranger.get(path)
        assert gone.status_code == 410
        assert "withdrawn" in gone.text
        assert "Crane Operator" not in gone.text
        assert "Acme" not in gone.text
        api = stranger.get(f"/api/v1/shared/{path[3:]}")
        assert (api.status_code, api.json()["error"]["code"]) == (410, "SHARE_WITHDRAWN")


def test_share_form_errors_name_the_field(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    seed_demo(app, clock)
    log_in(client, WORKER)
    _upload_via_form(client, as_bytes(outside_credential()))
    page = client.get("/worker/records").text
    response = client.post(
        "/worker/records/share",
        data={"csrf_token": csrf_from(page), "duration": "7d"},
    )
    assert response.status_code == 422
    assert "Pick at least one record" in response.text
    response = client.post(
        "/worker/records/share",
        data={"csrf_token": csrf_from(page), "credentials": "1", "duration": "2y"},
    )
    assert response.status_code == 422
    assert 'id="share-duration" name="duration" aria-invalid="true"' in response.text


def test_the_api_uploads_shares_and_serves_the_public_json(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    seed_demo(app, clock)
    log_in(client, WORKER)
    page = client.get("/account").text
    made = client.post(
        "/api/v1/tokens",
        json={"name": "wallet app", "role": "worker", "days": 30},
        headers={"X-CSRF-Token": csrf_from(page)},
    )
    bearer = {"Authorization": f"Bearer {made.json()['token']}"}
    api = TestClient(app)
    upload = api.post(
        "/api/v1/wallet/credentials",
        files={"file": ("b.json", as_bytes(outside_credential()), "application/json")},
        headers=bearer,
    )
    assert upload.status_code == 201, upload.text
    assert upload.json()["report"]["verified"] is True
    listed = api.get("/api/v1/wallet/credentials", headers=bearer).json()
    assert [(c["state"], c["source"], c["name"]) for c in listed] == [
        ("verified", "uploaded", "Forklift Operator")
    ]
    empty = api.post(
        "/api/v1/wallet/verify", files={"file": ("e.json", b"", "application/json")}, headers=bearer
    )
    assert (empty.status_code, empty.json()["error"]["field"]) == (422, "file")
    expires = (clock() + timedelta(days=2)).isoformat()
    share = api.post(
        "/api/v1/wallet/shares",
        json={"credentials": [upload.json()["id"]], "expires_at": expires},
        headers=bearer,
    )
    assert share.status_code == 201, share.text
    token = share.json()["url"].rsplit("/", 1)[1]
    public = TestClient(app).get(f"/api/v1/shared/{token}")
    assert public.status_code == 200
    [item] = public.json()["credentials"]
    assert (item["state"], item["credential"]["name"]) == ("verified", "Forklift Operator")
    views = api.get(f"/api/v1/wallet/shares/{share.json()['id']}/views", headers=bearer).json()
    assert [v["channel"] for v in views] == ["json"]
    presentation = api.post(
        "/api/v1/wallet/shares",
        json={
            "credentials": [upload.json()["id"]],
            "expires_at": expires,
            "kind": "presentation",
            "domain": "https://hiring.acme.example",
        },
        headers=bearer,
    )
    assert presentation.status_code == 201, presentation.text
    vp_token = presentation.json()["url"].rsplit("/", 1)[1]
    opened = TestClient(app).get(f"/api/v1/shared/{vp_token}").json()
    assert opened["presentation_report"]["verified"] is True
    assert opened["presentation"]["proof"]["domain"] == "https://hiring.acme.example"
    assert opened["presentation"]["proof"]["challenge"] == presentation.json()["challenge"]
    download = TestClient(app).get(f"/s/{vp_token}/presentation.json")
    assert download.json()["holder"].startswith("did:key:")
    withdrawn = api.delete(f"/api/v1/wallet/shares/{share.json()['id']}", headers=bearer)
    assert withdrawn.json()["state"] == "withdrawn"
    assert TestClient(app).get(f"/api/v1/shared/{token}").status_code == 410


def test_nobody_else_sees_a_workers_records_or_shares(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    logins = seed_demo(app, clock)
    with transaction(app.state.sessions) as db:
        maria = repo.user_by_email(db, WORKER)
        assert maria is not None
        actor = Actor.for_user(maria, "web", "worker")
        kept = records.upload(db, actor, verifier(db), as_bytes(outside_credential()), now=clock())
        row_id = kept.kept.id
        other = demo.demo_email("worker").replace("worker@", "other-worker@")
        make_user(db, clock, email=other)
    log_in(client, other, password=PASSWORD)
    assert client.get("/worker/records").status_code == 200
    assert "Forklift Operator" not in client.get("/worker/records").text
    assert client.get(f"/worker/records/{row_id}").status_code == 404
    assert client.get(f"/worker/records/{row_id}/download").status_code == 404
    for role in ("employer", "caseworker", "issuer", "admin"):
        login = logins[role]
        with TestClient(app) as someone:
            log_in(someone, login.email, totp_secret=login.totp_secret, clock=clock)
            assert someone.get("/worker/records").status_code == 403
            assert someone.get(f"/worker/records/{row_id}").status_code == 403
            assert someone.get("/worker/shares").status_code == 403
            assert someone.get("/api/v1/wallet/credentials").status_code == 403
    with TestClient(app) as anonymous:
        assert anonymous.get("/worker/records", follow_redirects=False).status_code == 303
        assert anonymous.get("/api/v1/wallet/credentials").status_code == 401
        assert anonymous.get("/s/not-a-real-token").status_code == 404


def test_pages_speak_spanish(app: FastAPI, client: TestClient, clock: FakeClock) -> None:
    seed_demo(app, clock)
    log_in(client, WORKER)
    client.cookies.set("openler_language", "es")
    page = client.get("/worker/records", headers={"Accept-Language": "es"}).text
    assert '<html lang="es">' in page
    assert "Mis registros" in page


def test_a_clr_is_made_from_ticked_records_through_the_page(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    seed_demo(app, clock)
    log_in(client, WORKER)
    _upload_via_form(client, as_bytes(outside_credential()))
    [row_id] = _worker_row_ids(app)
    page = client.get("/worker/records").text
    made = client.post(
        "/worker/records/make",
        data={"csrf_token": csrf_from(page), "credentials": str(row_id), "make": "clr"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    detail = client.get(made.headers["location"]).text
    assert "Bundled record 1" in detail
    assert "My records" in detail
    assert "You made it" in client.get("/worker/records").text


def test_an_expired_link_shows_nothing_personal(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    seed_demo(app, clock)
    log_in(client, WORKER)
    _upload_via_form(client, as_bytes(outside_credential()))
    path = _share_via_form(client, _worker_row_ids(app), duration="1h")
    path = path.removeprefix("https://openler.example.gov")
    with TestClient(app) as stranger:
        assert stranger.get(path).status_code == 200
        clock.advance(hours=1)
        gone = stranger.get(path)
        assert gone.status_code == 410
        assert "This share link has expired." in gone.text
        assert "Forklift Operator" not in gone.text
        assert "Maria" not in gone.text
        assert stranger.get(f"{path}/1.json").status_code == 410
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/wallet/credentials", "/api/v1/wallet/shares", "/api/v1/shared/{token}"} <= set(
        schema["paths"]
    )
