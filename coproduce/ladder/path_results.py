"""A round answered under a path bank (v2 on), placed: everyone, and each group apart.

The shapes mirror queries.RoundScore (rung, lived_rung, learnt_rung, overall.shown, ...), so the
overview, the summary and the movement chart read both kinds of round the same way. The results
page shows more for these rounds: the reason, ranges, strengths and gaps, and differences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coproduce.initiatives.rungs import CHARACTERISTICS, Rung, rung_at
from coproduce.ladder.bank import TOP_RUNG
from coproduce.ladder.models import Round
from coproduce.ladder.path_bank import PathBank, PathOption, PathQuestion
from coproduce.ladder.placement import (
    Difference,
    Placement,
    Quality,
    Step,
    differences,
    place_group,
)


@dataclass(frozen=True)
class GroupPlacement:
    size: int
    result: Placement | None  # None below the group size we show to others

    @property
    def shown(self) -> bool:
        return self.result is not None

    @property
    def rung(self) -> Rung | None:
        return rung_at(self.result.low) if self.result is not None else None


@dataclass(frozen=True)
class PathComparison:
    """Lived and learnt experience side by side. Any difference is a difference."""

    shown: bool
    rung_gap: int | None  # lived minus learnt, lowest rungs
    differences: tuple[Difference, ...]

    @property
    def rung_flagged(self) -> bool:
        return bool(self.rung_gap)

    @property
    def flagged(self) -> bool:
        return self.rung_flagged or bool(self.differences)


@dataclass(frozen=True)
class RoundPlacement:
    round: Round
    bank: PathBank
    sent: int
    unscored: int
    overall: GroupPlacement
    lived: GroupPlacement
    learnt: GroupPlacement
    comparison: PathComparison

    is_path = True

    @property
    def rung(self) -> Rung | None:
        return self.overall.rung

    @property
    def lived_rung(self) -> Rung | None:
        return self.lived.rung

    @property
    def learnt_rung(self) -> Rung | None:
        return self.learnt.rung

    @property
    def rung_distance(self) -> int | None:
        gap = self.comparison.rung_gap
        return abs(gap) if gap is not None else None

    @property
    def view(self) -> PlacementView | None:
        result = self.overall.result
        return view_of(self.bank, result) if result is not None else None

    @property
    def lived_view(self) -> PlacementView | None:
        result = self.lived.result
        return view_of(self.bank, result) if result is not None else None

    @property
    def learnt_view(self) -> PlacementView | None:
        result = self.learnt.result
        return view_of(self.bank, result) if result is not None else None


def place_round(
    round_: Round, bank: PathBank, people: Sequence[tuple[bool, Mapping[str, str]]]
) -> RoundPlacement:
    """Place a round's sent answers: (is lived experience, answers) per person."""
    everyone = [answers for _, answers in people]
    lived = [answers for is_lived, answers in people if is_lived]
    learnt = [answers for is_lived, answers in people if not is_lived]
    overall_p = place_group(bank, everyone)
    lived_p, learnt_p = place_group(bank, lived), place_group(bank, learnt)
    if lived_p is not None and learnt_p is not None:
        comparison = PathComparison(
            shown=True,
            rung_gap=lived_p.low - learnt_p.low,
            differences=differences(bank, lived_p, learnt_p),
        )
    else:
        comparison = PathComparison(shown=False, rung_gap=None, differences=())
    return RoundPlacement(
        round=round_,
        bank=bank,
        sent=len(people),
        unscored=0,
        overall=GroupPlacement(len(everyone), overall_p),
        lived=GroupPlacement(len(lived), lived_p),
        learnt=GroupPlacement(len(learnt), learnt_p),
        comparison=comparison,
    )


@dataclass(frozen=True)
class Answer:
    question: PathQuestion
    option: PathOption


@dataclass(frozen=True)
class CharacteristicView:
    name: str
    strengths: tuple[Answer, ...]
    gaps: tuple[Answer, ...]


@dataclass(frozen=True)
class PlacementView:
    """A placement with what a page needs to say it: rungs, questions and characteristics."""

    placement: Placement
    bank: PathBank
    low: Rung
    high: Rung
    next: Rung | None  # the rung above the lowest

    @property
    def settle(self) -> list[PathQuestion]:
        return [self.bank.question(key) for key in self.placement.settle]

    @property
    def find_out(self) -> list[PathQuestion]:
        return [self.bank.question(key) for key in self.placement.find_out]

    @property
    def moving_steps(self) -> list[Step]:
        return [s for s in self.placement.steps if s.moves_up]

    @property
    def other_steps(self) -> list[Step]:
        return [s for s in self.placement.steps if not s.moves_up]

    @property
    def characteristics(self) -> list[CharacteristicView]:
        return [
            CharacteristicView(
                str(c.name),
                self._answers(self.placement.strengths(c.key)),
                self._answers(self.placement.gaps(c.key)),
            )
            for c in CHARACTERISTICS
        ]

    def _answers(self, qualities: tuple[Quality, ...]) -> tuple[Answer, ...]:
        return tuple(Answer(self.bank.question(q.question), q.option) for q in qualities)


def view_of(bank: PathBank, placement: Placement) -> PlacementView:
    """What a page needs to show `placement`."""
    return PlacementView(
        placement=placement,
        bank=bank,
        low=rung_at(placement.low),
        high=rung_at(placement.high),
        next=rung_at(placement.low + 1) if placement.low < TOP_RUNG else None,
    )
