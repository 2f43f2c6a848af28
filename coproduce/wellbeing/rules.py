"""Who may see and do what in wellbeing. Views call these; nothing else decides.

Concerns and check-ins are read by three roles only (see docs/architecture.md):
- the panel's named contact and deputy: members are told to go to them, they answer within the
  response target, and they already arrange members' adjustments;
- the organisation's safeguarding leads (`SafeguardingLead`): they must be able to see a
  safeguarding concern about any panel, and to step in when a contact is the subject of it.
A concern sent to the safeguarding leads only (`Concern.leads_only`, the person's choice) is
read by the leads alone: the named contact and deputy get 404, as anyone else would.
Organisation admins are not in the list by right: they can name themselves a lead, and that
appointment is logged.
"""

from __future__ import annotations

from django.db.models import Q

from coproduce.core.models import Membership, Role
from coproduce.panels.models import Panel
from coproduce.panels.rules import can_see_panel
from coproduce.wellbeing.models import Concern, SafeguardingLead


def is_safeguarding_lead(membership: Membership) -> bool:
    return SafeguardingLead.objects.filter(
        organisation_id=membership.organisation_id, user_id=membership.user_id
    ).exists()


def is_panel_contact(membership: Membership, panel: Panel) -> bool:
    """The panel's named contact or deputy (their Person records hold this login)."""
    return membership.user_id is not None and membership.user_id in (
        panel.named_contact.user_id,
        panel.deputy_contact.user_id,
    )


def can_read_concern(membership: Membership, concern: Concern) -> bool:
    if concern.leads_only:
        return is_safeguarding_lead(membership)
    return is_panel_contact(membership, concern.panel) or is_safeguarding_lead(membership)


def reader_role(concern: Concern, user_id: int) -> str:
    """The role in which this login reads the concern (a `Concern.ReadBy` value), so the
    person who raised it is told "read by a safeguarding lead", never a name. Call it only
    for someone `can_read_concern` allows. A contact who is also a lead reads their own
    panel's concerns as the contact; a leads-only concern is always read by a lead."""
    if not concern.leads_only:
        if user_id == concern.panel.named_contact.user_id:
            return Concern.ReadBy.CONTACT
        if user_id == concern.panel.deputy_contact.user_id:
            return Concern.ReadBy.DEPUTY
    return Concern.ReadBy.LEAD


def can_read_check_ins(membership: Membership, panel: Panel) -> bool:
    return is_panel_contact(membership, panel) or is_safeguarding_lead(membership)


def receives_concerns(membership: Membership) -> bool:
    """A contact or deputy of any panel of the organisation, or a safeguarding lead."""
    return is_safeguarding_lead(membership) or (
        Panel.objects.filter(organisation_id=membership.organisation_id)
        .filter(
            Q(named_contact__user_id=membership.user_id)
            | Q(deputy_contact__user_id=membership.user_id)
        )
        .exists()
    )


def can_ask_for_support(membership: Membership, panel: Panel) -> bool:
    """Anyone who can see the panel: its current members, and staff."""
    return can_see_panel(membership, panel)


def can_manage_support(membership: Membership) -> bool:
    """Staff keep the signposting list, training and credits."""
    return membership.has_role(Role.STAFF)


def can_change_settings(membership: Membership) -> bool:
    """Admins set the response target and name safeguarding leads."""
    return membership.has_role(Role.ADMIN)
