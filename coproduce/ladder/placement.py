"""Place answers on the ladder the way the ladder's own definitions do (path banks, v2 on).

Pure and deterministic: no Django, no I/O. docs/ladder-scoring.md explains it in words.
    1. Each rung needs some answers at or above an option ("people were asked for their own
       ideas"); a rung needs everything the rungs below it need, so the path only goes up.
    2. The rung is the highest one whose needs are all met.
    3. "I don’t know" never decides: the lowest rung counts it as not met, the highest as met.
       When the two differ the result is a range, with the questions that would settle it.
    4. The five key characteristics are strengths and gaps within the rung. Apart from what a
       rung's own definition needs (an equal say is part of co-production), they never move it.
    5. Next steps: first what moves the work up a rung (checked by placing the answers with
       those steps taken), then what makes the rung stronger.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coproduce.ladder.bank import CHARACTERISTIC_KEYS, NOT_SURE, TOP_RUNG
from coproduce.ladder.path_bank import Need, PathBank, PathOption, PathQuestion

# Smaller groups are not shown to others: in a pair, each could work out the other's answers.
MIN_GROUP_SIZE = 3


class InvalidAnswer(ValueError):
    """An answer names a question or option that is not in the bank."""


@dataclass(frozen=True)
class Step:
    question: str
    action: str
    action_easy_read: str
    moves_up: bool  # done with the other moving steps, it takes the work up a rung
    characteristic: str | None


@dataclass(frozen=True)
class Quality:
    """One answer about a key characteristic: a strength, partly there, or a gap."""

    question: str
    characteristic: str
    option: PathOption


@dataclass(frozen=True)
class Placement:
    bank_version: int
    low: int  # the rung, counting every "I don’t know" that matters as not met
    high: int  # the rung, counting them as met
    answered: int
    total: int
    reason: str  # why the lowest rung, in one sentence
    reason_easy_read: str
    range_needs: tuple[Need, ...]  # unknown needs of the highest rung: "or high if ..."
    not_yet: tuple[Need, ...]  # needs of the rung above that are not met
    settle: tuple[str, ...]  # questions whose "I don’t know" could change the rung
    steps: tuple[Step, ...]
    qualities: tuple[Quality, ...]
    find_out: tuple[str, ...]  # every question answered "I don’t know", in bank order
    answers: Mapping[str, str]  # question key -> option key; "I don’t know" left out
    _next_needs: tuple[Need, ...] = ()  # every need of the rung above the lowest

    @property
    def rung(self) -> int | None:
        """The single rung, or None when the answers leave a range."""
        return self.low if self.low == self.high else None

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    @property
    def provisional(self) -> bool:
        """Not settled yet: an "I don’t know" could still change the rung."""
        return self.is_range

    @property
    def next_unknown(self) -> tuple[Need, ...]:
        """Needs of the rung above nobody knows about: find them out as well as the steps."""
        return tuple(n for n in self._next_needs if n.question not in self.answers)

    @property
    def next_if(self) -> tuple[Need, ...]:
        """The unknown needs of the rung above the lowest: "or <next> if ..."."""
        if self.low == self.high:
            return ()
        return tuple(n for n in self.range_needs if n in self._next_needs)

    def strengths(self, characteristic: str) -> tuple[Quality, ...]:
        return self._of(characteristic, ("strength",))

    def gaps(self, characteristic: str) -> tuple[Quality, ...]:
        return self._of(characteristic, ("gap", "partly"))

    def _of(self, characteristic: str, kinds: tuple[str, ...]) -> tuple[Quality, ...]:
        return tuple(
            q
            for q in self.qualities
            if q.characteristic == characteristic and q.option.quality in kinds
        )


@dataclass(frozen=True)
class Difference:
    """One question where lived and learnt experience answered differently."""

    question: PathQuestion
    lived: PathOption
    learnt: PathOption


def check_answers(bank: PathBank, answers: Mapping[str, str | None]) -> dict[str, str]:
    """The answers that count: known questions and options; "I don’t know" and None left out."""
    given: dict[str, str] = {}
    for key, option_key in answers.items():
        try:
            question = bank.question(key)
        except KeyError:
            raise InvalidAnswer(f"bank v{bank.version} has no question {key!r}") from None
        if option_key is None or option_key == NOT_SURE:
            continue
        try:
            question.option(option_key)
        except KeyError:
            raise InvalidAnswer(f"question {key!r} has no option {option_key!r}") from None
        given[key] = option_key
    return given


def place(bank: PathBank, answers: Mapping[str, str | None]) -> Placement:
    """Place one person's (or one group's) answers, question key -> option key."""
    given = check_answers(bank, answers)
    low = _rung(bank, given, unknown_met=False)
    high = _rung(bank, given, unknown_met=True)
    known = _ranks(bank, given)
    here = bank.path[low]
    above = bank.path[low + 1] if low < TOP_RUNG else None
    return Placement(
        bank_version=bank.version,
        low=low,
        high=high,
        answered=len(given),
        total=len(bank.questions),
        reason=here.reason,
        reason_easy_read=here.reason_easy_read,
        range_needs=tuple(n for n in bank.path[high].needs if n.question not in known),
        not_yet=tuple(n for n in above.needs if _state(n, known) is False) if above else (),
        settle=_settle(bank, given, low, high),
        steps=_steps(bank, given, low),
        qualities=_qualities(bank, given),
        find_out=tuple(q.key for q in bank.questions if q.key not in given),
        answers=given,
        _next_needs=above.needs if above else (),
    )


def place_with_steps(bank: PathBank, placement: Placement) -> Placement:
    """The answers as they would be with every moving step taken: one rung up, if known."""
    improved = dict(placement.answers)
    for need in bank.path[min(placement.low + 1, TOP_RUNG)].needs:
        if _state(need, _ranks(bank, improved)) is False:
            improved[need.question] = bank.question(need.question).option(need.at_least).key
    return place(bank, improved)


def aggregate(bank: PathBank, people: Sequence[Mapping[str, str | None]]) -> dict[str, str]:
    """One answer per question for a group: the lower median of the answers given.

    A question counts only when at least half the group answered it, so one person cannot
    speak for a group that mostly said "I don’t know". The lower median is always an answer
    someone gave. "This did not happen" counts only when nobody gave an answer in order.
    """
    checked = [check_answers(bank, answers) for answers in people]
    needed = max(1, math.ceil(len(checked) / 2))
    group: dict[str, str] = {}
    for question in bank.questions:
        given = [question.option(a[question.key]) for a in checked if question.key in a]
        if len(given) < needed:
            continue
        ranks = sorted(o.rank for o in given if o.rank is not None)
        if ranks:
            group[question.key] = question.option_at(ranks[(len(ranks) - 1) // 2]).key
        else:
            group[question.key] = given[0].key
    return group


def place_group(bank: PathBank, people: Sequence[Mapping[str, str | None]]) -> Placement | None:
    """A group's placement, or None below MIN_GROUP_SIZE: it is never even computed."""
    if len(people) < MIN_GROUP_SIZE:
        return None
    return place(bank, aggregate(bank, people))


def differences(bank: PathBank, lived: Placement, learnt: Placement) -> tuple[Difference, ...]:
    """Every question the two groups answered differently, in bank order."""
    found = []
    for question in bank.questions:
        a, b = lived.answers.get(question.key), learnt.answers.get(question.key)
        if a is not None and b is not None and a != b:
            found.append(Difference(question, question.option(a), question.option(b)))
    return tuple(found)


def _ranks(bank: PathBank, given: Mapping[str, str]) -> dict[str, int | None]:
    return {key: bank.question(key).option(option).rank for key, option in given.items()}


def _state(need: Need, ranks: Mapping[str, int | None]) -> bool | None:
    """True met, False not met, None not known."""
    if need.question not in ranks:
        return None
    rank = ranks[need.question]
    return rank is not None and rank >= need.rank


def _rung(bank: PathBank, given: Mapping[str, str], *, unknown_met: bool) -> int:
    ranks = _ranks(bank, given)
    rung = 0
    for path_rung in bank.path[1:]:
        states = [_state(n, ranks) for n in path_rung.needs]
        if all(s is True or (s is None and unknown_met) for s in states):
            rung = path_rung.rung
        else:
            break
    return rung


def _settle(bank: PathBank, given: Mapping[str, str], low: int, high: int) -> tuple[str, ...]:
    """Unanswered rung questions that could move the rung within low..high."""
    if low == high:
        return ()
    unknown = {n.question for r in bank.path[low + 1 : high + 1] for n in r.needs}
    return tuple(q.key for q in bank.questions if q.key in unknown and q.key not in given)


def _steps(bank: PathBank, given: Mapping[str, str], low: int) -> tuple[Step, ...]:
    steps: list[Step] = []
    ranks = _ranks(bank, given)
    if low < TOP_RUNG:
        for need in bank.path[low + 1].needs:
            if _state(need, ranks) is not False:
                continue  # met, or not known: that is for finding out, not doing
            question = bank.question(need.question)
            option = question.option_at(need.rank - 1)  # its step leads to the needed option
            steps.append(_step(question, option, moves_up=True))
    moving = {s.question for s in steps}
    for quality in sorted(_qualities(bank, given), key=lambda q: q.option.quality != "gap"):
        if quality.option.quality != "strength" and quality.question not in moving:
            steps.append(_step(bank.question(quality.question), quality.option, moves_up=False))
    return tuple(steps)


def _step(question: PathQuestion, option: PathOption, *, moves_up: bool) -> Step:
    return Step(
        question=question.key,
        action=option.next_step or "",
        action_easy_read=option.next_step_easy_read or "",
        moves_up=moves_up,
        characteristic=question.about,
    )


def _qualities(bank: PathBank, given: Mapping[str, str]) -> tuple[Quality, ...]:
    found = []
    for key in CHARACTERISTIC_KEYS:
        for question in bank.questions_about(key):
            if question.key in given:
                option = question.option(given[question.key])
                if option.quality is not None:
                    found.append(Quality(question.key, key, option))
    return tuple(found)
