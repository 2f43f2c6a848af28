"""Leaders' backing of a panel or a piece of work, and whether they kept it. Thin views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.core.forms import add_domain_error
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.decisions import backing as domain
from coproduce.decisions.models import Backing
from coproduce.decisions.proposal_forms import BackingForm, KeptForm
from coproduce.initiatives.models import Initiative
from coproduce.panels.models import Panel
from coproduce.people.models import Person


def _back_to(request: OrgRequest, backing: Backing) -> HttpResponse:
    if backing.panel_id is not None:
        return redirect("panel_detail", org=request.organisation.slug, pk=backing.panel_id)
    return redirect("initiative_detail", org=request.organisation.slug, pk=backing.initiative_id)


def _backing_form(request: OrgRequest, **owner: Any) -> HttpResponse:
    form = BackingForm(
        request.POST or None,
        people=Person.objects.for_organisation(request.organisation).order_by("name"),
        initial={"backed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            backing = domain.record_backing(actor=request.user, **owner, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved. It shows on the page for everyone involved."))
            return _back_to(request, backing)
    name = owner["panel"].name if "panel" in owner else owner["initiative"].title
    context = {"form": form, "panel": None, "initiative": None, "name": name, **owner}
    return render(request, "decisions/backing_form.html", context)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def backing_panel_add(request: OrgRequest, panel_pk: int) -> HttpResponse:
    return _backing_form(
        request, panel=get_for_org_or_404(Panel, request.organisation, pk=panel_pk)
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def backing_initiative_add(request: OrgRequest, pk: int) -> HttpResponse:
    initiative = get_for_org_or_404(Initiative, request.organisation, pk=pk)
    return _backing_form(request, initiative=initiative)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def backing_kept(request: OrgRequest, backing_pk: int) -> HttpResponse:
    backing = get_for_org_or_404(
        Backing.objects.select_related("sponsor", "panel", "initiative"),
        request.organisation,
        pk=backing_pk,
    )
    form = KeptForm(
        request.POST or None, initial={"kept": backing.kept, "kept_note": backing.kept_note}
    )
    if request.method == "POST" and form.is_valid():
        try:
            domain.record_backing_kept(backing, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return _back_to(request, backing)
    return render(request, "decisions/backing_kept.html", {"form": form, "backing": backing})
