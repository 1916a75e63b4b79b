"""Outgoing mail, used only where OPENLER_SMTP_URL is set."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from openler.config import Settings
from openler.errors import ConfigError


def mail_configured(settings: Settings) -> bool:
    return bool(settings.smtp_url)


def send(settings: Settings, *, to: str, subject: str, body: str) -> None:
    url = urlsplit(settings.smtp_url)
    if url.scheme not in {"smtp", "smtps"} or not url.hostname:
        raise ConfigError(
            "OPENLER_SMTP_URL must look like smtp://user:pass@host:port or smtps://host:port.",
            field="OPENLER_SMTP_URL",
        )
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if url.scheme == "smtps":
        client = smtplib.SMTP_SSL(url.hostname, url.port or 465, context=context, timeout=20)
    else:
        client = smtplib.SMTP(url.hostname, url.port or 25, timeout=20)
    with client:
        if url.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls(context=context)
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(message)


def send_reset_link(settings: Settings, *, to: str, link: str, language: str) -> None:
    if language == "es":
        subject = "Restablecer su contraseña de OpenLER"
        body = (
            "Para elegir una contraseña nueva, abra este enlace (se puede usar una sola vez):\n\n"
            f"{link}\n\nSi no pidió este cambio, avise a su administrador."
        )
    else:
        subject = "Reset your OpenLER password"
        body = (
            "To choose a new password, open this link (it works once):\n\n"
            f"{link}\n\nIf you did not ask for this, tell your administrator."
        )
    send(settings, to=to, subject=subject, body=body)
