"""Small helpers for HTML forms."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths: a login link must not bounce people to another site."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
