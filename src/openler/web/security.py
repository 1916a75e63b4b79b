"""Signed cookies and CSRF protection.

CSRF uses the signed double-submit pattern (OWASP): every visitor gets a random value in an
HTTP-only cookie, and each form carries HMAC(secret, value). A request that changes anything
(POST, PUT, PATCH, DELETE) must send the matching token in the ``csrf_token`` form field or the
``X-CSRF-Token`` header, unless it authenticates with a bearer API token (which a browser never
sends on its own, so it cannot be forged across sites).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openler.config import Settings

SESSION_COOKIE = "openler_session"
CSRF_COOKIE = "openler_csrf"
LANGUAGE_COOKIE = "openler_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Forms larger than this are refused before they are read into memory.
MAX_FORM_BYTES = 64 * 1024 * 1024


def _serializer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(settings.secret_key, salt="openler.session")


def sign_session(settings: Settings, token: str) -> str:
    return _serializer(settings).dumps(token)


def unsign_session(settings: Settings, value: str | None) -> str | None:
    if not value:
        return None
    try:
        token = _serializer(settings).loads(value)
    except BadSignature:
        return None
    return token if isinstance(token, str) else None


def csrf_token_for(settings: Settings, cookie_value: str) -> str:
    key = hashlib.sha256(b"openler.csrf:" + settings.secret_key.encode()).digest()
    return hmac.new(key, cookie_value.encode(), hashlib.sha256).hexdigest()


def cookie_options(settings: Settings, max_age: int | None) -> dict[str, Any]:
    return {
        "httponly": True,
        "samesite": "lax",
        "secure": settings.secure_cookies,
        "path": "/",
        "max_age": max_age,
    }


def set_session_cookie(response: Response, settings: Settings, token: str, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE, sign_session(settings, token), **cookie_options(settings, max_age)
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies
    )


def rotate_csrf(request: Request, response: Response, settings: Settings) -> None:
    """A new CSRF value at login and logout, so a token seen before does not carry over."""
    value = secrets.token_urlsafe(32)
    response.set_cookie(CSRF_COOKIE, value, **cookie_options(settings, None))
    request.state.csrf_token = csrf_token_for(settings, value)


Rejector = Callable[[Scope, Receive, Send], Awaitable[None]]


class CSRFMiddleware:
    """Checks the CSRF token on unsafe requests; gives every visitor a CSRF cookie."""

    def __init__(
        self,
        app: ASGIApp,
        settings: Settings,
        reject: Callable[[Request], Response],
        too_large: Callable[[Request], Response],
        exempt: frozenset[str] = frozenset(),
    ):
        """``exempt``: paths of public requests that change nothing and read nothing of the
        caller's, so a forged cross-site request gains nothing (checked without a cookie).
        ``too_large`` answers a body over ``MAX_FORM_BYTES``, which every unsafe request,
        exempt or not, is refused for before it is read further."""
        self.app = app
        self.settings = settings
        self.reject = reject
        self.too_large = too_large
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        cookie = request.cookies.get(CSRF_COOKIE)
        new_cookie = None
        if not cookie:
            new_cookie = cookie = secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_token"] = csrf_token_for(self.settings, cookie)
        if scope["method"] in UNSAFE_METHODS:
            body = None
            if _declared_size(request) <= MAX_FORM_BYTES:  # else refused before it is read
                body = await _read_body(receive)
            if body is None:
                await self.too_large(request)(scope, receive, send)
                return
            receive = _replay(body, receive)
            if self._forged(request, body, cookie if not new_cookie else None):
                await self.reject(Request(scope, receive))(scope, receive, send)
                return
        await self.app(scope, receive, self._with_cookie(send, new_cookie))

    def _forged(self, request: Request, body: bytes, cookie: str | None) -> bool:
        """Whether an unsafe request lacks the token matching the visitor's CSRF cookie."""
        if _has_bearer(request) or request.scope["path"] in self.exempt:
            return False
        sent = request.headers.get(CSRF_HEADER) or _form_token(request, body)
        expected = csrf_token_for(self.settings, cookie) if cookie else None
        return not sent or expected is None or not hmac.compare_digest(sent, expected)

    def _with_cookie(self, send: Send, value: str | None) -> Send:
        if value is None:
            return send

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                # Respect a handler that set its own (rotated) CSRF cookie.
                if not any(
                    k == b"set-cookie" and v.startswith(CSRF_COOKIE.encode() + b"=")
                    for k, v in headers
                ):
                    probe = Response()
                    probe.set_cookie(CSRF_COOKIE, value, **cookie_options(self.settings, None))
                    headers.extend((k, v) for k, v in probe.raw_headers if k == b"set-cookie")
                message["headers"] = headers
            await send(message)

        return send_with_cookie


def _has_bearer(request: Request) -> bool:
    return request.headers.get("authorization", "").lower().startswith("bearer ")


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _form_token(request: Request, body: bytes) -> str | None:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        values = parse_qs(body.decode("latin-1"), keep_blank_values=True).get(CSRF_FIELD)
        return values[0] if values else None
    if content_type.startswith("multipart/form-data"):
        return _multipart_field(content_type, body, CSRF_FIELD)
    return None


def _multipart_field(content_type: str, body: bytes, name: str) -> str | None:
    from python_multipart.multipart import parse_options_header

    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        return None
    marker = f'name="{name}"'.encode()
    for part in body.split(b"--" + boundary):
        head, sep, value = part.partition(b"\r\n\r\n")
        if sep and marker in head:
            return value.rstrip(b"\r\n").decode("utf-8", "replace")
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> MutableMapping[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _declared_size(request: Request) -> int:
    try:
        return int(request.headers.get("content-length", "0"))
    except ValueError:
        return 0
