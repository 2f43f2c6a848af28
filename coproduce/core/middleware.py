"""Middleware of the shared kernel."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


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
