from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from coproduce.accounts.rules import needs_two_step_setup

# Pages an admin can still reach before setting up two-step sign in.
OPEN_PREFIXES = ("/accounts/", "/static/", "/accessibility/", "/display/")


class AdminMFAMiddleware:
    """Organisation admins must use two-step sign in (an authenticator app).

    An admin without one is sent to set it up before any other page (and the live room's
    console socket refuses them: `workshops.rules.can_facilitate`). Others are offered it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(OPEN_PREFIXES) and needs_two_step_setup(request.user):
            messages.info(
                request,
                _("You are an admin, so you need two-step sign in. Set it up to carry on."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
