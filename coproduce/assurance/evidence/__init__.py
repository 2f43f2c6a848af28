"""What the records show, beside what the Ladder's answers say (read only).

For one initiative, each feature the Ladder (bank v2) uses to tell rungs apart and each key
characteristic is checked against the platform's own records: who is involved and from when,
who came to workshops and meetings, what people said and what happened to it, decisions, and
claims paid. Each line says what the records show, with links to them. Where the answers or the
name given to the work claim more than the records show, the line says so plainly; where there
are no records of a kind, it says the platform cannot tell, never that it did not happen.

The evidence never changes the rung: it stands beside it. Shares of people go through the
panels' small-number suppression. Access needs are only counts of checks (met or not), and the
page shows them to staff only. A fixed number of queries, whatever the number of records.
docs/evidence.md says what each line checks and where it reads from.

The parts: `records` loads everything once (and builds the links), `features` and
`characteristics` turn the records into lines, and this module sets the claims beside them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from coproduce.assurance.evidence.characteristics import CHARACTERISTICS
from coproduce.assurance.evidence.features import FEATURES
from coproduce.assurance.evidence.records import Link, Records, Shows, load_records
from coproduce.initiatives.models import Initiative
from coproduce.initiatives.rungs import Rung
from coproduce.ladder.path_bank import PathBank, load_any_bank
from coproduce.ladder.path_results import RoundPlacement
from coproduce.ladder.queries import (
    LadderResults,
    claimed_rung,
    ladder_results_for,
    own_placement,
)

# The bank whose rung definitions name the features, when no round was answered under one.
PATH_BANK_VERSION = 2


@dataclass(frozen=True)
class Line:
    """One feature or key characteristic: what the records show, and any claim beside it."""

    key: str
    name: str | Promise
    shows: Shows
    text: str
    links: tuple[Link, ...] = ()
    claim: str = ""  # "The answers say ...", empty when nothing claims it
    staff_only: bool = False
    # The claim comes from the lead's own answers: like their placement, only staff see it.
    claim_private: bool = False

    @property
    def outrun(self) -> bool:
        """The answers or the name claim it, and the records do not show it."""
        return bool(self.claim) and self.shows != Shows.BACKED

    @property
    def warning(self) -> str:
        return f"{self.claim} {self.text}" if self.outrun else ""


@dataclass(frozen=True)
class Evidence:
    initiative: Initiative
    features: tuple[Line, ...]
    characteristics: tuple[Line, ...]
    answers_from: str  # whose answers the claims come from, or empty
    claimed: Rung | None
    answers_private: bool = False  # the lead's own answers, not a group's

    @property
    def warnings(self) -> tuple[Line, ...]:
        return tuple(line for line in (*self.features, *self.characteristics) if line.outrun)

    @property
    def public_warnings(self) -> tuple[Line, ...]:
        """The warnings anyone on the page may read (access needs are for staff only)."""
        return tuple(
            line for line in self.warnings if not line.staff_only and not line.claim_private
        )

    def line(self, key: str) -> Line:
        return next(line for line in (*self.features, *self.characteristics) if line.key == key)


def evidence_beside(results: LadderResults) -> Evidence:
    """The evidence beside a Ladder results page, reusing the results it already read."""
    return evidence_for(results.initiative, results=results)


def evidence_for(initiative: Initiative, *, results: LadderResults | None = None) -> Evidence:
    """What the records show for `initiative`, each line beside what its answers claim.

    `results`: the initiative's Ladder results when a page has them already (any viewer).
    """
    bank, answers, answers_from, private = _answers(initiative, results)
    return evidence_from(
        load_records(initiative), bank, answers, answers_from, claimed_rung(initiative), private
    )


def evidence_from(
    records: Records,
    bank: PathBank,
    answers: Mapping[str, int | None],
    answers_from: str,
    claimed: Rung | None,
    private: bool = False,
) -> Evidence:
    """The lines for records already loaded, beside `answers` (question key: the rank of the
    option given) and the rung the work is `claimed` to be. No queries.

    `private`: the answers are the lead's own, so only staff may read claims made from them.
    """
    initiative = records.initiative
    say = _("The lead’s own answers say %(met)s.") if private else _("The answers say %(met)s.")
    features = []
    for rung in bank.path[1:]:
        for need in rung.own_needs:
            key = f"{need.question}:{need.at_least}"
            if key not in FEATURES:
                continue
            name, build = FEATURES[key]
            shows, text, links = build(records)
            claim, claim_private = "", False
            rank = answers.get(need.question)
            said = rank is not None and rank >= need.rank
            if said and not private:
                claim = say % {"met": need.met}
            elif claimed is not None and claimed.order >= rung.rung:
                claim = _("This work is called %(rung)s, and that means %(met)s.") % {
                    "rung": claimed.name,
                    "met": need.met,
                }
            elif said:
                claim, claim_private = say % {"met": need.met}, True
            features.append(Line(key, name, shows, text, links, claim, claim_private=claim_private))
    characteristics = []
    for key, (name, build, question, at_least, says, staff_only) in CHARACTERISTICS.items():
        shows, text, links = build(records)
        claim = ""
        if question and question in answers:
            needed = bank.question(question).option(at_least).rank
            rank = answers[question]
            if rank is not None and needed is not None and rank >= needed:
                claim = say % {"met": says}
        characteristics.append(
            Line(key, name, shows, text, links, claim, staff_only, claim_private=private)
        )
    return Evidence(
        initiative, tuple(features), tuple(characteristics), answers_from, claimed, private
    )


def _answers(
    initiative: Initiative, results: LadderResults | None
) -> tuple[PathBank, dict[str, int | None], str, bool]:
    """The bank, the ranks of the answers that make the claims, whose answers they are, and
    whether they are the lead's own (private: only staff see claims made from them).

    The group's answers in the latest round with a result; without one, the lead's own.
    """
    if results is None:
        results = ladder_results_for(initiative)
    current = results.current
    placement, source, private = None, "", False
    if isinstance(current, RoundPlacement) and current.overall.result is not None:
        placement = current.overall.result
        source = _("the answers of everyone in round %(n)s") % {"n": current.round.number}
    elif results.rounds and initiative.lead is not None:
        # A page's own placement is its viewer's: the lead's is read on its own.
        own = own_placement(results.rounds[-1].round, initiative.lead)
        if own is not None:
            placement, private = own.placement, True
            source = _("the lead’s own answers")
    bank = bank_for(placement.bank_version if placement else None)
    return bank, ranks_of(bank, placement.answers if placement else {}), source, private


def bank_for(version: int | None) -> PathBank:
    """The path bank the answers were given under, or the one whose rung definitions name the
    features when there are no answers (or they were given under a bank of levels)."""
    found = load_any_bank(version if version is not None else PATH_BANK_VERSION)
    return found if isinstance(found, PathBank) else _path_bank()


def ranks_of(bank: PathBank, answers: Mapping[str, str]) -> dict[str, int | None]:
    """The rank of each option given (question key: option key), by question key."""
    return {key: bank.question(key).option(option).rank for key, option in answers.items()}


def _path_bank() -> PathBank:
    bank = load_any_bank(PATH_BANK_VERSION)
    if not isinstance(bank, PathBank):  # the bank files are checked by the ladder's tests
        raise TypeError(f"bank v{PATH_BANK_VERSION} is not a path bank")
    return bank
