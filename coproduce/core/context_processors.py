from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from coproduce.core.display import display_link, display_preferences


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page: display preferences and where we are."""
    return {
        "site_name": settings.SITE_NAME,
        "display": display_preferences(request),
        "display_link": display_link(request),
        "organisation": getattr(request, "organisation", None),
        "membership": getattr(request, "membership", None),
    }
