"""Server-rendered pages: Jinja2 with gettext, and the context every page gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from openler import __version__
from openler.web import i18n
from openler.web.navigation import ROLE_LABELS, navigation_for

TEMPLATES = Path(__file__).parent / "templates"


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext_, i18n.ngettext_, newstyle=True
    )
    env.globals.update(
        version=__version__,
        language_names=i18n.LANGUAGE_NAMES,
        role_labels=ROLE_LABELS,
    )
    return env


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    env: Environment = request.app.state.templates
    caller = getattr(request.state, "caller", None)
    user, roles = None, frozenset[str]()
    if caller is not None and caller.actor is not None and not caller.pending_second_factor:
        user = caller.user
        # Roles from the Actor snapshot: an error page may render after the transaction rolled
        # back, when the ORM objects are detached.
        roles = caller.actor.roles
    values = {
        "request": request,
        "user": user,
        "nav": navigation_for(roles),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "lang": i18n.current_language(),
        "demo": request.app.state.settings.demo,
        "path": request.url.path,
    }
    values.update(context or {})
    html = env.get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code)
