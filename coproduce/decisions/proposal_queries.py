"""Reads for panel proposals and leaders' backing: what is open, each count, and who backs.

Lived or learnt experience, for counting answers: a panel is a lived experience panel, so
its members count as lived experience, unless the proposal is about a piece of work in which
the person is involved in a learnt capacity (there because of their job).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import Membership, Role
from coproduce.decisions.models import Backing, Proposal, ProposalAnswer
from coproduce.initiatives.models import Capacity, Initiative, Involvement
from coproduce.panels.models import DecisionPower, Panel, PanelMember
from coproduce.people.models import Person

RECENT_CLOSED = 5
SHORT_LABELS = [
    (ProposalAnswer.Answer.AGREE, _("Agree")),
    (ProposalAnswer.Answer.ABSTAIN, _("Do not mind")),
    (ProposalAnswer.Answer.OBJECT, _("Object")),
]


@dataclass
class Tally:
    """The answers to one proposal, by answer and by lived and learnt experience."""

    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {
            answer: {"lived": 0, "learnt": 0} for answer in ProposalAnswer.Answer.values
        }
    )

    def total(self, answer: str) -> int:
        return sum(self.counts[answer].values())

    @property
    def agree(self) -> int:
        return self.total(ProposalAnswer.Answer.AGREE)

    @property
    def abstain(self) -> int:
        return self.total(ProposalAnswer.Answer.ABSTAIN)

    @property
    def object(self) -> int:
        return self.total(ProposalAnswer.Answer.OBJECT)

    @property
    def answered(self) -> int:
        return self.agree + self.abstain + self.object

    @property
    def passed(self) -> bool:
        """The rule: it passes when more members agree than object."""
        return self.agree > self.object

    def rows(self) -> list[tuple[str, int, int, int]]:
        """(label, lived, learnt, total) per answer, for a table."""
        return [
            (str(label), self.counts[value]["lived"], self.counts[value]["learnt"],
             self.total(value))
            for value, label in SHORT_LABELS
        ]  # fmt: skip


def learnt_people(initiative: Initiative | None, people: list[int]) -> set[int]:
    """Of `people` (ids), those involved in `initiative` in a learnt capacity."""
    if initiative is None or not people:
        return set()
    return set(
        Involvement.objects.filter(
            initiative=initiative, person_id__in=people, capacity=Capacity.LEARNT
        ).values_list("person_id", flat=True)
    )


def tally_for(proposal: Proposal) -> Tally:
    """Count `proposal`'s answers (two queries)."""
    answers = list(proposal.answers.values_list("person_id", "answer"))
    learnt = learnt_people(proposal.initiative, [person for person, _answer in answers])
    tally = Tally()
    for person, answer in answers:
        tally.counts[answer]["learnt" if person in learnt else "lived"] += 1
    return tally


def answers_for(proposal: Proposal) -> QuerySet[ProposalAnswer]:
    return proposal.answers.select_related("person", "recorded_by").order_by("person__name")


def person_for(membership: Membership) -> Person | None:
    """The reader's own person record in their organisation."""
    return Person.objects.filter(
        organisation_id=membership.organisation_id, user_id=membership.user_id
    ).first()


def is_current_member(panel: Panel, person: Person | None) -> bool:
    return (
        person is not None
        and PanelMember.objects.filter(panel=panel, person=person, ended_on__isnull=True).exists()
    )


def current_members(panel: Panel) -> QuerySet[Person]:
    return Person.objects.filter(
        panel_memberships__panel=panel, panel_memberships__ended_on__isnull=True
    ).order_by("name")


def open_proposals(panel: Panel) -> QuerySet[Proposal]:
    return Proposal.objects.filter(
        panel=panel, closed_at__isnull=True, closes_at__gt=timezone.now()
    ).order_by("closes_at", "id")


def finished_proposals(panel: Panel) -> QuerySet[Proposal]:
    """Closed by staff, or past their closing time, newest first."""
    return (
        Proposal.objects.filter(panel=panel)
        .exclude(closed_at__isnull=True, closes_at__gt=timezone.now())
        .select_related("decision")
        .order_by("-closes_at", "-id")
    )


def passed(proposal: Proposal) -> bool | None:
    """Whether a closed proposal's recorded outcome passed (None: not recorded yet)."""
    decision = proposal.decision
    if decision is None:
        return None
    agree = (decision.for_lived or 0) + (decision.for_learnt or 0)
    return agree > (decision.against_lived or 0) + (decision.against_learnt or 0)


def backings_for(*, panel: Panel | None = None, initiative: Initiative | None = None) -> Any:
    return Backing.objects.filter(panel=panel, initiative=initiative).select_related(
        "sponsor", "recorded_by"
    )


def panel_section(panel: Panel, membership: Membership) -> dict[str, Any]:
    """What the panel page shows about proposals and backing, for this reader."""
    person = person_for(membership)
    proposals = list(open_proposals(panel))
    mine = dict(
        ProposalAnswer.objects.filter(proposal__in=proposals, person=person).values_list(
            "proposal_id", "answer"
        )
    ) if person is not None else {}  # fmt: skip
    labels = dict(ProposalAnswer.Answer.choices)
    return {
        "open": [(proposal, labels.get(mine.get(proposal.pk, ""))) for proposal in proposals],
        "finished": [
            (proposal, passed(proposal)) for proposal in finished_proposals(panel)[:RECENT_CLOSED]
        ],
        "backings": list(backings_for(panel=panel)),
        "advises_only": panel.decision_power == DecisionPower.ADVISES,
        "can_manage": membership.has_role(Role.STAFF),
    }


def initiative_section(initiative: Initiative) -> dict[str, Any]:
    """What the initiative page shows about leaders' backing."""
    return {"backings": list(backings_for(initiative=initiative))}
