"""Login, logout, the second factor, language choice and password reset."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from openler.config import LANGUAGES
from openler.errors import ValidationError
from openler.services import login, resets, sessions
from openler.services.login import LoginResult, LoginStatus
from openler.store.models import User
from openler.web import security
from openler.web.deps import DB, AppSettings, Caller, LoginRequired, Now, public
from openler.web.forms import safe_next
from openler.web.i18n import gettext_ as _
from openler.web.i18n import ngettext_
from openler.web.ratelimit import client_key
from openler.web.templating import render

router = APIRouter()
Public = Annotated[Caller, Depends(public)]


def _throttled(
    request: Request, result: LoginResult, now: Now, next: str, settings: AppSettings | None
) -> Response:
    """429 for an attempt refused after too many failures, saying when to try again.

    The same page whether the email has an account or not (services/throttle.py).
    """
    seconds = result.retry_after(now)
    minutes = math.ceil(seconds / 60)
    until = (now + timedelta(seconds=seconds)).strftime("%H:%M")
    message = ngettext_(
        "Too many failed attempts to log in. Try again in %(minutes)s minute (at %(time)s UTC).",
        "Too many failed attempts to log in. Try again in %(minutes)s minutes (at %(time)s UTC).",
        minutes,
    ) % {"minutes": minutes, "time": until}
    response = render(request, "login.html", {"next": next, "email": "", "error": message}, 429)
    response.headers["Retry-After"] = str(seconds)
    if settings is not None:
        security.clear_session_cookie(response, settings)
    return response


def _start_session(
    request: Request,
    db: DB,
    settings: AppSettings,
    now: Now,
    user: User,
    *,
    pending: bool,
    redirect_to: str,
    caller: Caller,
) -> Response:
    token = sessions.start(
        db, user, now=now, pending_second_factor=pending, replaces=caller.session_token
    )
    response = RedirectResponse(redirect_to, status_code=303)
    lifetime = sessions.PENDING_LIFETIME if pending else sessions.SESSION_LIFETIME
    security.set_session_cookie(response, settings, token, int(lifetime.total_seconds()))
    security.rotate_csrf(request, response, settings)
    return response


@router.get("/login")
def login_form(request: Request, caller: Public, next: str = "/") -> Response:
    if caller.actor is not None and not caller.pending_second_factor:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", {"next": safe_next(next), "email": ""})


@router.post("/login")
def login_submit(
    request: Request,
    db: DB,
    settings: AppSettings,
    now: Now,
    caller: Public,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    result = login.check_password(db, email, password, now=now, address=client_key(request.scope))
    target = safe_next(next)
    if result.status is LoginStatus.LOCKED:
        return _throttled(request, result, now, target, None)
    if result.status is not LoginStatus.OK or result.user is None:
        message = _("The email or password is wrong.")
        return render(
            request, "login.html", {"next": target, "email": email, "error": message}, 401
        )
    if result.needs_enrollment:
        return _start_session(
            request,
            db,
            settings,
            now,
            result.user,
            pending=True,
            redirect_to=f"/login/enroll?next={target}",
            caller=caller,
        )
    if result.needs_second_factor:
        return _start_session(
            request,
            db,
            settings,
            now,
            result.user,
            pending=True,
            redirect_to=f"/login/code?next={target}",
            caller=caller,
        )
    return _start_session(
        request, db, settings, now, result.user, pending=False, redirect_to=target, caller=caller
    )


def _pending_user(caller: Caller) -> User:
    if caller.user is None or not caller.pending_second_factor:
        raise LoginRequired("Please log in first.")
    return caller.user


@router.get("/login/code")
def code_form(request: Request, caller: Public, next: str = "/") -> Response:
    user = _pending_user(caller)
    return render(request, "second_factor.html", {"next": safe_next(next), "email": user.email})


@router.post("/login/code")
def code_submit(
    request: Request,
    db: DB,
    settings: AppSettings,
    now: Now,
    caller: Public,
    code: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    user = _pending_user(caller)
    result = login.check_second_factor(db, user, code, now=now, address=client_key(request.scope))
    return _after_code(request, db, settings, now, caller, result, "second_factor.html", next)


def _after_code(
    request: Request,
    db: DB,
    settings: AppSettings,
    now: Now,
    caller: Caller,
    result: LoginResult,
    template: str,
    next: str,
    extra: dict[str, object] | None = None,
) -> Response:
    target = safe_next(next)
    if result.status is LoginStatus.OK and result.user is not None:
        return _start_session(
            request,
            db,
            settings,
            now,
            result.user,
            pending=False,
            redirect_to=target,
            caller=caller,
        )
    if result.status is LoginStatus.LOCKED:
        # The half-login ends: after the wait, the password is asked for again.
        if caller.session_token:
            sessions.end(db, caller.session_token)
        return _throttled(request, result, now, target, settings)
    context: dict[str, object] = {
        "next": target,
        "error": _("That code is not right. Try the newest code."),
    }
    context.update(extra or {})
    return render(request, template, context, 401)


def _enroll_context(db: DB, user: User) -> dict[str, object]:
    import segno

    # Shown to the person only until they confirm it (the setup page needs a pending login).
    secret = login.begin_enrollment(db, user)
    uri = login.provisioning_uri(user, secret)
    return {
        "secret": secret,
        "qr_svg": segno.make(uri, error="m").svg_inline(
            scale=4, title=_("Authenticator setup code")
        ),
        "uri": uri,
    }


@router.get("/login/enroll")
def enroll_form(request: Request, db: DB, caller: Public, next: str = "/") -> Response:
    user = _pending_user(caller)
    if user.totp_confirmed_at is not None:
        return _to_code_step(next)
    return render(request, "enroll.html", {"next": safe_next(next), **_enroll_context(db, user)})


def _to_code_step(next: str) -> Response:
    """Setup is over once confirmed: someone who knows only the password must not see the
    secret again (nor confirm a new one), so they are sent to the code step."""
    return RedirectResponse(f"/login/code?next={safe_next(next)}", status_code=303)


@router.post("/login/enroll")
def enroll_submit(
    request: Request,
    db: DB,
    settings: AppSettings,
    now: Now,
    caller: Public,
    code: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    user = _pending_user(caller)
    if user.totp_confirmed_at is not None:
        return _to_code_step(next)
    again = _enroll_context(db, user)  # the page once more, should the code be wrong
    result = login.confirm_enrollment(db, user, code, now=now, address=client_key(request.scope))
    return _after_code(request, db, settings, now, caller, result, "enroll.html", next, again)


@router.post("/logout")
def logout(request: Request, db: DB, settings: AppSettings, now: Now, caller: Public) -> Response:
    if caller.session_token:
        sessions.logout(db, caller.session_token, now=now)
    response = RedirectResponse("/login", status_code=303)
    security.clear_session_cookie(response, settings)
    security.rotate_csrf(request, response, settings)
    return response


@router.post("/language")
def choose_language(
    request: Request,
    settings: AppSettings,
    caller: Public,
    language: Annotated[str, Form()] = "en",
    next: Annotated[str, Form()] = "/",
) -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    if language in LANGUAGES:
        response.set_cookie(
            security.LANGUAGE_COOKIE,
            language,
            **security.cookie_options(settings, 365 * 24 * 3600),
        )
    return response


@router.get("/reset/{token}")
def reset_form(request: Request, db: DB, now: Now, caller: Public, token: str) -> Response:
    user = resets.check(db, token, now=now)
    return render(request, "reset.html", {"token": token, "email": user.email})


@router.post("/reset/{token}")
def reset_submit(
    request: Request,
    db: DB,
    settings: AppSettings,
    now: Now,
    caller: Public,
    token: str,
    password: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    user = resets.check(db, token, now=now)
    if password != confirm:
        error = _("The two passwords are not the same.")
        return render(
            request, "reset.html", {"token": token, "email": user.email, "error": error}, 422
        )
    try:
        resets.redeem(db, token, password, now=now)
    except ValidationError as exc:
        return render(
            request, "reset.html", {"token": token, "email": user.email, "error": exc.message}, 422
        )
    response = render(request, "reset_done.html", {})
    security.clear_session_cookie(response, settings)
    return response
