"""Telling panel members what changed, each by the way they chose (people.messages).

Each function is called inside the transaction that made the change; the message is sent
after commit. Messages name the panel, the meeting and its date, and link to the page: never
what a paper, a note or an agreement says, and nothing about anyone's access needs.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from coproduce.core.links import absolute_url
from coproduce.panels.domain.meetings import expected_people
from coproduce.panels.models import AgreementVersion, Application, Meeting, PanelMember
from coproduce.people.messages import send_message, send_to_each
from coproduce.people.models import Message


def _meeting_link(meeting: Meeting, name: str = "panel_meeting_detail") -> str:
    org = meeting.organisation.slug
    return absolute_url(
        reverse(name, kwargs={"org": org, "pk": meeting.panel_id, "meeting_pk": meeting.pk})
    )


def _members(meeting: Meeting) -> list:
    return [person for person, _capacity in expected_people(meeting)]


def poll_opened(meeting: Meeting) -> list[Message]:
    """Ask everyone expected to mark the dates they can do (once per meeting)."""
    return send_to_each(
        _members(meeting),
        "poll.opened",
        f"meeting:{meeting.pk}",
        link=_meeting_link(meeting, "panel_meeting_poll"),
        title=meeting.title,
        panel=meeting.panel.name,
    )


def date_chosen(meeting: Meeting) -> list[Message]:
    """Tell everyone expected the date chosen (again if it is moved to another date)."""
    if meeting.starts_at is None:
        return []
    when = timezone.localtime(meeting.starts_at)
    return send_to_each(
        _members(meeting),
        "poll.chosen",
        f"meeting:{meeting.pk}:{meeting.starts_at.isoformat()}",
        link=_meeting_link(meeting),
        title=meeting.title,
        date=date_format(when, "l j F Y, H:i"),
    )


def papers_ready(meeting: Meeting) -> list[Message]:
    """Tell everyone expected that papers are ready (at most once a day per meeting)."""
    return send_to_each(
        _members(meeting),
        "papers.published",
        f"meeting:{meeting.pk}:{timezone.localdate().isoformat()}",
        link=_meeting_link(meeting),
        title=meeting.title,
    )


def notes_published(meeting: Meeting) -> list[Message]:
    """Tell everyone expected that the notes are published (once per meeting)."""
    return send_to_each(
        _members(meeting),
        "notes.published",
        f"meeting:{meeting.pk}",
        link=_meeting_link(meeting, "panel_meeting_notes"),
        title=meeting.title,
    )


def agreement_published(version: AgreementVersion) -> list[Message]:
    """Ask each current member to read the new group agreement (once per version)."""
    panel = version.panel
    people = [
        member.person
        for member in PanelMember.objects.filter(panel=panel, ended_on__isnull=True)
        .select_related("person")
        .order_by("person__name", "id")
    ]
    return send_to_each(
        people,
        "agreement.published",
        f"agreement:{version.pk}",
        link=absolute_url(
            reverse("panel_agreement", kwargs={"org": panel.organisation.slug, "pk": panel.pk})
        ),
        panel=panel.name,
    )


def offer_answered(application: Application, *, accept: bool) -> Message | None:
    """Tell the panel's named contact that an applicant answered their offer from their own
    link (once per application): they welcome them, or offer the place to someone else."""
    panel = application.panel
    if panel.named_contact is None:
        return None
    org = panel.organisation.slug
    return send_message(
        panel.named_contact,
        "offer.accepted" if accept else "offer.declined",
        f"application:{application.pk}",
        link=absolute_url(
            reverse(
                "panel_application_detail",
                kwargs={"org": org, "pk": panel.pk, "application_pk": application.pk},
            )
        ),
        applicant=str(application),
        panel=panel.name,
    )
