"""Errors as people and machines expect them: friendly pages for browsers, JSON for the API."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from openler.errors import (
    OpenLERError,
    RateLimitedError,
    RequestTooLargeError,
    SecretUnreadableError,
)
from openler.web.deps import LoginRequired
from openler.web.i18n import gettext_ as _
from openler.web.i18n import ngettext_
from openler.web.navigation import N_
from openler.web.security import MAX_FORM_BYTES
from openler.web.templating import render

log = logging.getLogger("openler.web")

# Marked for extraction (N_), translated when shown.
_TITLES = {
    400: N_("The request could not be understood"),
    401: N_("Please log in"),
    403: N_("You do not have access to this page"),
    404: N_("Page not found"),
    405: N_("That action is not allowed here"),
    409: N_("That clashes with something that exists"),
    410: N_("This link no longer works"),
    413: N_("That is too large"),
    422: N_("Some of what you entered needs fixing"),
    429: N_("Too many requests"),
    500: N_("Something went wrong on our side"),
    501: N_("Not available yet"),
}


def wants_json(request: Request) -> bool:
    return (
        request.url.path.startswith("/api/")
        or "application/json" in request.headers.get("accept", "").split(",")[0]
    )


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    headers = dict(headers or {})
    if wants_json(request):
        body: dict[str, object] = {"code": code, "message": message}
        if field:
            body["field"] = field
        if status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        return JSONResponse({"error": body}, status_code=status, headers=headers)
    title = _(_TITLES.get(status, N_("Something went wrong")))
    response = render(
        request,
        "error.html",
        {"status": status, "title": title, "message": message, "code": code},
        status_code=status,
    )
    response.headers.update(headers)
    return response


def rate_limited(request: Request, retry_after: int) -> Response:
    """429 for a client over a rate limit (``web/ratelimit.py``), with ``Retry-After``."""
    message = ngettext_(
        "Too many requests came from your address in a short time, so this one was not "
        "handled. Wait %(seconds)s second and try again.",
        "Too many requests came from your address in a short time, so this one was not "
        "handled. Wait %(seconds)s seconds and try again.",
        retry_after,
    ) % {"seconds": retry_after}
    error = RateLimitedError(message, retry_after=retry_after)
    return error_response(
        request, 429, error.code, message, headers={"Retry-After": str(retry_after)}
    )


def too_large(request: Request) -> Response:
    """413 for a request body over ``MAX_FORM_BYTES`` (checked by the CSRF middleware)."""
    message = _(
        "What was sent is larger than %(limit)s MB, the largest request this service reads, "
        "so it was not read. Send a smaller file."
    ) % {"limit": MAX_FORM_BYTES // 2**20}
    return error_response(request, 413, RequestTooLargeError.code, message)


def csrf_rejection(request: Request) -> Response:
    return error_response(
        request,
        403,
        "CSRF_FAILED",
        _(
            "This form expired or was sent from another site, so it was not accepted. "
            "Go back, reload the page and try again."
        ),
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if wants_json(request):
            return error_response(request, 401, "NOT_AUTHENTICATED", exc.message)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(SecretUnreadableError)
    async def secret_unreadable(request: Request, exc: SecretUnreadableError) -> Response:
        # The operator needs the column, row and key id (never the secret, which the message
        # does not hold); the person in front of the page only needs to know it is not them.
        log.error("%s: %s", exc.code, exc.message)
        return error_response(
            request,
            500,
            exc.code,
            _(
                "This service could not read a key it keeps, so this could not be done. "
                "Nothing was saved. Please tell the people who run this service."
            ),
        )

    @app.exception_handler(OpenLERError)
    async def openler_error(request: Request, exc: OpenLERError) -> Response:
        return error_response(request, exc.http_status, exc.code, exc.message, exc.field)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        messages = {
            404: _(
                "There is no page at this address. Check the link, or go back to the home page."
            ),
            405: _("This address does not take that kind of request."),
        }
        message = messages.get(exc.status_code, str(exc.detail))
        return error_response(request, exc.status_code, f"HTTP_{exc.status_code}", message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        field = ".".join(str(p) for p in first.get("loc", ())[1:]) or None
        message = f"{field}: {first.get('msg', 'invalid value')}" if field else "Invalid request."
        return error_response(request, 422, "INVALID_INPUT", message, field)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(
            request,
            500,
            "INTERNAL_ERROR",
            _("We could not finish this. Nothing was saved. Please try again in a moment."),
        )
