"""Meetings: scheduling, the date poll, agenda, papers, notes and attendance.

Invitations and reminders are in `domain.messages`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.audit import log_action
from coproduce.panels.models import (
    AgendaItem,
    Attendance,
    DateAnswer,
    DateOption,
    Meeting,
    MeetingNotes,
    Panel,
    PanelMember,
    Paper,
)
from coproduce.people.models import Person

if TYPE_CHECKING:
    from coproduce.accounts.models import User

# Fields whose change means people need an updated calendar entry.
CALENDAR_FIELDS = {"starts_at", "duration_minutes", "venue", "online_link", "format", "title"}


def create_meeting(
    panel: Panel,
    *,
    actor: User,
    facilitators: list[Person] | None = None,
    date_options: list[datetime.datetime] | None = None,
    **fields: Any,
) -> Meeting:
    """Schedule a meeting, with a standing "You said, we did" item on its agenda.

    Give `starts_at`, or `date_options` for members to mark in a poll (or both).
    Side effects: saves the Meeting, its poll dates and first agenda item; logs
    "panels.meeting.created".
    """
    with transaction.atomic():
        meeting = Meeting.objects.create(organisation=panel.organisation, panel=panel, **fields)
        if facilitators:
            meeting.facilitators.set(facilitators)
        add_date_options(meeting, date_options or [])
        AgendaItem.objects.create(
            organisation=panel.organisation,
            meeting=meeting,
            position=100,
            title=_("You said, we did"),
            purpose=_("What changed because of what the panel said, and what could not change."),
            title_easy_read=_("What we did after you told us"),
            purpose_easy_read=_(
                "We tell you what changed.\nWe tell you what did not change, and why."
            ),
            minutes=15,
            is_you_said_we_did=True,
        )
        log_action(meeting, "panels.meeting.created", actor=actor)
    return meeting


def update_meeting(
    meeting: Meeting, *, actor: User, facilitators: list[Person] | None = None, **fields: Any
) -> list[str]:
    """Change a meeting. Returns the names of the fields that changed.

    When the time or place changes after invitations went out, the calendar entry's sequence
    goes up so calendars replace the old one (`domain.messages.send_meeting_invitations` sends
    the update). Side effects: saves the Meeting; logs "panels.meeting.updated" (field names).
    """
    changed = sorted(name for name, value in fields.items() if getattr(meeting, name) != value)
    for name, value in fields.items():
        setattr(meeting, name, value)
    with transaction.atomic():
        if CALENDAR_FIELDS & set(changed):
            meeting.sequence += 1
        meeting.save()
        if facilitators is not None:
            before = set(meeting.facilitators.values_list("pk", flat=True))
            meeting.facilitators.set(facilitators)
            if before != {person.pk for person in facilitators}:
                changed.append("facilitators")
        if changed:
            log_action(meeting, "panels.meeting.updated", actor=actor, data={"fields": changed})
    return changed


def can_cancel(meeting: Meeting, *, now: datetime.datetime | None = None) -> bool:
    """A meeting can be cancelled until it starts (or while it is still finding a date)."""
    if meeting.is_cancelled:
        return False
    return meeting.starts_at is None or meeting.starts_at > (now or timezone.now())


def add_date_options(meeting: Meeting, times: list[datetime.datetime]) -> None:
    """Add dates to the poll (ignoring any already there).

    Side effects: saves DateOptions; when the meeting has no date yet, tells everyone
    expected that the poll is open (once per meeting, sent after commit).
    """
    from coproduce.panels.domain import tell  # inline: tell reads expected_people from here

    existing = set(meeting.date_options.values_list("starts_at", flat=True))
    with transaction.atomic():
        made = DateOption.objects.bulk_create(
            DateOption(organisation=meeting.organisation, meeting=meeting, starts_at=when)
            for when in sorted(set(times))
            if when not in existing
        )
        if made and meeting.starts_at is None:
            tell.poll_opened(meeting)


def answer_date_poll(
    meeting: Meeting,
    person: Person,
    answers: dict[int, str],
    *,
    actor: User | None = None,
    how_told: str = "",
) -> int:
    """Save when someone can come: {date option id: "yes" | "maybe" | "no"}.

    `actor` is the person themselves (or None), or staff recording the answers for someone
    without a login (then `how_told` says how they told us, shown as "Recorded by Alice on
    7 December 2026, by phone"). Staff can record only for someone on the panel now
    (ValidationError). A cancelled meeting takes no answers (returns 0).
    Side effects: saves DateAnswers (no log for a member's own answers: it is not a decision
    and changes often); logs "panels.poll.answer_recorded" when staff record them.
    """
    if meeting.is_cancelled:
        return 0
    on_behalf = actor is not None and actor.pk != person.user_id
    recorder = None
    if on_behalf:
        if not PanelMember.objects.filter(
            panel_id=meeting.panel_id, person=person, ended_on__isnull=True
        ).exists():
            raise ValidationError(
                _("%(name)s is not on this panel now.") % {"name": person.display_name},
                code="not_member",
            )
        recorder = Person.objects.filter(
            organisation_id=meeting.organisation_id, user=actor
        ).first()
    options = set(meeting.date_options.values_list("pk", flat=True))
    saved = 0
    with transaction.atomic():
        for option_id, answer in answers.items():
            if option_id in options and answer in DateAnswer.Answer.values:
                DateAnswer.objects.update_or_create(
                    option_id=option_id,
                    person=person,
                    defaults={
                        "answer": answer,
                        "organisation": meeting.organisation,
                        "recorded_by": recorder,
                        "how_told": how_told if on_behalf else "",
                    },
                )
                saved += 1
        if on_behalf and saved:
            log_action(
                meeting,
                "panels.poll.answer_recorded",
                actor=actor,
                data={"person": person.pk, "dates": saved},
            )
    return saved


@dataclass
class PollRow:
    option: DateOption
    yes: list[str]
    maybe: list[str]
    no: list[str]
    mine: str


def poll_results(meeting: Meeting, person: Person | None = None) -> list[PollRow]:
    """Each date with who can come (two queries)."""
    options = list(meeting.date_options.all())
    rows = {option.pk: PollRow(option, [], [], [], "") for option in options}
    for answer in DateAnswer.objects.filter(option__meeting=meeting).select_related("person"):
        row = rows[answer.option_id]
        getattr(row, answer.answer).append(answer.person.display_name)
        if person is not None and answer.person_id == person.pk:
            row.mine = answer.answer
    return list(rows.values())


@dataclass
class RecordedAnswers:
    """Someone's poll answers that staff recorded for them: "Recorded by ... on ..., by ..."."""

    person: str
    recorded_by: str
    recorded_on: datetime.datetime
    how_told: str


def recorded_poll_answers(meeting: Meeting) -> list[RecordedAnswers]:
    """One line for each person whose answers staff recorded, newest record first (one query)."""
    seen: dict[int, RecordedAnswers] = {}
    answers = (
        DateAnswer.objects.filter(option__meeting=meeting)
        .exclude(how_told="")
        .select_related("person", "recorded_by")
        .order_by("-updated_at")
    )
    for answer in answers:
        if answer.person_id not in seen:
            seen[answer.person_id] = RecordedAnswers(
                answer.person.display_name,
                answer.recorded_by.display_name if answer.recorded_by else _("staff"),
                answer.updated_at,
                answer.how_told,
            )
    return sorted(seen.values(), key=lambda line: line.person)


def choose_meeting_date(meeting: Meeting, option: DateOption, *, actor: User) -> Meeting:
    """Fix the meeting at one of the poll's dates. Side effects: as `update_meeting`; tells
    everyone expected the date chosen (sent after commit)."""
    from coproduce.panels.domain import tell  # inline: tell reads expected_people from here

    if option.meeting_id != meeting.pk:
        raise ValidationError(_("Choose one of this meeting's dates."))
    with transaction.atomic():
        update_meeting(meeting, actor=actor, starts_at=option.starts_at)
        tell.date_chosen(meeting)
    return meeting


# Agenda


def add_agenda_item(meeting: Meeting, *, actor: User, **fields: Any) -> AgendaItem:
    """Add an item before "You said, we did". Side effects: saves it; logs "panels.agenda.added"."""
    last = (
        meeting.agenda_items.filter(is_you_said_we_did=False).aggregate(Max("position"))[
            "position__max"
        ]
        or 0
    )
    item = AgendaItem.objects.create(
        organisation=meeting.organisation, meeting=meeting, position=last + 1, **fields
    )
    log_action(meeting, "panels.agenda.added", actor=actor, data={"item": item.pk})
    return item


def update_agenda_item(item: AgendaItem, *, actor: User, **fields: Any) -> AgendaItem:
    """Side effects: saves the AgendaItem; logs "panels.agenda.updated"."""
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    log_action(item.meeting, "panels.agenda.updated", actor=actor, data={"item": item.pk})
    return item


def move_agenda_item(item: AgendaItem, *, direction: str, actor: User) -> None:
    """Swap an item with the one above ("up") or below ("down"). Buttons, never dragging.

    Side effects: renumbers the meeting's items; logs "panels.agenda.moved".
    """
    with transaction.atomic():
        items = list(AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id))
        items.sort(key=lambda i: (i.position, i.pk))
        index = next(n for n, i in enumerate(items) if i.pk == item.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
        for position, row in enumerate(items, start=1):
            row.position = position
        AgendaItem.objects.bulk_update(items, ["position"])
        log_action(item.meeting, "panels.agenda.moved", actor=actor, data={"item": item.pk})


# Papers


def papers_are_late(meeting: Meeting, *, now: datetime.datetime | None = None) -> bool:
    due = meeting.papers_due_at
    return due is not None and (now or timezone.now()) > due


def add_paper(
    meeting: Meeting,
    *,
    actor: User,
    title: str,
    standard: Any,
    easy_read: Any = None,
    agenda_item: AgendaItem | None = None,
    content_note: str = "",
) -> Paper:
    """Add a paper (standard, and easy read when there is one). Late if after the due date.

    Side effects: saves the Paper and its files; logs "panels.paper.added" (and if late);
    tells everyone expected that papers are ready (once a day per meeting, after commit).
    """
    from coproduce.panels.domain import tell  # inline: tell reads expected_people from here

    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("Choose an item from this meeting's agenda."))
    paper = Paper(
        organisation=meeting.organisation,
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        standard=standard,
        standard_name=standard.name[-200:],
        content_note=content_note,
        added_by=actor,
        late=papers_are_late(meeting),
    )
    if easy_read:
        paper.easy_read = easy_read
        paper.easy_read_name = easy_read.name[-200:]
    with transaction.atomic():
        paper.save()
        log_action(
            meeting,
            "panels.paper.added",
            actor=actor,
            data={"paper": paper.pk, "late": paper.late},
        )
        tell.papers_ready(meeting)
    return paper


# Notes


def save_meeting_notes(
    meeting: Meeting,
    *,
    actor: User,
    summary: str,
    full_notes: str,
    easy_read: str,
    publish: bool,
) -> MeetingNotes:
    """Save the notes; members see them once published.

    Side effects: saves MeetingNotes; logs "panels.notes.saved" or "panels.notes.published";
    when first published, tells everyone expected (sent after commit).
    """
    from coproduce.panels.domain import tell  # inline: tell reads expected_people from here

    with transaction.atomic():
        notes, _created = MeetingNotes.objects.get_or_create(
            meeting=meeting,
            defaults={"organisation": meeting.organisation, "summary": summary},
        )
        notes.summary, notes.full_notes, notes.easy_read = summary, full_notes, easy_read
        notes.updated_by = actor
        newly_published = publish and notes.published_at is None
        if newly_published:
            notes.published_at = timezone.now()
        notes.save()
        action = "panels.notes.published" if newly_published else "panels.notes.saved"
        log_action(meeting, action, actor=actor)
        if newly_published:
            tell.notes_published(meeting)
    return notes


# Attendance


def expected_people(meeting: Meeting) -> list[tuple[Person, str]]:
    """Who is asked to come: current members (lived experience) then the people running it
    (learnt experience), each once. Two queries."""
    members = [
        m.person
        for m in PanelMember.objects.filter(panel_id=meeting.panel_id, ended_on__isnull=True)
        .select_related("person")
        .order_by("person__name", "id")
    ]
    seen = {person.pk for person in members}
    people: list[tuple[Person, str]] = [(person, Attendance.Capacity.LIVED) for person in members]
    for person in meeting.facilitators.all():
        if person.pk not in seen:
            people.append((person, Attendance.Capacity.LEARNT))
            seen.add(person.pk)
    return people


def record_attendance(meeting: Meeting, rows: dict[int, tuple[str, str]], *, actor: User) -> int:
    """Record who came: {person id: (status, capacity)}. Empty status clears the row.

    Side effects: saves or deletes Attendance rows; logs "panels.attendance.recorded" (counts).
    """
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled, so no one came to it."))
    if meeting.starts_at is None:
        raise ValidationError(_("Choose the meeting's date before you record who came."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _("This meeting has not happened yet. Record who came after it has started.")
        )
    allowed = {person.pk for person, _capacity in expected_people(meeting)}
    saved = 0
    with transaction.atomic():
        for person_id, (status, capacity) in rows.items():
            if person_id not in allowed:
                continue
            if not status:
                Attendance.objects.filter(meeting=meeting, person_id=person_id).delete()
                continue
            if status not in Attendance.Status.values or capacity not in Attendance.Capacity.values:
                continue
            Attendance.objects.update_or_create(
                meeting=meeting,
                person_id=person_id,
                defaults={
                    "organisation": meeting.organisation,
                    "status": status,
                    "capacity": capacity,
                    "recorded_by": actor,
                },
            )
            saved += 1
        log_action(meeting, "panels.attendance.recorded", actor=actor, data={"count": saved})
    return saved


@dataclass
class RoomBalance:
    lived: int
    learnt: int
    target: int

    @property
    def total(self) -> int:
        return self.lived + self.learnt

    @property
    def lived_percent(self) -> int | None:
        return round(100 * self.lived / self.total) if self.total else None

    @property
    def met(self) -> bool | None:
        share = self.lived_percent
        return None if share is None else share >= self.target


def room_balance(meeting: Meeting) -> RoomBalance:
    """Of the people who attended, how many came with lived experience, against the target."""
    lived = learnt = 0
    for capacity in Attendance.objects.filter(
        meeting=meeting, status=Attendance.Status.ATTENDED
    ).values_list("capacity", flat=True):
        if capacity == Attendance.Capacity.LIVED:
            lived += 1
        else:
            learnt += 1
    return RoomBalance(lived, learnt, meeting.panel.lived_experience_target)
