"""Reusable reads for panels. Each runs a fixed number of queries, however big the panel."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.core.models import Membership, Role
from coproduce.initiatives.home import ToDo
from coproduce.initiatives.models import Initiative
from coproduce.initiatives.sections import PeopleGroup
from coproduce.panels.models import (
    AccessNeed,
    Adjustment,
    AgendaItem,
    AgreementSignature,
    AgreementVersion,
    Application,
    ContactTask,
    Meeting,
    MeetingMessage,
    Panel,
    PanelMember,
    PanelQuestion,
    Status,
)
from coproduce.panels.rules import can_manage_panels
from coproduce.people.models import Person
from coproduce.pictures.owners import OwnedText
from coproduce.pictures.points import Point, builtin_picture, choices_for_owners, suggest


def panels_for_membership(membership: Membership) -> QuerySet[Panel]:
    """Every panel for staff; for a member, only the panels they are on now."""
    panels = Panel.objects.for_organisation(membership.organisation).select_related("named_contact")
    if can_manage_panels(membership):
        return panels
    return panels.filter(
        members__person__user_id=membership.user_id, members__ended_on__isnull=True
    ).distinct()


def panel_with_contacts(queryset: QuerySet[Panel]) -> QuerySet[Panel]:
    return queryset.select_related("named_contact", "deputy_contact", "backed_by")


def current_members(panel: Panel) -> QuerySet[PanelMember]:
    return (
        PanelMember.objects.filter(panel=panel, ended_on__isnull=True)
        .select_related("person__user")
        .order_by("person__name", "id")
    )


def current_member_people(panel: Panel) -> QuerySet[Person]:
    """The people on the panel now, by name (for staff choosing whose answer they record)."""
    return (
        Person.objects.filter(
            panel_memberships__panel=panel, panel_memberships__ended_on__isnull=True
        )
        .distinct()
        .order_by("name")
    )


def panel_people_for(initiative: Initiative) -> list[PeopleGroup]:
    """Each open panel of the initiative's organisation with its members now (the
    initiative's own panels first), for staff inviting people to a workshop."""
    panels = (
        Panel.objects.filter(organisation_id=initiative.organisation_id)
        .annotate(ours=Count("initiatives", filter=Q(initiatives=initiative)))
        .order_by("-ours", "name", "pk")
    )
    return [
        PeopleGroup(
            f"panel-{panel.pk}",
            _("Members of %(panel)s") % {"panel": panel.name},
            list(current_member_people(panel)),
        )
        for panel in panels
    ]


def past_members(panel: Panel) -> QuerySet[PanelMember]:
    return (
        PanelMember.objects.filter(panel=panel, ended_on__isnull=False)
        .select_related("person")
        .order_by("-ended_on", "id")
    )


def status_counts(panel: Panel) -> dict[str, int]:
    """How many sent applications are at each step (one query)."""
    rows = (
        Application.objects.filter(panel=panel)
        .exclude(status=Status.DRAFT)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = {row["status"]: row["n"] for row in rows}
    return {status.value: found.get(status.value, 0) for status in Status.submitted()}


def applications_for_panel(panel: Panel, status: str = "") -> QuerySet[Application]:
    applications = Application.objects.filter(panel=panel).exclude(status=Status.DRAFT)
    if status:
        applications = applications.filter(status=status)
    return applications.order_by("-submitted_at", "-id")


def open_contact_tasks(panel: Panel) -> QuerySet[ContactTask]:
    return (
        ContactTask.objects.filter(panel=panel, done_at__isnull=True)
        .select_related("application", "status_change")
        .order_by("created_at", "id")
    )


def meetings_for_panel(panel: Panel) -> tuple[list[Meeting], list[Meeting]]:
    """Meetings to come (and those still finding a date), then past ones, newest first.

    Cancelled meetings stay in the lists; the page marks them as cancelled.
    """
    now = timezone.now()
    meetings = Meeting.objects.filter(panel=panel)
    upcoming = list(
        meetings.filter(Q(starts_at__gte=now) | Q(starts_at__isnull=True)).order_by(
            "starts_at", "id"
        )
    )
    past = list(meetings.filter(starts_at__lt=now).order_by("-starts_at", "-id")[:20])
    return upcoming, past


def next_meetings(panel: Panel, limit: int = 3) -> list[Meeting]:
    """The next few meetings with a date, or still finding one (one query)."""
    now = timezone.now()
    return list(
        Meeting.objects.filter(panel=panel, cancelled_at__isnull=True)
        .filter(Q(starts_at__gte=now) | Q(starts_at__isnull=True))
        .order_by("starts_at", "id")[:limit]
    )


def messages_for_meeting(meeting: Meeting) -> dict[int, MeetingMessage]:
    """The latest invitation or reminder to each person (one query)."""
    latest: dict[int, MeetingMessage] = {}
    for message in MeetingMessage.objects.filter(meeting=meeting).select_related(
        "person", "message"
    ):
        latest[message.person_id] = message
    return latest


# An older staff task (from before meeting messages went through people.messages) that
# would tell someone a cancelled meeting is on: not shown, as it is no use now.
_NO_USE_NOW = Q(meeting__cancelled_at__isnull=False) & ~Q(kind=MeetingMessage.Kind.CANCELLED)


def open_message_tasks(meeting: Meeting) -> list[MeetingMessage]:
    """Calls, texts and letters about a meeting that staff have not marked done (leaving out
    those about a meeting since cancelled, other than the cancellation)."""
    return list(
        MeetingMessage.objects.filter(
            meeting=meeting, channel=MeetingMessage.Channel.STAFF, done_at__isnull=True
        )
        .exclude(_NO_USE_NOW)
        .select_related("person")
    )


def contact_addresses(panel: Panel) -> list[str]:
    """The panel's named contact's and deputy's email addresses (their own, else their
    login's), each once. Access need notices and wellbeing notices both send to these."""
    addresses: list[str] = []
    for person in (panel.named_contact, panel.deputy_contact):
        address = person.email or (person.user.email if person.user is not None else "")
        if address and address.lower() not in (a.lower() for a in addresses):
            addresses.append(address)
    return addresses


def access_changes_for(user: Any, *, days: int = 30) -> list[tuple[AccessNeed, Panel]]:
    """The access needs added or changed in the last `days` days by members of the panels this
    login looks after (as named contact or deputy, while staff of the panel's organisation),
    newest first, once for each such panel the person is on. For the page the access-need
    email links to: it names the person and the panel, never the need."""
    since = timezone.now() - datetime.timedelta(days=days)
    staff_of = Membership.objects.filter(user=user, role__in=(Role.STAFF, Role.ADMIN)).values(
        "organisation_id"
    )
    members = (
        PanelMember.objects.filter(ended_on__isnull=True, panel__organisation_id__in=staff_of)
        .filter(Q(panel__named_contact__user=user) | Q(panel__deputy_contact__user=user))
        .select_related("panel__organisation")
    )
    panels_of: dict[int, list[Panel]] = {}
    for member in members:
        panels_of.setdefault(member.person_id, []).append(member.panel)
    needs = (
        AccessNeed.objects.filter(person_id__in=list(panels_of), updated_at__gte=since)
        .select_related("person")
        .order_by("-updated_at", "-pk")
    )
    return [(need, panel) for need in needs for panel in panels_of[need.person_id]]


# The home page (registered from `apps.py` with `initiatives.home`)

ANSWER_APPLICATIONS_WITHIN_DAYS = 14  # we aim to answer each application within two weeks
POST_TAKES_DAYS = 7  # a letter, call or text about a meeting goes out a week before it
CLOSE_POLL_DAYS_BEFORE = 7  # choose a date a week before the first possible one
ADJUSTMENTS_LOOK_AHEAD_DAYS = 14  # check agreed adjustments for meetings in the next 2 weeks


@dataclass(frozen=True)
class MemberPanels:
    """A member's panels on their home: meetings to come, and what waits for their answer."""

    panels: list[Panel]
    meetings: list[Meeting]
    polls: list[Meeting]
    agreements: list[AgreementVersion]


def member_panels_for(membership: Membership, person: Person | None) -> MemberPanels | None:
    """The panels this person is on now, their next meetings (with a date), the date polls
    they have not answered and the newest group agreements they have not agreed to (five
    queries, however many panels)."""
    if person is None:
        return None
    panels = list(
        Panel.objects.filter(
            organisation_id=membership.organisation_id,
            members__person=person,
            members__ended_on__isnull=True,
        )
        .select_related("named_contact", "deputy_contact")
        .distinct()
        .order_by("name", "id")
    )
    if not panels:
        return MemberPanels([], [], [], [])
    ongoing = Meeting.objects.filter(panel__in=panels, cancelled_at__isnull=True).select_related(
        "panel"
    )
    meetings = list(ongoing.filter(starts_at__gte=timezone.now()).order_by("starts_at", "id")[:5])
    polls = list(
        ongoing.filter(starts_at__isnull=True, date_options__isnull=False)
        .exclude(date_options__answers__person=person)
        .distinct()
        .order_by("id")
    )
    newest: dict[int, AgreementVersion] = {}
    for version in AgreementVersion.objects.filter(panel__in=panels).select_related("panel"):
        if version.panel_id not in newest or version.number > newest[version.panel_id].number:
            newest[version.panel_id] = version
    agreed = set(
        AgreementSignature.objects.filter(
            person=person, version__in=list(newest.values())
        ).values_list("version_id", flat=True)
    )
    agreements = [v for v in newest.values() if v.pk not in agreed]
    return MemberPanels(panels, meetings, polls, agreements)


def contact_panels_for(membership: Membership, person: Person | None) -> list[Panel]:
    """The panels where this login is the named contact or deputy (one query)."""
    return list(
        Panel.objects.for_organisation(membership.organisation)
        .filter(
            Q(named_contact__user_id=membership.user_id)
            | Q(deputy_contact__user_id=membership.user_id)
        )
        .order_by("name", "id")
    )


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _said(day: datetime.date) -> str:
    return date_format(day, "l j F")


def panel_to_dos(membership: Membership, person: Person | None, today: datetime.date) -> list[ToDo]:
    """Staff to-dos from panels: applications to answer, letters and calls about them or about
    meetings, date polls to close, and agreed adjustments to check before a meeting. Counts
    and dates only: never what an adjustment is (five queries)."""
    if not can_manage_panels(membership):
        return []
    org = membership.organisation
    slug = org.slug
    items: list[ToDo] = []
    waiting = (
        Application.objects.for_organisation(org)
        .filter(status=Status.RECEIVED)
        .values("panel_id", "panel__name")
        .annotate(n=Count("id"), oldest=Min("submitted_at"))
        .order_by("panel_id")
    )
    for waiting_row in waiting:
        oldest = _day(waiting_row["oldest"]) if waiting_row["oldest"] else today
        items.append(
            ToDo(
                what=ngettext(
                    "%(n)d application to answer: %(panel)s",
                    "%(n)d applications to answer: %(panel)s",
                    waiting_row["n"],
                )
                % {"n": waiting_row["n"], "panel": waiting_row["panel__name"]},
                why=_("We aim to answer within two weeks. The oldest came on %(day)s.")
                % {"day": _said(oldest)},
                due=oldest + datetime.timedelta(days=ANSWER_APPLICATIONS_WITHIN_DAYS),
                url=reverse("panel_applications", args=[slug, waiting_row["panel_id"]])
                + "?status=received",
                kind="applications",
            )
        )
    tasks = (
        ContactTask.objects.for_organisation(org)
        .filter(done_at__isnull=True)
        .values("panel_id", "panel__name")
        .annotate(n=Count("id"), oldest=Min("created_at"))
        .order_by("panel_id")
    )
    for task_row in tasks:
        items.append(
            ToDo(
                what=ngettext(
                    "%(n)d letter, call or text to an applicant: %(panel)s",
                    "%(n)d letters, calls or texts to applicants: %(panel)s",
                    task_row["n"],
                )
                % {"n": task_row["n"], "panel": task_row["panel__name"]},
                why=_("They asked us not to use email. Their news waits until you send it."),
                due=_day(task_row["oldest"]),
                url=reverse("panel_detail", args=[slug, task_row["panel_id"]]),
                kind="contact_tasks",
            )
        )
    by_hand = (
        MeetingMessage.objects.for_organisation(org)
        .filter(channel=MeetingMessage.Channel.STAFF, done_at__isnull=True)
        .exclude(_NO_USE_NOW)
        .values("meeting_id", "meeting__panel_id", "meeting__title", "meeting__starts_at")
        .annotate(n=Count("id"), oldest=Min("created_at"))
        .order_by("meeting_id")
    )
    for message_row in by_hand:
        starts = message_row["meeting__starts_at"]
        due = (
            _day(starts) - datetime.timedelta(days=POST_TAKES_DAYS)
            if starts
            else _day(message_row["oldest"])
        )
        items.append(
            ToDo(
                what=ngettext(
                    "%(n)d meeting message to send by post, phone or text: %(meeting)s",
                    "%(n)d meeting messages to send by post, phone or text: %(meeting)s",
                    message_row["n"],
                )
                % {"n": message_row["n"], "meeting": message_row["meeting__title"]},
                why=_("These people chose not to get email. A letter takes a few days."),
                due=due,
                url=reverse(
                    "panel_meeting_detail",
                    args=[slug, message_row["meeting__panel_id"], message_row["meeting_id"]],
                ),
                kind="meeting_messages",
            )
        )
    polls = (
        Meeting.objects.for_organisation(org)
        .filter(cancelled_at__isnull=True, starts_at__isnull=True, date_options__isnull=False)
        .values("id", "panel_id", "title")
        .annotate(first=Min("date_options__starts_at"))
        .order_by("id")
    )
    for poll_row in polls:
        first = _day(poll_row["first"])
        items.append(
            ToDo(
                what=_("Choose the date: %(meeting)s") % {"meeting": poll_row["title"]},
                why=_("Members are marking the dates they can come. The first date is %(day)s.")
                % {"day": _said(first)},
                due=first - datetime.timedelta(days=CLOSE_POLL_DAYS_BEFORE),
                url=reverse(
                    "panel_meeting_poll", args=[slug, poll_row["panel_id"], poll_row["id"]]
                ),
                kind="polls",
            )
        )
    items += _adjustment_to_dos(membership, today)
    return items


def _adjustment_to_dos(membership: Membership, today: datetime.date) -> list[ToDo]:
    """One item per meeting in the next two weeks whose panel has agreed adjustments for its
    current members: how many, never what (two queries)."""
    org = membership.organisation
    soon = timezone.now() + datetime.timedelta(days=ADJUSTMENTS_LOOK_AHEAD_DAYS)
    meetings = list(
        Meeting.objects.for_organisation(org)
        .filter(cancelled_at__isnull=True, starts_at__gte=timezone.now(), starts_at__lte=soon)
        .order_by("starts_at", "id")
    )
    if not meetings:
        return []
    counts = dict(
        Adjustment.objects.for_organisation(org)
        .filter(
            ended_on__isnull=True,
            need__ended_on__isnull=True,
            panel_id__in={m.panel_id for m in meetings},
            person__panel_memberships__panel_id=F("panel_id"),
            person__panel_memberships__ended_on__isnull=True,
        )
        .values("panel_id")
        .annotate(n=Count("id", distinct=True))
        .values_list("panel_id", "n")
    )
    items = []
    for meeting in meetings:
        n = counts.get(meeting.panel_id, 0)
        if not n or meeting.starts_at is None:
            continue
        day = _day(meeting.starts_at)
        items.append(
            ToDo(
                what=ngettext(
                    "Check %(n)d agreed adjustment is ready: %(meeting)s",
                    "Check %(n)d agreed adjustments are ready: %(meeting)s",
                    n,
                )
                % {"n": n, "meeting": meeting.title},
                why=_("We agreed to do these for members. The meeting is on %(day)s.")
                % {"day": _said(day)},
                due=day - datetime.timedelta(days=1),
                url=reverse("panel_meeting_run", args=[org.slug, meeting.panel_id, meeting.pk]),
                kind="adjustments",
            )
        )
    return items


def role_for_pictures(organisation: Any, pk: int) -> OwnedText | None:
    """A panel's easy read role description, for the picture picker (pictures.owners)."""
    panel = Panel.objects.filter(organisation=organisation, pk=pk).first()
    if panel is None:
        return None
    return OwnedText(
        title=_("%(panel)s: role description") % {"panel": panel.name},
        text=panel.role_easy_read,
        back_url=reverse("panel_role", kwargs={"org": organisation.slug, "pk": panel.pk}),
    )


def notes_for_pictures(organisation: Any, pk: int) -> OwnedText | None:
    """A meeting's easy read notes, for the picture picker (pictures.owners)."""
    meeting = (
        Meeting.objects.filter(organisation=organisation, pk=pk)
        .select_related("panel", "notes")
        .first()
    )
    notes = getattr(meeting, "notes", None) if meeting is not None else None
    if meeting is None or notes is None:
        return None
    return OwnedText(
        title=_("%(meeting)s: notes") % {"meeting": meeting.title},
        text=notes.easy_read,
        back_url=reverse(
            "panel_meeting_detail",
            kwargs={"org": organisation.slug, "pk": meeting.panel_id, "meeting_pk": meeting.pk},
        ),
    )


def agenda_item_for_pictures(organisation: Any, pk: int) -> OwnedText | None:
    """What an agenda item is for, in easy read, for the picture picker (pictures.owners)."""
    item = (
        AgendaItem.objects.filter(organisation=organisation, pk=pk)
        .select_related("meeting")
        .first()
    )
    if item is None:
        return None
    return OwnedText(
        title=_("%(item)s: easy read") % {"item": item.title},
        text=item.purpose_easy_read,
        back_url=reverse(
            "panel_meeting_detail",
            kwargs={
                "org": organisation.slug,
                "pk": item.meeting.panel_id,
                "meeting_pk": item.meeting_id,
            },
        ),
    )


def _meeting_text(organisation: Any, pk: int, field: str, title: str) -> OwnedText | None:
    meeting = Meeting.objects.filter(organisation=organisation, pk=pk).first()
    if meeting is None:
        return None
    return OwnedText(
        title=title % {"meeting": meeting.title},
        text=getattr(meeting, field),
        back_url=reverse(
            "panel_meeting_detail",
            kwargs={"org": organisation.slug, "pk": meeting.panel_id, "meeting_pk": meeting.pk},
        ),
    )


def venue_access_for_pictures(organisation: Any, pk: int) -> OwnedText | None:
    """A meeting's access at the venue, in easy read, for the picture picker."""
    return _meeting_text(
        organisation, pk, "venue_access_easy_read", _("%(meeting)s: access at the venue")
    )


def online_help_for_pictures(organisation: Any, pk: int) -> OwnedText | None:
    """How to join a meeting online, in easy read, for the picture picker."""
    return _meeting_text(
        organisation, pk, "online_help_easy_read", _("%(meeting)s: how to join online")
    )


def agreement_for_pictures(organisation: Any, pk: int) -> OwnedText | None:
    """The current group agreement of a panel, in easy read, for the picture picker. The
    pictures belong to the places in the agreement, so they carry over to the next version."""
    panel = Panel.objects.filter(organisation=organisation, pk=pk).first()
    if panel is None:
        return None
    version = panel.agreement_versions.order_by("-number").first()
    return OwnedText(
        title=_("%(panel)s: group agreement") % {"panel": panel.name},
        text=version.easy_read_text if version else "",
        back_url=reverse("panel_agreement", kwargs={"org": organisation.slug, "pk": panel.pk}),
        presets=tuple(version.easy_read_pictures) if version else (),
    )


# A panel's own question shows a question mark in easy read until staff choose a picture
# for it, unless its words suggest a better one (pictures.chosen.SUGGESTIONS).
QUESTION_PICTURE = "question"


def question_owner(pk: int) -> str:
    """How the pictures app names one of a panel's own questions (see panels/apps.py)."""
    return f"panels.question:{pk}"


def question_pictures(organisation: Any, questions: list[PanelQuestion]) -> dict[int, Point]:
    """The picture beside each of the panel's own questions in easy read, by question id:
    the one staff chose, else one suggested from its words, else a question mark. Two
    queries at most, however many questions."""
    picked = choices_for_owners(organisation, [question_owner(q.pk) for q in questions])
    found: dict[int, Point] = {}
    for question in questions:
        picture = picked.get(question_owner(question.pk), {}).get(0)
        found[question.pk] = Point(
            question.text,
            picture or builtin_picture(suggest(question.text, QUESTION_PICTURE)),
            0,
            chosen=picture is not None,
        )
    return found


def question_for_pictures(organisation: Any, pk: int) -> OwnedText | None:
    """One of a panel's own questions, as one easy read point, for the picture picker."""
    question = (
        PanelQuestion.objects.filter(organisation=organisation, pk=pk)
        .select_related("panel")
        .first()
    )
    if question is None:
        return None
    # One point: a question starting "## " must not read as a heading with no point.
    text = " ".join(question.text.split()).lstrip("#").strip()
    return OwnedText(
        title=_("%(panel)s: your own question") % {"panel": question.panel.name},
        text=text,
        back_url=reverse(
            "selection_questions", kwargs={"org": organisation.slug, "pk": question.panel_id}
        ),
        fallback=QUESTION_PICTURE,
    )
