"""A fetcher for callers that allow the network (the CLI's ``--allow-network``).

The library never fetches by itself: a caller that wants the network builds this fetcher
and passes it (``DidResolver(fetcher=...)``, ``verify(fetch_status=...)``). Only https URLs
are fetched, with a timeout and a size cap; the answer must be one strict JSON object.
Contexts are never fetched (the document loader only knows the bundled ones).
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

from openler.credentials._strictjson import loads_object

MAX_BYTES = 2 * 1024 * 1024


class _HttpsOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another https URL (never down to http, ftp or file)."""

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if not newurl.startswith("https://"):
            raise ValueError(f"refused a redirect to {newurl!r} (https only)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpsOnlyRedirects)


def https_fetcher(
    *, timeout: float = 10.0, max_bytes: int = MAX_BYTES
) -> Callable[[str], Mapping[str, Any]]:
    """A fetcher (url -> JSON object) that raises ValueError/OSError on any failure."""

    def fetch(url: str) -> Mapping[str, Any]:
        if not url.startswith("https://"):
            raise ValueError(f"only https URLs are fetched, not {url!r}")
        request = urllib.request.Request(  # noqa: S310 (https checked above)
            url.split("#", 1)[0],
            headers={"Accept": "application/did+json, application/vc+ld+json, application/json"},
        )
        with _OPENER.open(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
        if len(body) > max_bytes:
            raise ValueError(f"the document at {url} is larger than {max_bytes} bytes")
        return loads_object(body)

    return fetch
