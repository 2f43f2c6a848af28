"""The assurance report for leaders: one organisation, one period, from a fixed number of queries.

`assurance_report_for` reads everything in twenty queries (nineteen when every Ladder placement
it needs is cached), however many initiatives, people
and records there are, then works in Python. Nothing in it names a person: counts only,
and initiatives by title. Figures about people (who took part, who was paid) go through the
panels' small-number suppression (`panels.suppression`, thresholds from settings): fewer than
`PANELS_SUPPRESSION_MIN_TOTAL` people and nothing is shown but that.

The Ladder placement at the start and at the end of the period comes from `placements`: what
the answers sent by then say. Evidence gaps are in one function, `evidence_gaps`: what this
report sees in the period, and the warnings of each initiative's "What the records show"
(`evidence`), with the answers as they stood at the end of the period. The lead's own answers
are not used here: the report counts only what a group said.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.assurance.evidence import Evidence, bank_for, evidence_from, ranks_of
from coproduce.assurance.evidence.records import load_records_for
from coproduce.assurance.placements import Placed, placements_for
from coproduce.assurance.statements import FIGURES
from coproduce.core.models import Organisation
from coproduce.decisions.models import Decision, How
from coproduce.initiatives.models import Capacity, Initiative, Level
from coproduce.initiatives.rungs import RUNGS, Rung, rung_by_key
from coproduce.outcomes.models import Contribution
from coproduce.panels.domain.equality import thresholds
from coproduce.panels.models import Attendance, Meeting
from coproduce.panels.suppression import Breakdown, State, suppress
from coproduce.payments.models import Claim, Status
from coproduce.payments.money import pounds
from coproduce.workshops.models import Participant, Workshop

NOT_SAID = "not_said"  # an initiative with no level, or no claimed approach
NO_RESULT = "no_result"  # no Ladder placement that can be shown


LEVEL_COLUMNS: tuple[tuple[str, Any], ...] = (
    *((level.value, level.label) for level in Level),
    (NOT_SAID, gettext_lazy("Level not said")),
)


@dataclass(frozen=True)
class Period:
    """From `starts_on` to `ends_on`, both days included."""

    starts_on: datetime.date
    ends_on: datetime.date

    @property
    def start(self) -> datetime.datetime:
        return _midnight(self.starts_on)

    @property
    def end(self) -> datetime.datetime:
        """The first moment after the period (exclusive)."""
        return _midnight(self.ends_on + datetime.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def default_period(today: datetime.date) -> Period:
    """The last 12 months, ending today."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return Period(year_ago + datetime.timedelta(days=1), today)


@dataclass(frozen=True)
class Movement:
    """One initiative's Ladder placement at the start and at the end of the period."""

    initiative: Initiative
    start: Rung | None
    end: Rung | None

    @property
    def change(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return self.end.order - self.start.order

    @property
    def label(self) -> str:
        change = self.change
        if self.end is None:
            return _("No result to show")
        if change is None:
            return _("First result in this period")
        if change > 0:
            return _("Up %(n)s") % {"n": change}
        if change < 0:
            return _("Down %(n)s") % {"n": -change}
        return _("No change")


@dataclass(frozen=True)
class Facts:
    """What the records show about one initiative in the period: the input to the gaps."""

    initiative: Initiative
    claimed: Rung | None
    placed: Rung | None
    rounds: int  # Ladder rounds opened by the end of the period
    workshops: int
    meetings: int  # of panels linked to the initiative
    contributions: int
    unanswered: int
    shared_decisions: int


@dataclass(frozen=True)
class Gap:
    initiative: Initiative
    kind: str
    text: str
    records: bool = False  # from the initiative's "What the records show"


@dataclass(frozen=True)
class Decisions:
    total: int
    shared: int
    by_how: list[tuple[str, Any, int]]  # key, label, count


@dataclass(frozen=True)
class Share:
    """Lived and learnt experience among people taking part, suppressed when few."""

    label: Any
    breakdown: Breakdown
    people: int  # distinct people, as far as the records can tell

    @property
    def withheld(self) -> bool:
        return self.breakdown.withheld

    @property
    def lived_percent(self) -> int | None:
        if self.breakdown.withheld:
            return None
        cell = self.breakdown.cell("lived")
        return cell.percent if cell.state == State.SHOWN else None

    def count(self, key: str) -> int | None:
        if self.breakdown.withheld:
            return None
        cell = self.breakdown.cell(key)
        return cell.count if cell.state == State.SHOWN else None

    def state(self, key: str) -> str:
        return "withheld" if self.breakdown.withheld else str(self.breakdown.cell(key).state)


@dataclass(frozen=True)
class Payments:
    withheld: bool
    claims: int | None
    total_pence: int | None
    people: int | None


@dataclass(frozen=True)
class Loops:
    contributions: int
    answered: int
    closed: int  # a response and feedback sent
    median_days_to_response: float | None
    median_days_to_feedback: float | None

    @property
    def closed_percent(self) -> int:
        return round(100 * self.closed / self.contributions) if self.contributions else 0


@dataclass(frozen=True)
class AssuranceReport:
    organisation: Organisation
    period: Period
    initiatives: int
    by_rung: list[tuple[Any, list[int], int]]  # rung name, a count per level column, total
    level_totals: list[int]
    movements: list[Movement]
    gaps: list[Gap]
    decisions: Decisions
    shares: list[Share]  # workshops, meetings, both
    payments: Payments
    loops: Loops
    min_total: int
    figures: tuple = field(default=FIGURES)

    @property
    def moved_up(self) -> int:
        return sum(1 for m in self.movements if (m.change or 0) > 0)

    @property
    def moved_down(self) -> int:
        return sum(1 for m in self.movements if (m.change or 0) < 0)

    @property
    def initiatives_with_gaps(self) -> int:
        return len({gap.initiative.pk for gap in self.gaps})


def assurance_report_for(organisation: Organisation, period: Period) -> AssuranceReport:
    """Everything the report shows for `organisation` in `period`. Twenty queries at most."""
    initiatives = list(
        Initiative.objects.for_organisation(organisation).only(
            "id", "title", "claimed_approach", "level", "organisation_id", "created_at", "stage"
        )
    )
    placements = placements_for(organisation, period.start, period.end)
    start_rungs, end_rungs, rounds = (
        placements.rungs("start"),
        placements.rungs("end"),
        placements.rounds,
    )
    in_period = {"starts_at__gte": period.start, "starts_at__lt": period.end}
    workshops = Counter(
        dict(
            Workshop.objects.for_organisation(organisation)
            .filter(**in_period)
            .values_list("initiative_id")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    meetings = Counter(
        dict(
            Meeting.objects.for_organisation(organisation)
            .filter(cancelled_at__isnull=True, panel__initiatives__isnull=False, **in_period)
            .values_list("panel__initiatives")
            .annotate(n=Count("id", distinct=True))
            .order_by()
        )
    )
    contributions = list(
        Contribution.objects.for_organisation(organisation)
        .filter(said_on__gte=period.starts_on, said_on__lte=period.ends_on)
        .annotate(first_feedback=Min("feedback__sent_on"))
        .values_list("initiative_id", "said_on", "first_response_on", "first_feedback")
        .order_by()
    )
    decisions = list(
        Decision.objects.for_organisation(organisation)
        .filter(decided_on__gte=period.starts_on, decided_on__lte=period.ends_on)
        .values_list("initiative_id", "how")
        .order_by()
    )
    said: Counter[int] = Counter()
    unanswered: Counter[int] = Counter()
    for initiative_id, _said_on, answered_on, _feedback in contributions:
        if initiative_id is not None:
            said[initiative_id] += 1
            unanswered[initiative_id] += answered_on is None
    shared = Counter(i for i, how in decisions if i is not None and how in How.shared())
    facts = [
        Facts(
            initiative=initiative,
            claimed=rung_by_key(initiative.claimed_approach)
            if initiative.claimed_approach
            else None,
            placed=end_rungs.get(initiative.pk),
            rounds=rounds.get(initiative.pk, 0),
            workshops=workshops[initiative.pk],
            meetings=meetings[initiative.pk],
            contributions=said[initiative.pk],
            unanswered=unanswered[initiative.pk],
            shared_decisions=shared[initiative.pk],
        )
        for initiative in initiatives
    ]
    evidence = _evidence(organisation, initiatives, placements.end)
    limits = thresholds()
    by_rung, level_totals = _by_rung_and_level(initiatives, end_rungs)
    return AssuranceReport(
        organisation=organisation,
        period=period,
        initiatives=len(initiatives),
        by_rung=by_rung,
        level_totals=level_totals,
        movements=[Movement(i, start_rungs.get(i.pk), end_rungs.get(i.pk)) for i in initiatives],
        gaps=evidence_gaps(facts, evidence),
        decisions=_decisions(decisions),
        shares=_shares(organisation, period, limits.min_total),
        payments=_payments(organisation, period, limits.min_total),
        loops=_loops(contributions),
        min_total=limits.min_total,
    )


def evidence_gaps(
    facts: Iterable[Facts], evidence: Mapping[int, Evidence] | None = None
) -> list[Gap]:
    """Where what the organisation says about an initiative outruns what its records show.

    What this report sees in the period: a claimed rung above the Ladder's placement, no
    Ladder round at all, no workshop or panel meeting in the period, things people said with
    no response, and a "doing with" rung claimed with no decision taken with people. Then,
    from `evidence` (by initiative id), each warning of the initiative's "What the records
    show" that anyone may read, unless a gap above already says the same. A missing record
    means the platform cannot tell, not that it did not happen: the words say so.
    """
    evidence = evidence or {}
    gaps = []
    doing_with = {rung.key for rung in RUNGS if rung.group == "doing_with"}
    for fact in facts:
        initiative = fact.initiative
        if fact.claimed and fact.placed and fact.claimed.order > fact.placed.order:
            gaps.append(
                Gap(
                    initiative,
                    "claim_above_ladder",
                    _("We call it %(claimed)s. The Ladder answers place it at %(placed)s.")
                    % {"claimed": fact.claimed.name, "placed": fact.placed.name},
                )
            )
        if fact.rounds == 0:
            gaps.append(
                Gap(
                    initiative,
                    "no_ladder_round",
                    _("No Ladder round yet, so nobody has been asked how much say they have."),
                )
            )
        if fact.workshops == 0 and fact.meetings == 0:
            gaps.append(
                Gap(
                    initiative,
                    "no_workshop_or_meeting",
                    _(
                        "No workshop or panel meeting is recorded in this period. The platform "
                        "cannot tell if people met in another way."
                    ),
                )
            )
        if fact.unanswered:
            gaps.append(
                Gap(
                    initiative,
                    "no_response",
                    _("%(n)s of %(total)s things people said in this period have no response.")
                    % {"n": fact.unanswered, "total": fact.contributions},
                )
            )
        if fact.claimed and fact.claimed.key in doing_with and fact.shared_decisions == 0:
            gaps.append(
                Gap(
                    initiative,
                    "no_shared_decision",
                    _(
                        "We call it %(claimed)s, but no decision in this period is recorded as "
                        "taken jointly, by a panel or by a vote."
                    )
                    % {"claimed": fact.claimed.name},
                )
            )
        found = evidence.get(initiative.pk)
        said = {gap.kind for gap in gaps if gap.initiative is initiative}
        for line in found.public_warnings if found else ():
            if SAID_ALREADY.get(line.key) in said:
                continue
            gaps.append(Gap(initiative, f"records:{line.key}", line.warning, records=True))
    return gaps


# An evidence warning left out of the report's gaps when the gap named beside it is there.
SAID_ALREADY = {"equal_say:equal": "no_shared_decision"}


def _evidence(
    organisation: Organisation, initiatives: Sequence[Initiative], placed: Mapping[int, Placed]
) -> dict[int, Evidence]:
    """Each initiative's "What the records show", beside everyone's answers at the end of the
    period and the name it is given. Ten queries, however many initiatives."""
    records = load_records_for(organisation, initiatives)
    found = {}
    for initiative in initiatives:
        at_end = placed.get(initiative.pk)
        given = at_end.answers if at_end is not None else {}
        bank = bank_for(at_end.bank_version if given and at_end is not None else None)
        source = _("everyone’s answers at the end of the period") if given else ""
        claimed = rung_by_key(initiative.claimed_approach) if initiative.claimed_approach else None
        found[initiative.pk] = evidence_from(
            records[initiative.pk], bank, ranks_of(bank, given), source, claimed
        )
    return found


def _by_rung_and_level(
    initiatives: Sequence[Initiative], rungs: dict[int, Rung]
) -> tuple[list[tuple[Any, list[int], int]], list[int]]:
    columns = [key for key, _label in LEVEL_COLUMNS]
    cells: Counter[tuple[str, str]] = Counter(
        (
            rungs[i.pk].key if i.pk in rungs else NO_RESULT,
            i.level or NOT_SAID,
        )
        for i in initiatives
    )
    rows = []
    for key, name in [(r.key, r.name) for r in reversed(RUNGS)] + [
        (NO_RESULT, gettext_lazy("No Ladder result yet"))
    ]:
        counts = [cells[(key, column)] for column in columns]
        rows.append((name, counts, sum(counts)))
    totals = [sum(row[1][index] for row in rows) for index in range(len(columns))]
    return rows, totals


def _decisions(decisions: Sequence[tuple[int | None, str]]) -> Decisions:
    by_how = Counter(how for _initiative, how in decisions)
    return Decisions(
        total=len(decisions),
        shared=sum(by_how[how] for how in How.shared()),
        by_how=[(how.value, how.label, by_how[how.value]) for how in How],
    )


def _shares(organisation: Organisation, period: Period, min_total: int) -> list[Share]:
    """Lived and learnt experience at workshops and at panel meetings, apart and together.

    Workshop places taken anonymously cannot be told apart, so each counts as one person.
    """
    lived = Q(capacity__in=Capacity.lived())
    workshop = (
        Participant.objects.for_organisation(organisation)
        .filter(workshop__starts_at__gte=period.start, workshop__starts_at__lt=period.end)
        .aggregate(
            lived=Count("id", filter=lived),
            learnt=Count("id", filter=~lived),
            named=Count("person", distinct=True),
            anonymous=Count("id", filter=Q(person__isnull=True)),
        )
    )
    meeting = (
        Attendance.objects.for_organisation(organisation)
        .filter(
            status=Attendance.Status.ATTENDED,
            meeting__cancelled_at__isnull=True,
            meeting__starts_at__gte=period.start,
            meeting__starts_at__lt=period.end,
        )
        .aggregate(
            lived=Count("id", filter=Q(capacity=Attendance.Capacity.LIVED)),
            learnt=Count("id", filter=~Q(capacity=Attendance.Capacity.LIVED)),
            people=Count("person", distinct=True),
        )
    )
    workshop_people = workshop["named"] + workshop["anonymous"]
    parts = [
        (gettext_lazy("At workshops"), workshop["lived"], workshop["learnt"], workshop_people),
        (gettext_lazy("At panel meetings"), meeting["lived"], meeting["learnt"], meeting["people"]),
        (
            gettext_lazy("Both together"),
            workshop["lived"] + meeting["lived"],
            workshop["learnt"] + meeting["learnt"],
            # Someone at both is counted twice here; the smaller figure decides suppression.
            max(workshop_people, meeting["people"]),
        ),
    ]
    shares = []
    for label, lived_count, learnt_count, people in parts:
        breakdown = suppress({"lived": lived_count, "learnt": learnt_count}, thresholds())
        if people < min_total:
            breakdown = Breakdown(withheld=True, total=None, cells=())
        shares.append(Share(label=label, breakdown=breakdown, people=people))
    return shares


def _payments(organisation: Organisation, period: Period, min_total: int) -> Payments:
    paid = (
        Claim.objects.for_organisation(organisation)
        .filter(status=Status.PAID, paid_on__gte=period.starts_on, paid_on__lte=period.ends_on)
        .aggregate(
            claims=Count("id"),
            total=Coalesce(
                Sum(Coalesce(F("payable_fee_pence"), F("fee_pence")) + F("expenses_pence")), 0
            ),
            people=Count("person", distinct=True),
        )
    )
    if paid["people"] < min_total:
        return Payments(withheld=True, claims=None, total_pence=None, people=None)
    return Payments(
        withheld=False, claims=paid["claims"], total_pence=paid["total"], people=paid["people"]
    )


def _loops(
    contributions: Sequence[tuple[int | None, datetime.date, datetime.date | None, Any]],
) -> Loops:
    to_response = [
        (answered - said).days for _i, said, answered, _f in contributions if answered is not None
    ]
    to_feedback = [
        (feedback - said).days
        for _i, said, answered, feedback in contributions
        if answered is not None and feedback is not None
    ]
    return Loops(
        contributions=len(contributions),
        answered=len(to_response),
        closed=len(to_feedback),
        median_days_to_response=statistics.median(to_response) if to_response else None,
        median_days_to_feedback=statistics.median(to_feedback) if to_feedback else None,
    )


def whole_days(days: float | None) -> int | None:
    """A median in whole days, half up (2.5 days shows as 3)."""
    return None if days is None else int(days + 0.5)


def report_rows(report: AssuranceReport) -> list[list[str]]:
    """The report's figures as rows for a spreadsheet: section, figure, value, statements."""
    figures = {figure.key: figure for figure in report.figures}

    def cite(key: str) -> str:
        return "; ".join(s.title for s in figures[key].regulator_statements())

    withheld = _("Not shown: fewer than %(n)s people") % {"n": report.min_total}
    columns = [str(label) for _key, label in LEVEL_COLUMNS]
    rungs, said = str(figures["rungs"].name), str(figures["decisions"].name)
    rows: list[list[str]] = [
        ["Period", "From", report.period.starts_on.isoformat(), ""],
        ["Period", "To", report.period.ends_on.isoformat(), ""],
        [rungs, "Initiatives", str(report.initiatives), cite("rungs")],
    ]
    for name, counts, total in report.by_rung:
        for column, count in zip(columns, counts, strict=True):
            rows.append([rungs, f"{name}: {column}", str(count), cite("rungs")])
        rows.append([rungs, f"{name}: all levels", str(total), cite("rungs")])
    for movement in report.movements:
        rows.append(
            [
                str(figures["movement"].name),
                movement.initiative.title,
                f"{_name(movement.start)} -> {_name(movement.end)} ({movement.label})",
                cite("movement"),
            ]
        )
    for gap in report.gaps:
        rows.append([str(figures["gaps"].name), gap.initiative.title, gap.text, cite("gaps")])
    decisions = report.decisions
    rows.append([said, "All decisions", str(decisions.total), ""])
    rows.append([said, "Taken with people", str(decisions.shared), cite("decisions")])
    for _key, label, count in decisions.by_how:
        rows.append([said, str(label), str(count), cite("decisions")])
    for share in report.shares:
        values = (
            ("lived experience", share.count("lived")),
            ("learnt experience", share.count("learnt")),
            ("lived experience share (%)", share.lived_percent),
        )
        for label, value in values:
            shown = "hidden" if value is None else str(value)
            rows.append(
                [
                    str(figures["lived"].name),
                    f"{share.label}: {label}",
                    withheld if share.withheld else shown,
                    cite("lived"),
                ]
            )
    paid = report.payments
    money: tuple[tuple[str, object], ...] = (
        ("Paid claims", paid.claims),
        ("Total paid (GBP)", pounds(paid.total_pence, symbol=False)),
        ("People paid", paid.people),
    )
    for label, amount in money:
        rows.append(
            [
                str(figures["payments"].name),
                label,
                withheld if paid.withheld else str(amount),
                cite("payments"),
            ]
        )
    loops = report.loops
    for label, value in (
        ("Things people said", loops.contributions),
        ("With a response", loops.answered),
        ("Loops closed (response and feedback sent)", loops.closed),
        ("Median days to a response", whole_days(loops.median_days_to_response)),
        ("Median days to feedback", whole_days(loops.median_days_to_feedback)),
    ):
        rows.append(
            [str(figures["loops"].name), label, "" if value is None else str(value), cite("loops")]
        )
    return rows


def _name(rung: Rung | None) -> str:
    return str(rung.name) if rung else "none"
