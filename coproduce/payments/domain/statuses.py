"""Moving a claim through its statuses (send, agree, query, pay, take back), and noting
the export. Each change locks the claim row and is idempotent: see the package docstring.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.audit import log_action
from coproduce.core.db import retry_when_locked as _retry_when_locked
from coproduce.core.links import absolute_url
from coproduce.core.models import Organisation
from coproduce.payments.domain.claims import _record
from coproduce.payments.models import (
    Claim,
    ClaimEvent,
    Status,
)
from coproduce.payments.queries import preference_for
from coproduce.people.messages import send_message

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


def _check_not_own(claim: Claim, actor: User | None) -> None:
    if actor is not None and claim.person.user_id is not None and claim.person.user_id == actor.pk:
        raise ValidationError(
            _("You cannot agree or pay your own claim. Ask someone else in the team.")
        )


def _check_not_entrant(claim: Claim, actor: User | None) -> None:
    """Separation of duties: whoever entered or sent a claim does not also agree it."""
    if actor is None:
        return
    sent_it = ClaimEvent.objects.filter(
        claim=claim, to_status=Status.SUBMITTED, actor_id=actor.pk
    ).exists()
    if claim.created_by_id == actor.pk or sent_it:
        raise ValidationError(
            _(
                "You entered or sent this claim, so someone else must agree it. "
                "Two people look at every claim, to keep the money safe."
            )
        )


@dataclass(frozen=True)
class _Move:
    """The rules of one status change: where it may come from, what counts as already done."""

    verb: Promise  # in "You cannot %(action)s this claim"
    sources: tuple[Status, ...]
    done: tuple[Status, ...]
    audit: str
    not_own: bool = False  # the claimant may not make this change themself
    not_entrant: bool = False  # nor whoever entered or sent the claim


MOVES: dict[Status, _Move] = {
    Status.SUBMITTED: _Move(
        gettext_lazy("send"),
        sources=tuple(Status.editable()),
        done=(Status.SUBMITTED,),
        audit="payments.claim.submitted",
    ),
    Status.APPROVED: _Move(
        gettext_lazy("agree"),
        sources=(Status.SUBMITTED,),
        done=(Status.APPROVED, Status.PAID),
        audit="payments.claim.approved",
        not_own=True,
        not_entrant=True,
    ),
    Status.QUERIED: _Move(
        gettext_lazy("ask about"),
        sources=(Status.SUBMITTED,),
        done=(Status.QUERIED,),
        audit="payments.claim.queried",
    ),
    Status.PAID: _Move(
        gettext_lazy("pay"),
        sources=(Status.APPROVED,),
        done=(Status.PAID,),
        audit="payments.claim.paid",
        not_own=True,
    ),
    Status.WITHDRAWN: _Move(
        gettext_lazy("take back"),
        sources=(Status.DRAFT, Status.SUBMITTED, Status.QUERIED),
        done=(Status.WITHDRAWN,),
        audit="payments.claim.withdrawn",
    ),
}


def set_claim_status(
    claim: Claim,
    status: Status,
    *,
    actor: User | None,
    fields: Callable[[Claim], dict[str, Any]] | None = None,
    log_data: Callable[[Claim], dict[str, Any]] | None = None,
    message: str = "",
) -> Outcome:
    """Move `claim` to `status`: the one place a claim changes status (see `MOVES`).

    In one transaction, retried while SQLite is locked: locks the claim row, and returns
    `changed=False` if the move was already made (a double click, another tab); refuses a
    move from any other status, the claimant themself where the move says so, and whoever
    entered or sent the claim where it says so (separation of duties). Then
    sets the status, `<status>_at` and `fields(claim)` (worked out on the locked row).
    Side effects: saves those fields; saves a ClaimEvent (with `message`); logs the move's
    audit name with `log_data(claim)`; for a claim agreed, queried or paid, makes the message
    to the person (`tell_claimant`), sent after commit.
    """
    move = MOVES[status]
    timestamp = f"{Status(status).value}_at"

    def change() -> Outcome:
        with transaction.atomic():
            locked = _locked(claim)
            if locked.status in move.done:
                return Outcome(locked, False)
            if locked.status not in move.sources:
                raise _refuse(locked, str(move.verb))
            if move.not_own:
                _check_not_own(locked, actor)
            if move.not_entrant:
                _check_not_entrant(locked, actor)
            changes = {"status": status, timestamp: timezone.now()}
            changes.update(fields(locked) if fields else {})
            before = locked.status
            for name, value in changes.items():
                setattr(locked, name, value)
            locked.save(update_fields=list(changes))
            _record(locked, before, actor=actor, message=message)
            data = log_data(locked) if log_data else None
            log_action(locked, move.audit, actor=actor, data=data)
            tell_claimant(locked)
        return Outcome(locked, True)

    return _retry_when_locked(change)


TOLD = {
    Status.QUERIED: "claim.queried",
    Status.APPROVED: "claim.approved",
    Status.PAID: "claim.paid",
}


def tell_claimant(claim: Claim) -> None:
    """Tell the person their claim was queried, agreed or paid, by the way they chose.

    The message names the kind of activity and its date, never the claim's own words or
    the question (they may say something private): the link opens the claim.
    Side effects: saves a people Message (once per claim and status); sent after commit.
    """
    kind = TOLD.get(Status(claim.status))
    if kind is None:
        return
    title = _("%(activity)s on %(day)s") % {
        "activity": claim.get_activity_type_display().lower(),
        "day": date_format(claim.activity_date, "j F Y"),
    }
    path = reverse(
        "payments_claim_detail", kwargs={"org": claim.organisation.slug, "claim_pk": claim.pk}
    )
    when = claim.paid_on or timezone.localdate()
    send_message(
        claim.person,
        kind,
        f"claim:{claim.pk}:{claim.status}:{claim.submitted_at and claim.submitted_at.isoformat()}",
        link=absolute_url(path),
        title=title,
        date=date_format(when, "j F Y"),
    )


def submit_claim(claim: Claim, *, actor: User | None) -> Outcome:
    """Send a draft or queried claim to be checked. Sending it again changes nothing.

    Side effects: sets status "submitted" and `submitted_at`; saves a ClaimEvent; logs
    "payments.claim.submitted".
    """
    return set_claim_status(claim, Status.SUBMITTED, actor=actor)


def approve_claim(claim: Claim, *, actor: User) -> Outcome:
    """Agree a sent claim, copying the person's payment preference in force now: how to pay
    them, and the part of the fee they want (none, a lower amount, all of it). Expenses are
    always paid in full.

    Idempotent: a claim already agreed (or paid) is left as it is, `changed=False`.
    Refuses the claimant themself. Side effects: sets status "approved", the approval
    fields and the payment copy; saves a ClaimEvent; logs "payments.claim.approved".
    """

    def payment_copy(locked: Claim) -> dict[str, Any]:
        preference = preference_for(locked.person)
        return {
            "approved_by": actor,
            "payment_method": preference.choice if preference else "",
            "charity_name": preference.charity_name if preference else "",
            "finance_reference": preference.finance_reference if preference else "",
            "payable_fee_pence": (
                preference.payable_fee(locked.fee_pence) if preference else locked.fee_pence
            ),
        }

    return set_claim_status(
        claim,
        Status.APPROVED,
        actor=actor,
        fields=payment_copy,
        log_data=lambda locked: {"pence": locked.total_pence},
    )


def query_claim(claim: Claim, *, actor: User, message: str) -> Outcome:
    """Send a claim back to the person with a question. They can change it and send it again.

    Idempotent for the same state: a claim already queried keeps its first question.
    Side effects: sets status "queried", `queried_at` and `query_message`; saves a
    ClaimEvent with the message; logs "payments.claim.queried".
    """
    return set_claim_status(
        claim,
        Status.QUERIED,
        actor=actor,
        fields=lambda _locked: {"query_message": message},
        message=message,
    )


def check_paid_on(paid_on: datetime.date) -> None:
    """Refuse a date paid after today: money is marked paid once it has gone."""
    if paid_on > timezone.localdate():
        raise ValidationError(
            {
                "paid_on": _(
                    "The date it was paid cannot be after today. "
                    "Mark it paid once the money has gone."
                )
            }
        )


def pay_claim(claim: Claim, *, actor: User, reference: str, paid_on: datetime.date) -> Outcome:
    """Mark an agreed claim as paid, with the payment reference and the date it was paid.

    Idempotent: a claim already paid keeps its first reference and date, `changed=False`.
    Refuses the claimant themself, and a date after today (money is marked paid once it
    has gone). Side effects: sets status "paid", `paid_at`, `paid_on`, `paid_by`,
    `payment_reference`; saves a ClaimEvent; logs "payments.claim.paid".
    """
    check_paid_on(paid_on)
    return set_claim_status(
        claim,
        Status.PAID,
        actor=actor,
        fields=lambda _locked: {
            "paid_on": paid_on,
            "paid_by": actor,
            "payment_reference": reference,
        },
        log_data=lambda locked: {"pence": locked.total_pence, "reference": reference},
    )


def withdraw_claim(claim: Claim, *, actor: User) -> Outcome:
    """Take back a claim that is not agreed yet. A meeting's claim can then be made again.

    Side effects: sets status "withdrawn" and `withdrawn_at`; saves a ClaimEvent; logs
    "payments.claim.withdrawn".
    """
    return set_claim_status(claim, Status.WITHDRAWN, actor=actor)


def log_export(organisation: Organisation, *, actor: User) -> None:
    """Note that someone downloaded the payment export (names and amounts leave the system).

    Side effects: logs "payments.export.downloaded".
    """
    log_action(organisation, "payments.export.downloaded", actor=actor)
