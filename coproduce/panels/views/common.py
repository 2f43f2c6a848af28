"""Helpers the panel views share: fetching records for the viewer, and the reader's version."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from coproduce.core.tenancy import OrgRequest
from coproduce.panels.models import Meeting, Panel
from coproduce.panels.plain_language import Glossary
from coproduce.panels.views.recruitment import _panel
from coproduce.people import reading
from coproduce.people.models import Person

__all__ = [
    "check_url",
    "get_panel",
    "glossary_for",
    "meeting_for",
    "person_for",
    "wants_easy_read",
]


def get_panel(request: OrgRequest, pk: int, *, staff: bool = True) -> Panel:
    """The panel, or 404 (another organisation's, or a member's panel they are not on)."""
    return _panel(request, pk, staff=staff)


def meeting_for(panel: Panel, meeting_pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("organisation"), panel=panel, pk=meeting_pk
    )
    meeting.panel = panel  # already loaded with its contacts
    return meeting


def person_for(request: OrgRequest) -> Person | None:
    """The viewer's own record in this organisation, if they have one."""
    return Person.objects.filter(organisation=request.organisation, user=request.user).first()


def wants_easy_read(request: HttpRequest, person: Person | None) -> bool:
    """?version=easy-read or =standard chooses (and is remembered); else their format."""
    return reading.wants_easy_read(request, person)


def glossary_for(request: OrgRequest, *, easy_read: bool = False) -> Glossary:
    return Glossary.for_organisation(request.organisation, easy_read=easy_read)


def check_url(request: OrgRequest) -> str:
    return reverse("panel_plain_check", kwargs={"org": request.organisation.slug})
