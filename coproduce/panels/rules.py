"""Who may do what with panels. Views call these; nothing else decides."""

from __future__ import annotations

from coproduce.core.models import Membership, Role
from coproduce.panels.models import Meeting, Panel, PanelMember


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


def can_record_equality_answers(membership: Membership) -> bool:
    """Typing in answers from a paper form or a phone call: the same people who may read one
    person's answers (admins), as whoever types them in sees them."""
    return can_read_equality_record(membership)


def can_delete_equality_answers(membership: Membership) -> bool:
    """Any staff member may delete an applicant's answers when the applicant asks (by phone,
    letter or in person): withdrawing consent must be as easy as giving it, and deleting
    shows nothing. Each deletion is logged with who did it."""
    return membership.has_role(Role.STAFF)


def is_contact(membership: Membership, panel: Panel) -> bool:
    """The panel's named contact or deputy (their Person records hold this login)."""
    return membership.user_id in (panel.named_contact.user_id, panel.deputy_contact.user_id)


def can_read_access_needs(membership: Membership, panel: Panel) -> bool:
    """Who may read the detail of members' access needs: the named contact and the deputy.

    They are the people members are told to talk to, and they arrange adjustments. Other staff
    (admins too) see only "has an adjustment". Staff who run a meeting see more, through
    `can_read_meeting_access_needs`. See docs/architecture.md.
    """
    return membership.has_role(Role.STAFF) and is_contact(membership, panel)


def runs_meeting(membership: Membership, meeting: Meeting) -> bool:
    return membership.has_role(Role.STAFF) and any(
        person.user_id == membership.user_id for person in meeting.facilitators.all()
    )


def can_read_meeting_access_needs(membership: Membership, meeting: Meeting) -> bool:
    """The named contact and deputy, and staff who run this meeting (only the needs members
    agreed to share with them: `AccessNeed.share_with_facilitators`)."""
    return can_read_access_needs(membership, meeting.panel) or runs_meeting(membership, meeting)


def can_read_all_strengths(membership: Membership) -> bool:
    """Staff read what every member of a panel agreed we keep about what they bring.

    Other members read only what a person agreed to share with their panels
    (`Strengths.shared_at`); the person always reads their own. Not special category data,
    so not limited to the named contact, but never shown without the person's consent.
    """
    return can_manage_panels(membership)
