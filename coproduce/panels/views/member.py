"""A member's own page for a panel: next meetings, papers in their format, the agreement,
their own access needs and adjustments, and their named contact. Phone first.

A member also records and changes their own access needs here. Like the staff pages, these
read needs only through `panels.domain.access` (each look logged) and are never cached."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.core.tenancy import OrgRequest, org_view
from coproduce.panels import induction, queries
from coproduce.panels.domain import access, agreement
from coproduce.panels.forms.access import MyAccessNeedEditForm, MyAccessNeedForm
from coproduce.panels.models import AccessNeed, Panel, PanelMember, Paper, Route
from coproduce.panels.models.access import NeedKind
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


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _to_me(request: OrgRequest, pk: int) -> HttpResponse:
    return redirect("panel_me", org=request.organisation.slug, pk=pk)


@org_view()
@require_http_methods(["GET", "POST"])
def panel_me_access_add(request: OrgRequest, pk: int) -> HttpResponse:
    panel = get_panel(request, pk, staff=False)
    person = my_person(request, panel)
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    form = None
    if kind in NeedKind.values:
        form = MyAccessNeedForm(request.POST or None, kind=kind)
        if request.method == "POST" and form.is_valid():
            access.record_access_need(
                panel,
                person,
                actor=request.user,
                kind=kind,
                options=form.cleaned_data["options"],
                detail=form.cleaned_data["detail"],
                identified_on=timezone.localdate(),
                identified_how=AccessNeed.Identified.TOLD_US,
                share_with_facilitators=form.cleaned_data["share_with_facilitators"],
                consent_via=Route.ONLINE,
                by_member=True,
            )
            messages.success(
                request,
                _("Thank you. It is saved. %(name)s will talk to you about what we can do.")
                % {"name": panel.named_contact.display_name},
            )
            return _to_me(request, pk)
    return _private(
        render(
            request,
            "panels/access/my_need_form.html",
            {
                "panel": panel,
                "kinds": NeedKind.choices,
                "kind": kind,
                "kind_label": NeedKind(kind).label if kind in NeedKind.values else "",
                "form": form,
            },
        )
    )


@org_view()
@require_http_methods(["GET", "POST"])
def panel_me_access_edit(request: OrgRequest, pk: int, need_pk: int) -> HttpResponse:
    panel = get_panel(request, pk, staff=False)
    person = my_person(request, panel)
    need = access.read_own_access_need(panel, person, need_pk, actor=request.user)
    if need is None:
        raise Http404
    form = MyAccessNeedEditForm(
        request.POST or None,
        kind=need.kind,
        initial={
            "options": need.options,
            "detail": need.detail,
            "share_with_facilitators": need.share_with_facilitators,
        },
    )
    if request.method == "POST" and form.is_valid():
        access.update_access_need(need, actor=request.user, by_member=True, **form.changes())
        if form.cleaned_data["ended"]:
            messages.success(request, _("Thank you. We will not plan for this any more."))
        else:
            messages.success(request, _("Thank you. Your changes are saved."))
        return _to_me(request, pk)
    return _private(
        render(
            request,
            "panels/access/my_need_form.html",
            {"panel": panel, "need": need, "form": form},
        )
    )
