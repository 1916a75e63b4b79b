"""Per-client rate limits for the public services that cost CPU: verifying a credential and
viewing a share link.

Each client address has a token bucket: it holds up to ``count`` tokens and gains
``count / seconds`` tokens a second; a request takes one, and a request finding less than
one token is refused with 429 and the whole seconds until a token is back (``Retry-After``).
So a client may send a burst of ``count`` at once, then one every ``seconds / count``.

The client address is the one the ASGI server reports (``scope["client"]``): the address
that connected, or, only when ``OPENLER_FORWARDED_ALLOW_IPS`` names the proxy, the one the
proxy forwarded (see ``server_options``). The limits live in this process's memory: each
worker process of a server counts on its own, and a restart forgets them.
"""

from __future__ import annotations

import ipaddress
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from openler.config import Rate, Settings

#: Client addresses remembered per limit. A bucket untouched for a whole period is full
#: again, as good as forgotten, so it is dropped first; past this many (a flood from many
#: addresses) the least recently seen are dropped, which can only let those clients in sooner.
MAX_CLIENTS = 10_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """A token bucket per key, thread-safe, remembering at most ``max_keys`` keys."""

    def __init__(
        self, rate: Rate, clock: Callable[[], datetime], max_keys: int = MAX_CLIENTS
    ) -> None:
        self.rate = rate
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._buckets)

    def hit(self, key: str) -> int | None:
        """Take a token for ``key``: None if allowed, else the seconds to wait (>= 1)."""
        if not self.rate.enabled:
            return None
        per_second = self.rate.count / self.rate.seconds
        now = self.clock().timestamp()
        with self._lock:
            self._forget_idle(now)
            bucket = self._buckets.pop(key, None) or _Bucket(float(self.rate.count), now)
            elapsed = max(0.0, now - bucket.updated)  # a clock set back gives nothing
            bucket.tokens = min(float(self.rate.count), bucket.tokens + elapsed * per_second)
            bucket.updated = now
            self._buckets[key] = bucket  # the most recently seen go last
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return None
            return max(1, math.ceil((1 - bucket.tokens) / per_second))

    def _forget_idle(self, now: float) -> None:
        while self._buckets:
            oldest = next(iter(self._buckets.values()))
            if now - oldest.updated < self.rate.seconds and len(self._buckets) < self.max_keys:
                return
            self._buckets.popitem(last=False)


def client_key(scope: Scope) -> str:
    """The client's address; an IPv6 client by its /64, which one subscriber usually holds
    whole (so it cannot take a fresh address per request)."""
    client = scope.get("client")
    host = client[0] if client else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


Refuse = Callable[[Request, int], Response]


class RateLimitMiddleware:
    """Applies a limiter to requests by method and path (exact, or a prefix ending in /).

    It runs before the CSRF check and before the body is read, so a refused request costs
    nothing but its headers.
    """

    def __init__(
        self,
        app: ASGIApp,
        rules: Mapping[tuple[str, str], RateLimiter],
        refuse: Refuse,
    ) -> None:
        self.app = app
        self.rules = rules
        self.refuse = refuse

    def limiter_for(self, method: str, path: str) -> RateLimiter | None:
        for (rule_method, rule_path), limiter in self.rules.items():
            if method != rule_method:
                continue
            if path == rule_path or (rule_path.endswith("/") and path.startswith(rule_path)):
                return limiter
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            limiter = self.limiter_for(scope["method"], scope["path"])
            wait = limiter.hit(client_key(scope)) if limiter is not None else None
            if wait is not None:
                await self.refuse(Request(scope, receive), wait)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's options for forwarded headers: believed only from the configured proxies.

    uvicorn by itself believes ``X-Forwarded-For`` from 127.0.0.1; OpenLER does not, unless
    ``OPENLER_FORWARDED_ALLOW_IPS`` says so, so that no client can choose its own address.
    """
    if not settings.forwarded_allow_ips:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": list(settings.forwarded_allow_ips)}
