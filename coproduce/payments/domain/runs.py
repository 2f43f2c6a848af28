"""Payment runs: finance pays agreed claims in a batch, and marks the batch paid in one step."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduce.core.audit import log_action
from coproduce.core.db import retry_when_locked
from coproduce.core.models import Organisation
from coproduce.payments.domain.statuses import check_paid_on, pay_claim
from coproduce.payments.models import Claim, PaymentRun, Status
from coproduce.payments.queries import claims_to_pay

if TYPE_CHECKING:
    from coproduce.accounts.models import User


def _next_reference(organisation: Organisation, today: datetime.date) -> str:
    stem = f"RUN-{today:%Y%m%d}-"
    taken = PaymentRun.objects.filter(organisation=organisation, reference__startswith=stem)
    return f"{stem}{taken.count() + 1}"


def start_payment_run(organisation: Organisation, *, actor: User) -> PaymentRun | None:
    """Put every agreed claim that is in no run yet into a new payment run, and return it.

    Returns None when there is nothing to pay. Two people starting a run at once never put
    a claim in both: a claim joins a run only while it is in none (one UPDATE that checks).
    Side effects: saves a PaymentRun; sets `payment_run` on its claims; logs
    "payments.run.started" with the number of claims.
    """

    def start() -> PaymentRun | None:
        with transaction.atomic():
            waiting = claims_to_pay(organisation).filter(payment_run__isnull=True)
            if not waiting.exists():
                return None
            run = PaymentRun.objects.create(
                organisation=organisation,
                reference=_next_reference(organisation, timezone.localdate()),
                created_by=actor,
            )
            count = waiting.update(payment_run=run)
            if count == 0:  # another run took them between the check and the update
                transaction.set_rollback(True)
                return None
            log_action(run, "payments.run.started", actor=actor, data={"claims": count})
        return run

    def start_once() -> PaymentRun | None:
        try:
            return start()
        except IntegrityError:  # two runs took the same reference at once: count again
            return start()

    return retry_when_locked(start_once)


@dataclass
class RunPaid:
    """What marking a run paid did: claims paid now, already paid, and those it left."""

    paid: int = 0
    already: int = 0
    left: list[tuple[Claim, str]] = field(default_factory=list)


def pay_payment_run(
    run: PaymentRun, *, actor: User, reference: str, paid_on: datetime.date
) -> RunPaid:
    """Mark every claim in the run paid, with the batch's bank reference and date.

    Each claim goes through `pay_claim` (locked, idempotent), so marking a run twice, or a
    claim paid on its own first, pays nothing twice. A claim this person may not pay (their
    own) is left, with the reason. Refuses a date after today.
    Side effects: those of `pay_claim` for each claim; sets the run's `paid_on`,
    `bank_reference` and `paid_by`; logs "payments.run.paid" with the counts.
    """
    check_paid_on(paid_on)
    result = RunPaid()
    claims = retry_when_locked(
        lambda: list(run.claims.filter(status__in=[Status.APPROVED, Status.PAID]).order_by("pk"))
    )
    for claim in claims:
        try:
            outcome = pay_claim(claim, actor=actor, reference=reference, paid_on=paid_on)
        except ValidationError as error:
            result.left.append((claim, error.messages[0]))
            continue
        if outcome.changed:
            result.paid += 1
        else:
            result.already += 1

    def note() -> None:
        with transaction.atomic():
            if not result.left:
                PaymentRun.objects.filter(pk=run.pk, paid_on__isnull=True).update(
                    paid_on=paid_on, bank_reference=reference, paid_by=actor
                )
            log_action(
                run,
                "payments.run.paid",
                actor=actor,
                data={"paid": result.paid, "already": result.already, "left": len(result.left)},
            )

    retry_when_locked(note)
    return result
