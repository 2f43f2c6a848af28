"""Reads for strengths and relationships: each new member's induction, what members bring,
and the panel's next time to get to know each other. A fixed number of queries per panel.

Some induction steps come from the records rather than a tick, so staff never type a thing
twice: "read the group agreement" is done when the member agreed to the current version, and
"payment set up" when they told us how they want to be paid (payments' `PaymentPreference`,
read through its reverse name on `Person`, as panels sits below payments).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.models import Membership
from coproduce.panels.models import (
    AgendaItem,
    AgreementSignature,
    AgreementVersion,
    InductionStep,
    InductionTick,
    Panel,
    PanelMember,
    Strengths,
)
from coproduce.panels.rules import can_read_all_strengths
from coproduce.people.models import Person

# Steps the platform reads from its own records: never ticked by hand.
FROM_RECORDS = frozenset({InductionStep.AGREEMENT_READ, InductionStep.PAYMENT_SET_UP})

# The same steps in the second person, for the member's own "Getting started".
FOR_MEMBER = {
    InductionStep.WELCOME: gettext_lazy("A welcome to the panel"),
    InductionStep.CONTACT_MET: gettext_lazy("Meet your named contact"),
    InductionStep.AGREEMENT_READ: gettext_lazy("Read the group agreement and say if you agree"),
    InductionStep.PAYMENT_SET_UP: gettext_lazy("Tell us how you want to be paid"),
    InductionStep.TRAINING_OFFERED: gettext_lazy("Hear about training you can do"),
}


@dataclass(frozen=True)
class StepState:
    step: InductionStep
    done: bool
    how: str  # "Ticked by Alice on 3 December 2026", "They agreed to version 2", or ""

    @property
    def label(self) -> str:
        return str(self.step.label)

    @property
    def for_member(self) -> str:
        return str(FOR_MEMBER[self.step])

    @property
    def from_records(self) -> bool:
        return self.step in FROM_RECORDS


@dataclass
class Induction:
    member: PanelMember
    steps: list[StepState] = field(default_factory=list)

    @property
    def missing(self) -> list[StepState]:
        return [s for s in self.steps if not s.done]

    @property
    def is_complete(self) -> bool:
        return not self.missing


def _day(moment: datetime.date | datetime.datetime) -> str:
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment).date()
    return date_format(moment, "j F Y")


def inductions_for(panel: Panel, members: list[PanelMember] | None = None) -> list[Induction]:
    """Each current member's induction steps, done or not, and how we know (four queries)."""
    if members is None:
        members = list(
            PanelMember.objects.filter(panel=panel, ended_on__isnull=True)
            .select_related("person")
            .order_by("person__name", "id")
        )
    if not members:
        return []
    ticks: dict[tuple[int, str], InductionTick] = {
        (t.member_id, t.step): t
        for t in InductionTick.objects.filter(member__in=members).select_related("ticked_by")
    }
    version = AgreementVersion.objects.filter(panel=panel).order_by("-number").first()
    person_ids = [m.person_id for m in members]
    agreed = (
        set(
            AgreementSignature.objects.filter(
                version=version, person_id__in=person_ids
            ).values_list("person_id", flat=True)
        )
        if version
        else set()
    )
    # The reverse name of payments' PaymentPreference: panels never imports payments.
    paid = set(
        Person.objects.filter(pk__in=person_ids, payment_preferences__isnull=False).values_list(
            "pk", flat=True
        )
    )
    result = []
    for member in members:
        steps = []
        for step in InductionStep:
            if step == InductionStep.AGREEMENT_READ:
                done = member.person_id in agreed
                how = (
                    _("They agreed to version %(n)s.") % {"n": version.number}
                    if done and version
                    else ""
                )
            elif step == InductionStep.PAYMENT_SET_UP:
                done = member.person_id in paid
                how = _("They told us how they want to be paid.") if done else ""
            else:
                tick = ticks.get((member.pk, step))
                done = tick is not None
                how = (
                    _("Ticked by %(name)s on %(date)s")
                    % {"name": tick.ticked_by or _("staff"), "date": _day(tick.done_on)}
                    if tick
                    else ""
                )
            steps.append(StepState(step, done, how))
        result.append(Induction(member, steps))
    return result


def induction_for(member: PanelMember) -> Induction:
    """One member's induction (for their own "Getting started")."""
    return inductions_for(member.panel, [member])[0]


def getting_started_for(membership: Membership, person: Person | None) -> list[Induction]:
    """The unfinished "Getting started" of each panel this person is on now, for their home
    (one query, then four a panel: a member is on one or two)."""
    if person is None:
        return []
    members = (
        PanelMember.objects.filter(
            panel__organisation_id=membership.organisation_id,
            person=person,
            ended_on__isnull=True,
        )
        .select_related("panel__named_contact", "person")
        .order_by("panel__name", "id")
    )
    started = (induction_for(member) for member in members)
    return [steps for steps in started if not steps.is_complete]


@dataclass(frozen=True)
class Brings:
    """What one person brings, as the reader may see it."""

    person: Person
    strengths: Strengths


def strengths_on_panel(panel: Panel, membership: Membership) -> list[Brings]:
    """What the current members of the panel bring, as this reader may see it (one query).

    Staff see what each member agreed we keep; members see what others agreed to share with
    their panels, and their own. Nothing is shown once a person withdraws their consent.
    """
    rows = (
        Strengths.objects.filter(
            person__panel_memberships__panel=panel,
            person__panel_memberships__ended_on__isnull=True,
            consent_at__isnull=False,
        )
        .select_related("person")
        .distinct()
        .order_by("person__name", "id")
    )
    if not can_read_all_strengths(membership):
        rows = rows.filter(shared_at__isnull=False) | rows.filter(
            person__user_id=membership.user_id
        )
    return [Brings(row.person, row) for row in rows if row.has_answers]


def own_strengths(person: Person | None) -> Strengths | None:
    if person is None:
        return None
    return Strengths.objects.filter(person=person).first()


def next_getting_to_know(panel: Panel) -> AgendaItem | None:
    """The next meeting's item of time to get to know each other, if one is planned."""
    return (
        AgendaItem.objects.filter(
            meeting__panel=panel,
            meeting__cancelled_at__isnull=True,
            meeting__starts_at__gte=timezone.now(),
            is_getting_to_know=True,
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "position", "id")
        .first()
    )
