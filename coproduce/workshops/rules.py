"""Who may do what in a workshop. Views and consumers both ask here."""

from __future__ import annotations

from typing import Any

from coproduce.accounts.rules import needs_two_step_setup
from coproduce.core.models import Membership, Role
from coproduce.workshops.models import Participant, Workshop, hash_token


def cookie_name(workshop: Workshop) -> str:
    """The cookie that holds a participant's secret for one workshop."""
    return f"workshop_{workshop.pk}"


def can_facilitate(user: Any, workshop: Workshop) -> bool:
    """Staff (or admins) of the workshop's own organisation run it. Nobody else: not an admin
    who has yet to set up two-step sign in, as no page lets them in either."""
    if not getattr(user, "is_authenticated", False) or needs_two_step_setup(user):
        return False
    membership = Membership.objects.filter(
        user=user, organisation_id=workshop.organisation_id
    ).first()
    return membership is not None and membership.has_role(Role.STAFF)


def participant_for_token(workshop: Workshop, token: str | None) -> Participant | None:
    """The participant holding this secret, if they have not left."""
    if not token:
        return None
    return Participant.objects.filter(
        workshop=workshop, token_hash=hash_token(token), left_at__isnull=True
    ).first()
