"""Who may do what with panels. Views call these; nothing else decides."""

from __future__ import annotations

from coproduce.core.models import Membership, Role
from coproduce.panels.models import Panel, PanelMember


def can_manage_panels(membership: Membership) -> bool:
    return membership.has_role(Role.STAFF)


def is_current_member(membership: Membership, panel: Panel) -> bool:
    return PanelMember.objects.filter(
        panel=panel, person__user_id=membership.user_id, ended_on__isnull=True
    ).exists()


def can_see_panel(membership: Membership, panel: Panel) -> bool:
    """Staff see every panel of their organisation; a member sees the panels they are on."""
    return can_manage_panels(membership) or is_current_member(membership, panel)


def can_read_equality_record(membership: Membership) -> bool:
    """Only organisation admins may open one person's equality answers (each look is logged).

    Staff see counts only. Admins already must use two-step sign in, and answer for the
    organisation's data, including subject access requests. See docs/architecture.md.
    """
    return membership.has_role(Role.ADMIN)
