"""Password hashing (Argon2id, the OWASP-recommended default) and the password policy."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from openler.errors import ValidationError

# argon2-cffi's defaults follow RFC 9106's second recommended option (Argon2id, t=3, 64 MiB).
_hasher = PasswordHasher()

# NIST SP 800-63B-4 section 3.1.1.2: at least 15 characters for single-factor passwords, at
# least 8 where a second factor is used. We ask every account for 12, which the demo and
# caseworkers can live with, and at most 256 so hashing cannot be used to tie up the server.
MIN_LENGTH = 12
MAX_LENGTH = 256


@cache
def _dummy_hash() -> str:
    """A hash to verify against when there is no account, made once and only when needed."""
    return _hasher.hash("openler timing equalizer")


def check_policy(password: str, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            f"The password must be at least {MIN_LENGTH} characters long.", field=field
        )
    if len(password) > MAX_LENGTH:
        raise ValidationError(f"The password must be at most {MAX_LENGTH} characters.", field=field)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches. Without a hash, spend the same time and say no."""
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
