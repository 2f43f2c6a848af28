"""Access needs pages. Every staff member sees who "has an adjustment"; only the panel's named
contact and deputy open the detail (each look logged through `panels.domain.access`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.core.forms import add_domain_error
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, org_view
from coproduce.panels import queries, rules
from coproduce.panels.domain import access
from coproduce.panels.forms.access import (
    AccessNeedEditForm,
    AccessNeedForm,
    AdjustmentForm,
    ReviewForm,
)
from coproduce.panels.models import AccessNeed, Panel, PanelMember
from coproduce.panels.models.access import NeedKind
from coproduce.panels.views.common import get_panel
from coproduce.people import access as person_access


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@login_required
def access_needs_changed(request: HttpRequest) -> HttpResponse:
    """Where the access-need email links: an address with no panel or person number in it."""
    return _private(
        render(
            request,
            "panels/access/changed.html",
            {"needs": queries.access_changes_for(request.user), "days": 30},
        )
    )


def _contact_only(request: OrgRequest, pk: int) -> Panel:
    panel = get_panel(request, pk)
    if not rules.can_read_access_needs(request.membership, panel):
        raise PermissionDenied
    return panel


def _member(panel: Panel, person_pk: int) -> PanelMember:
    return get_object_or_404(
        PanelMember.objects.select_related("person"),
        panel=panel,
        person_id=person_pk,
        ended_on__isnull=True,
    )


def _need(request: OrgRequest, panel: Panel, need_pk: int) -> AccessNeed:
    """The need (each look logged through `panels.domain.access`), or 404."""
    need = access.read_access_need(panel, need_pk, actor=request.user)
    if need is None:
        raise Http404
    return need


def _to_person(request: OrgRequest, pk: int, person_pk: int) -> HttpResponse:
    return redirect(
        "panel_access_person", org=request.organisation.slug, pk=pk, person_pk=person_pk
    )


@org_view(Role.STAFF)
def panel_access_needs(request: OrgRequest, pk: int) -> HttpResponse:
    panel = get_panel(request, pk)
    can_read = rules.can_read_access_needs(request.membership, panel)
    flagged = access.people_with_adjustments(panel)
    return _private(
        render(
            request,
            "panels/access/list.html",
            {
                "panel": panel,
                "can_read": can_read,
                "members": [
                    (member, member.person_id in flagged)
                    for member in queries.current_members(panel)
                ],
                "reviews": access.due_reviews(panel) if can_read else [],
            },
        )
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_access_person(request: OrgRequest, pk: int, person_pk: int) -> HttpResponse:
    panel = _contact_only(request, pk)
    member = _member(panel, person_pk)
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    form = None
    if kind in NeedKind.values:
        form = AccessNeedForm(request.POST or None, kind=kind)
        if request.method == "POST" and form.is_valid():
            access.record_access_need(
                panel, member.person, actor=request.user, kind=kind, **form.need_fields()
            )
            messages.success(request, _("The need is recorded. Now agree what you will do."))
            return _to_person(request, pk, person_pk)
    needs = access.read_access_needs(panel, member.person, actor=request.user)
    return _private(
        render(
            request,
            "panels/access/person.html",
            {
                "panel": panel,
                "member": member,
                "needs": needs,
                "kinds": NeedKind.choices,
                "kind": kind,
                "kind_label": NeedKind(kind).label if kind in NeedKind.values else "",
                "form": form,
            },
        )
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_access_need_edit(request: OrgRequest, pk: int, need_pk: int) -> HttpResponse:
    panel = _contact_only(request, pk)
    need = _need(request, panel, need_pk)
    form = AccessNeedEditForm(
        request.POST or None,
        kind=need.kind,
        initial={
            "options": need.options,
            "detail": need.detail,
            "identified_on": need.identified_on,
            "identified_how": need.identified_how,
            "share_with_facilitators": need.share_with_facilitators,
        },
    )
    if request.method == "POST" and form.is_valid():
        person_access.update_access_need(need, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return _to_person(request, pk, need.person_id)
    return _private(
        render(
            request,
            "panels/access/need_form.html",
            {"panel": panel, "need": need, "form": form},
        )
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_adjustment_add(request: OrgRequest, pk: int, need_pk: int) -> HttpResponse:
    panel = _contact_only(request, pk)
    need = _need(request, panel, need_pk)
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access.agree_adjustment(panel, need, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error, field="review_on")
        else:
            messages.success(request, _("The adjustment is recorded."))
            return _to_person(request, pk, need.person_id)
    return _private(
        render(
            request,
            "panels/access/adjustment_form.html",
            {"panel": panel, "need": need, "form": form},
        )
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_adjustment_review(request: OrgRequest, pk: int, adjustment_pk: int) -> HttpResponse:
    panel = _contact_only(request, pk)
    adjustment = access.read_adjustment(panel, adjustment_pk, actor=request.user)
    if adjustment is None:
        raise Http404
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            access.review_adjustment(
                adjustment,
                actor=request.user,
                reviewed_on=data["reviewed_on"],
                next_review_on=data["next_review_on"] if data["outcome"] == "continue" else None,
                description=data["description"],
            )
        except ValidationError as error:
            add_domain_error(form, error, field="next_review_on")
        else:
            messages.success(request, _("The review is recorded."))
            return _to_person(request, pk, adjustment.person_id)
    return _private(
        render(
            request,
            "panels/access/review_form.html",
            {"panel": panel, "adjustment": adjustment, "form": form},
        )
    )
