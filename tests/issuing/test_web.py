"""The issuer API and the public documents: a credential issued over the API verifies with
the library's verifier resolving the did:web and the status list through the served URLs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from starlette.testclient import TestClient

from openler.credentials.verify import VerificationReport, offline_sources, verify
from openler.services import tokens
from openler.services.context import Actor
from openler.store import repositories as repo
from openler.store.db import transaction
from tests.issuing.helpers import ONET_ALIGNMENT, failures
from tests.services.helpers import make_org, make_user
from tests.support.clock import FakeClock

SLUG = "lake-college"


def _token(app: FastAPI, clock: FakeClock, email: str, slug: str) -> dict[str, str]:
    with transaction(app.state.sessions) as db:
        if repo.organization_by_slug(db, slug) is None:
            make_org(db, clock, slug=slug)
        user = make_user(db, clock, email=email, roles=("issuer",), orgs=(slug,))
        new = tokens.create(db, Actor.for_user(user, "web"), name="t", role="issuer", now=clock())
    return {"Authorization": f"Bearer {new.secret}"}


def _verify(
    client: TestClient, data: bytes | dict[str, Any], clock: FakeClock
) -> VerificationReport:
    def fetch(url: str) -> dict[str, Any]:
        assert url.startswith("https://openler.example.gov/")
        response = client.get(urlsplit(url).path)  # no credentials: public documents
        assert response.status_code == 200, url
        document: dict[str, Any] = response.json()
        return document

    resolver, status = offline_sources({}, fetcher=fetch)
    return verify(data, resolver=resolver, fetch_status=status, now=clock())


def _achievement(client: TestClient, auth: dict[str, str]) -> int:
    body = {
        "name": "Forklift Operator",
        "description": "Operates a forklift.",
        "criteria": "Passed the tests.",
        "alignments": [ONET_ALIGNMENT],
    }
    response = client.post(f"/api/v1/orgs/{SLUG}/achievements", json=body, headers=auth)
    assert response.status_code == 201, response.text
    achievement_id: int = response.json()["id"]
    return achievement_id


def test_issue_verify_revoke_over_the_api(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    auth = _token(app, clock, "issuer@lake.edu", SLUG)
    achievement_id = _achievement(client, auth)
    issued = client.post(
        f"/api/v1/orgs/{SLUG}/credentials",
        json={"achievement_id": achievement_id, "email": "ana@example.org", "name": "Ana"},
        headers=auth,
    )
    assert issued.status_code == 201, issued.text
    uid = issued.json()["uid"]
    for fmt in ("json", "jwt", "png", "svg"):
        download = client.get(
            f"/api/v1/orgs/{SLUG}/credentials/{uid}", params={"format": fmt}, headers=auth
        )
        assert download.status_code == 200
        report = _verify(client, download.content, clock)
        assert report.verified, (fmt, failures(report))
    did = client.get(f"/orgs/{SLUG}/did.json")
    assert did.headers["cache-control"] == "public, max-age=300"
    assert did.json()["id"] == f"did:web:openler.example.gov:orgs:{SLUG}"
    revoked = client.post(
        f"/api/v1/orgs/{SLUG}/credentials/{uid}/revoke", json={"reason": "error"}, headers=auth
    )
    assert revoked.json()["state"] == "revoked"
    credential = client.get(f"/api/v1/orgs/{SLUG}/credentials/{uid}", headers=auth).json()
    assert failures(_verify(client, credential, clock)) == {"status": "STATUS_REVOKED"}
    listed = client.get(f"/api/v1/orgs/{SLUG}/credentials", headers=auth).json()
    assert [(c["uid"], c["state"]) for c in listed] == [(uid, "revoked")]


def test_batch_upload_reports_rows_or_completes(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    auth = _token(app, clock, "issuer@lake.edu", SLUG)
    achievement_id = _achievement(client, auth)
    url = f"/api/v1/orgs/{SLUG}/batches"
    bad = b"email,name\nok@example.org,Ok\nnope,No\n"
    response = client.post(
        url, params={"achievement_id": achievement_id}, files={"file": ("c.csv", bad)}, headers=auth
    )
    assert response.status_code == 202
    assert response.json()["state"] == "failed"
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [(2, "email")]
    good = b"email,name\na@example.org,A\nb@example.org,B\n"
    response = client.post(
        url,
        params={"achievement_id": achievement_id},
        files={"file": ("c.csv", good)},
        headers=auth,
    )
    batch_id = response.json()["id"]
    status = client.get(f"{url}/{batch_id}", headers=auth).json()  # the task ran after the reply
    assert (status["state"], status["rows_done"]) == ("complete", 2)


def test_issuers_of_other_organizations_and_anonymous_callers_are_refused(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    _token(app, clock, "issuer@lake.edu", SLUG)
    other = _token(app, clock, "issuer@river.org", "river-works")
    assert client.get(f"/api/v1/orgs/{SLUG}/achievements", headers=other).status_code == 403
    assert client.get(f"/api/v1/orgs/{SLUG}/achievements").status_code == 401
    assert client.get("/.well-known/did.json").status_code == 404  # no host organization set
    assert client.get(f"/orgs/{SLUG}/status/99").status_code == 404
