"""Panel proposals: a panel deciding something itself. Each function says what it saves and logs.

Every answer is counted exactly once. Answering and closing both lock the proposal's row
(`select_for_update`) inside one transaction, so they take turns: an answer that got in
before the close is counted by it, and an answer after the close is refused. One answer per
member is also a database constraint (`one_answer_per_member`); a second answer from the same
member (another tab) replaces the first. On SQLite the whole database is the lock
(`transaction_mode` IMMEDIATE), and `retry_when_locked` runs a write again while it is busy.

Answers themselves never go into the audit log (only that someone answered).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coproduce.core.audit import log_action
from coproduce.core.db import retry_when_locked
from coproduce.decisions.models import CameFrom, Decision, How, Proposal, ProposalAnswer
from coproduce.decisions.proposal_queries import Tally, is_current_member, tally_for
from coproduce.initiatives.models import Initiative
from coproduce.panels.models import Panel
from coproduce.people.models import Person

if TYPE_CHECKING:
    from coproduce.accounts.models import User


def _closed_error(proposal: Proposal) -> ValidationError:
    when = date_format(timezone.localtime(proposal.closes_at), "j F Y, H:i")
    return ValidationError(
        _(
            "This proposal has closed, so it cannot take answers now. It closed on %(when)s. "
            "Your answer was not saved."
        )
        % {"when": when},
        code="closed",
    )


def _person_of(actor: User, proposal: Proposal) -> Person | None:
    """The actor's own person record in the proposal's organisation."""
    if not actor.is_authenticated:
        return None
    return Person.objects.filter(organisation_id=proposal.organisation_id, user=actor).first()


def open_proposal(
    panel: Panel,
    *,
    actor: User,
    title: str,
    detail: str = "",
    closes_at: datetime.datetime,
    initiative: Initiative | None = None,
) -> Proposal:
    """Ask `panel`'s members to decide something by `closes_at`.

    Refuses (ValidationError) a closing time that has passed, or a piece of work from
    another organisation. Side effects: saves the Proposal; logs "decisions.proposal.opened".
    """
    if closes_at <= timezone.now():
        raise ValidationError(_("Choose a closing time that has not passed yet."), code="past")
    if initiative is not None and initiative.organisation_id != panel.organisation_id:
        raise ValidationError(_("Choose a piece of work from this organisation."), code="org")
    opener = Person.objects.filter(organisation=panel.organisation, user=actor).first()
    with transaction.atomic():
        proposal = Proposal.objects.create(
            organisation=panel.organisation,
            panel=panel,
            initiative=initiative,
            title=title,
            detail=detail,
            closes_at=closes_at,
            opened_by=opener,
        )
        log_action(proposal, "decisions.proposal.opened", actor=actor, data={"panel": panel.pk})
    return proposal


def answer_proposal(
    proposal: Proposal,
    person: Person,
    *,
    actor: User,
    answer: str,
    reason: str = "",
    how_told: str = "",
) -> ProposalAnswer:
    """Save `person`'s answer to `proposal` (agree, abstain or object), or change it.

    `actor` is the person themselves, or staff recording the answer for them (then
    `how_told` says how they told us: by phone, by letter...). Refuses (ValidationError) once
    the proposal has closed (code "closed"), for someone who is not on the panel now, and
    for an answer that is not one of the three.
    Side effects: saves or replaces the one ProposalAnswer for this person; logs
    "decisions.proposal.answered" (or "decisions.proposal.answer_recorded" by staff),
    without the answer.
    """
    if answer not in ProposalAnswer.Answer.values:
        raise ValidationError(_("Choose one of the answers."), code="bad_answer")
    recorder = _person_of(actor, proposal) if actor.pk != person.user_id else None

    def write() -> ProposalAnswer:
        with transaction.atomic():
            locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
            if not locked.is_open:
                raise _closed_error(locked)
            if not is_current_member(locked.panel, person):
                raise ValidationError(
                    _("%(name)s is not on this panel now.") % {"name": person.display_name},
                    code="not_member",
                )
            saved, created = ProposalAnswer.objects.update_or_create(
                proposal=locked,
                person=person,
                defaults={
                    "answer": answer,
                    "reason": reason,
                    "recorded_by": recorder,
                    "how_told": how_told if recorder else "",
                    "answered_at": timezone.now(),
                },
                create_defaults={
                    "organisation": locked.organisation,
                    "answer": answer,
                    "reason": reason,
                    "recorded_by": recorder,
                    "how_told": how_told if recorder else "",
                },
            )
            log_action(
                locked,
                "decisions.proposal.answer_recorded" if recorder else "decisions.proposal.answered",
                actor=actor,
                data={"person": person.pk, "changed": not created},
            )
            return saved

    return retry_when_locked(write)


def _outcome_text(proposal: Proposal, tally: Tally) -> str:
    if tally.passed:
        verdict = _("Agreed: more members agreed (%(agree)s) than objected (%(object)s).")
    else:
        verdict = _(
            "Not agreed: it needed more members to agree than to object, and %(agree)s "
            "agreed while %(object)s objected."
        )
    return f"{proposal.title}. {verdict % {'agree': tally.agree, 'object': tally.object}}"


def close_proposal(proposal: Proposal, *, actor: User) -> Decision:
    """Close `proposal` (now, or record the outcome once its closing time has passed) and
    record the outcome as a decision by the panel.

    Counts each answer once: answers in flight finish first (they hold the same row lock),
    and later ones are refused. Closing twice (two tabs) returns the first decision.
    Side effects: sets `closed_at` (when staff close it early, or the closing time when it
    had passed); saves a Decision (how: by the panel; came from: this proposal; the count by
    lived and learnt experience; everyone who answered) and links it; logs
    "decisions.proposal.closed".
    """

    def write() -> Decision:
        with transaction.atomic():
            locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
            if locked.decision_id is not None:
                return Decision.objects.get(pk=locked.decision_id)
            now = timezone.now()
            locked.closed_at = locked.closed_at or min(now, locked.closes_at)
            tally = tally_for(locked)
            decision = Decision.objects.create(
                organisation=locked.organisation,
                panel=locked.panel,
                initiative=locked.initiative,
                what=_outcome_text(locked, tally)[:2000],
                decided_on=timezone.localdate(locked.closed_at),
                how=How.BY_PANEL,
                came_from=CameFrom.PROPOSAL,
                for_lived=tally.counts["agree"]["lived"],
                for_learnt=tally.counts["agree"]["learnt"],
                against_lived=tally.counts["object"]["lived"],
                against_learnt=tally.counts["object"]["learnt"],
                abstained_lived=tally.counts["abstain"]["lived"],
                abstained_learnt=tally.counts["abstain"]["learnt"],
                recorded_by=_person_of(actor, locked),
            )
            decision.people.set(Person.objects.filter(pk__in=locked.answers.values("person_id")))
            locked.decision = decision
            locked.save(update_fields=["closed_at", "decision"])
            log_action(
                locked,
                "decisions.proposal.closed",
                actor=actor,
                data={"decision": decision.pk, "answers": tally.answered, "passed": tally.passed},
            )
            return decision

    return retry_when_locked(write)
