"""Payment for involvement: rates, each person's payment preference, claims and expenses.

Money is whole pence in integer fields, never floats. A claim copies the rate it was made
with (amount, unit, source and the rate's id), so changing or ending a rate never alters a
claim already made. No bank account details are stored anywhere: finance collects them
through their own process, and we keep only the preference and finance's reference.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned

__all__ = [
    "ActivityType",
    "Claim",
    "ClaimEvent",
    "ExpenseCategory",
    "ExpenseLine",
    "PanelBudget",
    "PaymentChoice",
    "PaymentPreference",
    "PaymentSettings",
    "Rate",
    "Status",
    "Unit",
]


class ActivityType(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    PREPARATION = "preparation", _("Preparation and reading")
    DOCUMENT_REVIEW = "document_review", _("Reviewing a document")
    WORKSHOP = "workshop", _("Workshop")
    CO_FACILITATION = "co_facilitation", _("Helping to run a session")
    INTERVIEW_PANEL = "interview_panel", _("Interview panel")
    CHAIRING = "chairing", _("Chairing")


class Unit(models.TextChoices):
    HOUR = "hour", _("an hour")
    HALF_DAY = "half_day", _("a half day")
    DAY = "day", _("a day")
    TASK = "task", _("a task")


class Rate(OrganisationOwned):
    """What the organisation pays for one unit of one kind of activity, between two dates.

    Rates are never edited: a new rate ends the old one the day before it starts
    (`domain.add_rate`). Claims copy what they need, so no claim depends on this row.
    """

    activity_type = models.CharField(
        _("kind of activity"), max_length=20, choices=ActivityType.choices
    )
    unit = models.CharField(_("paid by"), max_length=10, choices=Unit.choices)
    amount_pence = models.PositiveIntegerField(_("amount in pence"))
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(_("where this rate comes from"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["activity_type", "-valid_from", "id"]
        indexes = [models.Index(fields=["organisation", "activity_type", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="rate_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_type_display()}: {self.amount_pence}p per {self.unit}"

    def applies_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class PaymentChoice(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    PAYROLL = "payroll", _("Through payroll")
    VOUCHER = "voucher", _("Shopping vouchers")
    CHARITY = "charity", _("Pay a charity instead")
    LOWER_AMOUNT = "lower_amount", _("A lower amount")
    NO_PAYMENT = "no_payment", _("No payment")


class LimitPeriod(models.TextChoices):
    WEEK = "week", _("a week")
    MONTH = "month", _("a month")


class PaymentPreference(OrganisationOwned):
    """How one person wants to be paid. A change adds a row: the newest row is the one in
    force and the older rows are the history (who changed it and when).

    Never bank details: finance collects those through their own process.
    """

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="payment_preferences"
    )
    choice = models.CharField(_("how you want to be paid"), max_length=20, choices=PaymentChoice)
    lower_amount_pence = models.PositiveIntegerField(null=True, blank=True)
    charity_name = models.CharField(_("which charity"), max_length=200, blank=True)
    finance_reference = models.CharField(_("finance reference"), max_length=100, blank=True)
    limit_pence = models.PositiveIntegerField(null=True, blank=True)
    limit_period = models.CharField(max_length=10, choices=LimitPeriod.choices, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(limit_pence__isnull=True) | ~models.Q(limit_period=""),
                name="limit_has_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.choice}"

    def payable_fee(self, fee_pence: int) -> int:
        """The part of a fee this person wants paid. Expenses are always paid in full."""
        if self.choice == PaymentChoice.NO_PAYMENT:
            return 0
        if self.choice == PaymentChoice.LOWER_AMOUNT and self.lower_amount_pence is not None:
            return min(fee_pence, self.lower_amount_pence)
        return fee_pence


class Status(models.TextChoices):
    DRAFT = "draft", _("Not sent yet")
    SUBMITTED = "submitted", _("Sent, waiting to be checked")
    QUERIED = "queried", _("We have a question")
    APPROVED = "approved", _("Agreed, waiting to be paid")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Taken back")

    @classmethod
    def editable(cls) -> list[Status]:
        return [cls.DRAFT, cls.QUERIED]

    @classmethod
    def waiting(cls) -> list[Status]:
        """Sent, and not paid yet: these count towards the payment target."""
        return [cls.SUBMITTED, cls.QUERIED, cls.APPROVED]

    @classmethod
    def counted(cls) -> list[Status]:
        """Claims that count towards a person's limit and a panel's spend."""
        return [cls.SUBMITTED, cls.QUERIED, cls.APPROVED, cls.PAID]


class PaymentRun(OrganisationOwned):
    """A batch of agreed claims that finance pays together, under one reference.

    Started from the finance page: every agreed claim not in a run yet goes in. Finance
    downloads it, pays it, and marks the whole run paid in one step.
    """

    reference = models.CharField(_("payment run"), max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    paid_on = models.DateField(null=True, blank=True)
    bank_reference = models.CharField(max_length=100, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="one_payment_run_reference"
            )
        ]

    def __str__(self) -> str:
        return self.reference


class Claim(OrganisationOwned):
    """One person's claim for one activity: a fee (units x the rate copied when it was made)
    plus expense lines.

    `expenses_pence` is the sum of the lines, kept by the domain functions. Approval copies
    the payment preference in force (`payment_method`, `payable_fee_pence`, ...), so what
    finance pays does not move if the person changes their preference afterwards.
    """

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="claims")
    panel = models.ForeignKey(
        "panels.Panel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("panel"),
    )
    activity_type = models.CharField(
        _("kind of activity"), max_length=20, choices=ActivityType.choices
    )
    activity_date = models.DateField(_("date of the activity"))
    description = models.CharField(_("what you did"), max_length=300, blank=True)
    quantity = models.DecimalField(_("how many"), max_digits=6, decimal_places=2)
    # The rate, copied when the claim was made.
    rate = models.ForeignKey(
        Rate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rate_amount_pence = models.PositiveIntegerField()
    rate_unit = models.CharField(max_length=10, choices=Unit.choices)
    rate_source = models.CharField(max_length=200)
    fee_pence = models.PositiveIntegerField()
    expenses_pence = models.PositiveIntegerField(default=0)
    # Where it came from: a panel meeting's attendance row (a plain number, not a key: the
    # claim is a financial record and must outlive a corrected attendance register). One
    # live claim per attendance and kind: the meeting itself, its preparation, chairing it.
    source_attendance_id = models.PositiveIntegerField(null=True, blank=True)
    source_meeting_title = models.CharField(max_length=200, blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    queried_at = models.DateTimeField(null=True, blank=True)
    query_message = models.TextField(blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Copied from the person's preference when the claim is approved.
    payment_method = models.CharField(max_length=20, choices=PaymentChoice, blank=True)
    charity_name = models.CharField(max_length=200, blank=True)
    finance_reference = models.CharField(max_length=100, blank=True)
    payable_fee_pence = models.PositiveIntegerField(null=True, blank=True)
    payment_run = models.ForeignKey(
        PaymentRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )

    class Meta:
        ordering = ["-activity_date", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status", "activity_date"]),
            models.Index(fields=["person", "-activity_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_attendance_id", "activity_type"],
                condition=models.Q(source_attendance_id__isnull=False)
                & ~models.Q(status="withdrawn"),
                name="one_claim_per_attendance",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["approved", "paid"])
                | models.Q(approved_at__isnull=False, payable_fee_pence__isnull=False),
                name="approved_claim_has_approval",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paid")
                | (
                    models.Q(paid_at__isnull=False, paid_on__isnull=False)
                    & ~models.Q(payment_reference="")
                ),
                name="paid_claim_has_reference",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="claim_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Claim {self.pk}: {self.get_activity_type_display()} on {self.activity_date}"

    @property
    def reference(self) -> str:
        """The number we quote to people and finance."""
        return f"C{self.pk:06d}"

    @property
    def is_editable(self) -> bool:
        return self.status in Status.editable()

    @property
    def total_pence(self) -> int:
        """What will be paid: the fee the person wants (once approved) plus expenses."""
        fee = self.fee_pence if self.payable_fee_pence is None else self.payable_fee_pence
        return fee + self.expenses_pence


class ClaimEvent(OrganisationOwned):
    """One step in a claim's life, with who took it and any message (a query)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.claim}: {self.from_status} -> {self.to_status}"


class ExpenseCategory(models.TextChoices):
    PUBLIC_TRANSPORT = "public_transport", _("Bus, train or taxi")
    MILEAGE = "mileage", _("Driving your own car (miles)")
    PARKING = "parking", _("Parking, tolls or congestion charge")
    CARER = "carer", _("A replacement carer or personal assistant")
    SUPPORT_WORKER = "support_worker", _("A support worker")
    CHILDCARE = "childcare", _("Childcare")
    INTERNET = "internet", _("Phone or internet for an online meeting")
    MEALS = "meals", _("Food and drink")


def receipt_path(instance: ExpenseLine, filename: str) -> str:
    return f"payments/receipts/{instance.claim_id}/{uuid.uuid4().hex}/{filename[-100:]}"


class ExpenseLine(OrganisationOwned):
    """One out-of-pocket cost on a claim. Mileage keeps the miles and the rate per mile used."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="expenses")
    category = models.CharField(_("what it was for"), max_length=20, choices=ExpenseCategory)
    description = models.CharField(_("details"), max_length=300, blank=True)
    amount_pence = models.PositiveIntegerField()
    miles = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    pence_per_mile = models.PositiveIntegerField(null=True, blank=True)
    receipt = models.FileField(upload_to=receipt_path, blank=True)
    receipt_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(category="mileage")
                | models.Q(miles__isnull=False, pence_per_mile__isnull=False),
                name="mileage_has_miles_and_rate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.amount_pence}p"


class PaymentSettings(OrganisationOwned):
    """The organisation's payment rules that are not rates. One row per organisation."""

    pence_per_mile = models.PositiveIntegerField(
        _("mileage: pence a mile"),
        default=45,
        help_text=_("HMRC's approved rate for a car is 45p a mile for the first 10,000 miles."),
    )
    meal_limit_pence = models.PositiveIntegerField(
        _("food and drink: most we pay for one activity, in pence"), default=1000
    )
    internet_limit_pence = models.PositiveIntegerField(
        _("phone or internet: most we pay for one online meeting, in pence"), default=500
    )
    target_working_days = models.PositiveSmallIntegerField(
        _("we aim to pay within this many working days of the activity"), default=20
    )
    cost_code = models.CharField(
        _("cost code for paying people"),
        max_length=50,
        blank=True,
        help_text=_("Finance's code for this spending. A panel's budget can have its own."),
    )
    payments_contact = models.TextField(
        _("who people can ask about payments"),
        blank=True,
        help_text=_("A name, phone number and email address."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "payment settings"
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="one_payment_settings_per_org")
        ]

    def __str__(self) -> str:
        return f"Payment settings of {self.organisation_id}"


class PanelBudget(OrganisationOwned):
    """The money set aside for paying a panel's members in one financial year."""

    panel = models.ForeignKey("panels.Panel", on_delete=models.CASCADE, related_name="+")
    year_starts_on = models.DateField()
    amount_pence = models.PositiveIntegerField()
    cost_code = models.CharField(max_length=50, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year_starts_on", "panel_id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "year_starts_on"], name="one_budget_per_year")
        ]

    def __str__(self) -> str:
        return f"Budget of panel {self.panel_id} from {self.year_starts_on}"
