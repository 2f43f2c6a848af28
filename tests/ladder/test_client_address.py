"""Behind the reverse proxy, the limit on wrong answer codes counts each real person's guesses.

A real uvicorn runs with the flags `docs/deploy.md` gives (`--proxy-headers`, trusting the
proxy on 127.0.0.1), and the test plays the proxy: each request carries the X-Forwarded-For
and X-Forwarded-Proto headers nginx would add. One person who keeps guessing is asked to
wait; someone else behind the same proxy is not, even from the same address (phones on one
wifi). A server that does not trust the sender ignores the header, so a guesser cannot dodge
the per-address ceiling by making up addresses.
"""

from __future__ import annotations

import http.client
import re
import secrets
import urllib.parse
from collections.abc import Iterator

import pytest

from coproduce.core.limits import WRONG_CODES
from tests.servers import free_port, manage, server_env, start_uvicorn, stop, wait_for

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    place = tmp_path_factory.mktemp("proxy")
    # No REDIS_URL: each server keeps its own counts, so runs cannot see each other's.
    env = server_env(
        f"sqlite:///{place / 'proxy.sqlite3'}", REDIS_URL="", STATIC_ROOT=str(place / "static")
    )
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    return env


def _server(env: dict[str, str], *flags: str) -> Iterator[int]:
    port = free_port()
    process = start_uvicorn(env, port, "--proxy-headers", *flags)
    try:
        wait_for(port, process)
        yield port
    finally:
        stop(process)


@pytest.fixture
def trusting(env) -> Iterator[int]:
    """Trusts the proxy on 127.0.0.1, as deployed (uvicorn's default)."""
    yield from _server(env)


@pytest.fixture
def distrusting(env) -> Iterator[int]:
    """Trusts only a proxy somewhere else, so our headers are somebody's invention. Its
    ceiling per address is as low as one browser's limit, so the test stays short."""
    low_ceiling = {**env, "WRONG_CODES_PER_ADDRESS": str(WRONG_CODES.per_client)}
    yield from _server(low_ceiling, "--forwarded-allow-ips", "192.0.2.1")


class Browser:
    """One person's browser, reaching the server through the proxy from `address`."""

    def __init__(self, port: int, address: str) -> None:
        self.port = port
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str = "") -> tuple[int, str]:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-For": self.address,
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if method == "POST":
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _eq, rest = header.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.read().decode()
        finally:
            connection.close()

    def try_code(self, code: str) -> tuple[int, str]:
        status, page = self.request("GET", "/answer/")
        if status != 200:
            return status, page
        token = TOKEN.search(page)
        assert token, "the code page has no form"
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "code": code})
        return self.request("POST", "/answer/", body)


def _address() -> str:
    """A documentation address (RFC 3849) no other run will use."""
    return f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"


def test_the_limit_counts_each_person_behind_the_proxy_apart(trusting):
    guesser = Browser(trusting, _address())
    for _ in range(WRONG_CODES.per_client):
        status, page = guesser.try_code("ABCD-EFGH")
        assert status == 200
        assert "We cannot find that code" in page
    status, page = guesser.try_code("ABCD-EFGH")
    assert status == 429

    neighbour = Browser(trusting, _address())
    status, page = neighbour.try_code("ABCD-EFGH")
    assert status == 200
    assert "We cannot find that code" in page


def test_two_browsers_behind_one_address_only_the_guesser_waits(trusting):
    wifi = _address()
    guesser, neighbour = Browser(trusting, wifi), Browser(trusting, wifi)
    assert neighbour.try_code("ABCD-EFGH")[0] == 200  # the neighbour has a browser id too
    for _ in range(WRONG_CODES.per_client):
        assert guesser.try_code("ABCD-EFGH")[0] == 200
    status, page = guesser.try_code("ABCD-EFGH")
    assert status == 429
    assert "Please wait a few minutes" in page

    status, page = neighbour.try_code("ABCD-EFGH")
    assert status == 200
    assert "We cannot find that code" in page


def test_made_up_addresses_from_an_untrusted_sender_share_one_limit(distrusting):
    """Fresh browsers each time (no cookie kept): only the ceiling per address counts them."""
    for _ in range(WRONG_CODES.per_client):
        status, _page = Browser(distrusting, _address()).try_code("ABCD-EFGH")
        assert status == 200
    status, _page = Browser(distrusting, _address()).try_code("ABCD-EFGH")
    assert status == 429
