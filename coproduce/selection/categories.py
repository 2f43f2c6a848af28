"""What a coordinator can balance a panel on, and each applicant's value in each.

Three kinds of category, all from the application:

- the equality categories (`panels.nations.categories_for` the panel's list of ethnic groups):
  ethnic group, sex, gender identity, sexual orientation, disability, socio-economic
  background, age and carer;
- "area": where the applicant says they live (`Application.area`, typed freely). Spellings
  that differ only in capitals, spaces or punctuation count as one area;
- the panel's own multiple-choice questions (`PanelQuestion`, key "question_<id>").

Every value is used only for applicants who agreed to their answers being used to choose
(`pool_for_selection` gives them `values`). Everyone else is "not_given" in every category,
whatever they answered. An applicant who agreed but left a question empty is "no_answer".
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.panels.categories import NO_ANSWER
from coproduce.panels.domain.equality import OPEN_STATUSES, TargetRange, pool_for_selection
from coproduce.panels.models import Application, Panel, PanelQuestion
from coproduce.panels.nations import categories_for
from coproduce.selection.quotas import NOT_GIVEN, Labels

AREA = "area"
NOT_GIVEN_LABEL = gettext_lazy("Not given (did not agree to us using their answers)")


def area_value(text: str) -> str:
    """The area as a category value: the same for "North Riverside" and "north  riverside."."""
    return slugify(" ".join(text.split()), allow_unicode=True)[:60] or NO_ANSWER


@dataclass(frozen=True)
class Catalogue:
    """The categories a panel can use, their values and names, and the pool's values."""

    names: dict[str, str]  # category key -> name, the ones a coordinator can choose now
    values: dict[str, list[str]]  # category key -> every value, then no_answer and not_given
    labels: Labels
    people: dict[str, dict[str, str]]  # application id -> category key -> value
    targets: list[TargetRange]


def catalogue(panel: Panel) -> Catalogue:
    """Everything above for one panel. Five queries, whatever the size of the pool."""
    pool = pool_for_selection(panel)
    equality = categories_for(panel.ethnicity_list)
    questions = list(PanelQuestion.objects.filter(panel=panel))
    typed = {
        pk: (area, extra or {})
        for pk, area, extra in Application.objects.filter(
            panel=panel, status__in=OPEN_STATUSES
        ).values_list("id", "area", "extra_answers")
    }
    people: dict[str, dict[str, str]] = {}
    spellings: dict[str, Counter[str]] = {}
    for entry in pool.applicants:
        if entry.values is None:  # no consent to selection: nothing they said is used
            keys = [c.key for c in equality] + [AREA] + [q.key for q in questions]
            people[str(entry.application_id)] = dict.fromkeys(keys, NOT_GIVEN)
            continue
        area, extra = typed.get(entry.application_id, ("", {}))
        mine = dict(entry.values)
        mine[AREA] = area_value(area)
        if mine[AREA] != NO_ANSWER:
            spellings.setdefault(mine[AREA], Counter())[" ".join(area.split())] += 1
        for question in questions:
            answer = extra.get(str(question.pk), "")
            mine[question.key] = answer if answer in question.labels() else NO_ANSWER
        people[str(entry.application_id)] = mine

    names: dict[str, str] = {c.key: str(c.name) for c in equality}
    names[AREA] = str(_("Area"))
    values: dict[str, list[str]] = {c.key: c.value_keys() for c in equality}
    areas = sorted(spellings, key=lambda v: spellings[v].most_common(1)[0][0].casefold())
    values[AREA] = areas
    labels: dict[tuple[str, str], str] = {}
    for category in equality:
        labels.update({(category.key, k): str(v) for k, v in category.labels().items()})
    for value, counts in spellings.items():
        labels[(AREA, value)] = counts.most_common(1)[0][0]
    labels[(AREA, NO_ANSWER)] = str(_("No answer"))
    category_names = dict(names)
    for question in questions:
        category_names[question.key] = question.text
        if question.retired_at is None:
            names[question.key] = question.text
        values[question.key] = list(question.labels())
        labels.update({(question.key, k): v for k, v in question.labels().items()})
        labels[(question.key, NO_ANSWER)] = str(_("No answer"))
    for key in values:
        values[key] = [*values[key], NO_ANSWER, NOT_GIVEN]
        labels[(key, NOT_GIVEN)] = str(NOT_GIVEN_LABEL)
    return Catalogue(names, values, Labels(category_names, labels), people, pool.targets)


def unanswered(cat: Catalogue) -> list[str]:
    """The categories on offer that nobody in the pool has answered (with consent)."""
    answered = {
        key
        for values in cat.people.values()
        for key, value in values.items()
        if value not in (NOT_GIVEN, NO_ANSWER)
    }
    return [key for key in cat.names if key not in answered]


def default_quotas(
    cat: Catalogue,
    categories: list[str],
    seats: int,
    extra_values: dict[str, dict[str, int]] | None = None,
) -> dict[str, Any]:
    """Ranges for each value from the panel's targets (percentages of the panel), else 0..N.

    `extra_values` (category -> value -> count, say the members who stay) adds values the
    pool does not have, so the whole-panel ranges cover them too.
    """
    targets = {(t.category, t.value): t for t in cat.targets}
    quotas: dict[str, Any] = {}
    for category in categories:
        quotas[category] = {}
        known = cat.values.get(category, [NO_ANSWER, NOT_GIVEN])
        extra = [v for v in (extra_values or {}).get(category, {}) if v not in known]
        for value in [*extra, *known]:
            target = targets.get((category, value))
            low, high = 0, seats
            if target is not None:
                low = math.ceil(seats * target.min_percent / 100)
                high = max(low, seats * target.max_percent // 100)
            quotas[category][value] = {"min": low, "max": high, "floor": 0, "ceiling": seats}
    return quotas


def quotas_with_new_values(
    quotas: dict[str, Any], categories: list[str], cat: Catalogue, seats: int
) -> dict[str, Any]:
    """The saved ranges plus a 0..N range for any value that appeared since (a new area)."""
    merged = {c: {v: dict(q) for v, q in quotas.get(c, {}).items()} for c in categories}
    for category in categories:
        for value in cat.values.get(category, []):
            merged[category].setdefault(
                value, {"min": 0, "max": seats, "floor": 0, "ceiling": seats}
            )
    return merged
