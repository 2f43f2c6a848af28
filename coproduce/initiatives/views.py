from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.audit import entries_for
from coproduce.core.forms import add_domain_error, editable_copy
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.initiatives import domain
from coproduce.initiatives.forms import InitiativeForm, InvolvementForm
from coproduce.initiatives.home import home_parts_for, to_dos_for
from coproduce.initiatives.models import Initiative, Involvement
from coproduce.initiatives.queries import (
    initiatives_for,
    initiatives_for_dashboard,
    people_involved,
)
from coproduce.initiatives.sections import initiative_sections_for
from coproduce.people.models import Person


@org_view()
def dashboard(request: OrgRequest) -> HttpResponse:
    """Each person's home: a member's own things; staff's to-do list, panels and initiatives."""
    membership = request.membership
    person = Person.objects.filter(organisation=request.organisation, user=request.user).first()
    context = {"person": person, **home_parts_for(membership, person)}
    if membership.has_role(Role.STAFF):
        today = timezone.localdate()
        context |= {
            "today": today,
            "to_dos": to_dos_for(membership, person, today),
            "initiatives": initiatives_for_dashboard(membership),
        }
        template = "core/home_staff.html"
    else:
        context["initiatives"] = initiatives_for(membership).order_by("title", "id")
        template = "core/home_member.html"
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"  # a person's own claims and waiting concerns
    return response


@org_view()
def initiative_list(request: OrgRequest) -> HttpResponse:
    return render(
        request,
        "initiatives/initiative_list.html",
        {"initiatives": initiatives_for_dashboard(request.membership)},
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def initiative_create(request: OrgRequest) -> HttpResponse:
    form = InitiativeForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        initiative = domain.create_initiative(
            request.organisation,
            actor=request.user,
            **form.cleaned_data,
        )
        return redirect("initiative_detail", org=request.organisation.slug, pk=initiative.pk)
    return render(request, "initiatives/initiative_form.html", {"form": form})


@org_view()
def initiative_detail(request: OrgRequest, pk: int) -> HttpResponse:
    initiative = get_for_org_or_404(
        initiatives_for(request.membership).select_related("lead"), request.organisation, pk=pk
    )
    can_manage = request.membership.has_role(Role.STAFF)
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "people": domain.read_care_status(initiative, actor=request.user)
            if can_manage
            else None,
            "involved": None if can_manage else people_involved(initiative),
            "timeline": entries_for(initiative).exclude(action=domain.CARE_STATUS_VIEWED)[:50],
            "can_manage": can_manage,
            **initiative_sections_for(initiative),
        },
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def initiative_edit(request: OrgRequest, pk: int) -> HttpResponse:
    initiative = get_for_org_or_404(Initiative, request.organisation, pk=pk)
    form = InitiativeForm(
        request.POST or None, instance=editable_copy(initiative), organisation=request.organisation
    )
    if request.method == "POST" and form.is_valid():
        domain.update_initiative(initiative, actor=request.user, **form.cleaned_data)
        return redirect("initiative_detail", org=request.organisation.slug, pk=pk)
    return render(
        request, "initiatives/initiative_form.html", {"form": form, "initiative": initiative}
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def involvement_add(request: OrgRequest, pk: int) -> HttpResponse:
    initiative = get_for_org_or_404(Initiative, request.organisation, pk=pk)
    form = InvolvementForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            domain.add_person_to_initiative(initiative, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error, field="person")
        else:
            return redirect("initiative_detail", org=request.organisation.slug, pk=pk)
    return render(
        request, "initiatives/involvement_form.html", {"form": form, "initiative": initiative}
    )


@org_view(Role.STAFF)
@require_POST
def involvement_remove(request: OrgRequest, pk: int, involvement_pk: int) -> HttpResponse:
    involvement = get_for_org_or_404(
        Involvement.objects.select_related("person", "initiative"),
        request.organisation,
        pk=involvement_pk,
        initiative_id=pk,
    )
    domain.remove_person_from_initiative(involvement, actor=request.user)
    return redirect("initiative_detail", org=request.organisation.slug, pk=pk)
