"""Display preferences (larger text, high contrast), remembered in a cookie.

A cookie, not an account setting, so it works before logging in and on shared devices it
can be changed by whoever is using them. It holds no personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

COOKIE = "display"
TEXT_SIZES = ("standard", "large", "largest")
CONTRASTS = ("standard", "high")


@dataclass(frozen=True)
class DisplayPreferences:
    text: str = "standard"
    contrast: str = "standard"

    @property
    def css_classes(self) -> str:
        classes = []
        if self.text != "standard":
            classes.append(f"text-{self.text}")
        if self.contrast == "high":
            classes.append("contrast-high")
        return " ".join(classes)

    def as_cookie(self) -> str:
        return f"{self.text}.{self.contrast}"


def display_preferences(request: HttpRequest) -> DisplayPreferences:
    text, _sep, contrast = request.COOKIES.get(COOKIE, "").partition(".")
    return DisplayPreferences(
        text=text if text in TEXT_SIZES else "standard",
        contrast=contrast if contrast in CONTRASTS else "standard",
    )


def remember_display_preferences(response: HttpResponse, prefs: DisplayPreferences) -> None:
    response.set_cookie(
        COOKIE, prefs.as_cookie(), max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )


def display_link(request: HttpRequest) -> str:
    """The address of the "Text size and colours" page, with the page to come back to.

    On that page itself, it keeps the page it came from, so following the link again does not
    wrap `?next=` inside another `?next=` each time.
    """
    here = reverse("display")
    back = request.get_full_path()
    if request.path == here:
        back = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = ""
    return f"{here}?next={quote(back, safe='/')}" if back else here
