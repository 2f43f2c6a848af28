"""Decisions on a piece of work or of a panel: the lists, and recording or correcting one.

Staff record and correct decisions; a member who is part of the piece of work (or on the
panel) may record one too, and the list says who recorded it. Thin views.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.core.forms import add_domain_error
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.decisions import domain, queries
from coproduce.decisions.forms import DecisionForm
from coproduce.decisions.models import Decision
from coproduce.initiatives.models import Initiative
from coproduce.initiatives.queries import initiatives_for
from coproduce.panels.models import Panel
from coproduce.panels.rules import can_see_panel


def _initiative(request: OrgRequest, pk: int) -> Initiative:
    """The piece of work, or 404 (another organisation's, or work a member is not part of)."""
    return get_for_org_or_404(initiatives_for(request.membership), request.organisation, pk=pk)


def _panel(request: OrgRequest, panel_pk: int) -> Panel:
    """The panel, or 404 (another organisation's, or a panel a member is not on)."""
    panel = get_for_org_or_404(Panel, request.organisation, pk=panel_pk)
    if not can_see_panel(request.membership, panel):
        raise Http404
    return panel


def _decision_form(
    request: OrgRequest,
    *,
    initiative: Initiative | None,
    panel: Panel | None,
    decision: Decision | None = None,
) -> DecisionForm:
    return DecisionForm(
        request.POST or None,
        initial=DecisionForm.initial_for(decision) if decision else None,
        people=queries.people_who_can_take_part(initiative=initiative, panel=panel),
        workshops=queries.workshops_to_choose(initiative),
        meetings=queries.meetings_to_choose(panel),
        contributions=queries.contributions_to_choose(initiative=initiative, panel=panel),
    )


def _back(request: OrgRequest, *, initiative: Initiative | None, panel: Panel | None) -> Any:
    slug = request.organisation.slug
    if panel is None or initiative is not None:  # one on both is listed on both: the work's
        return redirect("decisions_initiative", org=slug, pk=initiative.pk if initiative else 0)
    return redirect("decisions_panel", org=slug, panel_pk=panel.pk)


def _render_list(
    request: OrgRequest, *, initiative: Initiative | None = None, panel: Panel | None = None
) -> HttpResponse:
    return render(
        request,
        "decisions/list.html" if initiative is not None else "decisions/panel_list.html",
        {
            "initiative": initiative,
            "panel": panel,
            "decisions": list(queries.decisions_for(initiative=initiative, panel=panel)),
            "can_manage": request.membership.has_role(Role.STAFF),
        },
    )


@org_view()
def decisions_initiative(request: OrgRequest, pk: int) -> HttpResponse:
    return _render_list(request, initiative=_initiative(request, pk))


@org_view()
def decisions_panel(request: OrgRequest, panel_pk: int) -> HttpResponse:
    return _render_list(request, panel=_panel(request, panel_pk))


def _record(
    request: OrgRequest, *, initiative: Initiative | None = None, panel: Panel | None = None
) -> HttpResponse:
    form = _decision_form(request, initiative=initiative, panel=panel)
    if request.method == "POST" and form.is_valid():
        try:
            domain.record_decision(
                request.organisation,
                actor=request.user,
                recorded_by=queries.person_for_user(request.organisation.pk, request.user.pk),
                initiative=initiative,
                panel=panel,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return _back(request, initiative=initiative, panel=panel)
    return render(
        request,
        "decisions/form.html",
        {"form": form, "initiative": initiative, "panel": panel},
    )


@org_view()
@require_http_methods(["GET", "POST"])
def decision_add(request: OrgRequest, pk: int) -> HttpResponse:
    return _record(request, initiative=_initiative(request, pk))


@org_view()
@require_http_methods(["GET", "POST"])
def decision_panel_add(request: OrgRequest, panel_pk: int) -> HttpResponse:
    return _record(request, panel=_panel(request, panel_pk))


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def decision_edit(request: OrgRequest, decision_pk: int) -> HttpResponse:
    decision = get_for_org_or_404(
        Decision.objects.select_related("initiative", "panel", "response", "organisation"),
        request.organisation,
        pk=decision_pk,
    )
    initiative, panel = decision.initiative, decision.panel
    form = _decision_form(request, initiative=initiative, panel=panel, decision=decision)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_decision(decision, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The decision is changed."))
            return _back(request, initiative=initiative, panel=panel)
    return render(
        request,
        "decisions/form.html",
        {"form": form, "initiative": initiative, "panel": panel, "decision": decision},
    )
