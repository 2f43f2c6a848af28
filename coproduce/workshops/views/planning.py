"""Planning a workshop and its agenda (staff)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.forms import editable_copy
from coproduce.core.models import Role
from coproduce.core.plain_check import record_easy_read_checks
from coproduce.core.tenancy import OrgRequest, org_view
from coproduce.workshops import domain
from coproduce.workshops.checklist import checklist_for, timing_for
from coproduce.workshops.domain import Refused
from coproduce.workshops.forms import (
    AccessArrangedForm,
    ActivityForm,
    CopyWorkshopForm,
    IdeaForm,
    KindForm,
    WorkshopForm,
)
from coproduce.workshops.guide import CARDS, card_for
from coproduce.workshops.models import (
    Activity,
    Idea,
)
from coproduce.workshops.plans import PLANS
from coproduce.workshops.queries import (
    agenda_for,
    balance_for,
)
from coproduce.workshops.signups import sign_up_counts, sign_ups_for
from coproduce.workshops.views.common import (
    _activity,
    _activity_url,
    _back_to_plan,
    _initiative,
    _join_url,
    _workshop,
)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def workshop_create(request: OrgRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    form = WorkshopForm(request.POST if request.method == "POST" else None, with_plans=True)
    if request.method == "POST" and form.is_valid():
        workshop = domain.create_workshop(initiative, actor=request.user, **form.cleaned_data)
        return _back_to_plan(workshop)
    return render(
        request,
        "workshops/workshop_form.html",
        {"form": form, "initiative": initiative, "plans": PLANS},
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def workshop_copy(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    form = CopyWorkshopForm(
        request.POST if request.method == "POST" else None,
        initial={"title": _("%(title)s (copy)") % {"title": workshop.title}},
    )
    if request.method == "POST" and form.is_valid():
        fresh = domain.copy_workshop(workshop, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Copied. This is the new workshop: check its details."))
        return _back_to_plan(fresh)
    return render(
        request,
        "workshops/workshop_copy.html",
        {
            "form": form,
            "workshop": workshop,
            "initiative": workshop.initiative,
            "agenda": agenda_for(workshop),
        },
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def workshop_edit(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    form = WorkshopForm(
        request.POST if request.method == "POST" else None, instance=editable_copy(workshop)
    )
    if request.method == "POST" and form.is_valid():
        domain.update_workshop(workshop, actor=request.user, **form.cleaned_data)
        return _back_to_plan(workshop)
    return render(
        request,
        "workshops/workshop_form.html",
        {"form": form, "initiative": workshop.initiative, "workshop": workshop},
    )


@org_view(Role.STAFF)
def workshop_detail(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    agenda = agenda_for(workshop)
    checklist = checklist_for(workshop, agenda)
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "initiative": workshop.initiative,
            "agenda": agenda,
            "timing": timing_for(workshop, agenda),
            "checklist": checklist,
            "to_do": sum(not item.done for item in checklist),
            "balance": balance_for(workshop),
            "join_url": _join_url(request, workshop),
            "sign_ups": sign_ups_for(workshop),
            "sign_up_counts": sign_up_counts(workshop),
        },
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def activity_create(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    """Two steps: choose the kind (a GET form, so no script is needed), then that kind's form.
    The kind travels in the address (`?kind=`), and the second step posts back to it."""
    workshop = _workshop(request, pk, workshop_pk)
    chooser = KindForm(request.GET if "kind" in request.GET else None)
    if not chooser.is_valid():
        return render(
            request,
            "workshops/activity_kind.html",
            {"chooser": chooser, "workshop": workshop, "cards": CARDS},
        )
    kind = chooser.cleaned_data["kind"]
    form = ActivityForm(request.POST if request.method == "POST" else None, kind=kind)
    if request.method == "POST" and form.is_valid():
        activity = domain.add_activity(workshop, actor=request.user, **form.activity_fields())
        record_easy_read_checks(form, activity, actor=request.user)
        if activity.is_voting:
            return redirect(_activity_url(activity))
        return _back_to_plan(workshop)
    return render(
        request,
        "workshops/activity_form.html",
        {
            "form": form,
            "workshop": workshop,
            "kind": kind,
            "kind_label": Activity.Kind(kind).label,
            "card": card_for(kind),
        },
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def activity_edit(request: OrgRequest, pk: int, workshop_pk: int, activity_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    activity = _activity(request, workshop, activity_pk)
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        instance=editable_copy(activity),
        kind=activity.kind,
    )
    if request.method == "POST" and form.is_valid():
        domain.update_activity(activity, actor=request.user, **form.activity_fields())
        record_easy_read_checks(form, activity, actor=request.user)
        return _back_to_plan(workshop)
    ideas = list(Idea.objects.filter(activity=activity))
    return render(
        request,
        "workshops/activity_form.html",
        {
            "form": form,
            "workshop": workshop,
            "activity": activity,
            "ideas": ideas,
            "idea_form": IdeaForm(),
            "suggested": activity.budget(len(ideas)),
            "kind": activity.kind,
            "kind_label": activity.get_kind_display(),
            "card": card_for(activity.kind),
        },
    )


@org_view(Role.STAFF)
@require_POST
def activity_move(request: OrgRequest, pk: int, workshop_pk: int, activity_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    activity = _activity(request, workshop, activity_pk)
    domain.move_activity(activity, up=request.POST.get("direction") == "up", actor=request.user)
    return _back_to_plan(workshop)


@org_view(Role.STAFF)
@require_POST
def activity_remove(
    request: OrgRequest, pk: int, workshop_pk: int, activity_pk: int
) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    activity = _activity(request, workshop, activity_pk)
    try:
        domain.remove_activity(activity, actor=request.user)
    except Refused as refused:
        messages.error(request, refused.messages[0])
    return _back_to_plan(workshop)


@org_view(Role.STAFF)
@require_POST
def idea_create(request: OrgRequest, pk: int, workshop_pk: int, activity_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    activity = _activity(request, workshop, activity_pk)
    form = IdeaForm(request.POST)
    if form.is_valid():
        try:
            domain.add_idea(activity, text=form.cleaned_data["text"], entered_by=request.user)
        except Refused as refused:
            messages.error(request, refused.messages[0])
        else:
            messages.success(request, _("Idea added."))
    else:
        messages.error(request, _("Write the idea first."))
    return redirect(_activity_url(activity))


@org_view(Role.STAFF)
@require_POST
def workshop_access_arranged(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    form = AccessArrangedForm(request.POST, workshop=workshop)
    if form.is_valid():
        domain.set_access_need_arranged(
            form.cleaned_data["need"], arranged=form.cleaned_data["arranged"], actor=request.user
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("We could not find that person’s needs. Please try again."))
    return redirect(
        "workshop_access_needs",
        org=workshop.organisation.slug,
        pk=workshop.initiative_id,
        workshop_pk=workshop.pk,
    )
