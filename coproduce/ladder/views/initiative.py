"""The ladder guide, and an initiative's results, summary and actions (rounds: `rounds`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.links import absolute_url
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.initiatives.models import Initiative, Level
from coproduce.initiatives.queries import initiatives_for
from coproduce.initiatives.rungs import (
    ARNSTEIN_GROUPS,
    ARNSTEIN_LINKS,
    ARNSTEIN_RUNGS,
    CHARACTERISTICS,
    GROUPS,
    RUNGS,
)
from coproduce.ladder import domain
from coproduce.ladder.charts import ladder_picture, movement_chart
from coproduce.ladder.forms import AdoptActionForm
from coproduce.ladder.models import Action, Round, SummaryShare
from coproduce.ladder.queries import (
    LadderResults,
    ladder_results_for,
    overview_for,
    people_for_owner_choice,
)
from coproduce.ladder.scoring import MIN_GROUP_SIZE
from coproduce.ladder.sections import results_sections_for
from coproduce.people.models import Person

# The ladder itself, for anyone


def guide(request: HttpRequest) -> HttpResponse:
    arnstein = {a.key: a for a in ARNSTEIN_RUNGS}
    ours = {r.key: r for r in RUNGS}
    rows: list[dict[str, Any]] = [
        {
            "rung": rung,
            "links": [
                (arnstein[link.arnstein], link) for link in ARNSTEIN_LINKS if link.rung == rung.key
            ],
        }
        for rung in reversed(RUNGS)
    ]
    return render(
        request,
        "ladder/guide.html",
        {
            "picture": ladder_picture(),
            "groups": [
                (g, [r for r in rows if r["rung"].group == g.key]) for g in reversed(GROUPS)
            ],
            "arnstein_groups": {g.key: g for g in ARNSTEIN_GROUPS},
            "arnstein_rows": [
                (a, [(ours[link.rung], link) for link in ARNSTEIN_LINKS if link.arnstein == a.key])
                for a in reversed(ARNSTEIN_RUNGS)
            ],
            "characteristics": CHARACTERISTICS,
        },
    )


# Results, rounds and actions, for the organisation

NOT_SAID = "not_said"  # the level filter's value for initiatives with no level


def _initiative(request: OrgRequest, pk: int) -> Initiative:
    return get_for_org_or_404(
        initiatives_for(request.membership).select_related("lead"), request.organisation, pk=pk
    )


def _results_context(
    request: OrgRequest,
    results: LadderResults,
    forms_by_key: dict[str, AdoptActionForm] | None = None,
) -> dict[str, Any]:
    can_manage = request.membership.has_role(Role.STAFF)
    people = people_for_owner_choice(request.organisation) if can_manage else []
    forms_by_key = forms_by_key or {}
    for step in results.steps:
        key = step.step.question
        if key not in forms_by_key:
            forms_by_key[key] = AdoptActionForm(
                initial={"question_key": key},
                people=people,
                auto_id=f"id_{key}_%s",
            )
    scores = results.rounds
    chart = movement_chart(
        [s.round.number for s in scores],
        [
            ("overall", _("Everyone"), [s.rung for s in scores]),
            ("lived", _("Lived experience"), [s.lived_rung for s in scores]),
            ("learnt", _("Learnt experience"), [s.learnt_rung for s in scores]),
        ],
    )
    return {
        "initiative": results.initiative,
        "results": results,
        "picture": ladder_picture(results.rung, results.claimed),
        "chart": chart,
        "steps": [(step, forms_by_key[step.step.question]) for step in results.steps],
        "owners": [(person.pk, person.display_name) for person in people],
        "can_manage": can_manage,
        "min_group_size": MIN_GROUP_SIZE,
        **results_sections_for(results),
    }


@org_view()
def results(request: OrgRequest, pk: int) -> HttpResponse:
    viewer = Person.objects.filter(organisation=request.organisation, user=request.user).first()
    results = ladder_results_for(_initiative(request, pk), viewer=viewer)
    return render(request, "ladder/results.html", _results_context(request, results))


@org_view()
def summary(request: OrgRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    return _render_summary(
        request,
        initiative,
        share=SummaryShare.objects.filter(initiative=initiative).first(),
        public=False,
    )


def shared_summary(request: HttpRequest, token: str) -> HttpResponse:
    """The summary at the address staff chose to share: no login, no names. 404 once stopped."""
    share = (
        SummaryShare.objects.select_related("initiative__organisation").filter(token=token).first()
    )
    if share is None:
        raise Http404
    return _render_summary(request, share.initiative, share=share, public=True)


@org_view(Role.STAFF)
@require_POST
def summary_share(request: OrgRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    if request.POST.get("stop"):
        domain.stop_sharing_summary(initiative, actor=request.user)
        messages.success(request, _("The link has stopped working. Nobody can use it now."))
    else:
        domain.share_summary(initiative, actor=request.user)
        messages.success(request, _("Anyone with the link below can now read this summary."))
    return redirect("ladder_summary", org=request.organisation.slug, pk=pk)


def _render_summary(
    request: HttpRequest, initiative: Initiative, *, share: SummaryShare | None, public: bool
) -> HttpResponse:
    results = ladder_results_for(initiative)
    return render(
        request,
        "ladder/summary.html",
        {
            "initiative": initiative,
            "results": results,
            "picture": ladder_picture(results.rung, results.claimed),
            "share": share,
            "public": public,
            "public_organisation": initiative.organisation,
            "share_url": (
                absolute_url(reverse("ladder_shared_summary", args=[share.token]), request)
                if share
                else ""
            ),
        },
    )


@org_view(Role.STAFF)
@require_POST
def action_adopt(request: OrgRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    results = ladder_results_for(initiative)
    key = request.POST.get("question_key", "")
    step = next((s for s in results.steps if s.step.question == key), None)
    if step is None or results.current is None:
        messages.error(
            request, _("That step is no longer on the list. Look at the new list below.")
        )
        return redirect("ladder_results", org=request.organisation.slug, pk=pk)
    form = AdoptActionForm(
        request.POST, people=people_for_owner_choice(request.organisation), auto_id=f"id_{key}_%s"
    )
    if form.is_valid():
        try:
            domain.adopt_action(
                initiative,
                round_=results.current.round,
                question_key=key,
                text=step.step.action,
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, _("The action is on the plan."))
        return redirect(
            reverse("ladder_results", kwargs={"org": request.organisation.slug, "pk": pk}) + "#plan"
        )
    context = _results_context(request, results, {key: form})
    context.update({"failed_step": key, "form_errors": True})
    return render(request, "ladder/results.html", context)


@org_view(Role.STAFF)
@require_POST
def action_done(request: OrgRequest, pk: int, action_pk: int) -> HttpResponse:
    action = get_for_org_or_404(Action, request.organisation, pk=action_pk, initiative_id=pk)
    if domain.complete_action(action, actor=request.user):
        messages.success(request, _("The action is marked as done."))
    return redirect(
        reverse("ladder_results", kwargs={"org": request.organisation.slug, "pk": pk}) + "#plan"
    )


@org_view()
def overview(request: OrgRequest) -> HttpResponse:
    """Every initiative the viewer may see on the ladder, all or one level (`?level=`)."""
    visible = set(initiatives_for(request.membership).values_list("pk", flat=True))
    rows = [row for row in overview_for(request.organisation) if row.initiative.pk in visible]
    level = request.GET.get("level", "")
    levels = {choice.value for choice in Level} | {NOT_SAID}
    level_error = ""
    if level and level not in levels:
        level_error = _("Choose a level from the list.")
        level = ""
    if level:
        rows = [row for row in rows if (row.initiative.level or NOT_SAID) == level]
    open_rounds = dict(
        Round.objects.for_organisation(request.organisation)
        .filter(closed_at__isnull=True)
        .values_list("initiative_id")
        .annotate(n=Count("id"))
    )
    return render(
        request,
        "ladder/overview.html",
        {
            "rows": rows,
            "open_rounds": open_rounds,
            "level": level,
            "level_error": level_error,
            "level_choices": [*Level.choices, (NOT_SAID, _("Level not said"))],
            "can_see_report": request.membership.has_role(Role.STAFF),
        },
    )
