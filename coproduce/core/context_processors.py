from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from coproduce.core.display import display_link, display_preferences
from coproduce.core.models import Membership


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page: display preferences and where we are.

    `menu_membership` chooses the menu by role. Under /o/<org>/ it is the membership there;
    elsewhere (your account, text size) it is your one organisation's, so the menu stays the
    same; with several organisations, no organisation menu."""
    organisation = getattr(request, "organisation", None)
    membership = getattr(request, "membership", None)
    menu_membership = membership
    user = getattr(request, "user", None)
    if membership is None and user is not None and user.is_authenticated:
        mine = list(Membership.objects.filter(user=user).select_related("organisation")[:2])
        menu_membership = mine[0] if len(mine) == 1 else None
    return {
        "site_name": settings.SITE_NAME,
        "display": display_preferences(request),
        "display_link": display_link(request),
        "organisation": organisation,
        "membership": membership,
        "menu_membership": menu_membership,
    }
