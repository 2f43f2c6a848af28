"""A member's own page for a panel: next meetings, papers in their format, the agreement,
their own access needs and this panel's adjustments, and their named contact. Phone first.

A member records and changes their access needs once, for every panel, on their own page
("What helps you take part?", `people.views.my_access_needs`). Like the staff pages, this
reads needs only through `panels.domain.access` (each look logged) and is never cached."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from coproduce.core.tenancy import OrgRequest, org_view
from coproduce.panels import induction, queries
from coproduce.panels.domain import access, agreement
from coproduce.panels.models import Panel, PanelMember, Paper
from coproduce.panels.views.agreement import signed
from coproduce.panels.views.common import get_panel, person_for, wants_easy_read
from coproduce.people.models import Person


@org_view()
def panel_me(request: OrgRequest, pk: int) -> HttpResponse:
    panel = get_panel(request, pk, staff=False)
    person = person_for(request)
    easy_read = wants_easy_read(request, person)
    meetings = queries.next_meetings(panel)
    papers: dict[int, list[Paper]] = {}
    for paper in Paper.objects.filter(meeting__in=meetings).order_by("id"):
        papers.setdefault(paper.meeting_id, []).append(paper)
    version = agreement.current_version(panel)
    needs = access.read_access_needs(panel, person, actor=request.user) if person else []
    membership = (
        PanelMember.objects.filter(panel=panel, person=person, ended_on__isnull=True).first()
        if person
        else None
    )
    getting_started = induction.induction_for(membership) if membership else None
    response = render(
        request,
        "panels/me.html",
        {
            "panel": panel,
            "person": person,
            "easy_read": easy_read,
            "meetings": [(m, papers.get(m.pk, [])) for m in meetings],
            "version": version,
            "agreed": signed(version.pk if version else None, person.pk if person else None),
            "needs": needs,
            "is_member": membership is not None,
            "getting_started": getting_started,
            "strengths": induction.own_strengths(person),
            "others_bring": [
                b
                for b in induction.strengths_on_panel(panel, request.membership)
                if b.person != person
            ]
            if membership
            else [],
            "getting_to_know": induction.next_getting_to_know(panel),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def my_person(request: OrgRequest, panel: Panel) -> Person:
    """The viewer's own Person, if they are on this panel now; else 404 (staff too)."""
    person = person_for(request)
    if person is None:
        raise Http404
    get_object_or_404(PanelMember, panel=panel, person=person, ended_on__isnull=True)
    return person
