"""Reads for the Ladder pages. Each builds its page from a fixed number of queries.

Answers are loaded in one query and scored in Python by the engine: each round as a whole and
lived and learnt experience apart, with groups under MIN_GROUP_SIZE never computed. Each answer
is scored with the bank it was given under; answers whose bank no longer exists are counted,
not scored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple, Protocol

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from coproduce.core.models import Membership, Organisation
from coproduce.initiatives.models import Capacity, Initiative, Involvement
from coproduce.initiatives.rungs import CHARACTERISTICS, Rung, rung_at, rung_by_key
from coproduce.ladder.bank import Bank, BankError, Question
from coproduce.ladder.models import Action, Response, Round
from coproduce.ladder.path_bank import AnyBank, PathBank, PathQuestion, load_any_bank
from coproduce.ladder.path_results import PlacementView, RoundPlacement, place_round, view_of
from coproduce.ladder.placement import Step as PathStep
from coproduce.ladder.placement import place
from coproduce.ladder.scoring import (
    MIN_GROUP_SIZE,
    GroupComparison,
    GroupResult,
    NextStep,
    answers_to_levels,
    compare_groups,
    score_group_levels,
)
from coproduce.people.models import Person

_SCORED_FIELDS = ("id", "round_id", "capacity", "bank_version", "answers")
LIVED = frozenset(Capacity.lived())


@dataclass(frozen=True)
class RoundScore:
    """One round, scored: everyone together, and lived and learnt experience apart."""

    round: Round
    bank: Bank | None
    sent: int
    unscored: int  # sent under a bank version that no longer exists
    overall: GroupResult
    lived: GroupResult
    learnt: GroupResult
    comparison: GroupComparison

    @property
    def rung(self) -> Rung | None:
        return _rung_of(self.overall)

    @property
    def lived_rung(self) -> Rung | None:
        return _rung_of(self.lived)

    @property
    def rung_distance(self) -> int | None:
        gap = self.comparison.rung_gap
        return abs(gap) if gap is not None else None

    @property
    def learnt_rung(self) -> Rung | None:
        return _rung_of(self.learnt)


def _rung_of(group: GroupResult) -> Rung | None:
    result = group.result
    return rung_at(result.rung) if result is not None and result.rung is not None else None


AnyRoundScore = RoundScore | RoundPlacement


@dataclass(frozen=True)
class Step:
    """A next step with the words of the question it comes from."""

    step: NextStep | PathStep
    question: Question | PathQuestion
    characteristic: str
    adopted: Action | None


@dataclass(frozen=True)
class CharacteristicRow:
    key: str
    name: Any
    lived: int | None
    learnt: int | None
    gap: int | None
    flagged: bool

    @property
    def distance(self) -> int | None:
        return abs(self.gap) if self.gap is not None else None

    @property
    def lived_rung(self) -> Rung | None:
        return rung_at(self.lived) if self.lived is not None else None

    @property
    def learnt_rung(self) -> Rung | None:
        return rung_at(self.learnt) if self.learnt is not None else None


@dataclass(frozen=True)
class LadderResults:
    initiative: Initiative
    rounds: list[AnyRoundScore]
    current: AnyRoundScore | None  # the latest round with a result that can be shown
    open_round: Round | None
    actions: list[Action]  # open actions, soonest first
    steps: list[Step] = field(default_factory=list)
    side_by_side: list[CharacteristicRow] = field(default_factory=list)
    own: PlacementView | None = None  # the viewer's own answers in the latest round, placed

    @property
    def rung(self) -> Rung | None:
        return self.current.rung if self.current else None

    @property
    def claimed(self) -> Rung | None:
        return claimed_rung(self.initiative)

    @property
    def claim_too_high(self) -> bool:
        return claim_is_above(self.claimed, self.rung)

    @property
    def unscored(self) -> int:
        return sum(r.unscored for r in self.rounds)


@dataclass(frozen=True)
class LadderSummary:
    """What the initiative page shows: the rung, the honest name check and open actions."""

    round: Round | None
    rung: Rung | None
    provisional: bool
    claimed: Rung | None
    actions: list[Action]

    @property
    def claim_too_high(self) -> bool:
        return claim_is_above(self.claimed, self.rung)


@dataclass(frozen=True)
class OverviewRow:
    initiative: Initiative
    claimed: Rung | None
    current: AnyRoundScore | None
    overdue: list[Action]

    @property
    def rung(self) -> Rung | None:
        return self.current.rung if self.current else None

    @property
    def claim_too_high(self) -> bool:
        return claim_is_above(self.claimed, self.rung)

    @property
    def gap_flagged(self) -> bool:
        return bool(self.current and self.current.comparison.flagged)


def claimed_rung(initiative: Initiative) -> Rung | None:
    return rung_by_key(initiative.claimed_approach) if initiative.claimed_approach else None


def claim_is_above(claimed: Rung | None, assessed: Rung | None) -> bool:
    return claimed is not None and assessed is not None and claimed.order > assessed.order


def sent_responses(initiative: Initiative) -> QuerySet[Response]:
    """Every sent response of every round of `initiative`, with only what scoring needs."""
    return Response.objects.filter(round__initiative=initiative, submitted_at__isnull=False).only(
        *_SCORED_FIELDS
    )


class Scored(NamedTuple):
    """What scoring needs of a sent response: plain values, no model instance to build."""

    round_id: int
    capacity: str
    bank_version: int
    answers: dict[str, str]


def _scored(queryset: QuerySet[Response]) -> list[Scored]:
    return [Scored(*row) for row in queryset.values_list(*_SCORED_FIELDS[1:])]


class Answered(Protocol):
    @property
    def capacity(self) -> str: ...
    @property
    def bank_version(self) -> int: ...
    @property
    def answers(self) -> dict[str, str]: ...


def score_round(round_: Round, responses: Sequence[Answered]) -> AnyRoundScore:
    """Score one round's sent responses with the bank they were given under.

    A round's responses share one bank version (set when the round opened). If that bank is
    gone the round is counted but not scored. Each person's answers become levels once, then
    count for everyone and for their own group. Path banks (v2 on) are placed instead.
    """
    by_version: dict[int, list[Answered]] = defaultdict(list)
    for response in responses:
        by_version[response.bank_version].append(response)
    found: AnyBank | None = None
    scored: list[Answered] = []
    for version in sorted(by_version, reverse=True):
        try:
            found = load_any_bank(version)
        except BankError:
            continue
        scored = by_version[version]
        break
    if isinstance(found, PathBank):
        placed = place_round(round_, found, [(r.capacity in LIVED, r.answers) for r in scored])
        return replace(placed, sent=len(responses), unscored=len(responses) - len(scored))
    bank: Bank | None = found
    empty = GroupResult(size=0, shown=False, result=None)
    overall = lived = learnt = empty
    if bank is not None:
        people = [(r.capacity in LIVED, answers_to_levels(bank, r.answers)) for r in scored]
        overall = score_group_levels(bank, [levels for _, levels in people])
        lived = score_group_levels(bank, [levels for is_lived, levels in people if is_lived])
        learnt = score_group_levels(bank, [levels for is_lived, levels in people if not is_lived])
    return RoundScore(
        round=round_,
        bank=bank,
        sent=len(responses),
        unscored=len(responses) - len(scored),
        overall=overall,
        lived=lived,
        learnt=learnt,
        comparison=compare_groups(lived, learnt),
    )


def ladder_results_for(initiative: Initiative, viewer: Person | None = None) -> LadderResults:
    """Everything the results page shows for `initiative`, from four queries.

    With `viewer`, their own sent answers in the latest round are placed for them alone: a lead
    reflecting on their own sees a result, and nobody else's answers are used for it.
    """
    rounds = list(Round.objects.filter(initiative=initiative).order_by("number"))
    by_round: dict[int, list[Scored]] = defaultdict(list)
    for response in _scored(sent_responses(initiative)):
        by_round[response.round_id].append(response)
    actions = list(
        Action.objects.filter(initiative=initiative, status=Action.Status.OPEN).select_related(
            "owner"
        )
    )
    scores = [score_round(r, by_round.get(r.pk, [])) for r in rounds]
    current = _latest_shown(scores)
    return LadderResults(
        initiative=initiative,
        rounds=scores,
        current=current,
        open_round=next((r for r in rounds if r.is_open), None),
        actions=actions,
        steps=_steps(current, actions),
        side_by_side=_side_by_side(current) if isinstance(current, RoundScore) else [],
        own=own_placement(rounds[-1], viewer) if rounds and viewer is not None else None,
    )


def own_placement(round_: Round, person: Person) -> PlacementView | None:
    """`person`'s own sent answers in `round_`, placed (path banks only), else None."""
    response = (
        Response.objects.filter(round=round_, person=person, submitted_at__isnull=False)
        .only("bank_version", "answers")
        .first()
    )
    if response is None:
        return None
    try:
        bank = load_any_bank(response.bank_version)
    except BankError:
        return None
    if not isinstance(bank, PathBank):
        return None
    return view_of(bank, place(bank, response.answers))


def ladder_summary_for(initiative: Initiative) -> LadderSummary:
    """The short Ladder summary on the initiative page, from two queries."""
    latest = (
        Round.objects.filter(initiative=initiative)
        .annotate(sent=Count("responses", filter=Q(responses__submitted_at__isnull=False)))
        .filter(sent__gte=MIN_GROUP_SIZE)
        .order_by("-number")
        .values("pk")[:1]
    )
    responses = list(
        Response.objects.filter(round=Subquery(latest), submitted_at__isnull=False)
        .select_related("round")
        .only(*_SCORED_FIELDS, "round__number", "round__opened_at", "round__closed_at")
    )
    actions = list(
        Action.objects.filter(initiative=initiative, status=Action.Status.OPEN).select_related(
            "owner"
        )
    )
    score = score_round(responses[0].round, responses) if responses else None
    result = score.overall.result if score else None
    return LadderSummary(
        round=score.round if score else None,
        rung=score.rung if score else None,
        provisional=bool(result and result.provisional),
        claimed=claimed_rung(initiative),
        actions=actions,
    )


def overview_for(organisation: Organisation) -> list[OverviewRow]:
    """Every initiative's claimed and assessed rung, perception gap and overdue actions.

    Three queries, however many initiatives: initiatives, the sent responses of each one's
    latest round with enough answers, and overdue actions.
    """
    initiatives = list(Initiative.objects.for_organisation(organisation))
    latest = (
        Round.objects.filter(initiative=OuterRef("round__initiative"))
        .annotate(sent=Count("responses", filter=Q(responses__submitted_at__isnull=False)))
        .filter(sent__gte=MIN_GROUP_SIZE)
        .order_by("-number")
        .values("pk")[:1]
    )
    responses = (
        Response.objects.for_organisation(organisation)
        .filter(submitted_at__isnull=False, round=Subquery(latest))
        .select_related("round")
        .only(*_SCORED_FIELDS, "round__number", "round__initiative_id", "round__opened_at")
    )
    by_initiative: dict[int, list[Response]] = defaultdict(list)
    for response in responses:
        by_initiative[response.round.initiative_id].append(response)
    overdue: dict[int, list[Action]] = defaultdict(list)
    for action in (
        Action.objects.for_organisation(organisation)
        .filter(status=Action.Status.OPEN, due_on__lt=timezone.localdate())
        .select_related("owner")
    ):
        overdue[action.initiative_id].append(action)
    rows = []
    for initiative in initiatives:
        sent = by_initiative.get(initiative.pk, [])
        score = score_round(sent[0].round, sent) if sent else None
        rows.append(
            OverviewRow(
                initiative=initiative,
                claimed=claimed_rung(initiative),
                current=score if score and score.overall.shown else None,
                overdue=overdue.get(initiative.pk, []),
            )
        )
    return rows


def not_asked_in(round_: Round) -> list[Involvement]:
    """The people involved in the round's initiative who have no answers in it yet."""
    return list(
        round_.initiative.involvements.exclude(
            person_id__in=round_.responses.filter(person__isnull=False).values("person_id")
        )
        .select_related("person")
        .order_by("person__name", "id")
    )


def people_for_owner_choice(organisation: Organisation) -> list[Person]:
    return list(Person.objects.for_organisation(organisation).only("id", "name", "preferred_name"))


def _latest_shown(scores: Sequence[AnyRoundScore]) -> AnyRoundScore | None:
    for score in reversed(scores):
        if score.overall.shown:
            return score
    return None


def _steps(current: AnyRoundScore | None, actions: Sequence[Action]) -> list[Step]:
    if current is None or current.bank is None or current.overall.result is None:
        return []
    adopted: Mapping[str, Action] = {a.question_key: a for a in actions}
    names = {c.key: c.name for c in CHARACTERISTICS}
    steps = []
    if isinstance(current, RoundPlacement):
        placement = current.overall.result
        for path_step in placement.steps if placement else ():
            path_question = current.bank.question(path_step.question)
            about = path_step.characteristic
            steps.append(
                Step(
                    step=path_step,
                    question=path_question,
                    characteristic=str(names[about]) if about else "",
                    adopted=adopted.get(path_step.question),
                )
            )
        return steps
    bank = current.bank
    result = current.overall.result
    for step in result.next_steps if result else ():
        question = bank.question(step.question)
        steps.append(
            Step(
                step=step,
                question=question,
                characteristic=str(names[question.characteristic]),
                adopted=adopted.get(step.question),
            )
        )
    return steps


def _side_by_side(score: RoundScore) -> list[CharacteristicRow]:
    """Each characteristic as each group sees it; a hidden group shows nothing."""
    gaps = {gap.key: gap for gap in score.comparison.characteristics}
    rows = []
    for characteristic in CHARACTERISTICS:
        key = characteristic.key
        lived, learnt = score.lived.result, score.learnt.result
        gap = gaps.get(key)
        rows.append(
            CharacteristicRow(
                key=key,
                name=characteristic.name,
                lived=lived.characteristic(key).score if lived else None,
                learnt=learnt.characteristic(key).score if learnt else None,
                gap=gap.gap if gap else None,
                flagged=bool(gap and gap.flagged),
            )
        )
    return rows


# The home page (registered from `apps.py` with `initiatives.home`)


def open_links_for(membership: Membership, person: Person | None) -> list[Response]:
    """The Ladder questions waiting for this person: their links in open rounds that they have
    not sent yet and that have not run out (one query)."""
    if person is None:
        return []
    return list(
        Response.objects.filter(
            organisation_id=membership.organisation_id,
            person=person,
            round__closed_at__isnull=True,
            submitted_at__isnull=True,
            link_expires_at__gt=timezone.now(),
        )
        .select_related("round__initiative")
        .order_by("link_expires_at", "id")
    )
