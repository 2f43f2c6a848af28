from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django.conf import settings
from django.http import HttpRequest

from coproduce.accounts.models import NO_EMAIL_DOMAIN


def just_typed_password(request: HttpRequest | None) -> bool:
    """Whether this session signed in with a password within allauth's reauthentication
    timeout (5 minutes): the proof that asking for it again would repeat."""
    if request is None or not request.user.is_authenticated:
        return False
    return any(
        record.get("method") == "password"
        and time.time() - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
        for record in get_authentication_records(request, request.user)
    )


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.ACCOUNT_ALLOW_SIGNUPS)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """As allauth's, but never to a sign-in name's made-up address (no mail reaches it)."""
        if email.lower().endswith("@" + NO_EMAIL_DOMAIN):
            return
        super().send_mail(template_prefix, email, context)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """As allauth's, except just after signing in with a password. An admin is sent
        straight from logging in to set up two-step sign in, and allauth asked for the
        password again there, a moment after it was typed; it counts only a password typed
        on its "confirm" page, not at login."""
        required = bool(super().is_reauthentication_required(app=app, **kwargs))
        return required and not just_typed_password(self.request or context.request)
