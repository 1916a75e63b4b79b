"""Where a mail server is configured, a reset link is also mailed to the person."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import replace
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from starlette.testclient import TestClient

from openler.store import repositories as repo
from openler.store.db import transaction
from tests.support.clock import FakeClock
from tests.web.helpers import log_in, post_form, seed_demo


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_reset_link_is_mailed_when_smtp_is_set(
    app: FastAPI, clock: FakeClock, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    app.state.settings = replace(app.state.settings, smtp_url=f"smtp://127.0.0.1:{port}")
    logins = seed_demo(app, clock)
    with transaction(app.state.sessions) as db:
        worker = repo.user_by_email(db, "worker@demo.openler.org")
        assert worker is not None
        worker_id = worker.id
    with TestClient(app) as admin:
        log_in(admin, logins["admin"].email, totp_secret=logins["admin"].totp_secret, clock=clock)
        page = post_form(admin, f"/admin/users/{worker_id}", f"/admin/users/{worker_id}/reset", {})
        assert "also sent to their email" in page.text  # type: ignore[attr-defined]
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == ["worker@demo.openler.org"]
    assert message["Subject"] == "Reset your OpenLER password"
    assert "https://openler.example.gov/reset/" in message.get_payload()
