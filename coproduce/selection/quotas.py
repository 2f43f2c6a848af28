"""Checks on quotas before any solver runs, and the small-groups preview. Pure functions.

Every message is plain English and names the group, so a coordinator can fix it. The checks
catch what needs no optimisation: N larger than the pool, minimums adding up to more than N,
a group with fewer applicants than its minimum, a value with no range. Targets that only
clash in combination are found by the solver (see adapter.QuotasInfeasible), which also
suggests the smallest change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.selection.adapter import Change, Problem, same_words

NOT_GIVEN = "not_given"  # applicants who did not agree to their answers being used to choose
NO_ANSWER = "no_answer"  # applicants who agreed but skipped or preferred not to say


@dataclass(frozen=True)
class Labels:
    """How to name categories and values on the page (category -> name; (cat, value) -> label)."""

    categories: Mapping[str, str]
    values: Mapping[tuple[str, str], str]

    def category(self, key: str) -> str:
        return str(self.categories.get(key, key))

    def value(self, category: str, value: str) -> str:
        return str(self.values.get((category, value), value))


@dataclass(frozen=True)
class Issue:
    code: str
    message: str
    category: str = ""
    value: str = ""
    blocking: bool = True


def counts(problem: Problem) -> dict[str, Counter[str]]:
    """How many applicants have each value, per category."""
    result: dict[str, Counter[str]] = {c: Counter() for c in problem.quotas}
    for values in problem.people.values():
        for category in problem.quotas:
            result[category][values.get(category, "")] += 1
    return result


def validate(problem: Problem, labels: Labels) -> list[Issue]:
    """Everything wrong with these quotas that can be said without a solver.

    Blocking issues stop the run; the others are notes for the coordinator.
    """
    issues: list[Issue] = []
    seats, pool = problem.seats, len(problem.people)
    if seats < 1:
        issues.append(Issue("no_seats", _("Choose at least 1 place to fill.")))
    elif seats > pool:
        issues.append(Issue("too_few_people", too_few_people(seats, pool)))
    by_value = counts(problem)
    for category, quotas in problem.quotas.items():
        name = labels.category(category)
        unknown = sorted(set(by_value[category]) - set(quotas))
        for value in unknown:
            issues.append(
                Issue(
                    "value_without_range",
                    _(
                        "Some applicants have the answer “%(value)s” for %(category)s, "
                        "but it has no range. Add a range for it."
                    )
                    % {"value": labels.value(category, value) or _("blank"), "category": name},
                    category,
                    value,
                )
            )
        seen = sorted(set(by_value[category]) | set(quotas))
        groups: dict[str, list[str]] = {}
        for value in seen:
            groups.setdefault(same_words(value), []).append(value)
        for alike in (g for g in groups.values() if len(g) > 1):
            issues.append(
                Issue(
                    "values_look_the_same",
                    _(
                        "In %(category)s, the answers %(answers)s are the same apart from "
                        "capital letters or spaces, so the selection cannot tell them apart. "
                        "Take %(category)s out of this selection."
                    )
                    % {
                        "category": name,
                        "answers": _(" and ").join(f"“{labels.value(category, v)}”" for v in alike),
                    },
                    category,
                )
            )
        answered = sum(
            n for value, n in by_value[category].items() if value not in (NOT_GIVEN, NO_ANSWER)
        )
        if pool and answered == 0:
            issues.append(Issue("category_without_answers", nobody_answered(name), category))
        low = sum(q.min for q in quotas.values())
        high = sum(q.max for q in quotas.values())
        if low > seats:
            issues.append(
                Issue(
                    "minimums_too_high",
                    _(
                        "The lowest numbers for %(category)s add up to %(total)s, but the panel "
                        "has only %(seats)s seats. Make some of them smaller."
                    )
                    % {"category": name, "total": low, "seats": seats},
                    category,
                )
            )
        if high < seats:
            issues.append(
                Issue(
                    "maximums_too_low",
                    _(
                        "The highest numbers for %(category)s add up to %(total)s, so %(seats)s "
                        "seats cannot be filled. Make some of them bigger."
                    )
                    % {"category": name, "total": high, "seats": seats},
                    category,
                )
            )
        for value, quota in quotas.items():
            group = labels.value(category, value)
            have = by_value[category].get(value, 0)
            if quota.min > quota.max:
                issues.append(
                    Issue(
                        "min_above_max",
                        _(
                            "%(category)s, %(group)s: the lowest number (%(min)s) is more than "
                            "the highest (%(max)s)."
                        )
                        % {"category": name, "group": group, "min": quota.min, "max": quota.max},
                        category,
                        value,
                    )
                )
            if quota.floor > quota.min or (quota.ceiling is not None and quota.ceiling < quota.max):
                issues.append(
                    Issue(
                        "limit_outside_range",
                        _(
                            "%(category)s, %(group)s: the limits for changes must be outside the "
                            "range (never more than the lowest number, never less than the "
                            "highest)."
                        )
                        % {"category": name, "group": group},
                        category,
                        value,
                    )
                )
            if quota.min > have:
                if have == 0:
                    message = _(
                        "Nobody in the pool is in the group %(group)s (%(category)s), but you "
                        "asked for at least %(min)s. Find applicants from this group, or make "
                        "the lowest number 0."
                    )
                else:
                    message = ngettext(
                        "You asked for at least %(min)s people in the group %(group)s "
                        "(%(category)s), but only %(have)s applicant is in it.",
                        "You asked for at least %(min)s people in the group %(group)s "
                        "(%(category)s), but only %(have)s applicants are in it.",
                        have,
                    )
                issues.append(
                    Issue(
                        "group_too_small",
                        message
                        % {"group": group, "category": name, "min": quota.min, "have": have},
                        category,
                        value,
                    )
                )
    not_given = sum(
        1 for values in problem.people.values() if any(v == NOT_GIVEN for v in values.values())
    )
    if not_given and problem.quotas:
        issues.append(
            Issue(
                "not_given",
                ngettext(
                    "%(n)s applicant did not agree to us using their answers to choose. In "
                    "every category they count as “Not given”, which has its own range.",
                    "%(n)s applicants did not agree to us using their answers to choose. In "
                    "every category they count as “Not given”, which has its own range.",
                    not_given,
                )
                % {"n": not_given},
                blocking=False,
            )
        )
    return issues


def nobody_answered(category: str) -> str:
    return _(
        "Nobody in the pool has told us their %(category)s, so it cannot help choose a mix. "
        "Take this category out."
    ) % {"category": category}


def too_few_people(seats: int, pool: int) -> str:
    """The words for asking for more people than have applied (here and on the first form)."""
    if pool == 0:
        return _("You asked for %(seats)s people, but nobody has applied yet.") % {"seats": seats}
    return ngettext(
        "You asked for %(seats)s people but only %(pool)s has applied. Choose %(pool)s or "
        "fewer, or find more applicants.",
        "You asked for %(seats)s people but only %(pool)s have applied. Choose %(pool)s or "
        "fewer, or find more applicants.",
        pool,
    ) % {"seats": seats, "pool": pool}


def blocking(issues: list[Issue]) -> list[Issue]:
    return [issue for issue in issues if issue.blocking]


@dataclass(frozen=True)
class GroupRow:
    category: str
    value: str
    label: str
    applicants: int
    min: int
    max: int
    chance: float | None  # a rough chance for each person in the group, before any solver
    near_certain: bool  # the range forces most of this small group onto the panel
    above_average: bool


def preview(problem: Problem, labels: Labels) -> dict[str, list[GroupRow]]:
    """For each group: how many applicants, its range, and a rough chance for each of them.

    The estimate: the group gets its fair share of seats (seats times its share of the pool),
    moved into its range; each member's chance is those seats over the group's size. It is
    shown as "about"; the real chances come from the run.
    """
    seats, pool = problem.seats, len(problem.people)
    average = seats / pool if pool else 0.0
    result: dict[str, list[GroupRow]] = {}
    by_value = counts(problem)
    for category, quotas in problem.quotas.items():
        rows = []
        for value, quota in quotas.items():
            have = by_value[category].get(value, 0)
            chance = None
            if have:
                expected = min(max(seats * have / pool, quota.min), quota.max)
                chance = min(1.0, expected / have)
            rows.append(
                GroupRow(
                    category,
                    value,
                    labels.value(category, value),
                    have,
                    quota.min,
                    quota.max,
                    chance,
                    near_certain=bool(have) and quota.min / have >= 0.5,
                    above_average=chance is not None and chance >= 2 * average > 0,
                )
            )
        result[category] = rows
    return result


def describe_change(change: Change, labels: Labels) -> str:
    """One suggested change, in words."""
    group = labels.value(change.category, change.value)
    name = labels.category(change.category)
    if change.bound == "min":
        return _("%(category)s, %(group)s: lower the lowest number from %(old)s to %(new)s.") % {
            "category": name,
            "group": group,
            "old": change.old,
            "new": change.new,
        }
    return _("%(category)s, %(group)s: raise the highest number from %(old)s to %(new)s.") % {
        "category": name,
        "group": group,
        "old": change.old,
        "new": change.new,
    }
