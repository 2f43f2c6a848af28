"""Operations on concerns and check-ins.

Privacy rules every function here keeps (see docs/wellbeing.md):
- the audit log never holds what someone wrote, and never who raised an anonymous concern;
- emails say only "you have a new concern" and link to the log-in page: no words, no names;
- nothing here is broadcast over a socket, and nothing here writes a log line.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.audit import log_action
from coproduce.core.db import enqueue_after_commit
from coproduce.core.models import Organisation
from coproduce.panels.models import Meeting, Panel
from coproduce.panels.queries import contact_addresses
from coproduce.people.models import Person
from coproduce.wellbeing import rules, tasks
from coproduce.wellbeing.models import (
    CheckIn,
    Concern,
    ConcernUpdate,
    SafeguardingLead,
    hash_follow_token,
    new_follow_token,
)
from coproduce.wellbeing.queries import safeguarding_leads_for, support_settings_for

if TYPE_CHECKING:
    from coproduce.accounts.models import User

NO_LEAD_MESSAGE = gettext_lazy(
    "Nobody is a safeguarding lead here at the moment, so we cannot send it to them only. "
    "You can send it to your named contact and deputy instead, or talk to one of the other "
    "places that can help. We have kept what you wrote."
)

# Concerns


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """`start` moved on by `days` working days (Monday to Friday), at the same time of day.

    Raised at the weekend, the clock starts on Monday morning at the time it was raised.
    """
    when = timezone.localtime(start)
    while when.weekday() >= 5:
        when += datetime.timedelta(days=1)
    left = days
    while left > 0:
        when += datetime.timedelta(days=1)
        if when.weekday() < 5:
            left -= 1
    return when


def _lock_leads(organisation: Organisation) -> list[int]:
    """The organisation's lead rows, locked until the end of the transaction, so the last
    lead cannot be removed while a concern for the leads only is being saved."""
    return list(
        SafeguardingLead.objects.select_for_update()
        .filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def raise_concern(
    panel: Panel,
    *,
    kind: str,
    text: str,
    person: Person | None,
    how_to_reply: str = "",
    leads_only: bool = False,
    actor: User | None = None,
) -> tuple[Concern, str]:
    """Send a request for support or a concern to the panel's named contact and deputy, or
    with `leads_only` to the organisation's safeguarding leads only.

    `person` None means anonymous: nothing about who sent it is stored, and the audit entry
    has no actor. Returns the concern and its follow-up secret (shown once, never stored).
    Raises ValidationError (code "no_lead"), saving nothing, when `leads_only` is asked for
    and the organisation has no safeguarding lead: nobody could read it. The lead rows stay
    locked until the concern is saved (see `support.remove_safeguarding_lead`).
    Side effects: saves one Concern; logs "wellbeing.concern.raised" (no words, no name);
    after commit, enqueues one email task that tells the people who may read it (contact and
    deputy, or the leads) only that there is a new concern.
    """
    if leads_only and not _lock_leads(panel.organisation):
        raise ValidationError(NO_LEAD_MESSAGE, code="no_lead")
    token = new_follow_token()
    now = timezone.now()
    days = support_settings_for(panel.organisation).response_working_days
    concern = Concern.objects.create(
        organisation=panel.organisation,
        panel=panel,
        raised_by=person,
        kind=kind,
        text=text,
        how_to_reply=how_to_reply if person is not None else "",
        leads_only=leads_only,
        follow_token_hash=hash_follow_token(token),
        received_at=now,
        respond_by=add_working_days(now, days),
    )
    log_action(
        concern,
        "wellbeing.concern.raised",
        actor=actor if person is not None else None,
        data={"panel": panel.pk, "named": person is not None, "leads_only": leads_only},
    )
    enqueue_after_commit(tasks.send_new_concern_email_task, concern_id=concern.pk)
    return concern, token


def concern_for_token(token: str) -> Concern | None:
    """The concern this follow-up secret opens, if any."""
    if not token:
        return None
    return (
        Concern.objects.select_related("panel__named_contact", "panel__deputy_contact")
        .filter(follow_token_hash=hash_follow_token(token))
        .first()
    )


def lead_addresses(organisation: Organisation) -> list[str]:
    """The safeguarding leads' login email addresses, each once."""
    addresses: list[str] = []
    for lead in safeguarding_leads_for(organisation):
        address = lead.user.email
        if address and address.lower() not in (a.lower() for a in addresses):
            addresses.append(address)
    return addresses


def send_new_concern_email(concern: Concern) -> int:
    """Tell the people who may read it that something is waiting, and nothing more: the
    panel's contact and deputy, or for a concern sent to the leads only, the safeguarding
    leads (and then never the contact or deputy, unless they are leads themselves).

    No words from the concern, no names, not even the panel or the kind: an inbox may be read
    by others. Side effects: sends one email to each address. Returns how many were sent.
    """
    link = settings.SITE_URL + reverse("concern_inbox", kwargs={"org": concern.organisation.slug})
    body = render_to_string(
        "wellbeing/email/new_concern.txt", {"link": link, "site_name": settings.SITE_NAME}
    )
    addresses = (
        lead_addresses(concern.organisation)
        if concern.leads_only
        else contact_addresses(concern.panel)
    )
    sent = 0
    for address in addresses:
        sent += send_mail(
            subject=_("You have a new concern"),
            message=body,
            from_email=None,
            recipient_list=[address],
        )
    return sent


def read_concern(concern: Concern, *, actor: User) -> Concern:
    """Someone allowed (`rules.can_read_concern`) opens a concern.

    The first look marks it read, with the reader's role (`rules.reader_role`), so the person
    who raised it sees "Read by a safeguarding lead" (or their named or deputy contact).
    Side effects: logs "wellbeing.concern.viewed" on every look; may save the status.
    """
    log_action(concern, "wellbeing.concern.viewed", actor=actor)
    if concern.status == Concern.Status.RECEIVED:
        concern.status = Concern.Status.ACKNOWLEDGED
        concern.acknowledged_at = timezone.now()
        concern.read_by = _read_by(concern, actor)
        concern.save(update_fields=["status", "acknowledged_at", "read_by"])
    return concern


def _read_by(concern: Concern, actor: User) -> str:
    user_id = getattr(actor, "pk", None)
    return rules.reader_role(concern, user_id) if user_id is not None else ""


def update_concern(
    concern: Concern,
    *,
    actor: User,
    status: str,
    note: str = "",
    share_with_raiser: bool = False,
) -> ConcernUpdate | None:
    """Move a concern on, and add a note (kept private, or shared with the person).

    Reaching a status fills in any earlier step's time that is still empty (and who read it,
    by role, if that is empty too). A closed concern
    can be opened again ("being dealt with"). Side effects: saves the concern and at most one
    ConcernUpdate; logs "wellbeing.concern.updated" with the status only, never the note.
    """
    now = timezone.now()
    order = [choice.value for choice in Concern.Status]
    stamps = ["received_at", "acknowledged_at", "in_progress_at", "closed_at"]
    for field in stamps[: order.index(status) + 1]:
        if getattr(concern, field) is None:
            setattr(concern, field, now)
            if field == "acknowledged_at":
                concern.read_by = _read_by(concern, actor)
    if status != Concern.Status.CLOSED:
        concern.closed_at = None
    concern.status = status
    concern.save()
    update = None
    if note.strip():
        update = ConcernUpdate.objects.create(
            organisation=concern.organisation,
            concern=concern,
            author=actor,
            text=note.strip(),
            shared_with_raiser=share_with_raiser,
            created_at=now,
        )
    log_action(
        concern,
        "wellbeing.concern.updated",
        actor=actor,
        data={"status": status, "note": bool(update), "shared": bool(update and share_with_raiser)},
    )
    return update


# Check-ins


def record_check_in(
    panel: Panel,
    person: Person,
    *,
    moment: str,
    feeling: int,
    note: str = "",
    meeting: Meeting | None = None,
    wants_contact: bool = False,
    actor: User | None = None,
) -> CheckIn:
    """Save how a member feels before or after a meeting.

    Side effects: saves one CheckIn; logs "wellbeing.checkin.recorded" (no feeling, no note);
    when they ask to be contacted, after commit enqueues the same no-content email as a
    concern.
    """
    if meeting is not None and meeting.panel_id != panel.pk:
        raise ValidationError(_("Choose a meeting of this panel."), code="wrong_meeting")
    check_in = CheckIn.objects.create(
        organisation=panel.organisation,
        panel=panel,
        person=person,
        meeting=meeting,
        moment=moment,
        feeling=feeling,
        note=note.strip(),
        wants_contact=wants_contact,
    )
    log_action(check_in, "wellbeing.checkin.recorded", actor=actor)
    if wants_contact:
        enqueue_after_commit(tasks.send_check_in_email_task, check_in_id=check_in.pk)
    return check_in


def send_check_in_email(check_in: CheckIn) -> int:
    """Tell the contact and deputy someone asked to be contacted. No words, no names.
    Side effects: sends one email to each address."""
    link = settings.SITE_URL + reverse(
        "check_in_list", kwargs={"org": check_in.organisation.slug, "panel_pk": check_in.panel_id}
    )
    body = render_to_string(
        "wellbeing/email/check_in.txt", {"link": link, "site_name": settings.SITE_NAME}
    )
    sent = 0
    for address in contact_addresses(check_in.panel):
        sent += send_mail(
            subject=_("Someone would like you to get in touch"),
            message=body,
            from_email=None,
            recipient_list=[address],
        )
    return sent


def read_check_ins(panel: Panel, *, actor: User) -> None:
    """Someone allowed opens a panel's check-ins. Side effects: logs "wellbeing.checkin.viewed"."""
    log_action(panel, "wellbeing.checkin.viewed", actor=actor)
