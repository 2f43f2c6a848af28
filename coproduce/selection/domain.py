"""Operations on selection runs. Each lists its side effects.

The flow: `create_run` (a draft with ranges from the panel's targets) → `set_quotas` →
`start_selection` (checks, then a background task runs `run_selection`) → `draw_panel`
(private) or `make_lottery` + `record_dice_draw` (public) → `invite_drawn`. When members
leave, `start_top_up` makes a run for the empty seats with the ranges reduced by the members
who stay.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.accounts.models import User
from coproduce.core.audit import log_action
from coproduce.panels import domain as panels_domain
from coproduce.panels.domain.equality import OPEN_STATUSES
from coproduce.panels.models import Application, Panel, PanelMember, Status
from coproduce.selection import adapter, lottery, tasks
from coproduce.selection.categories import Catalogue, catalogue, default_quotas
from coproduce.selection.models import SelectionRun
from coproduce.selection.quotas import NOT_GIVEN, Issue, blocking, validate

LOTTERY_SIZES = (100, 1000)


def _continuing(
    panel: Panel, categories: list[str], cat: Catalogue
) -> tuple[int, dict[str, dict[str, int]]]:
    """Current members and how many of them have each value (from earlier runs' records).

    A member whose values no earlier run holds (added by hand, say) counts as "not given". A
    value the pool no longer has (the only applicant from an area joined) is counted too.
    """
    member_apps = list(
        PanelMember.objects.filter(panel=panel, ended_on__isnull=True).values_list(
            "application_id", flat=True
        )
    )
    known: dict[str, dict[str, str]] = {}
    for pool in (
        SelectionRun.objects.filter(panel=panel)
        .order_by("created_at")
        .values_list("pool", flat=True)
    ):
        known.update(pool or {})
    counts = {c: dict.fromkeys(cat.values.get(c, [NOT_GIVEN]), 0) for c in categories}
    for app_id in member_apps:
        values = known.get(str(app_id), {}) if app_id else {}
        for category in categories:
            value = values.get(category, NOT_GIVEN)
            counts[category][value] = counts[category].get(value, 0) + 1
    return len(member_apps), counts


@transaction.atomic
def create_run(
    panel: Panel,
    *,
    actor: User,
    seats: int,
    categories: list[str],
    algorithm: str = "leximin",
    seed: int | None = None,
    top_up: bool = False,
) -> SelectionRun:
    """Set up a draft selection with ranges taken from the panel's targets.

    For a top-up, `seats` is the number of empty places; the ranges are for the whole panel
    (members who stay plus new ones), and `continuing` counts the members who stay.
    Raises ValidationError for a category the panel does not have. Side effects: saves a
    SelectionRun; logs "selection.run.created".
    """
    cat = catalogue(panel)
    unknown = [c for c in categories if c not in cat.values]
    if unknown:
        raise ValidationError(_("Choose groups from the list."))
    continuing_members, continuing = 0, dict[str, dict[str, int]]()
    if top_up:
        continuing_members, continuing = _continuing(panel, categories, cat)
    run = SelectionRun.objects.create(
        organisation=panel.organisation,
        panel=panel,
        kind=SelectionRun.Kind.TOP_UP if top_up else SelectionRun.Kind.FIRST,
        seats=seats,
        categories=categories,
        quotas=default_quotas(cat, categories, seats + continuing_members, continuing),
        continuing=continuing,
        continuing_members=continuing_members,
        algorithm=algorithm,
        seed=seed,
        created_by=actor,
    )
    log_action(
        run,
        "selection.run.created",
        actor=actor,
        data={"seats": seats, "categories": categories, "kind": run.kind},
    )
    return run


def _editable(run: SelectionRun) -> None:
    if run.state not in (
        SelectionRun.State.DRAFT,
        SelectionRun.State.INFEASIBLE,
        SelectionRun.State.FAILED,
    ):
        raise ValidationError(_("This selection has already run. Start a new one to change it."))


def set_quotas(run: SelectionRun, quotas: dict[str, Any], *, actor: User) -> SelectionRun:
    """Replace the ranges (category -> value -> min, max, floor, ceiling).

    Side effects: saves the run (back to draft); logs "selection.quotas.set".
    """
    _editable(run)
    run.quotas = quotas
    run.state = SelectionRun.State.DRAFT
    run.suggestion = []
    run.save(update_fields=["quotas", "state", "suggestion"])
    log_action(run, "selection.quotas.set", actor=actor)
    return run


def total_seats(run: SelectionRun) -> int:
    return run.seats + run.continuing_members


def problem_for(
    run: SelectionRun, cat: Catalogue | None = None
) -> tuple[adapter.Problem, list[Issue]]:
    """The problem for the solver: the open applicants now, and the ranges for the seats to
    fill (for a top-up, the whole-panel ranges minus the members who stay)."""
    cat = cat or catalogue(run.panel)
    people = {
        pid: {c: values.get(c, NOT_GIVEN) for c in run.categories}
        for pid, values in cat.people.items()
    }
    issues: list[Issue] = []
    quotas: dict[str, dict[str, adapter.Quota]] = {}
    lab = cat.labels
    for category in run.categories:
        quotas[category] = {}
        for value, q in run.quotas.get(category, {}).items():
            have = run.continuing.get(category, {}).get(value, 0)
            high = int(q["max"]) - have
            if high < 0:
                issues.append(
                    Issue(
                        "continuing_above_max",
                        _(
                            "%(n)s members who stay are in the group %(group)s (%(category)s), "
                            "more than its highest number, %(max)s. Raise the highest number."
                        )
                        % {
                            "n": have,
                            "group": lab.value(category, value),
                            "category": lab.category(category),
                            "max": q["max"],
                        },
                        category,
                        value,
                    )
                )
                high = 0
            ceiling = q.get("ceiling")
            quotas[category][value] = adapter.Quota(
                min=max(0, int(q["min"]) - have),
                max=high,
                floor=max(0, int(q.get("floor", 0)) - have),
                ceiling=None if ceiling in (None, "") else max(high, int(ceiling) - have),
            )
    return adapter.Problem(people, quotas, run.seats), issues


def check_run(run: SelectionRun, cat: Catalogue | None = None) -> list[Issue]:
    """Everything a coordinator should fix or know before the run (no solver)."""
    cat = cat or catalogue(run.panel)
    problem, issues = problem_for(run, cat)
    return issues + validate(problem, cat.labels)


@transaction.atomic
def start_selection(run: SelectionRun, *, actor: User) -> SelectionRun:
    """Check the quotas and queue the background run.

    Raises ValidationError with every blocking message when the quotas cannot work.
    Side effects: saves the run (queued, with the pool as used); logs
    "selection.run.started"; after commit, enqueues `run_selection_task`.
    """
    _editable(run)
    cat = catalogue(run.panel)
    problem, issues = problem_for(run, cat)
    issues += validate(problem, cat.labels)
    if blocking(issues):
        raise ValidationError([issue.message for issue in blocking(issues)])
    run.pool = {pid: dict(values) for pid, values in problem.people.items()}
    run.issues = [issue.message for issue in issues]
    run.state = SelectionRun.State.QUEUED
    run.queued_at = timezone.now()
    run.progress = 0
    run.error = ""
    run.suggestion = []
    run.save(
        update_fields=["pool", "issues", "state", "queued_at", "progress", "error", "suggestion"]
    )
    log_action(run, "selection.run.started", actor=actor, data={"pool": len(problem.people)})
    transaction.on_commit(lambda: tasks.run_selection_task.enqueue(run_id=run.pk))
    return run


def run_selection(run: SelectionRun) -> SelectionRun:
    """Work out the fair lottery (the background task's body).

    Uses the pool saved when the run started. Side effects: saves progress as it goes, then
    the distribution, probabilities and provenance (or the suggested change, or the error);
    logs "selection.run.finished".
    """
    if run.state != SelectionRun.State.QUEUED:
        return run
    problem, _issues = problem_for(run)
    problem = adapter.Problem(run.pool, problem.quotas, run.seats)
    run.state = SelectionRun.State.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["state", "started_at"])
    last = [0]

    def progress(fraction: float, message: str) -> None:
        percent = min(99, int(fraction * 100))
        if percent - last[0] >= 2:
            last[0] = percent
            SelectionRun.objects.filter(pk=run.pk).update(progress=percent)

    try:
        result = adapter.find_distribution(
            problem, algorithm=run.algorithm, seed=run.seed, progress=progress
        )
    except adapter.QuotasInfeasible as error:
        run.state = SelectionRun.State.INFEASIBLE
        run.suggestion = [
            {"category": c.category, "value": c.value, "bound": c.bound, "old": c.old, "new": c.new}
            for c in error.changes
        ]
        run.suggestion_within_limits = error.within_limits
    except adapter.BadInput as error:
        run.state = SelectionRun.State.FAILED
        run.error = "\n".join(error.lines)
    except Exception as error:  # the solver failed: keep the run, say so, never draw
        run.state = SelectionRun.State.FAILED
        run.error = f"{type(error).__name__}: {error}"
    else:
        run.state = SelectionRun.State.DONE
        run.distribution = {"panels": [list(p) for p in result.panels], "weights": result.weights}
        run.probabilities = {pid: round(p, 9) for pid, p in result.marginals.items()}
        run.never_possible = result.never_possible
        run.provenance = result.provenance
        values = list(result.marginals.values())
        run.min_probability = min(values)
        run.max_probability = max(values)
        run.gini = adapter.gini(values)
        run.progress = 100
    run.finished_at = timezone.now()
    run.save()
    log_action(run, "selection.run.finished", data={"state": run.state})
    return run


def apply_suggestion(run: SelectionRun, *, actor: User) -> SelectionRun:
    """Take the suggested smallest change into the ranges, ready to run again.

    Side effects: saves the run (draft); logs "selection.suggestion.accepted".
    """
    if run.state != SelectionRun.State.INFEASIBLE or not run.suggestion:
        raise ValidationError(_("There is no suggested change to use."))
    quotas = {c: {v: dict(q) for v, q in values.items()} for c, values in run.quotas.items()}
    for change in run.suggestion:
        have = run.continuing.get(change["category"], {}).get(change["value"], 0)
        quotas[change["category"]][change["value"]][change["bound"]] = change["new"] + have
    run.quotas = quotas
    run.state = SelectionRun.State.DRAFT
    run.suggestion = []
    run.save(update_fields=["quotas", "state", "suggestion"])
    log_action(run, "selection.suggestion.accepted", actor=actor)
    return run


def _rng(run: SelectionRun, purpose: str) -> random.Random:
    if run.seed:
        return lottery.seeded_random(run.seed, purpose)
    return secrets.SystemRandom()


def _record_draw(run: SelectionRun, index: int, draw: dict[str, Any], *, actor: User) -> None:
    run.drawn = [int(pid) for pid in run.distribution["panels"][index]]
    run.draw = {"panel": index, **draw}
    run.state = SelectionRun.State.DRAWN
    run.drawn_by = actor
    run.drawn_at = timezone.now()
    run.save(update_fields=["drawn", "draw", "state", "drawn_by", "drawn_at"])
    log_action(
        run,
        "selection.panel.drawn",
        actor=actor,
        data={"method": draw["method"], "panel": index, "members": len(run.drawn)},
    )


@transaction.atomic
def draw_panel(run: SelectionRun, *, actor: User) -> SelectionRun:
    """Draw one panel from the lottery, each with its probability.

    Secure randomness, or the run's seed when the coordinator chose a repeatable draw.
    Side effects: saves the drawn panel and who drew it; logs "selection.panel.drawn".
    """
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if run.state != SelectionRun.State.DONE:
        raise ValidationError(_("This selection is not ready to draw, or was drawn already."))
    index = lottery.draw_index(run.distribution["weights"], _rng(run, "draw"))
    _record_draw(run, index, {"method": "private", "randomness": _randomness(run)}, actor=actor)
    return run


def _randomness(run: SelectionRun) -> str:
    return f"seed {run.seed}" if run.seed else "secure (operating system)"


@transaction.atomic
def make_lottery(run: SelectionRun, *, lines: int, actor: User) -> SelectionRun:
    """Turn the distribution into a list of `lines` panels for a public draw with dice.

    Side effects: saves the list and its largest difference from the best chances; logs
    "selection.lottery.made".
    """
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if run.state != SelectionRun.State.DONE:
        raise ValidationError(_("This selection is not ready, or was drawn already."))
    if lines not in LOTTERY_SIZES:
        raise ValidationError(_("Choose 100 or 1000 lines."))
    order = lottery.uniform_lottery(run.distribution["weights"], lines, _rng(run, "lottery"))
    run.lottery = order
    run.lottery_difference = lottery.largest_difference(
        run.distribution["panels"], order, {k: float(v) for k, v in run.probabilities.items()}
    )
    run.save(update_fields=["lottery", "lottery_difference"])
    log_action(run, "selection.lottery.made", actor=actor, data={"lines": lines})
    return run


@transaction.atomic
def record_dice_draw(
    run: SelectionRun, *, reading: str, procedure: str, actor: User
) -> SelectionRun:
    """Record the public draw: the dice reading picks a line of the published list.

    Raises ValidationError when the reading is not a line of the list. Side effects: saves
    the drawn panel with the reading, how it was done and the SHA-256 of the published list
    (`lottery.published_list`); logs "selection.panel.drawn".
    """
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if run.state != SelectionRun.State.DONE or not run.lottery:
        raise ValidationError(_("Make the list of panels first."))
    line = lottery.line_from_dice(reading, len(run.lottery))
    digits = lottery.dice_for(len(run.lottery))
    if line is None:
        raise ValidationError(
            _("Type the %(dice)s digits the dice showed, for example %(example)s.")
            % {"dice": digits, "example": "042"[-digits:]}
        )
    index = run.lottery[line - 1]
    _record_draw(
        run,
        index,
        {
            "method": "dice",
            "line": line,
            "reading": reading.strip(),
            "procedure": procedure,
            "list_sha256": lottery.fingerprint(
                lottery.published_list(run.pk, run.distribution["panels"], run.lottery)
            ),
        },
        actor=actor,
    )
    return run


OFFER_NOTE = gettext_lazy(
    "We chose the members by a fair lottery that makes sure the panel has a mix of people. "
    "You were chosen."
)
WAITING_NOTE = gettext_lazy(
    "We chose the members by a fair lottery that makes sure the panel has a mix of people. "
    "You were not chosen this time. This is not about you or what you wrote. If a place "
    "comes up, we choose again from the waiting list in the same fair way. You can see what "
    "your chance was here: %(link)s"
)


def chance_link(application: Application) -> str:
    return settings.SITE_URL + reverse("selection_chance", args=[application.token])


@transaction.atomic
def invite_drawn(run: SelectionRun, *, actor: User) -> SelectionRun:
    """Offer places to the drawn applicants; put everyone else still in the pool on the
    waiting list, kindly, with what happens next.

    Uses panels' `change_application_status`, which sends each message by the applicant's
    chosen channel. Side effects: changes application statuses (and what that does); saves
    the run (invited); logs "selection.people.told".
    """
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if run.state != SelectionRun.State.DRAWN:
        raise ValidationError(_("Draw the panel first."))
    drawn = set(run.drawn)
    applications = Application.objects.filter(
        panel=run.panel, pk__in=[int(pid) for pid in run.pool], status__in=OPEN_STATUSES
    ).select_related("panel__named_contact")
    offered = waiting = 0
    for application in applications:
        if application.pk in drawn:
            panels_domain.change_application_status(
                application, Status.OFFERED, actor=actor, note=str(OFFER_NOTE)
            )
            offered += 1
        elif application.status != Status.WAITING_LIST:
            panels_domain.change_application_status(
                application,
                Status.WAITING_LIST,
                actor=actor,
                note=str(WAITING_NOTE) % {"link": chance_link(application)},
            )
            waiting += 1
    run.state = SelectionRun.State.INVITED
    run.invited_by = actor
    run.invited_at = timezone.now()
    run.save(update_fields=["state", "invited_by", "invited_at"])
    log_action(
        run, "selection.people.told", actor=actor, data={"offered": offered, "waiting": waiting}
    )
    return run


def vacancies(panel: Panel) -> int:
    """Empty places: the panel's places minus its current members (never below 0)."""
    members = PanelMember.objects.filter(panel=panel, ended_on__isnull=True).count()
    return max(0, (panel.places or 0) - members)


def start_top_up(
    panel: Panel,
    *,
    actor: User,
    seats: int,
    algorithm: str = "leximin",
    seed: int | None = None,
) -> SelectionRun:
    """A draft run for empty places, with the last run's categories and whole-panel ranges.

    Side effects: as `create_run` (a top-up); the ranges are copied from the panel's latest
    run when there is one.
    """
    last = (
        SelectionRun.objects.filter(panel=panel)
        .exclude(state=SelectionRun.State.DRAFT)
        .order_by("-created_at", "-id")
        .first()
    )
    categories = list(last.categories) if last else []
    run = create_run(
        panel,
        actor=actor,
        seats=seats,
        categories=categories,
        algorithm=algorithm,
        seed=seed,
        top_up=True,
    )
    if last and total_seats(last) == total_seats(run):
        run.quotas = last.quotas
        run.save(update_fields=["quotas"])
    return run


def latest_chance(application: Application) -> tuple[SelectionRun, float] | None:
    """The applicant's chance in the latest finished selection they were part of."""
    for run in SelectionRun.objects.filter(panel_id=application.panel_id).order_by(
        "-created_at", "-id"
    ):
        if run.has_result and str(application.pk) in run.probabilities:
            return run, float(run.probabilities[str(application.pk)])
    return None


def change_from(item: dict[str, Any]) -> adapter.Change:
    return adapter.Change(item["category"], item["value"], item["bound"], item["old"], item["new"])


@dataclass
class Repeat:
    """What running a seeded selection again gave, against what it recorded."""

    same_lottery: bool
    largest_difference: float  # between the recorded and the new weights, panel by panel
    same_draw: bool | None  # None: nothing drawn yet
    notes: list[str] = field(default_factory=list)


def repeat_selection(run: SelectionRun) -> Repeat:
    """Work out a seeded selection again from what the run recorded, and compare.

    Uses the pool and ranges as saved, the method and the seed. Compares the lottery
    (panels and weights) and, when drawn, the panel drawn (private draw) or the list of
    lines (dice). Raises ValidationError for a run without a seed or without a result.
    No side effects: nothing is saved, logged or sent.
    """
    if not run.seed:
        raise ValidationError(_("Only a selection with a number (a seed) can be repeated."))
    if not run.has_result:
        raise ValidationError(_("This selection has no result to compare with."))
    problem, _issues = problem_for(run)
    problem = adapter.Problem(run.pool, problem.quotas, run.seats)
    result = adapter.find_distribution(problem, algorithm=run.algorithm, seed=run.seed)
    notes = []
    for key in ("library_version", "solver_version"):
        was, now = run.provenance.get(key), result.provenance.get(key)
        if was != now:
            notes.append(
                _("The run used %(key)s %(was)s; this is %(now)s.")
                % {"key": key.replace("_", " "), "was": was, "now": now}
            )
    recorded = run.distribution.get("panels", [])
    panels = [list(panel) for panel in result.panels]
    same_panels = panels == recorded
    difference = (
        max(
            (abs(a - b) for a, b in zip(result.weights, run.distribution["weights"], strict=True)),
            default=0.0,
        )
        if same_panels
        else 1.0
    )
    same_draw = None
    if run.draw.get("method") == "private":
        index = lottery.draw_index(result.weights, lottery.seeded_random(run.seed, "draw"))
        same_draw = sorted(int(pid) for pid in result.panels[index]) == sorted(run.drawn)
    elif run.lottery:
        lines = lottery.uniform_lottery(
            result.weights, len(run.lottery), lottery.seeded_random(run.seed, "lottery")
        )
        same_draw = lines == run.lottery
    return Repeat(same_panels and difference == 0.0, difference, same_draw, notes)
