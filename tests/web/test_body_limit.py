"""Request bodies over the largest form OpenLER reads (64 MB): the project's 413, as JSON for
the API and as a page for a browser, before the body is read when its size is declared."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from openler.web import security
from tests.conftest import csrf_from

MB = 1024 * 1024


def _check_api_413(response: object) -> None:
    assert response.status_code == 413  # type: ignore[attr-defined]
    error = response.json()["error"]  # type: ignore[attr-defined]
    assert error["code"] == "REQUEST_TOO_LARGE"
    assert "larger than 64 MB" in error["message"]


def test_the_verify_api_answers_a_body_over_64_mb_with_its_json_error(client: TestClient) -> None:
    client.cookies.clear()
    big = b"x" * (64 * MB + 1)
    _check_api_413(client.post("/api/v1/verify", files={"file": ("b", big)}))
    # The same for an API client with a token: the cap is for every unsafe request.
    _check_api_413(
        client.post("/api/v1/verify", content=big, headers={"Authorization": "Bearer x"})
    )


def test_a_body_without_a_declared_size_is_counted_as_it_arrives(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(security, "MAX_FORM_BYTES", 1000)

    def chunks() -> Iterator[bytes]:
        yield b"x" * 600
        yield b"x" * 600

    client.cookies.clear()
    response = client.post(
        "/api/v1/verify", content=chunks(), headers={"Content-Type": "multipart/form-data"}
    )
    assert "content-length" not in response.request.headers
    _check_api_413(response)


def test_the_page_answers_with_a_page_in_the_visitors_language(client: TestClient) -> None:
    token = csrf_from(client.get("/verify").text)
    big = b"x" * (64 * MB + 1)
    response = client.post("/verify", data={"csrf_token": token}, files={"file": ("b", big)})
    assert response.status_code == 413
    assert "text/html" in response.headers["content-type"]
    assert "That is too large" in response.text
    assert "larger than 64 MB" in response.text
    assert "REQUEST_TOO_LARGE" in response.text
    client.cookies.set("openler_lang", "es")
    spanish = client.post("/verify", data={"csrf_token": token}, files={"file": ("b", big)})
    assert spanish.status_code == 413
    assert "supera los 64 MB" in spanish.text
