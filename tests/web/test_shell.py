"""The web shell: health, API schema, error pages, headers, languages."""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi import FastAPI
from starlette.testclient import TestClient

from openler.web.i18n import LOCALE_DIR
from tests.support.clock import FakeClock
from tests.web.helpers import log_in, post_form, seed_demo


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_openapi_schema_is_served_and_documents_the_api(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "OpenLER"
    assert {"/api/v1/me", "/api/v1/tokens", "/api/v1/users", "/api/v1/audit"} <= set(
        schema["paths"]
    )
    assert not any(path.startswith("/admin") for path in schema["paths"])  # pages are not API


def test_friendly_404(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text
    assert "go back to the home page" in response.text
    api = client.get("/api/v1/no-such-thing")
    assert api.json()["error"]["code"] == "HTTP_404"


def test_friendly_500_without_details(app: FastAPI, clock: FakeClock) -> None:
    def explode() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/boom", explode)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "secret internals" not in response.text


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/login").headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in headers["content-security-policy"]


def test_page_landmarks_and_skip_link(client: TestClient) -> None:
    html = client.get("/login").text
    assert html.index('class="skip-link" href="#main"') < html.index("<header")
    assert '<main id="main"' in html
    assert '<html lang="en">' in html
    assert 'name="viewport"' in html


def test_spanish_by_choice_and_by_browser(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    assert (
        '<html lang="es">'
        in client.get("/login", headers={"Accept-Language": "es-US,es;q=0.9"}).text
    )
    post_form(client, "/login", "/language", {"language": "es", "next": "/login"})
    html = client.get("/login").text
    assert '<html lang="es">' in html
    assert "Iniciar sesión" in html  # the Spanish catalog's translation of "Log in"
    seed_demo(app, clock)
    log_in(client, "worker@demo.openler.org")
    assert "Su cuenta" in client.get("/worker").text


def test_default_language_setting(app: FastAPI, clock: FakeClock) -> None:
    from dataclasses import replace

    from openler.web.app import create_app

    spanish = create_app(replace(app.state.settings, default_language="es"), clock=clock)
    with TestClient(spanish) as client:
        assert '<html lang="es">' in client.get("/login").text
    spanish.state.engine.dispose()


@pytest.mark.parametrize("language", ["es"])
def test_every_message_is_translated(language: str) -> None:
    source = LOCALE_DIR.parent
    keywords = {"_": None, "gettext_": None, "N_": None}
    method_map = [("**.py", "python"), ("web/templates/**.html", "jinja2")]
    options = {"web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    used = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            str(source), method_map, options_map=options, keywords=keywords
        )
    }
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    missing = sorted(m for m in used if not catalog.get(m) or not catalog.get(m).string)
    assert missing == []


def test_transactions_commit_before_the_response_is_sent() -> None:
    """A redirect after login must not outrun the commit of the new session (found by the
    browser tests on a loaded machine): the database dependency is function-scoped."""
    from typing import get_args

    from openler.web.deps import DB

    depends = get_args(DB)[1]
    assert depends.scope == "function"
