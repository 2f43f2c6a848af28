"""Coordinator pages under /o/<org>/panels/<pk>/selection/, and the applicant's own chance.

The coordinator is staff (or an admin): the people who already run a panel's recruitment and
move applications between steps. Pages show counts per group and each applicant's chance,
never anyone's equality answers.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from coproduce.core.forms import add_domain_error
from coproduce.core.models import Role
from coproduce.core.params import whole_number
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.panels.domain import questions as panel_questions
from coproduce.panels.forms.questions import PanelQuestionForm
from coproduce.panels.models import Application, Panel, PanelQuestion, Status
from coproduce.panels.queries import question_pictures
from coproduce.selection import categories, domain, lottery, queries
from coproduce.selection.forms import DiceForm, LotteryForm, QuotasForm, RunForm
from coproduce.selection.models import SelectionRun
from coproduce.selection.quotas import blocking, describe_change, preview


def _panel(request: OrgRequest, pk: int) -> Panel:
    return get_for_org_or_404(Panel, request.organisation, pk=pk)


def _run(request: OrgRequest, pk: int, run_pk: int) -> SelectionRun:
    panel = _panel(request, pk)
    run = get_object_or_404(SelectionRun, panel=panel, pk=run_pk)
    run.panel = panel
    return run


def _to_run(request: OrgRequest, run: SelectionRun) -> HttpResponse:
    return redirect("selection_run", org=request.organisation.slug, pk=run.panel_id, run_pk=run.pk)


@org_view(Role.STAFF)
def selection_home(request: OrgRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    return render(
        request,
        "selection/home.html",
        {
            "panel": panel,
            "runs": SelectionRun.objects.filter(panel=panel).select_related("created_by"),
            "vacancies": domain.vacancies(panel),
            "pool_size": queries.pool_size(panel),
        },
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def selection_new(request: OrgRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    top_up = request.GET.get("top_up") == "1" or request.POST.get("top_up") == "1"
    initial = {"seats": domain.vacancies(panel) if top_up else (panel.places or 12)}
    cat = categories.catalogue(panel)
    form = RunForm(
        request.POST or None,
        initial=initial,
        choices=cat.names,
        top_up=top_up,
        pool_size=len(cat.people),
        unanswered=categories.unanswered(cat),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if top_up:
            run = domain.start_top_up(
                panel,
                actor=request.user,
                seats=data["seats"],
                algorithm=data["algorithm"],
                seed=data["seed"],
            )
        else:
            run = domain.create_run(
                panel,
                actor=request.user,
                seats=data["seats"],
                categories=data["categories"],
                algorithm=data["algorithm"],
                seed=data["seed"],
            )
        return redirect(
            "selection_quotas", org=request.organisation.slug, pk=panel.pk, run_pk=run.pk
        )
    return render(request, "selection/new.html", {"panel": panel, "form": form, "top_up": top_up})


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def selection_quotas(request: OrgRequest, pk: int, run_pk: int) -> HttpResponse:
    run = _run(request, pk, run_pk)
    if run.state not in (
        SelectionRun.State.DRAFT,
        SelectionRun.State.INFEASIBLE,
        SelectionRun.State.FAILED,
    ):
        return _to_run(request, run)
    cat = categories.catalogue(run.panel)
    labels = cat.labels
    seats = domain.total_seats(run)
    ranges = categories.quotas_with_new_values(run.quotas, run.categories, cat, seats)
    form = QuotasForm(request.POST or None, run=run, labels=labels, quotas=ranges)
    if request.method == "POST" and form.is_valid():
        domain.set_quotas(run, form.quotas(), actor=request.user)
        if request.POST.get("action") == "run":
            try:
                domain.start_selection(run, actor=request.user)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                return _to_run(request, run)
        else:
            messages.success(request, _("The ranges are saved."))
        return redirect("selection_quotas", org=request.organisation.slug, pk=pk, run_pk=run.pk)
    problem, issues = domain.problem_for(run, cat)
    issues += domain.validate(problem, labels)
    return render(
        request,
        "selection/quotas.html",
        {
            "panel": run.panel,
            "run": run,
            "form": form,
            "issues": issues,
            "blocking": blocking(issues),
            "preview": [(labels.category(c), rows) for c, rows in preview(problem, labels).items()],
            "labels": labels,
            "pool_size": len(problem.people),
            "average": problem.seats / len(problem.people) if problem.people else None,
        },
    )


def _run_context(run: SelectionRun) -> dict[str, Any]:
    labels = categories.catalogue(run.panel).labels
    context: dict[str, Any] = {"panel": run.panel, "run": run, "labels": labels}
    if run.state == SelectionRun.State.INFEASIBLE:
        context["changes"] = [
            describe_change(domain.change_from(item), labels) for item in run.suggestion
        ]
    if run.has_result:
        context.update(queries.result_tables(run, labels))
    return context


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def selection_questions(request: OrgRequest, pk: int) -> HttpResponse:
    """The panel's own questions on its application form, which can become groups."""
    panel = _panel(request, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    # Any post but "stop asking" holds what was typed, so a refused form shows it again.
    form = PanelQuestionForm(request.POST if action not in (None, "retire") else None)
    if action is not None:
        if action != "retire" and action != "add":
            form.add_error(None, _("We could not tell what to do. Please press the button again."))
        elif action == "add" and form.is_valid():
            panel_questions.add_panel_question(panel, actor=request.user, **form.domain_fields())
            messages.success(request, _("The question is on the application form now."))
            return redirect("selection_questions", org=request.organisation.slug, pk=pk)
        if action == "retire":
            question = get_object_or_404(
                PanelQuestion, panel=panel, pk=whole_number(request.POST.get("question")) or 0
            )
            panel_questions.retire_panel_question(question, actor=request.user)
            messages.success(request, _("We stopped asking this question."))
            return redirect("selection_questions", org=request.organisation.slug, pk=pk)
    questions = list(PanelQuestion.objects.filter(panel=panel))
    pictures = question_pictures(request.organisation, questions)
    return render(
        request,
        "selection/questions.html",
        {
            "panel": panel,
            "form": form,
            "questions": [(question, pictures[question.pk]) for question in questions],
        },
    )


@org_view(Role.STAFF)
def selection_run(request: OrgRequest, pk: int, run_pk: int) -> HttpResponse:
    run = _run(request, pk, run_pk)
    if run.state == SelectionRun.State.DRAFT:
        return redirect("selection_quotas", org=request.organisation.slug, pk=pk, run_pk=run.pk)
    return render(request, "selection/run.html", _run_context(run))


@org_view(Role.STAFF)
def selection_progress(request: OrgRequest, pk: int, run_pk: int) -> HttpResponse:
    run = _run(request, pk, run_pk)
    if not run.is_working and getattr(request, "htmx", False):
        return HttpResponseClientRefresh()
    return render(request, "selection/_progress.html", {"panel": run.panel, "run": run})


@org_view(Role.STAFF)
@require_POST
def selection_act(request: OrgRequest, pk: int, run_pk: int) -> HttpResponse:
    run = _run(request, pk, run_pk)
    action = request.POST.get("action")
    try:
        if action == "use_suggestion":
            domain.apply_suggestion(run, actor=request.user)
            messages.success(request, _("We changed the ranges. Check them, then run again."))
            return redirect("selection_quotas", org=request.organisation.slug, pk=pk, run_pk=run.pk)
        if action == "draw":
            domain.draw_panel(run, actor=request.user)
            messages.success(request, _("The panel is drawn."))
        elif action == "lottery":
            form = LotteryForm(request.POST)
            lines = form.cleaned_data["lines"] if form.is_valid() else 0
            domain.make_lottery(run, lines=lines, actor=request.user)
            return redirect(
                "selection_lottery", org=request.organisation.slug, pk=pk, run_pk=run.pk
            )
        elif action == "invite":
            domain.invite_drawn(run, actor=request.user)
            messages.success(
                request,
                _("We offered places to the people drawn and told everyone else."),
            )
        else:
            messages.error(request, _("Choose what to do."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return _to_run(request, run)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def selection_lottery(request: OrgRequest, pk: int, run_pk: int) -> HttpResponse:
    run = _run(request, pk, run_pk)
    published = queries.lottery_file(run)
    if request.method == "GET" and request.GET.get("download") and published:
        response = HttpResponse(published, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="selection-{run.pk}-list.txt"'
        return response
    form = DiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.record_dice_draw(
                run,
                reading=form.cleaned_data["reading"],
                procedure=form.cleaned_data["procedure"],
                actor=request.user,
            )
        except ValidationError as error:
            add_domain_error(form, error, field="reading")
        else:
            messages.success(request, _("The draw is recorded."))
            return _to_run(request, run)
    return render(
        request,
        "selection/lottery.html",
        {
            **_run_context(run),
            "form": form,
            "lines": queries.lottery_lines(run),
            "fingerprint": lottery.fingerprint(published) if published else "",
            "dice": lottery.dice_for(len(run.lottery)) if run.lottery else 0,
        },
    )


@org_view(Role.STAFF)
def selection_explain(request: OrgRequest, pk: int, run_pk: int) -> HttpResponse:
    run = _run(request, pk, run_pk)
    return render(request, "selection/explain.html", _run_context(run))


@never_cache
def selection_chance(request: HttpRequest, application_token: str) -> HttpResponse:
    """The applicant's own chance, with their private link. Nobody else's."""
    application = get_object_or_404(
        Application.objects.select_related("panel", "panel__named_contact"),
        token=application_token,
    )
    found = None if application.status == Status.DRAFT else domain.latest_chance(application)
    return render(
        request,
        "selection/chance.html",
        {
            "application": application,
            "panel": application.panel,
            "run": found[0] if found else None,
            "chance": found[1] if found else None,
        },
    )
