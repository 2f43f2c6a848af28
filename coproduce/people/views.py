from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.core.forms import editable_copy
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.people import domain
from coproduce.people.forms import PersonForm
from coproduce.people.models import Person

SEARCH_MAX = 200  # characters of a name to look for: SQLite refuses a very long pattern


@org_view(Role.STAFF)
def person_list(request: OrgRequest) -> HttpResponse:
    people = Person.objects.for_organisation(request.organisation).select_related("user")
    # PostgreSQL refuses a NUL character in a query (a 500), so it is taken out.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX]
    if query:
        people = people.filter(name__icontains=query) | people.filter(
            preferred_name__icontains=query
        )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "people/person_list.html", {"page": page, "query": query})


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def person_create(request: OrgRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = domain.create_person(
            request.organisation,
            created_by=request.user,
            **form.cleaned_data,
        )
        return redirect("person_detail", org=request.organisation.slug, pk=person.pk)
    return render(request, "people/person_form.html", {"form": form})


@org_view(Role.STAFF)
def person_detail(request: OrgRequest, pk: int) -> HttpResponse:
    person = get_for_org_or_404(Person, request.organisation, pk=pk)
    involvements = person.involvements.select_related("initiative")
    # The reverse relation from panels' PanelMember: people never imports panels.
    panels = person.panel_memberships.select_related("panel").order_by("ended_on", "panel__name")
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "involvements": involvements, "panels": panels},
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def person_edit(request: OrgRequest, pk: int) -> HttpResponse:
    person = get_for_org_or_404(Person, request.organisation, pk=pk)
    form = PersonForm(request.POST or None, instance=editable_copy(person))
    if request.method == "POST" and form.is_valid():
        domain.update_person(person, actor=request.user, **form.cleaned_data)
        return redirect("person_detail", org=request.organisation.slug, pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})
