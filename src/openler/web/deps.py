"""Request dependencies: the database transaction, who is asking, and the role check.

Every route declares who may call it, with ``Depends(require_role(...))`` or
``Depends(public)`` / ``Depends(signed_in)``; a test walks all routes and fails on any that
declares nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from openler.config import Settings
from openler.errors import AuthenticationError, PermissionDenied
from openler.services import sessions, tokens
from openler.services.context import Actor, Clock
from openler.store.db import transaction
from openler.store.models import User
from openler.web.security import SESSION_COOKIE, unsign_session


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def get_db(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, else rolled back."""
    with transaction(request.app.state.sessions) as db:
        yield db


def now(clock: Annotated[Clock, Depends(get_clock)]) -> datetime:
    return clock()


# scope="function": commit before the response is sent. With the default (request) scope the
# commit ran after the response, so a browser following a redirect at once could arrive
# before the new session existed and be sent back to the login page.
DB = Annotated[Session, Depends(get_db, scope="function")]
Now = Annotated[datetime, Depends(now)]
AppSettings = Annotated[Settings, Depends(get_settings)]


class LoginRequired(AuthenticationError):
    """Raised for a page that needs a login; the error handler redirects to /login."""

    code = "LOGIN_REQUIRED"


@dataclass(frozen=True)
class Caller:
    """Who is calling: a user through a browser session or an API token, or nobody."""

    user: User | None
    actor: Actor | None
    session_token: str | None = None
    pending_second_factor: bool = False


def _caller(request: Request, db: Session, now: datetime) -> Caller:
    cached: Caller | None = getattr(request.state, "caller", None)
    if cached is not None:
        return cached
    caller = Caller(None, None)
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        user, token = tokens.authenticate(db, authorization[7:].strip(), now=now)
        caller = Caller(user, Actor.for_user(user, via="api", role=token.role))
    else:
        settings: Settings = request.app.state.settings
        token_value = unsign_session(settings, request.cookies.get(SESSION_COOKIE))
        found = sessions.resolve(db, token_value, now=now) if token_value else None
        if found is not None:
            user, row = found
            caller = Caller(
                user,
                Actor.for_user(user, via="web"),
                session_token=token_value,
                pending_second_factor=row.second_factor_pending,
            )
    request.state.caller = caller
    return caller


def current_caller(request: Request, db: DB, now: Now) -> Caller:
    return _caller(request, db, now)


CurrentCaller = Annotated[Caller, Depends(current_caller)]


def _mark(func: Callable[..., Any], roles: tuple[str, ...] | None) -> Callable[..., Any]:
    func.__openler_access__ = roles  # type: ignore[attr-defined]
    return func


def public(caller: CurrentCaller) -> Caller:
    """Anyone, logged in or not."""
    return caller


_mark(public, None)


def signed_in(caller: CurrentCaller) -> Actor:
    """Any fully logged-in user, whatever their role."""
    if caller.actor is None or caller.pending_second_factor:
        raise LoginRequired("Please log in to see this page.")
    return caller.actor


_mark(signed_in, ())


def require_role(*roles: str) -> Callable[[Caller], Actor]:
    """Allow users holding one of ``roles``; the returned actor acts under that role."""

    def check(caller: CurrentCaller) -> Actor:
        if caller.actor is None or caller.pending_second_factor:
            raise LoginRequired("Please log in to see this page.")
        try:
            return caller.actor.require(*roles)
        except PermissionDenied:
            names = " or ".join(roles)
            raise PermissionDenied(
                f"This page is for the {names} role, and you are signed in without it."
            ) from None

    return _mark(check, roles)


SignedIn = Annotated[Actor, Depends(signed_in)]
