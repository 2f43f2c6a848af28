"""Middleware of the shared kernel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


class PrivateDownloadsMiddleware:
    """Every download (a response with Content-Disposition: CSV exports, calendar files,
    papers, receipts, certificates) is sent with `Cache-Control: no-store`, so no browser or
    proxy keeps a copy of what is often personal data. One place, so a new export cannot
    forget it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Content-Disposition"):
            add_never_cache_headers(response)
        return response


def takes_json[V: Callable[..., Any]](view: V) -> V:
    """Mark the one kind of view that reads JSON: a callback from another service (GOV.UK
    Notify's delivery receipts), which checks its own token and body."""
    view.takes_json = True  # type: ignore[attr-defined]  # a mark the middleware reads
    return view


class FormPostsOnlyMiddleware:
    """No page reads JSON: every page takes forms, and the live room takes JSON only over its
    socket. A post sent as JSON (by a script, or an htmx extension) would reach a view as an
    empty form; this answers it at once with 400 and one plain sentence instead. Only a view
    marked `takes_json` (a service's callback) is let through."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Answered here, before any other middleware (a sign-in step that redirects, say).
        kind = request.content_type or ""
        if (
            request.method not in ("GET", "HEAD", "OPTIONS")
            and (kind == "application/json" or kind.endswith("+json"))
            and not _takes_json(request.path_info)
        ):
            return HttpResponseBadRequest(
                _("We could not read what was sent. Please use the form on the page."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _takes_json(path: str) -> bool:
    """Whether the view at `path` is marked `takes_json` (unknown addresses are not)."""
    try:
        view = resolve(path).func
    except Resolver404:
        return False
    return bool(getattr(view, "takes_json", False))
