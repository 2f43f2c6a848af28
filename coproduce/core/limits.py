"""Slow the guesser, never the room: the one mechanism that limits anonymous attempts.

Phones on a venue's wifi share one address, so counting by address alone lets one person
lock the whole room out. Each limit therefore counts twice, in the cache (shared through
Redis when REDIS_URL is set, so every server process counts together):

- per browser: a random id in a signed cookie (`ClientCookieMiddleware`). One person who
  keeps guessing is asked to wait after `per_client` tries; the phone next to them is not.
- per address: a ceiling many times higher (`per_address`, from settings), for a guesser who
  throws their cookie away after every try. Only a flood from one address reaches it.

Callers decide what counts (a wrong code, a form that writes) and keep the people who are
already in: a participant with their room's cookie is never asked here at all.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

CLIENT_COOKIE = "coproduce_client"
_SALT = "coproduce.core.limits.client"


@dataclass(frozen=True)
class Limit:
    """`per_client` tries from one browser, or the setting `address_setting` of them from one
    address, in `window` seconds; after that, that browser (or address) waits until the window
    has passed."""

    name: str
    per_client: int
    address_setting: str
    window: int

    @property
    def per_address(self) -> int:
        return int(getattr(settings, self.address_setting))


# Wrong join codes (workshops) and answer codes (Ladder). Guessing one of 31**6 or 31**8 codes
# at this pace would take lifetimes; a room of people mistyping never comes near the ceiling.
WRONG_CODES = Limit(
    "wrong-code",
    per_client=10,
    address_setting="WRONG_CODES_PER_ADDRESS",
    window=15 * 60,
)
# Anonymous forms that write: applying to a panel, a concern without a name, joining a
# workshop. A person does each a few times; a room of 300 joining from one wifi fits.
ANONYMOUS_WRITES = Limit(
    "anonymous-write",
    per_client=20,
    address_setting="ANONYMOUS_WRITES_PER_ADDRESS",
    window=60 * 60,
)

# What a form says when ANONYMOUS_WRITES asks someone to wait.
SLOW_DOWN = _(
    "You have sent a lot in a short time. Please wait a few minutes, then send it again. "
    "What you typed is still here."
)


def client_id(request: HttpRequest) -> str:
    """This browser's id. A browser without a valid cookie gets a new one (sent back with the
    response by `ClientCookieMiddleware`), so throwing the cookie away starts a new count for
    the browser but not for its address."""
    known = getattr(request, "_limits_client", None)
    if known is None:
        try:
            known = signing.loads(request.COOKIES.get(CLIENT_COOKIE, ""), salt=_SALT)
        except signing.BadSignature:
            known = None
        if not isinstance(known, str):
            known = secrets.token_urlsafe(16)
            request._limits_new_client = known  # type: ignore[attr-defined]  # our own mark on the request
        request._limits_client = known  # type: ignore[attr-defined]  # our own mark on the request
    return known


def _keys(request: HttpRequest, limit: Limit) -> tuple[str, str]:
    address = request.META.get("REMOTE_ADDR", "")
    return (
        f"limits:{limit.name}:client:{client_id(request)}",
        f"limits:{limit.name}:address:{address}",
    )


def is_limited(request: HttpRequest, limit: Limit) -> bool:
    """Whether this browser, or its address, has used up `limit` for now."""
    client_key, address_key = _keys(request, limit)
    counts = cache.get_many([client_key, address_key])
    return (
        int(counts.get(client_key, 0)) >= limit.per_client
        or int(counts.get(address_key, 0)) >= limit.per_address
    )


def note_attempt(request: HttpRequest, limit: Limit) -> None:
    """Count one try against `limit` for this browser and its address.

    Side effects: writes two counters in the cache, each expiring `limit.window` seconds after
    its first try.
    """
    for key in _keys(request, limit):
        if not cache.add(key, 1, limit.window):
            try:
                cache.incr(key)
            except ValueError:  # it expired between add and incr
                cache.add(key, 1, limit.window)


class ClientCookieMiddleware:
    """Sends a browser the id `client_id` gave it, when a limit asked for one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        new = getattr(request, "_limits_new_client", None)
        if new is not None:
            response.set_cookie(
                CLIENT_COOKIE,
                signing.dumps(new, salt=_SALT),
                max_age=24 * 3600,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
