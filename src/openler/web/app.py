"""The web application: ``create_app(settings)``."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from openler import __version__
from openler.config import Settings
from openler.services.context import Clock, utc_now
from openler.store.db import make_engine, session_factory
from openler.store.kek import keyring_for
from openler.web import errors, i18n
from openler.web.api.v1 import router as api_v1
from openler.web.api.v1 import verify
from openler.web.api.v1.wallet import SHARED_PATH as SHARED_API_PATH
from openler.web.pages import router as pages
from openler.web.pages import verify as verify_page
from openler.web.ratelimit import RateLimiter, RateLimitMiddleware
from openler.web.security import LANGUAGE_COOKIE, CSRFMiddleware
from openler.web.templating import make_environment
from openler.web.wallet_deps import SHARE_PATH

STATIC = Path(__file__).parent / "static"
API_PREFIX = "/api/v1"

# Sent with every response: no framing (clickjacking), no MIME sniffing, no referrer leaks of
# reset links, and a policy that allows only our own scripts and styles.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
}


def _rate_rules(settings: Settings, clock: Clock) -> dict[tuple[str, str], RateLimiter]:
    """The public services that cost CPU, each path pair sharing one budget per client."""
    verifying = RateLimiter(settings.rate_limit_verify, clock)
    sharing = RateLimiter(settings.rate_limit_shared, clock)
    return {
        ("POST", verify_page.VERIFY_PATH): verifying,
        ("POST", API_PREFIX + verify.VERIFY_PATH): verifying,
        ("GET", SHARE_PATH): sharing,
        ("GET", API_PREFIX + SHARED_API_PATH): sharing,
    }


def create_app(settings: Settings, *, clock: Clock = utc_now) -> FastAPI:
    app = FastAPI(
        title="OpenLER",
        version=__version__,
        description=(
            "Learning and Employment Records, a skills-based talent marketplace and a "
            "benefits-cliff planner. Machine clients authenticate with a bearer API token."
        ),
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    # Refuses to start without the secrets key outside demo mode (OPENLER_SECRETS_KEY_FILE).
    keyring = keyring_for(settings)
    engine = make_engine(settings.database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = session_factory(engine, keyring)
    app.state.clock = clock
    app.state.templates = make_environment()

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(pages)
    app.include_router(api_v1, prefix=API_PREFIX)
    errors.install(app)

    async def language_and_headers(
        request: Request, call_next: RequestResponseEndpoint
    ) -> Response:
        i18n.set_language(
            i18n.negotiate(
                request.cookies.get(LANGUAGE_COOKIE),
                request.headers.get("accept-language"),
                settings.default_language,
            )
        )
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith(("/api/", "/account", "/admin", "/reset")):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    # Added last runs first: the language is set before a rate limit or the CSRF check can
    # reject a request, and a rate limit refuses before the CSRF check reads the body.
    app.add_middleware(
        CSRFMiddleware,
        settings=settings,
        reject=errors.csrf_rejection,
        too_large=errors.too_large,
        exempt=frozenset({API_PREFIX + verify.VERIFY_PATH}),
    )
    app.add_middleware(
        RateLimitMiddleware, rules=_rate_rules(settings, clock), refuse=errors.rate_limited
    )
    app.add_middleware(BaseHTTPMiddleware, dispatch=language_and_headers)
    return app
