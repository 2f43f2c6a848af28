"""Who is signed in, for WebSockets.

As Channels' `AuthMiddlewareStack`, but without its session wrapper around every message
sent. A socket never changes the session, and in a big live room that wrapper was about a
tenth of the cost of sending each snapshot (bench/live_room.py). The user is read from the
session cookie only when a consumer first asks, inside its database thread, by Django's own
`get_user` (so the session's password hash is checked as for a page).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from channels.sessions import CookieMiddleware
from django.conf import settings
from django.contrib.auth import get_user
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def user_for_session_key(session_key: str | None) -> Any:
    """The signed-in user for this session cookie, or AnonymousUser. Reads the database."""
    request = HttpRequest()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return get_user(request)


class SessionUser:
    """ASGI middleware: puts a lazy `user` in the scope from the session cookie."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        key = scope.get("cookies", {}).get(settings.SESSION_COOKIE_NAME)
        scope = {**scope, "user": SimpleLazyObject(lambda: user_for_session_key(key))}
        return await self.inner(scope, receive, send)


def SocketUserStack(inner: Any) -> Any:
    return CookieMiddleware(SessionUser(inner))
