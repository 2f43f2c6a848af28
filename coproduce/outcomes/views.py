"""You said, we did: the pages per initiative and per panel (standard and easy read, printable,
public when published), the member's own page, and the staff forms. Thin views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.forms import add_domain_error
from coproduce.core.models import Role
from coproduce.core.params import whole_number
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.initiatives.models import Initiative
from coproduce.initiatives.queries import initiatives_for
from coproduce.outcomes import domain, queries
from coproduce.outcomes.charts import decision_chart
from coproduce.outcomes.forms import (
    ChangeForm,
    ContributionForm,
    FeedbackForm,
    ImportForm,
    OutcomeForm,
    ResponseForm,
)
from coproduce.outcomes.models import Change, Contribution, Publication, Source
from coproduce.panels.models import Meeting, Panel
from coproduce.panels.rules import can_see_panel
from coproduce.people import reading
from coproduce.people.models import Person
from coproduce.workshops.models import Activity

PAGE_SIZE = 50


def _easy_read(request: HttpRequest) -> bool:
    """?version=easy-read or =standard chooses (and is remembered in the session)."""
    return reading.wants_easy_read(request)


def _is_staff(request: OrgRequest) -> bool:
    return request.membership.has_role(Role.STAFF)


def _panel(request: OrgRequest, panel_pk: int) -> Panel:
    panel = get_for_org_or_404(Panel, request.organisation, pk=panel_pk)
    if not can_see_panel(request.membership, panel):
        raise Http404
    return panel


def _contribution(request: OrgRequest, contribution_pk: int) -> Contribution:
    return get_for_org_or_404(
        queries.with_story(Contribution.objects.all()), request.organisation, pk=contribution_pk
    )


def _page_context(
    request: HttpRequest,
    contributions: QuerySet[Contribution],
    *,
    title: str,
    easy_read: bool,
) -> dict[str, Any]:
    measures = queries.measures_for(contributions)
    page = Paginator(contributions, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "title": title,
        "page": page,
        "measures": measures,
        "chart": decision_chart(measures.by_decision),
        "easy_read": easy_read,
    }


# The pages


@org_view()
def outcomes_initiative(request: OrgRequest, pk: int) -> HttpResponse:
    initiative = get_for_org_or_404(
        initiatives_for(request.membership), request.organisation, pk=pk
    )
    context = _page_context(
        request,
        queries.contributions_for(initiative=initiative),
        title=initiative.title,
        easy_read=_easy_read(request),
    )
    publication = queries.publication_for(initiative=initiative)
    return render(
        request,
        "outcomes/page.html",
        {
            **context,
            "initiative": initiative,
            "can_manage": _is_staff(request),
            "publication": publication,
            "add_url": reverse(
                "outcomes_contribution_add", kwargs={"org": request.organisation.slug, "pk": pk}
            ),
            "publish_url": reverse(
                "outcomes_publish", kwargs={"org": request.organisation.slug, "pk": pk}
            ),
            "import_url": reverse(
                "outcomes_import", kwargs={"org": request.organisation.slug, "pk": pk}
            ),
        },
    )


@org_view()
def outcomes_panel(request: OrgRequest, panel_pk: int) -> HttpResponse:
    panel = _panel(request, panel_pk)
    context = _page_context(
        request,
        queries.contributions_for(panel=panel),
        title=panel.name,
        easy_read=_easy_read(request),
    )
    slug = request.organisation.slug
    return render(
        request,
        "outcomes/page.html",
        {
            **context,
            "panel": panel,
            "can_manage": _is_staff(request),
            "publication": queries.publication_for(panel=panel),
            "add_url": reverse(
                "outcomes_panel_contribution_add", kwargs={"org": slug, "panel_pk": panel.pk}
            ),
            "publish_url": reverse(
                "outcomes_panel_publish", kwargs={"org": slug, "panel_pk": panel.pk}
            ),
        },
    )


def outcomes_public(request: HttpRequest, public_slug: str) -> HttpResponse:
    """The page the organisation chose to publish: no login, and nobody's name unless they
    agreed to be named. 404 once it is taken down."""
    publication = queries.published(public_slug)
    if publication is None:
        raise Http404
    owner = publication.initiative or publication.panel
    contributions = queries.contributions_for(
        initiative=publication.initiative, panel=publication.panel
    )
    context = _page_context(request, contributions, title=str(owner), easy_read=_easy_read(request))
    return render(
        request,
        "outcomes/page.html",
        {**context, "public": True, "public_organisation": publication.organisation},
    )


@org_view()
def outcomes_mine(request: OrgRequest) -> HttpResponse:
    person = Person.objects.filter(organisation=request.organisation, user=request.user).first()
    if person is None:
        raise Http404
    page = Paginator(queries.contributions_credited_to(person), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "outcomes/mine.html",
        {"page": page, "easy_read": _easy_read(request)},
    )


# Staff: adding contributions and their story


def _from_workshop_record(
    request: OrgRequest, activities: QuerySet[Activity] | None
) -> dict[str, Any]:
    """What a workshop's record fills in when it sends a contribution here: where it came
    from, the words, the date, and the workshop activity. Anything not right is left out."""
    initial: dict[str, Any] = {}
    if request.method != "GET":
        return initial
    if request.GET.get("source", "") in Source.values:
        initial["source"] = request.GET["source"]
    text = request.GET.get("text", "").replace("\x00", "").strip()
    if text:
        initial["text"] = text[:2000]
    try:
        said_on = parse_date(request.GET.get("said_on", "")[:10])
    except ValueError:
        said_on = None
    if said_on is not None:
        initial["said_on"] = said_on
    number = whole_number(request.GET.get("activity"))
    if activities is not None and number is not None:
        activity = activities.select_related("workshop").filter(pk=number).first()
        if activity is not None:
            initial["workshop_activity"] = activity
    return initial


def _contribution_form(
    request: OrgRequest, *, initiative: Initiative | None = None, panel: Panel | None = None
) -> HttpResponse:
    people = Person.objects.for_organisation(request.organisation)
    if initiative is not None:
        people = people.filter(involvements__initiative=initiative)
    else:
        people = people.filter(panel_memberships__panel=panel).distinct()
    meetings = Meeting.objects.filter(panel=panel, cancelled_at__isnull=True) if panel else None
    activities = (
        Activity.objects.filter(workshop__initiative=initiative) if initiative is not None else None
    )
    form = ContributionForm(
        request.POST or None,
        people=people,
        meetings=meetings,
        activities=activities,
        initial=_from_workshop_record(request, activities),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contribution = domain.add_contribution(
            request.organisation,
            actor=request.user,
            initiative=initiative,
            panel=panel,
            source=data["source"],
            text=data["text"],
            said_on=data["said_on"],
            meeting=data.get("meeting"),
            workshop_activity=data.get("workshop_activity"),
            credited=data["credited"],
            consent_given_on=data["consent_given_on"],
        )
        messages.success(request, _("Saved. Now record what was decided, when it is decided."))
        return redirect(
            "outcomes_contribution",
            org=request.organisation.slug,
            contribution_pk=contribution.pk,
        )
    return render(
        request,
        "outcomes/contribution_form.html",
        {"form": form, "initiative": initiative, "panel": panel},
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def outcomes_contribution_add(request: OrgRequest, pk: int) -> HttpResponse:
    initiative = get_for_org_or_404(Initiative, request.organisation, pk=pk)
    return _contribution_form(request, initiative=initiative)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def outcomes_panel_contribution_add(request: OrgRequest, panel_pk: int) -> HttpResponse:
    return _contribution_form(request, panel=_panel(request, panel_pk))


@org_view(Role.STAFF)
def outcomes_contribution(request: OrgRequest, contribution_pk: int) -> HttpResponse:
    contribution = _contribution(request, contribution_pk)
    return render(
        request,
        "outcomes/contribution.html",
        {
            "contribution": contribution,
            "responses": list(contribution.responses.select_related("owner")),
        },
    )


def _story_form(
    request: OrgRequest,
    contribution_pk: int,
    form_class: Any,
    record: Any,
    *,
    heading: str,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """One form about one contribution: valid, call the domain and go back to its page;
    invalid (in the form or the domain), show it again with what was typed."""
    contribution = _contribution(request, contribution_pk)
    form = form_class(request.POST or None, request.FILES or None, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        try:
            record(contribution, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(
                "outcomes_contribution",
                org=request.organisation.slug,
                contribution_pk=contribution.pk,
            )
    return render(
        request,
        "outcomes/story_form.html",
        {"form": form, "contribution": contribution, "heading": heading},
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def outcomes_response_add(request: OrgRequest, contribution_pk: int) -> HttpResponse:
    return _story_form(
        request,
        contribution_pk,
        ResponseForm,
        domain.record_response,
        heading=_("Record what was decided"),
        form_kwargs={"people": Person.objects.for_organisation(request.organisation)},
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def outcomes_change_add(request: OrgRequest, contribution_pk: int) -> HttpResponse:
    return _story_form(
        request, contribution_pk, ChangeForm, domain.record_change, heading=_("Record a change")
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def outcomes_outcome_add(request: OrgRequest, contribution_pk: int) -> HttpResponse:
    return _story_form(
        request,
        contribution_pk,
        OutcomeForm,
        domain.record_outcome,
        heading=_("Record the difference it made"),
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def outcomes_feedback_add(request: OrgRequest, contribution_pk: int) -> HttpResponse:
    return _story_form(
        request,
        contribution_pk,
        FeedbackForm,
        domain.record_feedback,
        heading=_("Record who you told"),
    )


@org_view()
def outcomes_evidence(request: OrgRequest, change_pk: int) -> HttpResponse:
    change = get_for_org_or_404(Change, request.organisation, pk=change_pk)
    if not change.evidence_file:
        raise Http404
    with change.evidence_file.open("rb") as handle:  # small (OUTCOMES_EVIDENCE_MAX_MB)
        response = HttpResponse(handle.read(), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=change.evidence_name or "evidence"
    )
    return response


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def outcomes_import(request: OrgRequest, pk: int) -> HttpResponse:
    initiative = get_for_org_or_404(Initiative, request.organisation, pk=pk)
    activities = Activity.objects.filter(
        workshop__initiative=initiative, kind=Activity.Kind.DOTMOCRACY
    ).select_related("workshop")
    form = ImportForm(
        request.POST if request.POST.get("action") == "workshop" else None, activities=activities
    )
    if request.method == "POST":
        added: list[Contribution] | None = None
        if request.POST.get("action") == "ladder":
            added = domain.import_ladder_actions(initiative, actor=request.user)
        elif form.is_valid():
            activity = form.cleaned_data["activity"]
            if form.cleaned_data["which"] == ImportForm.ALL:
                added = domain.import_workshop_ideas(activity, actor=request.user)
            else:
                added = domain.import_workshop_results(
                    activity, actor=request.user, top=form.cleaned_data["top"]
                )
        if added is not None:
            messages.success(
                request,
                _("Added %(count)s. Anything already added was left as it was.")
                % {"count": len(added)},
            )
            return redirect("outcomes_initiative", org=request.organisation.slug, pk=pk)
    return render(
        request,
        "outcomes/import.html",
        {"form": form, "initiative": initiative, "has_activities": activities.exists()},
    )


@org_view(Role.STAFF)
@require_POST
def outcomes_publish(request: OrgRequest, pk: int) -> HttpResponse:
    initiative = get_for_org_or_404(Initiative, request.organisation, pk=pk)
    _publish(request, initiative=initiative)
    return redirect("outcomes_initiative", org=request.organisation.slug, pk=pk)


@org_view(Role.STAFF)
@require_POST
def outcomes_panel_publish(request: OrgRequest, panel_pk: int) -> HttpResponse:
    panel = _panel(request, panel_pk)
    _publish(request, panel=panel)
    return redirect("outcomes_panel", org=request.organisation.slug, panel_pk=panel.pk)


def _publish(request: OrgRequest, **owner: Any) -> Publication:
    publish = request.POST.get("action") == "publish"
    publication = domain.set_published(actor=request.user, publish=publish, **owner)
    messages.success(
        request,
        _("The page is on the web. Anyone with the address can read it.")
        if publish
        else _("The page is off the web. Only people who log in can read it."),
    )
    return publication
