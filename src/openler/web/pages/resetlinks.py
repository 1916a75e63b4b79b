"""Handing over a password-reset link: shown to its issuer, and mailed where mail is set up."""

from __future__ import annotations

import logging

from openler.config import Settings
from openler.services import mail
from openler.services.resets import ResetLink

log = logging.getLogger("openler.web")


def deliver(settings: Settings, link: ResetLink) -> dict[str, object]:
    url = link.url(settings.public_url)
    mailed = False
    if mail.mail_configured(settings) and link.user.email:
        try:
            mail.send_reset_link(
                settings, to=link.user.email, link=url, language=link.user.language or "en"
            )
            mailed = True
        except OSError:
            log.exception("could not mail the reset link")
    return {"link": url, "expires_at": link.expires_at, "mailed": mailed, "email": link.user.email}
