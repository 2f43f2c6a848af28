"""Who must do what before using Coproduce. Middleware (pages) and consumers (sockets) ask here."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator

from coproduce.core.models import Membership, Role


def needs_two_step_setup(user: Any) -> bool:
    """An organisation admin without an authenticator app: every page sends them to set one
    up, and every socket refuses them until they have."""
    return bool(
        getattr(user, "is_authenticated", False)
        and Membership.objects.filter(user=user, role=Role.ADMIN).exists()
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )
