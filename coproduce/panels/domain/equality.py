"""The only code that reads or writes `EqualityRecord`.

Who may see what (see docs/architecture.md, "Panels"):

- the applicant: can add, replace or delete their own answers with their private link, but a
  page never shows the answers back (a leaked link must not leak special category data);
- staff: counts only, through `diversity_report`, with small-number suppression;
- an organisation admin: one record at a time, through `read_equality_record`, which writes
  an audit entry every time (the entry names the record, never the answers);
- a later selection step: `pool_for_selection`, in code, and only for applicants who gave the
  separate consent to selection;
- an admin (`rules.can_record_equality_answers`) types in answers given on paper or by phone,
  with the consent the applicant gave there (`record_equality_answers(entered_by=...)`);
- `panels.retention` deletes records when their time is up.

Each panel asks with its nation's list of ethnic groups (`panels.nations`); each record keeps
the list it was answered with, so its answers are always read and counted with that list.

Nothing here logs, exports or broadcasts an answer.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext

from coproduce.core.audit import log_action
from coproduce.panels.categories import NO_ANSWER, VERSION, Category
from coproduce.panels.models import (
    Application,
    EqualityRecord,
    Panel,
    PanelMember,
    PanelTarget,
    Route,
    Status,
)
from coproduce.panels.nations import (
    categories_for,
    category_values_for,
    clean_answers_for,
    questions_for,
)
from coproduce.panels.suppression import Breakdown, Cell, State, Thresholds, suppress

if TYPE_CHECKING:
    from coproduce.accounts.models import User

CONSENT_VERSION = "2026-1"  # the purpose and consent wording in templates/panels/_equality_*.html

# Who is "still in the running" for a place, for the selection step.
OPEN_STATUSES = (Status.RECEIVED, Status.CONTACTED, Status.INVITED, Status.WAITING_LIST)


def thresholds() -> Thresholds:
    return Thresholds(
        min_total=settings.PANELS_SUPPRESSION_MIN_TOTAL,
        min_cell=settings.PANELS_SUPPRESSION_MIN_CELL,
    )


@transaction.atomic
def record_equality_answers(
    application: Application,
    answers: dict[str, str],
    *,
    selection_consent: bool,
    collected_via: str = Route.ONLINE,
    actor: User | None = None,
    entered_by: Any = None,
    consent_given_at: datetime.datetime | None = None,
) -> None:
    """Keep an applicant's equality answers, with the explicit consent they gave.

    Online, the applicant gives it just now. `entered_by` is the staff member typing in
    answers from a paper form or a phone call (`collected_via`), and `consent_given_at` when
    the applicant gave consent there (default now). The panel's list of ethnic groups is
    kept with the answers. Replaces any earlier answers for the same application. Unknown
    questions and options are dropped. Side effects: saves the EqualityRecord; logs
    "panels.equality.recorded" (or "panels.equality.entered" for staff) with no answers in it.
    """
    now = timezone.now()
    given = consent_given_at or now
    nation = application.panel.ethnicity_list
    EqualityRecord.objects.update_or_create(
        application=application,
        defaults={
            "organisation": application.organisation,
            "panel": application.panel,
            "answers": clean_answers_for(answers, nation),
            "ethnicity_list": nation,
            "questions_version": VERSION,
            "consent_given_at": given,
            "consent_version": CONSENT_VERSION,
            "selection_consent_at": given if selection_consent else None,
            "collected_via": collected_via,
            "entered_by": entered_by,
        },
    )
    if entered_by is not None:
        log_action(
            application,
            "panels.equality.entered",
            actor=entered_by,
            data={"via": collected_via},
        )
    else:
        log_action(application, "panels.equality.recorded", actor=actor)


def withdraw_equality_answers(application: Application, *, actor: User | None = None) -> bool:
    """Delete an applicant's equality answers because they withdrew consent.

    Returns True if there was something to delete. Side effects: deletes the EqualityRecord;
    logs "panels.equality.withdrawn".
    """
    deleted, _counts = EqualityRecord.objects.filter(application=application).delete()
    if deleted:
        log_action(application, "panels.equality.withdrawn", actor=actor)
    return bool(deleted)


def has_equality_answers(application: Application) -> bool:
    return EqualityRecord.objects.filter(application=application).exists()


def panel_has_equality_answers(panel: Panel) -> bool:
    """True once anyone has answered for this panel (its list of ethnic groups is then fixed)."""
    return EqualityRecord.objects.filter(panel=panel).exists()


@dataclass(frozen=True)
class Consent:
    """How and when someone agreed to us keeping their answers: never the answers."""

    given_at: datetime.datetime
    via: str
    via_label: str
    entered_by: Any
    entered_at: datetime.datetime
    selection_consent_at: datetime.datetime | None

    def summary(self) -> str:
        """When and how they agreed, who typed the answers in, and what they may be used for."""
        if self.entered_by:
            kept = gettext(
                "They agreed to us keeping these answers on %(when)s (%(via)s). "
                "%(who)s typed them in on %(entered)s."
            ) % {
                "when": _day(self.given_at, "j F Y"),
                "via": self.via_label.lower(),
                "who": self.entered_by,
                "entered": _day(self.entered_at, "j F Y"),
            }
        else:
            kept = gettext(
                "They agreed to us keeping these answers on %(when)s, on the online form."
            ) % {"when": _day(self.given_at, "j F Y, H:i")}
        if self.selection_consent_at:
            use = gettext("They also agreed to us using them to help choose a mix of people.")
        else:
            use = gettext("They did not agree to us using them to choose a mix of people.")
        return f"{kept} {use}"


def _day(when: datetime.datetime, how: str) -> str:
    """A date (and time) as the pages show it, in the site's time zone."""
    return date_format(timezone.localtime(when), how)


def equality_consent(application: Application) -> Consent | None:
    """The consent kept with an applicant's answers, for the roles who may open the record."""
    record = (
        EqualityRecord.objects.filter(application=application)
        .select_related("entered_by")
        .only(
            "consent_given_at",
            "collected_via",
            "entered_by",
            "selection_consent_at",
            "application_id",
            "updated_at",
        )
        .first()
    )
    if record is None:
        return None
    return Consent(
        given_at=record.consent_given_at,
        via=record.collected_via,
        via_label=str(record.get_collected_via_display()),
        entered_by=record.entered_by,
        entered_at=record.updated_at,
        selection_consent_at=record.selection_consent_at,
    )


@dataclass(frozen=True)
class AnswerLine:
    question: Promise
    answer: Promise | str


def read_equality_record(application: Application, *, actor: User) -> list[AnswerLine] | None:
    """One applicant's answers, for an admin. The caller has checked the role.

    Side effects: logs "panels.equality.viewed" (who looked at whose record, when).
    """
    record = EqualityRecord.objects.filter(application=application).first()
    if record is None:
        return None
    log_action(application, "panels.equality.viewed", actor=actor)
    lines = []
    for question in questions_for(record.ethnicity_list):
        labels = {option.value: option.label for option in question.options}
        value = record.answers.get(question.key)
        lines.append(AnswerLine(question.text, labels.get(value, "—") if value else "—"))
    return lines


# Reports: counts only, suppressed.


@dataclass(frozen=True)
class ReportRow:
    value: str
    label: Promise
    target: PanelTarget | None
    pool: Cell | None
    members: Cell | None
    pool_status: str  # "below", "within", "above", or "" when it cannot be said


@dataclass(frozen=True)
class CategoryReport:
    key: str
    name: Promise
    rows: list[ReportRow]
    pool: Breakdown
    members: Breakdown


@dataclass(frozen=True)
class DiversityReport:
    categories: list[CategoryReport]
    pool_answered: int | None  # None when fewer than min_total answered
    members_answered: int | None
    thresholds: Thresholds


Answered = tuple[dict[str, str], str]  # the answers, and the list they were given with


def _answers_of_applicants(panel: Panel) -> list[Answered]:
    return list(
        EqualityRecord.objects.filter(panel=panel)
        .exclude(application__status=Status.DRAFT)
        .values_list("answers", "ethnicity_list")
    )


def _answers_of_members(panel: Panel) -> list[Answered]:
    current = PanelMember.objects.filter(panel=panel, ended_on__isnull=True).values(
        "application_id"
    )
    return list(
        EqualityRecord.objects.filter(panel=panel, application_id__in=current).values_list(
            "answers", "ethnicity_list"
        )
    )


def _count(
    answer_sets: list[Answered], categories: tuple[Category, ...]
) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {category.key: Counter() for category in categories}
    for answers, nation in answer_sets:
        for key, value in category_values_for(answers, nation).items():
            counts[key][value] += 1
    return counts


def _status(cell: Cell | None, target: PanelTarget | None) -> str:
    if target is None or cell is None or cell.state != State.SHOWN or cell.percent is None:
        return ""  # a suppressed cell must not be placed inside or outside a range
    if cell.percent < target.min_percent:
        return "below"
    if cell.percent > target.max_percent:
        return "above"
    return "within"


def diversity_report(panel: Panel) -> DiversityReport:
    """Applicants and current members against the panel's targets, as suppressed counts.

    Three queries, whatever the number of applicants. Ethnicity is counted in the groups of
    the panel's list (`Panel.ethnicity_list`); suppression is the same for every list.
    """
    limits = thresholds()
    categories = categories_for(panel.ethnicity_list)
    pool_sets = _answers_of_applicants(panel)
    member_sets = _answers_of_members(panel)
    pool_counts = _count(pool_sets, categories)
    member_counts = _count(member_sets, categories)
    targets = {(t.category, t.value): t for t in PanelTarget.objects.filter(panel=panel)}
    reports = []
    for category in categories:
        keys = [*category.value_keys(), NO_ANSWER]
        pool = suppress({key: pool_counts[category.key][key] for key in keys}, limits)
        members = suppress({key: member_counts[category.key][key] for key in keys}, limits)
        labels = category.labels()
        rows = []
        for key in keys:
            target = targets.get((category.key, key))
            pool_cell = None if pool.withheld else pool.cell(key)
            member_cell = None if members.withheld else members.cell(key)
            rows.append(
                ReportRow(
                    key, labels[key], target, pool_cell, member_cell, _status(pool_cell, target)
                )
            )
        reports.append(CategoryReport(category.key, category.name, rows, pool, members))
    return DiversityReport(
        categories=reports,
        pool_answered=len(pool_sets) if len(pool_sets) >= limits.min_total else None,
        members_answered=len(member_sets) if len(member_sets) >= limits.min_total else None,
        thresholds=limits,
    )


# The later selection step reads this. Keep it plain data.


@dataclass(frozen=True)
class PoolEntry:
    application_id: int
    status: str
    values: dict[str, str] | None  # category key -> value; None without consent to selection


@dataclass(frozen=True)
class TargetRange:
    category: str
    value: str
    min_percent: int
    max_percent: int
    min_people: int | None  # from the panel's places, when set
    max_people: int | None


@dataclass(frozen=True)
class SelectionPool:
    panel_id: int
    places: int | None
    applicants: list[PoolEntry]
    targets: list[TargetRange]


def pool_for_selection(panel: Panel) -> SelectionPool:
    """Applicants still in the running, with their category values, and the panel's targets.

    Only applicants who gave the separate consent to selection have `values`: equality of
    opportunity monitoring (DPA 2018 Sch. 1 para 8) does not cover a decision about one person.
    No names, no contact details: the selection step works on application ids.
    """
    consented = {
        pk: (answers, nation)
        for pk, answers, nation in EqualityRecord.objects.filter(
            panel=panel, selection_consent_at__isnull=False
        ).values_list("application_id", "answers", "ethnicity_list")
    }
    applicants = [
        PoolEntry(
            application_id=pk,
            status=status,
            values=category_values_for(*consented[pk]) if pk in consented else None,
        )
        for pk, status in Application.objects.filter(panel=panel, status__in=OPEN_STATUSES)
        .order_by("id")
        .values_list("id", "status")
    ]
    places = panel.places
    current = {(c.key, v) for c in categories_for(panel.ethnicity_list) for v in c.value_keys()}
    targets = [
        TargetRange(
            category=t.category,
            value=t.value,
            min_percent=t.min_percent,
            max_percent=t.max_percent,
            min_people=-(-places * t.min_percent // 100) if places else None,  # round up
            max_people=places * t.max_percent // 100 if places else None,  # round down
        )
        for t in PanelTarget.objects.filter(panel=panel).order_by("category", "value")
        if (t.category, t.value) in current  # not a group of a list the panel no longer uses
    ]
    return SelectionPool(panel.pk, places, applicants, targets)
