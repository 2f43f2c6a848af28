"""A member's own page for a panel: next meetings, papers in their format, the agreement,
their own access needs and this panel's adjustments, and their named contact. Phone first.

A member records and changes their access needs once, for every panel, on their own page
("What helps you take part?", `people.views.my_access_needs`). Like the staff pages, this
reads needs only through `panels.domain.access` (each look logged) and is never cached."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from coproduce.core.tenancy import OrgRequest, org_view
from coproduce.panels import queries, rules
from coproduce.panels.domain import access, agreement
from coproduce.panels.models import Paper
from coproduce.panels.views.agreement import signed
from coproduce.panels.views.common import get_panel, person_for, wants_easy_read


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
            "is_member": rules.is_current_member(request.membership, panel),
        },
    )
    response["Cache-Control"] = "no-store"
    return response
