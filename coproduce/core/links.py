"""Full addresses for links people copy, print or scan (join codes, private links, QR codes).

On a page, a link uses the address the page was served at, so `PORT=8080 make demo` shows
links that work. Behind a proxy the request may not know the public address: `SITE_URL`, when
set, then overrides. Emails sent from tasks have no request and always use `SITE_URL`.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """`path` (from `reverse`) as a full address: `SITE_URL` when it was set or there is no
    request, else the scheme and host this request came to."""
    if request is None or settings.SITE_URL_FIXED:
        return f"{settings.SITE_URL}{path}"
    return request.build_absolute_uri(path)
