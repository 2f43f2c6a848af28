"""Score Ladder of Co-production answers: answers -> a score per characteristic -> a rung.

Pure and deterministic: no Django, no I/O, no clock. docs/ladder-scoring.md is the plain account
of every step; keep the two in step. Levels and rungs are indexes 0 (Coercion) to 6
(Co-production). Every step is monotone, so choosing a lower option never raises the rung:
    1. a characteristic's score is the lower median of its answered levels;
    2. the base is the lower median of the characteristic scores;
    3. the balance cap keeps the rung at most one above the weakest characteristic;
    4. each failed gate or cap holds the rung below the rung it guards;
    5. the coercion flag puts the rung at 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from coproduce.ladder.bank import (
    CHARACTERISTIC_KEYS,
    LOWEST_RUNG,
    NOT_SURE,
    TOP_RUNG,
    Bank,
    Question,
)

# "Most" questions: a result is final only with at least three quarters of the questions answered
# (13 of 17 in bank v1) and every characteristic scored. Anything less is provisional.
FINAL_SHARE = Fraction(3, 4)
MIN_ANSWERS_PER_CHARACTERISTIC = 2
# Smaller groups are not shown on their own: in a pair, each could work out the other's answers.
MIN_GROUP_SIZE = 3
# Lived and learnt experience results this many rungs apart (or more) are flagged.
GAP_FLAG = 2


class InvalidAnswer(ValueError):
    """An answer names a question or option that is not in the bank."""


@dataclass(frozen=True)
class CharacteristicScore:
    key: str
    score: int | None  # None: fewer than MIN_ANSWERS_PER_CHARACTERISTIC answers
    answered: int
    total: int


@dataclass(frozen=True)
class RuleHit:
    """A gate, cap, the balance cap or the coercion flag that held the rung down."""

    key: str
    kind: str  # "gate", "cap", "balance" or "coercion"
    limit: int  # the highest rung it allows
    question: str | None
    characteristic: str | None
    not_sure: bool  # it fired because the question was not answered
    reason: str
    reason_easy_read: str


@dataclass(frozen=True)
class NextStep:
    question: str
    level: int
    gap: int  # rungs between this answer and the next rung up
    essential: bool  # this answer alone blocks a gate or cap of the next rung
    action: str
    action_easy_read: str


@dataclass(frozen=True)
class LadderResult:
    bank_version: int
    rung: int | None  # None: nothing to go on yet
    base: int | None  # the rung before caps and gates
    characteristics: tuple[CharacteristicScore, ...]
    fired: tuple[RuleHit, ...]
    coercion: bool
    provisional: bool
    answered: int
    total: int
    next_steps: tuple[NextStep, ...]
    find_out: tuple[str, ...]  # questions answered "not sure", in bank order

    def characteristic(self, key: str) -> CharacteristicScore:
        for score in self.characteristics:
            if score.key == key:
                return score
        raise KeyError(key)


@dataclass(frozen=True)
class GroupResult:
    size: int
    shown: bool  # False below MIN_GROUP_SIZE: the group is not reported separately
    result: LadderResult | None


@dataclass(frozen=True)
class CharacteristicGap:
    key: str
    lived: int | None
    learnt: int | None
    gap: int | None  # lived minus learnt
    flagged: bool


@dataclass(frozen=True)
class GroupComparison:
    shown: bool
    rung_gap: int | None  # lived minus learnt
    rung_flagged: bool
    characteristics: tuple[CharacteristicGap, ...]

    @property
    def flagged(self) -> bool:
        return self.rung_flagged or any(c.flagged for c in self.characteristics)


def lower_median(values: Sequence[int]) -> int:
    """The highest value that more than half of `values` reach. Always one of the values."""
    if not values:
        raise ValueError("lower_median() of nothing")
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def answers_needed(bank: Bank) -> int:
    """How many answers make "most" of the questions (see FINAL_SHARE)."""
    return math.ceil(len(bank.questions) * FINAL_SHARE)


def answers_to_levels(bank: Bank, answers: Mapping[str, str | None]) -> dict[str, int]:
    """Turn question key -> option key into question key -> level; "not sure" and None drop out."""
    levels: dict[str, int] = {}
    for key, option_key in answers.items():
        question = _question(bank, key)
        if option_key is None or option_key == NOT_SURE:
            continue
        try:
            levels[key] = question.option(option_key).level
        except KeyError:
            raise InvalidAnswer(f"question {key!r} has no option {option_key!r}") from None
    return levels


def score_answers(bank: Bank, answers: Mapping[str, str | None]) -> LadderResult:
    """Score one person's answers (question key -> option key) against `bank`.

    Old answers must be scored with the bank version they were given under.
    """
    return score_levels(bank, answers_to_levels(bank, answers))


def score_levels(bank: Bank, levels: Mapping[str, int]) -> LadderResult:
    """Score question key -> level; a missing question is unanswered ("not sure")."""
    for key, level in levels.items():
        if level not in _question(bank, key).levels:
            raise InvalidAnswer(f"question {key!r} has no option at level {level!r}")
    characteristics = tuple(_characteristic(bank, key, levels) for key in CHARACTERISTIC_KEYS)
    scores = [c.score for c in characteristics if c.score is not None]
    base = lower_median(scores) if scores else None
    hits = _balance(bank, characteristics) + _rules(bank, levels)
    coercion = _coercion(bank, levels)
    if coercion is not None:
        hits.append(coercion)
    fired: tuple[RuleHit, ...]
    if base is None:
        rung = LOWEST_RUNG if coercion is not None else None
        fired = (coercion,) if coercion is not None else ()
    else:
        rung = min([base, *(hit.limit for hit in hits)])
        fired = tuple(sorted((h for h in hits if h.limit < base), key=lambda h: h.limit))
    answered = sum(q.key in levels for q in bank.questions)
    return LadderResult(
        bank_version=bank.version,
        rung=rung,
        base=base,
        characteristics=characteristics,
        fired=fired,
        coercion=coercion is not None,
        provisional=answered < answers_needed(bank) or len(scores) < len(characteristics),
        answered=answered,
        total=len(bank.questions),
        next_steps=_next_steps(bank, levels, rung, coercion is not None),
        find_out=tuple(q.key for q in bank.questions if q.key not in levels),
    )


def aggregate_levels(bank: Bank, responses: Sequence[Mapping[str, str | None]]) -> dict[str, int]:
    """One level per question for a group: the lower median of the answers given.

    A question counts for the group only when at least half the group answered it, so that one
    person cannot speak for a group that mostly said "not sure".
    """
    return aggregate_people_levels(
        bank, [answers_to_levels(bank, answers) for answers in responses]
    )


def aggregate_people_levels(bank: Bank, people: Sequence[Mapping[str, int]]) -> dict[str, int]:
    """aggregate_levels for answers already turned into levels by answers_to_levels."""
    needed = max(1, math.ceil(len(people) / 2))
    group: dict[str, int] = {}
    for question in bank.questions:
        given = [levels[question.key] for levels in people if question.key in levels]
        if len(given) >= needed:
            group[question.key] = lower_median(given)
    return group


def score_group(bank: Bank, responses: Sequence[Mapping[str, str | None]]) -> GroupResult:
    """Score a group (say, everyone with lived experience) as one set of answers.

    Below MIN_GROUP_SIZE nothing is computed, so nothing can leak into a page by mistake.
    """
    if len(responses) < MIN_GROUP_SIZE:
        return GroupResult(size=len(responses), shown=False, result=None)
    result = score_levels(bank, aggregate_levels(bank, responses))
    return GroupResult(size=len(responses), shown=True, result=result)


def score_group_levels(bank: Bank, people: Sequence[Mapping[str, int]]) -> GroupResult:
    """score_group for answers already turned into levels by answers_to_levels.

    For a caller that scores the same people in several groups (everyone, then lived and
    learnt experience apart): each person's answers are converted once. Same result.
    """
    if len(people) < MIN_GROUP_SIZE:
        return GroupResult(size=len(people), shown=False, result=None)
    result = score_levels(bank, aggregate_people_levels(bank, people))
    return GroupResult(size=len(people), shown=True, result=result)


def compare_groups(lived: GroupResult, learnt: GroupResult) -> GroupComparison:
    """Set lived and learnt experience side by side; flag gaps of GAP_FLAG rungs or more."""
    if lived.result is None or learnt.result is None:
        return GroupComparison(shown=False, rung_gap=None, rung_flagged=False, characteristics=())
    rung_gap = _gap(lived.result.rung, learnt.result.rung)
    gaps = []
    for key in CHARACTERISTIC_KEYS:
        a, b = lived.result.characteristic(key).score, learnt.result.characteristic(key).score
        gap = _gap(a, b)
        gaps.append(CharacteristicGap(key, a, b, gap, gap is not None and abs(gap) >= GAP_FLAG))
    return GroupComparison(
        shown=True,
        rung_gap=rung_gap,
        rung_flagged=rung_gap is not None and abs(rung_gap) >= GAP_FLAG,
        characteristics=tuple(gaps),
    )


def _gap(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a - b


def _question(bank: Bank, key: str) -> Question:
    try:
        return bank.question(key)
    except KeyError:
        raise InvalidAnswer(f"bank v{bank.version} has no question {key!r}") from None


def _characteristic(bank: Bank, key: str, levels: Mapping[str, int]) -> CharacteristicScore:
    questions = bank.questions_for(key)
    given = [levels[q.key] for q in questions if q.key in levels]
    enough = len(given) >= MIN_ANSWERS_PER_CHARACTERISTIC
    return CharacteristicScore(
        key=key,
        score=lower_median(given) if enough else None,
        answered=len(given),
        total=len(questions),
    )


def _balance(bank: Bank, characteristics: Sequence[CharacteristicScore]) -> list[RuleHit]:
    scored = [(c.score, c.key) for c in characteristics if c.score is not None]
    if not scored:
        return []
    # min() keeps the first of equals, so a tie names the characteristic that comes first.
    weakest, weakest_key = min(scored, key=lambda pair: pair[0])
    limit = weakest + 1
    if limit > TOP_RUNG:
        return []
    hit = RuleHit(
        key="balance",
        kind="balance",
        limit=limit,
        question=None,
        characteristic=weakest_key,
        not_sure=False,
        reason=bank.balance_reason,
        reason_easy_read=bank.balance_reason_easy_read,
    )
    return [hit]


def _rules(bank: Bank, levels: Mapping[str, int]) -> list[RuleHit]:
    hits = []
    for rule in bank.rules:
        level = levels.get(rule.question)
        failed = rule.not_sure_blocks if level is None else level < rule.min_level
        if failed:
            hits.append(
                RuleHit(
                    key=rule.key,
                    kind=rule.kind,
                    limit=rule.rung - 1,
                    question=rule.question,
                    characteristic=bank.question(rule.question).characteristic,
                    not_sure=level is None,
                    reason=rule.reason,
                    reason_easy_read=rule.reason_easy_read,
                )
            )
    return hits


def _coercion(bank: Bank, levels: Mapping[str, int]) -> RuleHit | None:
    rule = bank.coercion
    level = levels.get(rule.question)
    if level is None or level > rule.level:
        return None  # "not sure" is not evidence that people were never told
    return RuleHit(
        key="coercion",
        kind="coercion",
        limit=LOWEST_RUNG,
        question=rule.question,
        characteristic=bank.question(rule.question).characteristic,
        not_sure=False,
        reason=rule.reason,
        reason_easy_read=rule.reason_easy_read,
    )


def _next_steps(
    bank: Bank, levels: Mapping[str, int], rung: int | None, coercion: bool
) -> tuple[NextStep, ...]:
    """Answers below the next rung up, biggest gap first, then blockers, then bank order."""
    if rung is None or rung >= TOP_RUNG:
        return ()
    target = rung + 1
    steps = []
    for index, question in enumerate(bank.questions):
        level = levels.get(question.key)
        if level is None or level >= target or level == question.top_level:
            continue
        option = question.option_at(level)
        blocking = any(
            r.question == question.key and r.rung <= target and level < r.min_level
            for r in bank.rules
        ) or (coercion and question.key == bank.coercion.question)
        step = NextStep(
            question=question.key,
            level=level,
            gap=target - level,
            essential=blocking,
            action=option.next_step or "",
            action_easy_read=option.next_step_easy_read or "",
        )
        steps.append((-step.gap, not step.essential, index, step))
    return tuple(step for *_, step in sorted(steps, key=lambda s: s[:3]))
