"""A printed login slip for a panel member who does not use email."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coproduce.accounts.domain import invite_by_slip, new_password_slip
from coproduce.accounts.models import Invitation
from coproduce.panels.models import PanelMember

if TYPE_CHECKING:
    from coproduce.accounts.models import User


def print_login_slip(member: PanelMember, *, actor: User) -> Invitation:
    """Make the invitation a member's login slip carries: a short code and a link (and its QR
    code) to choose a password, that works once and runs out. Never a stored password.

    Reuses the organisation's invitation (`accounts.domain.invite_by_slip`, role member),
    linked to their person record, so the login they make is theirs; an earlier slip or
    emailed invitation for them stops working. Refuses (ValidationError) someone who already
    has a login or has left the panel.
    Side effects: as `invite_by_slip` (saves the Invitation, logs "accounts.invitation.printed").
    """
    person = member.person
    if member.ended_on is not None:
        raise ValidationError(_("%(name)s has left the panel.") % {"name": person.display_name})
    if person.user_id is not None:
        raise ValidationError(
            _("%(name)s can already log in.") % {"name": person.display_name}, code="has_login"
        )
    return invite_by_slip(member.organisation, person=person, invited_by=actor)


def print_new_password_slip(member: PanelMember, *, actor: User) -> Invitation:
    """Make the invitation a "new password" slip carries, for a member whose login has a
    sign-in name (no email address) and who has forgotten their password: the same short
    code, link and QR code as a login slip, working once and running out, that lets them choose
    a new password. An earlier slip for them stops working. Never a stored password.

    Refuses (ValidationError) someone who has left the panel, has no login yet (code
    "no_login") or logs in with an email address (code "has_email": they reset it by email).
    Side effects: as `accounts.domain.new_password_slip` (saves the Invitation, logs
    "accounts.invitation.printed").
    """
    person = member.person
    if member.ended_on is not None:
        raise ValidationError(_("%(name)s has left the panel.") % {"name": person.display_name})
    return new_password_slip(member.organisation, person=person, invited_by=actor)
