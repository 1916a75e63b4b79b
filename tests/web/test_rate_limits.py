"""Rate limits on the public services that cost CPU (``web/ratelimit.py``).

Expected values come from the token-bucket rule: N per period is a bucket of N tokens
refilled at N / period a second, so after a burst of N the next token is back after
period / N seconds.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from openler.config import Rate, Settings, load_settings
from openler.errors import ConfigError
from openler.web.app import create_app
from openler.web.ratelimit import RateLimiter, client_key, server_options
from openler.web.security import LANGUAGE_COOKIE
from tests.conftest import csrf_from
from tests.support.clock import FakeClock

PER_MINUTE_30 = Rate(30, 60)


def test_a_burst_up_to_the_limit_passes_then_the_wait_is_one_refill() -> None:
    clock = FakeClock()
    limiter = RateLimiter(PER_MINUTE_30, clock)
    assert [limiter.hit("a") for _ in range(30)] == [None] * 30
    assert limiter.hit("a") == 2  # 30 a minute: a token every 2 s
    clock.advance(seconds=1)
    assert limiter.hit("a") == 1  # half a token back
    clock.advance(seconds=1)
    assert limiter.hit("a") is None
    assert limiter.hit("a") == 2
    clock.advance(minutes=1)  # a whole period: the bucket is full again, not fuller
    assert [limiter.hit("a") for _ in range(31)] == [None] * 30 + [2]


def test_each_client_has_its_own_bucket_and_off_means_no_limit() -> None:
    clock = FakeClock()
    limiter = RateLimiter(Rate(2, 3600), clock)
    assert [limiter.hit("a"), limiter.hit("a"), limiter.hit("a")] == [None, None, 1800]
    assert [limiter.hit("b"), limiter.hit("b"), limiter.hit("b")] == [None, None, 1800]
    off = RateLimiter(Rate(0, 60), clock)
    assert all(off.hit("a") is None for _ in range(1000))
    assert len(off) == 0


def test_memory_is_bounded_and_idle_clients_are_forgotten() -> None:
    clock = FakeClock()
    limiter = RateLimiter(Rate(1, 60), clock, max_keys=3)
    for key in "abcde":
        limiter.hit(key)
    assert len(limiter) == 3
    assert limiter.hit("e") == 60  # the most recent are kept
    clock.advance(seconds=60)  # idle a whole period: full again, so dropped
    limiter.hit("f")
    assert len(limiter) == 1


def test_concurrent_requests_never_get_more_than_the_limit() -> None:
    limiter = RateLimiter(Rate(50, 3600), FakeClock())
    allowed: list[int] = []

    def client() -> None:
        mine = sum(1 for _ in range(100) if limiter.hit("a") is None)
        allowed.append(mine)

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(allowed) == 50


@pytest.mark.parametrize(
    ("client", "key"),
    [
        (("203.0.113.7", 5000), "203.0.113.7"),
        (("2001:db8:1:2:aaaa::1", 5000), "2001:db8:1:2::/64"),
        (("::ffff:203.0.113.7", 5000), "203.0.113.7"),
        (("testclient", 5000), "testclient"),
        (None, "unknown"),
    ],
)
def test_the_key_is_the_client_address_and_an_ipv6_clients_64(client: Any, key: str) -> None:
    assert client_key({"client": client}) == key


def test_the_settings_parse_and_name_the_setting_when_wrong() -> None:
    loaded = load_settings({}, env_file=None)
    assert (loaded.rate_limit_verify, loaded.rate_limit_shared) == (Rate(30, 60), Rate(120, 60))
    assert loaded.forwarded_allow_ips == ()
    custom = load_settings(
        {
            "OPENLER_RATE_LIMIT_VERIFY": "5/second",
            "OPENLER_RATE_LIMIT_SHARED": "off",
            "OPENLER_FORWARDED_ALLOW_IPS": "127.0.0.1, 10.0.0.0/8",
        },
        env_file=None,
    )
    assert custom.rate_limit_verify == Rate(5, 1)
    assert not custom.rate_limit_shared.enabled
    assert server_options(custom) == {
        "proxy_headers": True,
        "forwarded_allow_ips": ["127.0.0.1", "10.0.0.0/8"],
    }
    assert server_options(loaded) == {"proxy_headers": False}  # uvicorn would trust 127.0.0.1
    for name, raw in [
        ("OPENLER_RATE_LIMIT_VERIFY", "30"),
        ("OPENLER_RATE_LIMIT_VERIFY", "0/minute"),
        ("OPENLER_RATE_LIMIT_SHARED", "10/day"),
        ("OPENLER_FORWARDED_ALLOW_IPS", "proxy.local"),
    ]:
        with pytest.raises(ConfigError) as error:
            load_settings({name: raw}, env_file=None)
        assert error.value.field == name


@pytest.fixture
def limited(settings: Settings, clock: FakeClock) -> Iterator[FastAPI]:
    application = create_app(
        replace(settings, rate_limit_verify=Rate(3, 60), rate_limit_shared=Rate(2, 60)),
        clock=clock,
    )
    yield application
    application.state.engine.dispose()


def _api(client: TestClient, **headers: str) -> Any:
    return client.post("/api/v1/verify", data={"text": "hello"}, headers=headers)


def _page(client: TestClient) -> Any:
    token = csrf_from(client.get("/verify").text)
    return client.post("/verify", data={"csrf_token": token, "text": "hello"})


def test_over_the_limit_the_api_gets_429_json_and_retry_after(
    limited: FastAPI, clock: FakeClock
) -> None:
    with TestClient(limited, client=("203.0.113.7", 5000)) as client:
        assert [_api(client).status_code for _ in range(3)] == [200, 200, 200]
        refused = _api(client)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "20"  # 3 a minute: a token every 20 s
        error = refused.json()["error"]
        assert error["code"] == "RATE_LIMITED"
        assert "Wait 20 seconds" in error["message"]
        # A client cannot choose its address: forwarded headers are not believed by default.
        assert _api(client, **{"X-Forwarded-For": "198.51.100.9"}).status_code == 429
        clock.advance(seconds=20)
        assert _api(client).status_code == 200
        assert _api(client).status_code == 429
    with TestClient(limited, client=("203.0.113.8", 5000)) as other:
        assert _api(other).status_code == 200  # another address has its own budget


def test_the_page_shares_the_budget_and_says_so_in_the_visitors_language(
    limited: FastAPI,
) -> None:
    with TestClient(limited, client=("203.0.113.9", 5000)) as client:
        assert [_api(client).status_code for _ in range(2)] == [200, 200]
        assert _page(client).status_code == 200
        refused = _page(client)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "20"
        assert "text/html" in refused.headers["content-type"]
        assert "Too many requests" in refused.text
        assert "Wait 20 seconds" in refused.text
        assert client.get("/verify").status_code == 200  # only verifying is limited
        client.cookies.set(LANGUAGE_COOKIE, "es")
        spanish = _page(client)
        assert spanish.status_code == 429
        assert "Demasiadas solicitudes" in spanish.text
        assert "Espere 20 segundos" in spanish.text


def test_share_links_are_limited_whether_or_not_they_exist(limited: FastAPI) -> None:
    with TestClient(limited, client=("203.0.113.10", 5000)) as client:
        codes = [client.get("/s/no-such-token").status_code for _ in range(2)]
        assert codes == [404, 404]
        assert client.get("/api/v1/shared/no-such-token").status_code == 429
        assert client.get("/s/another").headers["retry-after"] == "30"


def test_the_api_documents_its_429_and_413(client: TestClient) -> None:
    post = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/verify"]["post"]
    assert "Retry-After" in post["responses"]["429"]["headers"]
    assert "REQUEST_TOO_LARGE" in post["responses"]["413"]["description"]


def test_behind_a_trusted_proxy_each_forwarded_address_has_its_budget(
    limited: FastAPI, settings: Settings
) -> None:
    """What `openler serve` does with OPENLER_FORWARDED_ALLOW_IPS set: uvicorn's own
    middleware, with the options server_options gives it."""
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    options = server_options(replace(settings, forwarded_allow_ips=("127.0.0.1",)))
    proxied = ProxyHeadersMiddleware(limited, trusted_hosts=options["forwarded_allow_ips"])
    with TestClient(proxied, client=("127.0.0.1", 5000)) as proxy:
        first = {"X-Forwarded-For": "198.51.100.1"}
        assert [_api(proxy, **first).status_code for _ in range(4)] == [200, 200, 200, 429]
        assert _api(proxy, **{"X-Forwarded-For": "198.51.100.2"}).status_code == 200
        # A client's own X-Forwarded-For, passed on by the proxy, does not pick the address.
        spoofed = {"X-Forwarded-For": "198.51.100.2, 198.51.100.1"}
        assert _api(proxy, **spoofed).status_code == 429


def test_the_default_is_30_verifications_a_minute(client: TestClient) -> None:
    codes = [_api(client).status_code for _ in range(31)]
    assert codes == [200] * 30 + [429]
    assert _api(client).headers["retry-after"] == "2"
