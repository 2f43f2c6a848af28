"""Moving a claim through its statuses (send, agree, query, pay, take back), and noting
the export. Each change locks the claim row and is idempotent: see the package docstring.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.audit import log_action
from coproduce.core.db import retry_when_locked as _retry_when_locked
from coproduce.core.models import Organisation
from coproduce.payments.domain.claims import _record
from coproduce.payments.models import (
    Claim,
    Status,
)
from coproduce.payments.queries import preference_for

if TYPE_CHECKING:
    from coproduce.accounts.models import User


@dataclass(frozen=True)
class Outcome:
    """What a status change did. `changed` is False when it had already been done."""

    claim: Claim
    changed: bool


def _locked(claim: Claim) -> Claim:
    return Claim.objects.select_for_update(of=("self",)).select_related("person").get(pk=claim.pk)


def _refuse(claim: Claim, action: str) -> ValidationError:
    return ValidationError(
        _("You cannot %(action)s this claim: it is %(status)s.")
        % {"action": action, "status": str(Status(claim.status).label).lower()}
    )


def submit_claim(claim: Claim, *, actor: User | None) -> Outcome:
    """Send a draft or queried claim to be checked. Sending it again changes nothing.

    Side effects: sets status "submitted" and `submitted_at`; saves a ClaimEvent; logs
    "payments.claim.submitted".
    """

    def change() -> Outcome:
        with transaction.atomic():
            locked = _locked(claim)
            if locked.status == Status.SUBMITTED:
                return Outcome(locked, False)
            if locked.status not in Status.editable():
                raise _refuse(locked, _("send"))
            before = locked.status
            locked.status = Status.SUBMITTED
            locked.submitted_at = timezone.now()
            locked.save(update_fields=["status", "submitted_at"])
            _record(locked, before, actor=actor)
            log_action(locked, "payments.claim.submitted", actor=actor)
        return Outcome(locked, True)

    return _retry_when_locked(change)


def _check_not_own(claim: Claim, actor: User) -> None:
    if actor is not None and claim.person.user_id is not None and claim.person.user_id == actor.pk:
        raise ValidationError(
            _("You cannot agree or pay your own claim. Ask someone else in the team.")
        )


def approve_claim(claim: Claim, *, actor: User) -> Outcome:
    """Agree a sent claim, copying the person's payment preference in force now: how to pay
    them, and the part of the fee they want (none, a lower amount, all of it). Expenses are
    always paid in full.

    Idempotent: a claim already agreed (or paid) is left as it is, `changed=False`.
    Refuses the claimant themself. Side effects: sets status "approved", the approval
    fields and the payment copy; saves a ClaimEvent; logs "payments.claim.approved".
    """

    def change() -> Outcome:
        with transaction.atomic():
            locked = _locked(claim)
            if locked.status in (Status.APPROVED, Status.PAID):
                return Outcome(locked, False)
            if locked.status != Status.SUBMITTED:
                raise _refuse(locked, _("agree"))
            _check_not_own(locked, actor)
            preference = preference_for(locked.person)
            before = locked.status
            locked.status = Status.APPROVED
            locked.approved_at = timezone.now()
            locked.approved_by = actor
            locked.payment_method = preference.choice if preference else ""
            locked.charity_name = preference.charity_name if preference else ""
            locked.finance_reference = preference.finance_reference if preference else ""
            locked.payable_fee_pence = (
                preference.payable_fee(locked.fee_pence) if preference else locked.fee_pence
            )
            locked.save(
                update_fields=[
                    "status",
                    "approved_at",
                    "approved_by",
                    "payment_method",
                    "charity_name",
                    "finance_reference",
                    "payable_fee_pence",
                ]
            )
            _record(locked, before, actor=actor)
            log_action(
                locked, "payments.claim.approved", actor=actor, data={"pence": locked.total_pence}
            )
        return Outcome(locked, True)

    return _retry_when_locked(change)


def query_claim(claim: Claim, *, actor: User, message: str) -> Outcome:
    """Send a claim back to the person with a question. They can change it and send it again.

    Idempotent for the same state: a claim already queried keeps its first question.
    Side effects: sets status "queried", `queried_at` and `query_message`; saves a
    ClaimEvent with the message; logs "payments.claim.queried".
    """

    def change() -> Outcome:
        with transaction.atomic():
            locked = _locked(claim)
            if locked.status == Status.QUERIED:
                return Outcome(locked, False)
            if locked.status != Status.SUBMITTED:
                raise _refuse(locked, _("ask about"))
            before = locked.status
            locked.status = Status.QUERIED
            locked.queried_at = timezone.now()
            locked.query_message = message
            locked.save(update_fields=["status", "queried_at", "query_message"])
            _record(locked, before, actor=actor, message=message)
            log_action(locked, "payments.claim.queried", actor=actor)
        return Outcome(locked, True)

    return _retry_when_locked(change)


def pay_claim(claim: Claim, *, actor: User, reference: str, paid_on: datetime.date) -> Outcome:
    """Mark an agreed claim as paid, with the payment reference and the date it was paid.

    Idempotent: a claim already paid keeps its first reference and date, `changed=False`.
    Refuses the claimant themself. Side effects: sets status "paid", `paid_at`, `paid_on`,
    `paid_by`, `payment_reference`; saves a ClaimEvent; logs "payments.claim.paid".
    """

    def change() -> Outcome:
        with transaction.atomic():
            locked = _locked(claim)
            if locked.status == Status.PAID:
                return Outcome(locked, False)
            if locked.status != Status.APPROVED:
                raise _refuse(locked, _("pay"))
            _check_not_own(locked, actor)
            before = locked.status
            locked.status = Status.PAID
            locked.paid_at = timezone.now()
            locked.paid_on = paid_on
            locked.paid_by = actor
            locked.payment_reference = reference
            locked.save(
                update_fields=["status", "paid_at", "paid_on", "paid_by", "payment_reference"]
            )
            _record(locked, before, actor=actor)
            log_action(
                locked,
                "payments.claim.paid",
                actor=actor,
                data={"pence": locked.total_pence, "reference": reference},
            )
        return Outcome(locked, True)

    return _retry_when_locked(change)


def withdraw_claim(claim: Claim, *, actor: User) -> Outcome:
    """Take back a claim that is not agreed yet. A meeting's claim can then be made again.

    Side effects: sets status "withdrawn" and `withdrawn_at`; saves a ClaimEvent; logs
    "payments.claim.withdrawn".
    """

    def change() -> Outcome:
        with transaction.atomic():
            locked = _locked(claim)
            if locked.status == Status.WITHDRAWN:
                return Outcome(locked, False)
            if locked.status not in (Status.DRAFT, Status.SUBMITTED, Status.QUERIED):
                raise _refuse(locked, _("take back"))
            before = locked.status
            locked.status = Status.WITHDRAWN
            locked.withdrawn_at = timezone.now()
            locked.save(update_fields=["status", "withdrawn_at"])
            _record(locked, before, actor=actor)
            log_action(locked, "payments.claim.withdrawn", actor=actor)
        return Outcome(locked, True)

    return _retry_when_locked(change)


def log_export(organisation: Organisation, *, actor: User) -> None:
    """Note that someone downloaded the payment export (names and amounts leave the system).

    Side effects: logs "payments.export.downloaded".
    """
    log_action(organisation, "payments.export.downloaded", actor=actor)
