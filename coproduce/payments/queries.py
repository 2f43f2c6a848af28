"""Reusable reads for payments: rates in force, preferences, limits, finance figures."""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.core.models import Membership, Organisation
from coproduce.initiatives.home import ToDo
from coproduce.panels.models import Panel
from coproduce.panels.roles import PanelRate
from coproduce.payments.models import (
    ActivityType,
    Claim,
    LimitPeriod,
    PanelBudget,
    PaymentChoice,
    PaymentPreference,
    PaymentRun,
    PaymentSettings,
    Rate,
    Status,
    Unit,
)
from coproduce.payments.money import pounds
from coproduce.payments.rules import can_check_claims, can_run_finance
from coproduce.payments.working_days import (
    add_working_days,
    overdue_cutoff,
    working_days_between,
)
from coproduce.people.models import Person


def settings_for(organisation: Organisation) -> PaymentSettings:
    """The organisation's payment settings (the defaults until an admin changes them)."""
    found, _created = PaymentSettings.objects.get_or_create(organisation=organisation)
    return found


def rate_on(organisation: Organisation, activity_type: str, day: datetime.date) -> Rate | None:
    """The rate for this kind of activity in force on `day`, or None."""
    return (
        Rate.objects.filter(
            organisation=organisation, activity_type=activity_type, valid_from__lte=day
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from", "-id")
        .first()
    )


def panel_meeting_rate(panel: Panel) -> PanelRate | None:
    """The rate for a panel meeting today, for the role description (`panels.roles`)."""
    rate = rate_on(panel.organisation, ActivityType.MEETING, timezone.localdate())
    if rate is None:
        return None
    return PanelRate(rate.amount_pence, str(Unit(rate.unit).label))


def rates_in_force(organisation: Organisation, day: datetime.date) -> list[Rate]:
    """One rate a kind of activity (those that have one on `day`), in the order of the kinds."""
    order = {value: i for i, value in enumerate(ActivityType.values)}
    rates = Rate.objects.filter(organisation=organisation, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    best: dict[str, Rate] = {}
    for rate in rates.order_by("valid_from", "id"):
        best[rate.activity_type] = rate
    return sorted(best.values(), key=lambda rate: order[rate.activity_type])


def preference_for(person: Person) -> PaymentPreference | None:
    """The person's payment preference in force (their newest), or None."""
    return PaymentPreference.objects.filter(person=person).order_by("-created_at", "-id").first()


def person_for_user(organisation: Organisation, user: Any) -> Person | None:
    return Person.objects.filter(organisation=organisation, user=user).first()


def claims_for_person(person: Person) -> QuerySet[Claim]:
    return (
        Claim.objects.filter(person=person)
        .select_related("panel")
        .order_by("-activity_date", "-id")
    )


@dataclass(frozen=True)
class LimitWarning:
    limit_pence: int
    period: str
    starts_on: datetime.date
    ends_on: datetime.date
    others_pence: int
    this_pence: int

    @property
    def total_pence(self) -> int:
        return self.others_pence + self.this_pence

    @property
    def period_label(self) -> str:
        return str(LimitPeriod(self.period).label)


def period_around(day: datetime.date, period: str) -> tuple[datetime.date, datetime.date]:
    """The week (Monday to Sunday) or calendar month that holds `day`."""
    if period == LimitPeriod.WEEK:
        start = day - datetime.timedelta(days=day.weekday())
        return start, start + datetime.timedelta(days=6)
    start = day.replace(day=1)
    next_month = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, next_month - datetime.timedelta(days=1)


def limit_warning(claim: Claim, preference: PaymentPreference | None) -> LimitWarning | None:
    """A warning when this claim's fee would take the person past the limit they noted.

    Counts fees only (expenses are not income), of claims sent, agreed or paid for activities
    in the same week or month. A warning, never a block: the person decides.
    """
    if preference is None or preference.limit_pence is None or not preference.limit_period:
        return None
    start, end = period_around(claim.activity_date, preference.limit_period)
    others = 0
    rows = (
        Claim.objects.filter(
            person_id=claim.person_id,
            status__in=Status.counted(),
            activity_date__range=(start, end),
        )
        .exclude(pk=claim.pk)
        .values_list("fee_pence", "payable_fee_pence")
    )
    for fee, payable in rows:
        others += preference.payable_fee(fee) if payable is None else payable
    this = (
        preference.payable_fee(claim.fee_pence)
        if claim.payable_fee_pence is None
        else claim.payable_fee_pence
    )
    if others + this <= preference.limit_pence:
        return None
    return LimitWarning(preference.limit_pence, preference.limit_period, start, end, others, this)


# Finance


def claims_to_pay(organisation: Organisation) -> QuerySet[Claim]:
    """Approved claims not paid yet, oldest activity first: what the export carries."""
    return Claim.objects.filter(organisation=organisation, status=Status.APPROVED).order_by(
        "activity_date", "id"
    )


# Column names in plain words: finance staff read this file in a spreadsheet.
EXPORT_HEADER = [
    "Claim",
    "Person number",
    "Name",
    "Date of the activity",
    "Activity",
    "Panel",
    "How to pay",
    "Charity to pay",
    "Finance reference",
    "Fee (£)",
    "Expenses (£)",
    "Total (£)",
    "Agreed on",
    "Cost code",
    "Payment run",
]


def _cost_codes(organisation: Organisation) -> dict[tuple[int, datetime.date], str]:
    """Each panel's own cost code by financial year, where its budget has one."""
    return {
        (panel_id, starts_on): code
        for panel_id, starts_on, code in PanelBudget.objects.filter(organisation=organisation)
        .exclude(cost_code="")
        .values_list("panel_id", "year_starts_on", "cost_code")
    }


def export_rows(
    organisation: Organisation, *, run: PaymentRun | None = None, chunk_size: int = 2000
) -> Iterator[list[str]]:
    """Rows of the finance export: the agreed claims to pay, or the claims of one run.

    Three queries, the claims read in chunks. Amounts are pounds with two decimals and no
    symbol, so a spreadsheet reads them as numbers. Codes become their plain labels. The
    cost code is the panel's budget's for that financial year, or the organisation's usual
    one. No bank details: finance matches `finance_reference` to their own records.
    """
    kinds = dict(ActivityType.choices)
    methods = {"": "Not chosen yet: ask them", **dict(PaymentChoice.choices)}
    usual_code = settings_for(organisation).cost_code
    codes = _cost_codes(organisation)
    claims = (
        claims_to_pay(organisation)
        if run is None
        else Claim.objects.filter(organisation=organisation, payment_run=run).order_by(
            "activity_date", "id"
        )
    )
    rows = claims.values_list(
        "pk",
        "person_id",
        "person__name",
        "activity_date",
        "activity_type",
        "panel_id",
        "panel__name",
        "payment_method",
        "charity_name",
        "finance_reference",
        "payable_fee_pence",
        "expenses_pence",
        "approved_at",
        "payment_run__reference",
    ).iterator(chunk_size=chunk_size)
    for row in rows:
        pk, person_id, name, day, kind, panel_id, panel, method, charity, reference = row[:10]
        fee, spent, at, run_reference = row[10:]
        code = codes.get((panel_id, financial_year_start(day)), usual_code)
        yield [
            f"C{pk:06d}",
            str(person_id),
            name,
            day.isoformat(),
            str(kinds.get(kind, kind)),
            panel or "",
            str(methods.get(method, method)),
            charity,
            reference,
            pounds(fee, symbol=False),
            pounds(spent, symbol=False),
            pounds((fee or 0) + spent, symbol=False),
            at.date().isoformat() if at else "",
            code,
            run_reference or "",
        ]


@dataclass
class RunLine:
    run: PaymentRun
    claims: int
    pence: int


def payment_runs(organisation: Organisation, *, limit: int = 12) -> list[RunLine]:
    """The latest payment runs with their number of claims and money: one query."""
    runs = (
        PaymentRun.objects.filter(organisation=organisation)
        .annotate(
            claim_count=Count("claims"),
            fees=Coalesce(Sum("claims__payable_fee_pence"), 0),
            spent=Coalesce(Sum("claims__expenses_pence"), 0),
        )
        .order_by("-created_at", "-id")[:limit]
    )
    return [RunLine(run, run.claim_count, run.fees + run.spent) for run in runs]


@dataclass
class FinanceSummary:
    counts: dict[str, int]
    totals: dict[str, int]
    overdue: int
    overdue_cutoff: datetime.date
    target_days: int
    paid_recently: int
    median_days_to_pay: float | None
    paid_within_target: int


def finance_summary(organisation: Organisation, *, today: datetime.date) -> FinanceSummary:
    """Counts and money by status, overdue claims, and how fast the last year's were paid.

    Three queries (settings, the status figures, paid claims of the last 365 days).
    """
    settings = settings_for(organisation)
    cutoff = overdue_cutoff(today, settings.target_working_days)
    figures = Claim.objects.filter(organisation=organisation).aggregate(
        **{f"n_{status}": Count("id", filter=Q(status=status)) for status in Status.values},
        **{
            f"t_{status}": Coalesce(
                Sum(
                    Coalesce(F("payable_fee_pence"), F("fee_pence")) + F("expenses_pence"),
                    filter=Q(status=status),
                ),
                0,
            )
            for status in Status.values
        },
        overdue=Count("id", filter=Q(status__in=Status.waiting(), activity_date__lte=cutoff)),
    )
    paid = list(
        Claim.objects.filter(
            organisation=organisation,
            status=Status.PAID,
            paid_on__gte=today - datetime.timedelta(days=365),
        ).values_list("activity_date", "paid_on")
    )
    days = [working_days_between(start, end) for start, end in paid if end is not None]
    return FinanceSummary(
        counts={status: figures[f"n_{status}"] for status in Status.values},
        totals={status: figures[f"t_{status}"] for status in Status.values},
        overdue=figures["overdue"],
        overdue_cutoff=cutoff,
        target_days=settings.target_working_days,
        paid_recently=len(days),
        median_days_to_pay=statistics.median(days) if days else None,
        paid_within_target=sum(1 for d in days if d <= settings.target_working_days),
    )


def claims_in_queue(organisation: Organisation, status: str) -> QuerySet[Claim]:
    return (
        Claim.objects.filter(organisation=organisation, status=status)
        .select_related("person", "panel")
        .order_by("activity_date", "id")
    )


def overdue_claims(organisation: Organisation, *, today: datetime.date) -> QuerySet[Claim]:
    cutoff = overdue_cutoff(today, settings_for(organisation).target_working_days)
    return (
        Claim.objects.filter(
            organisation=organisation, status__in=Status.waiting(), activity_date__lte=cutoff
        )
        .select_related("person", "panel")
        .order_by("activity_date", "id")
    )


def financial_year_start(day: datetime.date) -> datetime.date:
    """Councils' financial year starts on 1 April."""
    return datetime.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def tax_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The UK tax year that starts on 6 April `year`."""
    return datetime.date(year, 4, 6), datetime.date(year + 1, 4, 5)


# The years a statement or budget page may show (?year=); links never lead outside them.
FIRST_YEAR = 2000
LAST_YEAR = 2100


def years_beside(year: int) -> dict[str, int | None]:
    """The year before and the year after `year`, each None when outside the pages' range."""
    return {
        "previous": year - 1 if year - 1 >= FIRST_YEAR else None,
        "next": year + 1 if year + 1 <= LAST_YEAR else None,
    }


def tax_year_of(day: datetime.date) -> int:
    return day.year if (day.month, day.day) >= (4, 6) else day.year - 1


@dataclass
class BudgetLine:
    panel: Panel
    budget_pence: int | None
    spent_pence: int
    committed_pence: int

    @property
    def left_pence(self) -> int | None:
        if self.budget_pence is None:
            return None
        return self.budget_pence - self.spent_pence - self.committed_pence

    @property
    def over(self) -> bool:
        return self.left_pence is not None and self.left_pence < 0


def budget_lines(organisation: Organisation, year_starts_on: datetime.date) -> list[BudgetLine]:
    """Each panel's budget for the financial year, what is paid, and what is agreed or sent
    but not paid yet (committed). Three queries."""
    year_ends_on = datetime.date(year_starts_on.year + 1, 3, 31)
    budgets = dict(
        PanelBudget.objects.filter(
            organisation=organisation, year_starts_on=year_starts_on
        ).values_list("panel_id", "amount_pence")
    )
    money = Coalesce(F("payable_fee_pence"), F("fee_pence")) + F("expenses_pence")
    spend: dict[int, tuple[int, int]] = {
        panel_id: (paid, committed)
        for panel_id, paid, committed in Claim.objects.filter(
            organisation=organisation,
            panel__isnull=False,
            activity_date__range=(year_starts_on, year_ends_on),
        )
        .values("panel_id")
        .annotate(
            paid=Coalesce(Sum(money, filter=Q(status=Status.PAID)), 0),
            committed=Coalesce(Sum(money, filter=Q(status__in=Status.waiting())), 0),
        )
        .values_list("panel_id", "paid", "committed")
    }
    return [
        BudgetLine(
            panel,
            budgets.get(panel.pk),
            *spend.get(panel.pk, (0, 0)),
        )
        for panel in Panel.objects.filter(organisation=organisation).order_by("name", "id")
    ]


@dataclass
class Statement:
    person: Person
    year: int
    starts_on: datetime.date
    ends_on: datetime.date
    claims: list[Claim]

    @property
    def fees_pence(self) -> int:
        return sum(claim.payable_fee_pence or 0 for claim in self.claims)

    @property
    def expenses_pence(self) -> int:
        return sum(claim.expenses_pence for claim in self.claims)

    @property
    def total_pence(self) -> int:
        return self.fees_pence + self.expenses_pence


def statement_for(person: Person, year: int) -> Statement:
    """Everything paid to this person in the tax year starting 6 April `year`, by payment date."""
    start, end = tax_year_bounds(year)
    claims = list(
        Claim.objects.filter(person=person, status=Status.PAID, paid_on__range=(start, end))
        .select_related("panel")
        .order_by("paid_on", "id")
    )
    return Statement(person, year, start, end, claims)


# The home page (registered from `apps.py` with `initiatives.home`)


@dataclass(frozen=True)
class MemberClaims:
    """A member's claims on their home: the latest few, and those with a question for them."""

    recent: list[Claim]
    queried: list[Claim]


def member_claims_for(membership: Membership, person: Person | None) -> MemberClaims | None:
    """The person's five latest claims and any we have a question about (two queries)."""
    if person is None:
        return None
    claims = claims_for_person(person)
    return MemberClaims(recent=list(claims[:5]), queried=list(claims.filter(status=Status.QUERIED)))


def payment_to_dos(
    membership: Membership, person: Person | None, today: datetime.date
) -> list[ToDo]:
    """Claims to check (staff) and, for admins, agreed claims waiting to be paid: how many,
    and the day the oldest reaches the payment target (two queries)."""
    if not can_check_claims(membership):
        return []
    org = membership.organisation
    # Read, not get_or_create: a home page never writes.
    target = PaymentSettings.objects.filter(organisation=org).values_list(
        "target_working_days", flat=True
    ).first() or int(PaymentSettings._meta.get_field("target_working_days").default)
    statuses = (
        [Status.SUBMITTED, Status.APPROVED] if can_run_finance(membership) else [Status.SUBMITTED]
    )
    rows = (
        Claim.objects.filter(organisation=org, status__in=statuses)
        .values("status")
        .annotate(n=Count("id"), oldest=Min("activity_date"))
        .order_by("status")
    )
    why = _(
        "We aim to pay within %(days)d working days of the activity. The oldest was on %(day)s."
    )
    items = []
    for row in rows:
        checking = row["status"] == Status.SUBMITTED
        what = (
            ngettext("%(n)d claim to check", "%(n)d claims to check", row["n"])
            if checking
            else ngettext(
                "%(n)d agreed claim to pay",
                "%(n)d agreed claims to pay",
                row["n"],
            )
        )
        items.append(
            ToDo(
                what=what % {"n": row["n"]},
                why=why % {"days": target, "day": date_format(row["oldest"], "l j F")},
                due=add_working_days(row["oldest"], target),
                url=reverse("payments_queue", args=[org.slug])
                + ("?status=submitted" if checking else "?status=approved"),
                kind="claims" if checking else "finance",
            )
        )
    return items
