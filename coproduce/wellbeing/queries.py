"""Reusable reads for wellbeing. Each runs a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coproduce.core.audit import PrivateEntries
from coproduce.core.models import Membership, Organisation, Role
from coproduce.initiatives.home import ToDo
from coproduce.panels.models import AgendaItem, Meeting, Panel, PanelMember
from coproduce.people.models import Person
from coproduce.wellbeing.models import (
    CheckIn,
    Concern,
    Credit,
    SafeguardingLead,
    SignpostService,
    SupportSettings,
    TrainingRecord,
    default_response_days,
)
from coproduce.wellbeing.rules import (
    can_change_settings,
    can_manage_support,
    is_safeguarding_lead,
)


def support_settings_for(organisation: Organisation) -> SupportSettings:
    settings_row, _created = SupportSettings.objects.get_or_create(organisation=organisation)
    return settings_row


def concerns_for(membership: Membership) -> QuerySet[Concern]:
    """The concerns this login may read: all of them for a safeguarding lead, else those of
    the panels where they are the named contact or deputy, leaving out those sent to the
    safeguarding leads only (the same rule as `rules.can_read_concern`). Oldest open first."""
    concerns = Concern.objects.for_organisation(membership.organisation).select_related("panel")
    if not is_safeguarding_lead(membership):
        concerns = concerns.filter(
            Q(panel__named_contact__user_id=membership.user_id)
            | Q(panel__deputy_contact__user_id=membership.user_id),
            leads_only=False,
        )
    return concerns.order_by("closed_at", "received_at", "id")


def open_leads_only_count(organisation: Organisation) -> int:
    """How many concerns sent to the safeguarding leads only are not closed yet."""
    return (
        Concern.objects.for_organisation(organisation)
        .filter(leads_only=True)
        .exclude(status=Concern.Status.CLOSED)
        .count()
    )


def _ids_as_text(rows: QuerySet) -> QuerySet:
    """Primary keys as text, to compare with `AuditEntry.target_id` inside one query."""
    return rows.annotate(text_id=Cast("pk", output_field=CharField())).values("text_id")


def private_audit_entries_for(membership: Membership) -> PrivateEntries:
    """What the activity log keeps from this reader (registered with `core.audit` in
    `apps.py`). A safeguarding lead sees every entry. Anyone else:
    - never sees an entry about a concern sent to the leads only, not even that one exists
      (a contact who saw "something private" they could not find in their inbox would know
      it is about them);
    - sees an entry about any other concern or check-in they may not read only as "something
      private happened": no who (that is the person who raised it), no record number.
    The contact and deputy see their own panels' entries in full. Two queries at most.
    """
    if is_safeguarding_lead(membership):
        return PrivateEntries()
    concern_type = ContentType.objects.get_for_model(Concern)
    check_in_type = ContentType.objects.get_for_model(CheckIn)
    org_concerns = Concern.objects.filter(organisation_id=membership.organisation_id)
    my_panels = Panel.objects.filter(organisation_id=membership.organisation_id).filter(
        Q(named_contact__user_id=membership.user_id) | Q(deputy_contact__user_id=membership.user_id)
    )
    readable_concerns = org_concerns.filter(panel__in=my_panels, leads_only=False)
    readable_check_ins = CheckIn.objects.filter(panel__in=my_panels)
    return PrivateEntries(
        hide=Q(
            target_type=concern_type,
            target_id__in=_ids_as_text(org_concerns.filter(leads_only=True)),
        ),
        mask=(Q(target_type=concern_type) & ~Q(target_id__in=_ids_as_text(readable_concerns)))
        | (Q(target_type=check_in_type) & ~Q(target_id__in=_ids_as_text(readable_check_ins))),
    )


def safeguarding_leads_for(organisation: Organisation) -> list[SafeguardingLead]:
    """The organisation's safeguarding leads with their logins, in a fixed order. One query."""
    return list(
        SafeguardingLead.objects.for_organisation(organisation)
        .select_related("user")
        .order_by("user__name", "user__email", "id")
    )


def concerns_raised_by(person: Person) -> QuerySet[Concern]:
    return Concern.objects.filter(raised_by=person).select_related("panel")


def shared_updates(concern: Concern) -> QuerySet:
    return concern.updates.filter(shared_with_raiser=True)


def check_ins_for(panel: Panel) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(panel=panel).select_related("person", "meeting")


def check_ins_by(person: Person) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(person=person).select_related("panel", "meeting")


def panels_of(person: Person) -> QuerySet[Panel]:
    return Panel.objects.filter(
        pk__in=PanelMember.objects.filter(person=person, ended_on__isnull=True).values("panel_id")
    )


def recent_meetings(panel: Panel, *, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings in the last few weeks and the next few, for the check-in form's choice."""
    now = now or timezone.now()
    days = datetime.timedelta(days=settings.WELLBEING_DEBRIEF_DAYS * 4)
    return Meeting.objects.filter(
        panel=panel, cancelled_at__isnull=True, starts_at__range=(now - days, now + days)
    ).order_by("-starts_at", "-id")


@dataclass(frozen=True)
class DebriefPrompt:
    meeting: Meeting
    content_notes: list[str]


def debrief_prompts_for(
    person: Person, *, now: datetime.datetime | None = None
) -> list[DebriefPrompt]:
    """Recent meetings of the person's panels that had an item with a content note, which the
    person has not checked in about since. Three queries."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=settings.WELLBEING_DEBRIEF_DAYS)
    meetings = list(
        Meeting.objects.filter(
            panel__in=panels_of(person),
            cancelled_at__isnull=True,
            starts_at__range=(since, now),
            agenda_items__content_note__gt="",
        )
        .distinct()
        .select_related("panel")
        .order_by("-starts_at")
    )
    if not meetings:
        return []
    done = set(
        CheckIn.objects.filter(
            person=person, meeting__in=meetings, moment=CheckIn.Moment.AFTER
        ).values_list("meeting_id", flat=True)
    )
    notes: dict[int, list[str]] = {}
    for meeting_id, note in (
        AgendaItem.objects.filter(meeting__in=meetings, content_note__gt="")
        .order_by("position", "id")
        .values_list("meeting_id", "content_note")
    ):
        notes.setdefault(meeting_id, []).append(note)
    return [
        DebriefPrompt(meeting, notes.get(meeting.pk, []))
        for meeting in meetings
        if meeting.pk not in done
    ]


def signposts_for(organisation: Organisation) -> QuerySet[SignpostService]:
    return SignpostService.objects.for_organisation(organisation)


def training_records_for(person: Person) -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.filter(person=person).select_related("training")


def credits_for(person: Person) -> QuerySet[Credit]:
    return Credit.objects.filter(person=person)


@dataclass(frozen=True)
class Reciprocity:
    """What the organisation gave back, beyond payment: evidence for the Ladder (V1)."""

    training_done: int
    training_offered: int
    credits: int


def reciprocity_for(person: Person) -> Reciprocity:
    records = list(TrainingRecord.objects.filter(person=person).values_list("status", flat=True))
    return Reciprocity(
        training_done=records.count(TrainingRecord.Status.DONE),
        training_offered=len(records),
        credits=Credit.objects.filter(person=person).count(),
    )


# The home page (registered from `apps.py` with `initiatives.home`)


@dataclass(frozen=True)
class SupportLinks:
    """What a person's home offers from wellbeing, by what they may do."""

    receives_concerns: bool
    check_in_panels: list[Panel]  # the panels whose check-ins they may read
    manages_support: bool  # the list of other services, training and credits
    changes_settings: bool  # the reply target and the safeguarding leads


def support_links_for(membership: Membership, person: Person | None) -> SupportLinks:
    """Which wellbeing pages to link from this person's home (at most three queries)."""
    if not membership.has_role(Role.STAFF):
        return SupportLinks(False, [], False, False)
    lead = is_safeguarding_lead(membership)
    panels = Panel.objects.for_organisation(membership.organisation).order_by("name", "id")
    if not lead:
        panels = panels.filter(
            Q(named_contact__user_id=membership.user_id)
            | Q(deputy_contact__user_id=membership.user_id)
        )
    check_in_panels = list(panels)
    return SupportLinks(
        receives_concerns=bool(check_in_panels) or lead,
        check_in_panels=check_in_panels,
        manages_support=can_manage_support(membership),
        changes_settings=can_change_settings(membership),
    )


def concern_to_dos(
    membership: Membership, person: Person | None, today: datetime.date
) -> list[ToDo]:
    """Concerns not read yet, each with its reply-by date, for the people who may read them.
    Never what it says, who sent it or which panel: "A concern needs a reply by Tuesday"
    (two queries)."""
    if not membership.has_role(Role.STAFF):
        return []
    waiting = (
        concerns_for(membership)
        .filter(acknowledged_at__isnull=True)
        .exclude(status=Concern.Status.CLOSED)
    )
    items: list[ToDo] = []
    for concern in waiting:
        if not items:
            days = (
                SupportSettings.objects.filter(organisation=membership.organisation)
                .values_list("response_working_days", flat=True)
                .first()
            ) or default_response_days()
        due = timezone.localtime(concern.respond_by).date()
        what = (
            _("A concern needs a reply by %(day)s")
            if concern.kind == Concern.Kind.CONCERN
            else _("A request for support needs a reply by %(day)s")
        )
        items.append(
            ToDo(
                what=what % {"day": date_format(due, "l j F")},
                why=_("We aim to reply within %(days)d working days. It came on %(day)s.")
                % {
                    "days": days,
                    "day": date_format(timezone.localtime(concern.received_at).date(), "l j F"),
                },
                due=due,
                url=reverse(
                    "concern_detail",
                    args=[membership.organisation.slug, concern.pk],
                ),
                kind="concerns",
            )
        )
    return items
