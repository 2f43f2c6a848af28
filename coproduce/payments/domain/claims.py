"""Making and changing claims, and their expense lines (while a claim is a draft or queried)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
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
    Status,
    Unit,
)
from coproduce.payments.money import pounds, times
from coproduce.payments.queries import rate_on, settings_for
from coproduce.people.models import Person

if TYPE_CHECKING:
    from coproduce.accounts.models import User


def _record(claim: Claim, from_status: str, *, actor: User | None, message: str = "") -> None:
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
    actor: User | None,
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
    organisation: Organisation, attendance_id: int, *, actor: User | None
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
    actor: User,
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
    actor: User,
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


def remove_expense(line: ExpenseLine, *, actor: User) -> None:
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
