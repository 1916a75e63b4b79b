"""Settings, declared in one table.

Each setting is read from the environment (``OPENLER_*``), then from a ``.env`` file in the
working directory, then falls back to its default. ``SETTINGS`` is the single source of the
documentation: ``docs/settings.md`` is rendered from it (``openler settings --markdown``) and a
test checks that the two agree.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from dotenv import dotenv_values

from openler.errors import ConfigError

#: The secret key that demo mode may use. Outside demo mode the service refuses to start with it,
#: because anyone who knows it can forge session cookies and password-reset links.
DEFAULT_SECRET_KEY = "openler-demo-secret-key-do-not-use-in-production"  # noqa: S105

LANGUAGES = ("en", "es")


def _parse_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(
        f"{name} must be true or false (1/0, yes/no, on/off), not {raw!r}.", field=name
    )


def _parse_port(name: str, raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a port number, not {raw!r}.", field=name) from None
    if not 1 <= port <= 65535:
        raise ConfigError(f"{name} must be between 1 and 65535, not {port}.", field=name)
    return port


def _parse_language(name: str, raw: str) -> str:
    if raw not in LANGUAGES:
        allowed = ", ".join(LANGUAGES)
        raise ConfigError(f"{name} must be one of {allowed}, not {raw!r}.", field=name)
    return raw


def _parse_str(name: str, raw: str) -> str:
    return raw


def _parse_path(name: str, raw: str) -> Path:
    return Path(raw).expanduser()


def _parse_optional_path(name: str, raw: str) -> Path | None:
    return Path(raw).expanduser() if raw.strip() else None


@dataclass(frozen=True)
class Rate:
    """At most ``count`` requests per ``seconds`` from one client address; ``count`` 0 is off."""

    count: int
    seconds: int

    @property
    def enabled(self) -> bool:
        return self.count > 0


_PERIODS = {"second": 1, "minute": 60, "hour": 3600}


def _parse_rate(name: str, raw: str) -> Rate:
    text = raw.strip().lower()
    if text in {"0", "off"}:
        return Rate(0, 60)
    count, sep, period = text.partition("/")
    if not sep or not count.isdigit() or period not in _PERIODS or int(count) < 1:
        raise ConfigError(
            f"{name} must be a number of requests per second, minute or hour (for example "
            f"30/minute), or off, not {raw!r}.",
            field=name,
        )
    return Rate(int(count), _PERIODS[period])


def _parse_addresses(name: str, raw: str) -> tuple[str, ...]:
    addresses = tuple(a.strip() for a in raw.split(",") if a.strip())
    for address in addresses:
        if address == "*":
            continue
        try:
            ipaddress.ip_network(address, strict=False)
        except ValueError:
            raise ConfigError(
                f"{name} must list IP addresses or networks separated by commas (or *), "
                f"and {address!r} is not one.",
                field=name,
            ) from None
    return addresses


def _default_data_dir() -> str:
    return platformdirs.user_data_dir("openler", appauthor=False)


@dataclass(frozen=True)
class Setting:
    """One row of the settings table."""

    name: str
    attr: str
    description: str
    default: Callable[[Mapping[str, Any]], str] | str
    parse: Callable[[str, str], Any] = _parse_str
    secret: bool = False

    def default_text(self) -> str:
        if callable(self.default):
            return {
                "OPENLER_DATA_DIR": "a per-user data folder (`~/.local/share/openler` on Linux)",
                "OPENLER_DATABASE_URL": "`sqlite:///$OPENLER_DATA_DIR/openler.db`",
            }[self.name]
        return f"`{self.default}`" if self.default else "(none)"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "OPENLER_DATA_DIR",
        "data_dir",
        "Folder for the SQLite database and other local files. Created if missing.",
        lambda _: _default_data_dir(),
        _parse_path,
    ),
    Setting(
        "OPENLER_DATABASE_URL",
        "database_url",
        "SQLAlchemy URL of the database. SQLite (the default, WAL mode) or PostgreSQL "
        "(`postgresql://user:pass@host/db`, driven by psycopg 3).",
        lambda values: f"sqlite:///{values['data_dir'] / 'openler.db'}",
    ),
    Setting(
        "OPENLER_SECRET_KEY",
        "secret_key",
        "Signs session cookies, CSRF tokens and reset links. Required outside demo mode: the "
        "service refuses to start with the built-in demo key. Use at least 32 random characters.",
        DEFAULT_SECRET_KEY,
        secret=True,
    ),
    Setting(
        "OPENLER_SECRETS_KEY_FILE",
        "secrets_key_file",
        "File with the key that encrypts the secrets kept in the database (issuers' and "
        "workers' signing keys, authenticator secrets) with AES-256-GCM: 32 random bytes in "
        "base64, made by `openler secrets keygen FILE`. Required outside demo mode; in demo "
        "mode `$OPENLER_DATA_DIR/secrets.key` is made on first use. Lines after the first hold "
        "older keys still accepted for reading during a rotation (`openler secrets rotate`).",
        "",
        _parse_optional_path,
    ),
    Setting("OPENLER_HOST", "host", "Address the web server listens on.", "127.0.0.1"),
    Setting("OPENLER_PORT", "port", "Port the web server listens on.", "8000", _parse_port),
    Setting(
        "OPENLER_DEFAULT_LANGUAGE",
        "default_language",
        "Language of the pages when the visitor has not chosen one: `en` or `es`.",
        "en",
        _parse_language,
    ),
    Setting(
        "OPENLER_DEMO",
        "demo",
        "Demo mode: allows the built-in secret key and shows demo hints on the login pages. "
        "Never use in production.",
        "false",
        _parse_bool,
    ),
    Setting(
        "OPENLER_BASE_URL",
        "base_url",
        "Public address of the service, used in links sent to people (password reset) and in "
        "issued credentials: issuing needs it to be https, since each organization's issuer "
        "DID is `did:web:<host>:orgs:<slug>`. Defaults to `http://OPENLER_HOST:OPENLER_PORT`.",
        "",
    ),
    Setting(
        "OPENLER_DID_WEB_HOST_ORG",
        "did_web_host_org",
        "Short name of the one organization whose issuer DID is the host itself "
        "(`did:web:<host>`, served at `/.well-known/did.json`). Empty: every organization uses "
        "the path form.",
        "",
    ),
    Setting(
        "OPENLER_SECURE_COOKIES",
        "secure_cookies",
        "Mark cookies `Secure` (sent over HTTPS only). Turn on behind HTTPS.",
        "false",
        _parse_bool,
    ),
    Setting(
        "OPENLER_SMTP_URL",
        "smtp_url",
        "Mail server for password-reset links, as `smtp://user:pass@host:port` or "
        "`smtps://...`. When empty, no mail is sent and the person who issues a link hands it "
        "over themselves.",
        "",
        secret=True,
    ),
    Setting(
        "OPENLER_RATE_LIMIT_VERIFY",
        "rate_limit_verify",
        "Most credential verifications (`POST /verify` and `POST /api/v1/verify`, counted "
        "together) one client address may ask for, as `N/second`, `N/minute` or `N/hour`; "
        "short bursts up to N are allowed. `off` turns the limit off. Over it: 429 "
        "`RATE_LIMITED` with `Retry-After`.",
        "30/minute",
        _parse_rate,
    ),
    Setting(
        "OPENLER_RATE_LIMIT_SHARED",
        "rate_limit_shared",
        "Most views of share links (`/s/<token>` and `/api/v1/shared/<token>`, counted "
        "together) one client address may ask for, as `OPENLER_RATE_LIMIT_VERIFY`.",
        "120/minute",
        _parse_rate,
    ),
    Setting(
        "OPENLER_FORWARDED_ALLOW_IPS",
        "forwarded_allow_ips",
        "Addresses of the reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` "
        "headers `openler serve` believes (comma-separated IPs or networks, or `*`). Empty: "
        "no forwarded header is believed, and the client address (used by the rate limits) "
        "is the address that connected. Behind a proxy on the same host, set `127.0.0.1`.",
        "",
        _parse_addresses,
    ),
    Setting(
        "OPENLER_MAIL_FROM",
        "mail_from",
        "Sender address of the mail OpenLER sends.",
        "openler@localhost",
    ),
)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str
    secrets_key_file: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    default_language: str = "en"
    demo: bool = False
    base_url: str = ""
    did_web_host_org: str = ""
    secure_cookies: bool = False
    smtp_url: str = ""
    mail_from: str = "openler@localhost"
    rate_limit_verify: Rate = Rate(30, 60)
    rate_limit_shared: Rate = Rate(120, 60)
    forwarded_allow_ips: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def public_url(self) -> str:
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def uses_default_secret(self) -> bool:
        return self.secret_key == DEFAULT_SECRET_KEY

    def check_can_serve(self) -> None:
        """Refuse to run a real service with a secret that everyone can read in our source."""
        if self.uses_default_secret and not self.demo:
            raise ConfigError(
                "OPENLER_SECRET_KEY is not set. Outside demo mode OpenLER will not start with the "
                "built-in key, because anyone could forge sessions with it. Set OPENLER_SECRET_KEY "
                "to a long random value (for example: python3 -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'), or set OPENLER_DEMO=true for a demo.",
                field="OPENLER_SECRET_KEY",
            )
        if not self.uses_default_secret and len(self.secret_key) < 32:
            raise ConfigError(
                "OPENLER_SECRET_KEY is too short: use at least 32 random characters.",
                field="OPENLER_SECRET_KEY",
            )


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Read the settings: environment first, then ``env_file``, then the defaults."""
    env = os.environ if environ is None else environ
    file_values: dict[str, str | None] = {}
    if env_file is not None and env_file.is_file():
        file_values = dotenv_values(env_file)
    known = {s.name for s in SETTINGS}
    unknown = sorted(k for k in [*env, *file_values] if k.startswith("OPENLER_") and k not in known)
    if unknown:
        raise ConfigError(
            f"Unknown setting {unknown[0]}. Known settings: {', '.join(sorted(known))}.",
            field=unknown[0],
        )
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = env.get(setting.name)
        if raw is None:
            raw = file_values.get(setting.name)
        if raw is None:
            default = setting.default
            raw = default(values) if callable(default) else default
        values[setting.attr] = setting.parse(setting.name, raw)
    return Settings(**values)


def settings_markdown() -> str:
    """The settings table as Markdown, for docs/settings.md."""
    lines = [
        "# Settings",
        "",
        "OpenLER reads each setting from the environment, then from a `.env` file in the "
        "working directory, then uses the default. This page is generated by "
        "`openler settings --markdown`; a test keeps it in step with the code.",
        "",
        "| Setting | Default | What it does |",
        "| --- | --- | --- |",
    ]
    for s in SETTINGS:
        lines.append(f"| `{s.name}` | {s.default_text()} | {s.description} |")
    return "\n".join(lines) + "\n"
