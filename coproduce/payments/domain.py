"""Operations on rates, preferences and claims. Each function lists its side effects.

Status changes lock the claim row (`SELECT ... FOR UPDATE`; SQLite's IMMEDIATE transactions
serialise writers) and check the status inside the lock. A second approve or pay of the same
claim, from another tab or a double click, finds it already done and changes nothing: it
returns `Outcome(changed=False)` and the view says so.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.audit import log_action
from coproduce.core.models import Organisation
from coproduce.panels.models import Panel
from coproduce.payments import attendance as meetings
from coproduce.payments.models import (
    ActivityType,
    Claim,
    ClaimEvent,
    ExpenseCategory,
    ExpenseLine,
    PanelBudget,
    PaymentPreference,
    PaymentSettings,
    Rate,
    Status,
    Unit,
)
from coproduce.payments.money import pounds, times
from coproduce.payments.queries import preference_for, rate_on, settings_for
from coproduce.people.models import Person

# Rates


def add_rate(
    organisation: Organisation,
    *,
    actor: Any,
    activity_type: str,
    unit: str,
    amount_pence: int,
    valid_from: datetime.date,
    source: str,
) -> Rate:
    """Add a rate from `valid_from`. The rate it replaces ends the day before; claims already
    made keep the rate they copied.

    Refuses (ValidationError on `valid_from`) when a rate of this kind already starts on or
    after that date: end or correct that one first.
    Side effects: saves the Rate, may set `valid_to` on the previous one; logs
    "payments.rate.added".
    """
    with transaction.atomic():
        rates = Rate.objects.select_for_update().filter(
            organisation=organisation, activity_type=activity_type
        )
        if rates.filter(valid_from__gte=valid_from).exists():
            raise ValidationError(
                {
                    "valid_from": _(
                        "There is already a rate for this that starts on or after this date. "
                        "Choose a later date."
                    )
                }
            )
        rates.filter(valid_from__lt=valid_from).filter(valid_to__isnull=True).update(
            valid_to=valid_from - datetime.timedelta(days=1)
        )
        rates.filter(valid_to__gte=valid_from).update(
            valid_to=valid_from - datetime.timedelta(days=1)
        )
        rate = Rate.objects.create(
            organisation=organisation,
            activity_type=activity_type,
            unit=unit,
            amount_pence=amount_pence,
            valid_from=valid_from,
            source=source,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        log_action(
            rate,
            "payments.rate.added",
            actor=actor,
            data={"activity": activity_type, "unit": unit, "pence": amount_pence},
        )
    return rate


def update_payment_settings(
    payment_settings: PaymentSettings, *, actor: Any, **fields: Any
) -> PaymentSettings:
    """Change the organisation's mileage rate, limits, payment target or contact.

    Side effects: saves PaymentSettings; logs "payments.settings.changed" (field names).
    """
    for name, value in fields.items():
        setattr(payment_settings, name, value)
    payment_settings.save()
    log_action(
        payment_settings,
        "payments.settings.changed",
        actor=actor,
        organisation=payment_settings.organisation,
        data={"fields": sorted(fields)},
    )
    return payment_settings


def set_panel_budget(
    panel: Panel, *, actor: Any, year_starts_on: datetime.date, amount_pence: int
) -> PanelBudget:
    """Set a panel's budget for the financial year starting `year_starts_on`.

    Side effects: saves or updates one PanelBudget; logs "payments.budget.set".
    """
    budget, _created = PanelBudget.objects.update_or_create(
        panel=panel,
        year_starts_on=year_starts_on,
        defaults={"organisation": panel.organisation, "amount_pence": amount_pence},
    )
    log_action(panel, "payments.budget.set", actor=actor, data={"pence": amount_pence})
    return budget


# Preferences


def set_payment_preference(
    person: Person,
    *,
    actor: Any,
    choice: str,
    lower_amount_pence: int | None = None,
    charity_name: str = "",
    finance_reference: str = "",
    limit_pence: int | None = None,
    limit_period: str = "",
) -> PaymentPreference:
    """Record how this person wants to be paid from now on. The old choice stays as history.

    Never takes bank details. Side effects: saves a new PaymentPreference; logs
    "payments.preference.changed" with the choice only (not the limit: it may say something
    about the person's benefits).
    """
    preference = PaymentPreference.objects.create(
        organisation=person.organisation,
        person=person,
        choice=choice,
        lower_amount_pence=lower_amount_pence,
        charity_name=charity_name,
        finance_reference=finance_reference,
        limit_pence=limit_pence,
        limit_period=limit_period if limit_pence is not None else "",
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_action(person, "payments.preference.changed", actor=actor, data={"choice": choice})
    return preference


# Claims


def _record(claim: Claim, from_status: str, *, actor: Any, message: str = "") -> None:
    ClaimEvent.objects.create(
        organisation=claim.organisation,
        claim=claim,
        from_status=from_status,
        to_status=claim.status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        message=message,
    )


def _quantity_for_meeting(unit: str, minutes: int) -> Decimal:
    if unit == Unit.HOUR:
        return (Decimal(minutes) / 60).quantize(Decimal("0.01"))
    return Decimal(1)


def create_claim(
    person: Person,
    *,
    actor: Any,
    activity_type: str,
    activity_date: datetime.date | None = None,
    quantity: Decimal | None = None,
    panel: Panel | None = None,
    description: str = "",
    meeting_id: int | None = None,
) -> Claim:
    """Make a draft claim for `person`, copying the rate in force on the activity's date.

    With `meeting_id` the claim is for a panel meeting: the person must have come to it
    (ValidationError on "meeting" otherwise, and when it already has a claim); its date and
    panel come from the meeting, and the time too when `quantity` is not given.
    Side effects: saves the Claim and its first ClaimEvent; logs "payments.claim.created".
    """
    source_attendance_id = None
    source_title = ""
    minutes = 60
    if meeting_id is not None:
        facts = meetings.facts_for_meeting(person, meeting_id)
        if facts is None or not facts.attended:
            raise ValidationError(
                {
                    "meeting": _(
                        "Our records do not show that you came to this meeting, so you cannot "
                        "claim for it here. If you did come, ask the panel's contact to "
                        "change the record."
                    )
                }
            )
        source_attendance_id = facts.attendance_id
        source_title = facts.title
        minutes = facts.minutes
        activity_date = facts.date
        panel = Panel.objects.filter(pk=facts.panel_id).first()
        description = description or facts.title
    if activity_date is None:
        raise ValidationError({"activity_date": _("Enter the date of the activity.")})
    if activity_date > timezone.localdate():
        raise ValidationError(
            {"activity_date": _("The date is in the future. Claim after the activity.")}
        )
    rate = rate_on(person.organisation, activity_type, activity_date)
    if rate is None:
        raise ValidationError(
            {
                "activity_type": _(
                    "We do not have a rate for this kind of activity on that date. Ask the "
                    "person who looks after payments."
                )
            }
        )
    if quantity is None:
        quantity = _quantity_for_meeting(rate.unit, minutes)
    claim = Claim(
        organisation=person.organisation,
        person=person,
        panel=panel,
        activity_type=activity_type,
        activity_date=activity_date,
        description=description[:300],
        quantity=quantity,
        rate=rate,
        rate_amount_pence=rate.amount_pence,
        rate_unit=rate.unit,
        rate_source=rate.source,
        fee_pence=times(rate.amount_pence, quantity),
        source_attendance_id=source_attendance_id,
        source_meeting_title=source_title,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            claim.save()
            _record(claim, "", actor=actor)
            log_action(
                claim,
                "payments.claim.created",
                actor=actor,
                data={"fee_pence": claim.fee_pence, "attendance": source_attendance_id},
            )
    except IntegrityError:
        existing = (
            Claim.objects.filter(
                source_attendance_id=source_attendance_id, activity_type=activity_type
            )
            .exclude(status=Status.WITHDRAWN)
            .first()
        )
        raise ValidationError(
            {
                "meeting": _("There is already a claim of this kind for this meeting: %(ref)s.")
                % {"ref": existing.reference if existing else ""}
            }
        ) from None
    return claim


def create_claim_from_attendance(
    organisation: Organisation, attendance_id: int, *, actor: Any
) -> tuple[Claim, bool]:
    """Make the draft claim for a meeting someone came to: the meeting's time at the meeting
    rate. Returns (claim, created). A second call (a double click, another tab) returns the
    claim that already exists and creates nothing.

    Side effects: as `create_claim`.
    """
    facts = meetings.facts_for_attendance(organisation, attendance_id)
    if facts is None or not facts.attended:
        raise ValidationError(_("Our records do not show that this person came to this meeting."))
    if not facts.lived_experience:
        raise ValidationError(
            _("This person came to the meeting as staff. Staff are not paid by claim.")
        )
    existing = (
        Claim.objects.filter(source_attendance_id=attendance_id, activity_type=ActivityType.MEETING)
        .exclude(status=Status.WITHDRAWN)
        .first()
    )
    if existing is not None:
        return existing, False
    person = Person.objects.get(pk=facts.person_id)
    try:
        claim = create_claim(
            person,
            actor=actor,
            activity_type=ActivityType.MEETING,
            meeting_id=facts.meeting_id,
        )
    except ValidationError as error:
        existing = (
            Claim.objects.filter(
                source_attendance_id=attendance_id, activity_type=ActivityType.MEETING
            )
            .exclude(status=Status.WITHDRAWN)
            .first()
        )
        if existing is not None:
            return existing, False
        raise ValidationError(
            [message for messages in error.message_dict.values() for message in messages]
        ) from None
    return claim, True


def update_claim(
    claim: Claim,
    *,
    actor: Any,
    quantity: Decimal,
    description: str,
) -> Claim:
    """Change how much time (or how many tasks) and the description of a draft or queried
    claim. The rate copied when it was made stays.

    Side effects: saves the Claim; logs "payments.claim.changed".
    """
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        _check_editable(locked)
        locked.quantity = quantity
        locked.description = description[:300]
        locked.fee_pence = times(locked.rate_amount_pence, quantity)
        locked.save(update_fields=["quantity", "description", "fee_pence"])
        log_action(locked, "payments.claim.changed", actor=actor, data={"fee": locked.fee_pence})
    return locked


def _check_editable(claim: Claim) -> None:
    if not claim.is_editable:
        raise ValidationError(
            _(
                "This claim has been sent. You can only change it if we send it back with a "
                "question."
            )
        )


class ExpenseError(ValidationError):
    """A bad expense line; `message_dict` names the field."""


def add_expense(
    claim: Claim,
    *,
    actor: Any,
    category: str,
    amount_pence: int | None = None,
    miles: Decimal | None = None,
    description: str = "",
    receipt: UploadedFile | None = None,
) -> ExpenseLine:
    """Add an out-of-pocket cost to a draft or queried claim.

    Mileage is worked out from the miles and the organisation's rate a mile (copied on the
    line). Food and drink, and phone or internet, must be within the organisation's limits.
    The receipt must already be checked (forms.check_receipt).
    Side effects: saves the ExpenseLine and its file, updates `claim.expenses_pence`; logs
    "payments.expense.added".
    """
    payment_settings = settings_for(claim.organisation)
    pence_per_mile = None
    if category == ExpenseCategory.MILEAGE:
        if miles is None or miles <= 0:
            raise ExpenseError({"miles": _("Enter how many miles you drove, for example 12.5.")})
        pence_per_mile = payment_settings.pence_per_mile
        amount_pence = times(pence_per_mile, miles)
    else:
        miles = None
        if amount_pence is None or amount_pence <= 0:
            raise ExpenseError({"amount": _("Enter how much it cost, for example 4.50.")})
        limit = {
            ExpenseCategory.MEALS: payment_settings.meal_limit_pence,
            ExpenseCategory.INTERNET: payment_settings.internet_limit_pence,
        }.get(ExpenseCategory(category))
        if limit is not None and amount_pence > limit:
            raise ExpenseError(
                {
                    "amount": _(
                        "We pay up to %(limit)s for this. Enter %(limit)s or less. If it cost "
                        "more, say why in the details and ask the person who looks after "
                        "payments."
                    )
                    % {"limit": pounds(limit)}
                }
            )
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        _check_editable(locked)
        line = ExpenseLine(
            organisation=claim.organisation,
            claim=locked,
            category=category,
            description=description[:300],
            amount_pence=amount_pence,
            miles=miles,
            pence_per_mile=pence_per_mile,
        )
        if receipt is not None:
            line.receipt_name = (receipt.name or "receipt")[-200:]
            line.receipt.save(receipt.name or "receipt", receipt, save=False)
        line.save()
        _total_expenses(locked)
        log_action(
            locked,
            "payments.expense.added",
            actor=actor,
            data={"category": category, "pence": amount_pence},
        )
    claim.expenses_pence = locked.expenses_pence
    return line


def remove_expense(line: ExpenseLine, *, actor: Any) -> None:
    """Take an expense line off a draft or queried claim.

    Side effects: deletes the line and its receipt file; updates `claim.expenses_pence`; logs
    "payments.expense.removed".
    """
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=line.claim_id)
        _check_editable(locked)
        receipt = line.receipt.name if line.receipt else ""
        line.delete()
        _total_expenses(locked)
        log_action(locked, "payments.expense.removed", actor=actor, data={"line": line.pk})
        if receipt:
            storage = line.receipt.storage
            transaction.on_commit(lambda: storage.delete(receipt))


def _total_expenses(claim: Claim) -> None:
    claim.expenses_pence = (
        ExpenseLine.objects.filter(claim=claim).aggregate(total=Sum("amount_pence"))["total"] or 0
    )
    claim.save(update_fields=["expenses_pence"])


@dataclass(frozen=True)
class Outcome:
    """What a status change did. `changed` is False when it had already been done."""

    claim: Claim
    changed: bool


def _locked(claim: Claim) -> Claim:
    return Claim.objects.select_for_update(of=("self",)).select_related("person").get(pk=claim.pk)


def _retry_when_locked[T](operation: Callable[[], T], attempts: int = 40) -> T:
    """Run a status change again if SQLite said the database was locked.

    PostgreSQL waits on the row lock by itself, and SQLite's busy timeout covers a database
    file; an in-memory database shared between threads (the tests) answers "locked" at once.
    """
    for attempt in range(attempts):
        try:
            return operation()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error).lower():
                raise
            if attempt == attempts - 1:
                raise
            time.sleep(0.005 * (attempt + 1))
    raise AssertionError("unreachable")


def _refuse(claim: Claim, action: str) -> ValidationError:
    return ValidationError(
        _("You cannot %(action)s this claim: it is %(status)s.")
        % {"action": action, "status": str(Status(claim.status).label).lower()}
    )


def submit_claim(claim: Claim, *, actor: Any) -> Outcome:
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


def _check_not_own(claim: Claim, actor: Any) -> None:
    if actor is not None and claim.person.user_id is not None and claim.person.user_id == actor.pk:
        raise ValidationError(
            _("You cannot agree or pay your own claim. Ask someone else in the team.")
        )


def approve_claim(claim: Claim, *, actor: Any) -> Outcome:
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


def query_claim(claim: Claim, *, actor: Any, message: str) -> Outcome:
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


def pay_claim(claim: Claim, *, actor: Any, reference: str, paid_on: datetime.date) -> Outcome:
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


def withdraw_claim(claim: Claim, *, actor: Any) -> Outcome:
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


def log_export(organisation: Organisation, *, actor: Any) -> None:
    """Note that someone downloaded the payment export (names and amounts leave the system).

    Side effects: logs "payments.export.downloaded".
    """
    log_action(organisation, "payments.export.downloaded", actor=actor)
