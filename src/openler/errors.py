"""One exception tree for OpenLER.

Every error carries a stable ``code`` (for machines and tests) and a ``message`` written for
the person who has to act on it (a caseworker, an admin, an API client). ``field`` names the
input that was wrong, where there is one.
"""

from __future__ import annotations


class OpenLERError(Exception):
    """Base of every error OpenLER raises on purpose."""

    code = "ERROR"
    http_status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, str]:
        out = {"code": self.code, "message": self.message}
        if self.field is not None:
            out["field"] = self.field
        return out


class ConfigError(OpenLERError):
    """A setting is missing or has a value that is not allowed."""

    code = "CONFIG_INVALID"
    http_status = 500


class ValidationError(OpenLERError):
    """Input that breaks a rule; ``field`` says which input."""

    code = "INVALID_INPUT"
    http_status = 422


class NotFoundError(OpenLERError):
    code = "NOT_FOUND"
    http_status = 404


class ConflictError(OpenLERError):
    """The thing already exists, or the request clashes with the current state."""

    code = "CONFLICT"
    http_status = 409


class GoneError(OpenLERError):
    """The thing existed and is gone for good: a withdrawn or expired share link."""

    code = "GONE"
    http_status = 410


class AuthenticationError(OpenLERError):
    """Who you are could not be established (wrong password, bad token, expired link)."""

    code = "NOT_AUTHENTICATED"
    http_status = 401


class SecondFactorRequired(AuthenticationError):
    """The password was right; a one-time code from the authenticator app is still needed."""

    code = "SECOND_FACTOR_REQUIRED"


class PermissionDenied(OpenLERError):
    """You are known, but your role or the worker's consent does not allow this."""

    code = "FORBIDDEN"
    http_status = 403


class NotBuiltError(OpenLERError):
    """A capability that is planned but not built yet; said plainly instead of faked."""

    code = "NOT_BUILT"
    http_status = 501


class SecretUnreadableError(OpenLERError):
    """A secret kept encrypted in the database (a signing key, a TOTP secret) cannot be opened:
    it was sealed with a key that is not configured, changed, or moved from another row.

    ``field`` names the column (``table.column``); the message never contains the secret.
    """

    code = "SECRET_UNREADABLE"
    http_status = 500


class RequestTooLargeError(OpenLERError):
    """The request body is larger than the largest form OpenLER reads."""

    code = "REQUEST_TOO_LARGE"
    http_status = 413


class RateLimitedError(OpenLERError):
    """One client address asked for more than its share of a CPU-heavy public service.

    ``retry_after`` is the number of whole seconds after which one more request is allowed
    (sent as the ``Retry-After`` header).
    """

    code = "RATE_LIMITED"
    http_status = 429

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after
