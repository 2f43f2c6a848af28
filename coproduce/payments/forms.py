"""All payment input is checked here: money, dates, receipts, preferences."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.plain_check import PlainCheckMixin
from coproduce.panels.models import Panel
from coproduce.payments.models import (
    ActivityType,
    ExpenseCategory,
    LimitPeriod,
    PaymentChoice,
    PaymentSettings,
    Unit,
)
from coproduce.payments.money import to_pence

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d %m %Y", "%d %B %Y", "%d %b %Y"]


class MoneyField(forms.CharField):
    """Pounds and pence typed as text ("4.50", "£4.50", "4"); cleans to whole pence (int)."""

    def __init__(self, *, allow_zero: bool = False, **kwargs: Any) -> None:
        self.allow_zero = allow_zero
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "decimal", "autocomplete": "off", "class": "money", "maxlength": "12"}
        )

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]  # pence, not the Decimal Field says
        text = str(value or "").strip().replace("£", "").replace(",", "").strip()
        if not text:
            return None
        if len(text) > 12:
            raise forms.ValidationError(_("The amount is too big. Check it and try again."))
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(
                _("Enter an amount of money in pounds and pence, for example 4.50."),
                code="invalid",
            ) from None
        if not amount.is_finite():
            raise forms.ValidationError(_("Enter an amount of money, for example 4.50."))
        if amount < 0:
            raise forms.ValidationError(
                _("The amount cannot be less than zero. Enter what it cost, for example 4.50."),
                code="negative",
            )
        if amount == 0 and not self.allow_zero:
            raise forms.ValidationError(
                _("The amount must be more than £0. Enter what it cost, for example 4.50."),
                code="zero",
            )
        if amount.as_tuple().exponent < -2:  # type: ignore[operator]  # a finite Decimal: its exponent is an int
            raise forms.ValidationError(
                _("Use pounds and pence only, with no more than two numbers after the dot."),
                code="too_precise",
            )
        if amount > Decimal("100000"):
            raise forms.ValidationError(_("The amount is too big. Check it and try again."))
        return to_pence(amount)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return f"{value // 100}.{value % 100:02d}"
        return value


class TextDateField(forms.DateField):
    """A date typed as text, like 3/5/2026: easier with a keyboard and a screen reader than
    a date picker, and the same in every browser."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Enter a real date, for example 3/5/2026."),
                "required": _("Enter the date, for example 3/5/2026."),
            },
        )
        super().__init__(widget=forms.DateInput(format="%d/%m/%Y"), **kwargs)
        self.widget.attrs.update({"autocomplete": "off", "class": "date"})


def quantity_field(**kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=_("How long, or how many"),
        help_text=_(
            "Use the unit in the table of what we pay: hours, half days, days or tasks. For "
            "example, 1.5 for an hour and a half."
        ),
        min_value=Decimal("0.25"),
        max_value=Decimal("999"),
        decimal_places=2,
        error_messages={
            "invalid": _("Enter a number, for example 2 or 1.5."),
            "min_value": _("Enter at least 0.25, for example 1.5 for an hour and a half."),
            "max_value": _("That is too many. Check the number and try again."),
            "max_decimal_places": _("Use no more than two numbers after the dot."),
            "required": _("Enter how long, or how many, for example 2."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.25", "class": "narrow"}),
        **kwargs,
    )


class ClaimForm(forms.Form):
    """A claim made by hand. Choosing a meeting fills the date and panel from it."""

    plain_exempt = frozenset({"description"})

    activity_type = forms.ChoiceField(
        label=_("What did you do?"),
        choices=ActivityType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you did.")},
    )
    meeting = forms.TypedChoiceField(
        label=_("Was it for a panel meeting?"),
        help_text=_(
            "Choose the meeting if it was one: we use its date and panel. If not, leave this."
        ),
        coerce=int,
        required=False,
        empty_value=None,
    )
    panel = forms.TypedChoiceField(
        label=_("Which panel was it for?"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    activity_date = TextDateField(label=_("Date"), help_text=_("For example 3/5/2026."))
    quantity = quantity_field()
    description = forms.CharField(
        label=_("Anything we should know"),
        help_text=_("For example, the name of the document you read."),
        max_length=300,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        meetings: list[tuple[int, str]] | None = None,
        panels: list[Panel] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        meeting_field = cast(forms.TypedChoiceField, self.fields["meeting"])
        meeting_field.choices = [("", _("Not a meeting")), *(meetings or [])]
        if not meetings:
            del self.fields["meeting"]
        panel_field = cast(forms.TypedChoiceField, self.fields["panel"])
        panel_field.choices = [("", _("Not for a panel")), *panel_choices(panels or [])]
        if not panels:
            del self.fields["panel"]
        if not self.is_bound:
            self.initial.setdefault("activity_date", timezone.localdate())

    def clean_activity_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["activity_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("The date is in the future. You can claim after the activity.")
            )
        return day


class ClaimChangeForm(forms.Form):
    plain_exempt = frozenset({"description"})

    quantity = quantity_field()
    description = ClaimForm.base_fields["description"]


RECEIPT_TYPES = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".webp": (),  # RIFF....WEBP: checked below
    ".heic": (),  # an ISO box: checked below
    ".heif": (),
}


def receipt_limit_mb() -> int:
    return int(getattr(settings, "PAYMENTS_RECEIPT_MAX_MB", 10))


def check_receipt(upload: UploadedFile) -> None:
    """Raise ValidationError unless the file is a photo (JPEG, PNG, WebP, HEIC) or a PDF,
    by its name and by its first bytes, and small enough."""
    limit = receipt_limit_mb()
    if upload.size is not None and upload.size > limit * 1024 * 1024:
        raise forms.ValidationError(
            _(
                "The receipt is too big. It must be smaller than %(limit)s MB. Choose a smaller "
                "file, or take the photo again at a lower size."
            )
            % {"limit": limit},
            code="too_big",
        )
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    wrong = forms.ValidationError(
        _(
            "The receipt must be a photo (JPEG, PNG, WebP or HEIC) or a PDF. This file is "
            "another kind. Choose the file again."
        ),
        code="wrong_type",
    )
    if extension not in RECEIPT_TYPES:
        raise wrong
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension == ".webp":
        ok = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    elif extension in (".heic", ".heif"):
        ok = head[4:8] == b"ftyp"
    else:
        ok = any(head.startswith(signature) for signature in RECEIPT_TYPES[extension])
    if not ok:
        raise wrong


class ExpenseForm(forms.Form):
    plain_exempt = frozenset({"description"})

    category = forms.ChoiceField(
        label=_("What was it for?"),
        choices=ExpenseCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the cost was for.")},
    )
    amount = MoneyField(
        label=_("How much it cost, in pounds"),
        help_text=_("For example 4.50. If you drove, leave this empty and fill in the miles."),
        required=False,
    )
    miles = forms.DecimalField(
        label=_("If you drove: how many miles, there and back"),
        min_value=Decimal("0.1"),
        max_value=Decimal("2000"),
        decimal_places=1,
        required=False,
        error_messages={
            "invalid": _("Enter a number of miles, for example 12.5."),
            "min_value": _("Enter more than 0 miles, for example 12.5."),
            "max_value": _("That is too many miles. Check the number and try again."),
            "max_decimal_places": _("Use one number after the dot at most, for example 12.5."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1", "class": "narrow"}),
    )
    description = forms.CharField(
        label=_("Details"),
        help_text=_("For example, the bus from home to the town hall and back."),
        max_length=300,
        required=False,
    )
    receipt = forms.FileField(
        label=_("Receipt or ticket"),
        help_text=_("A photo or a PDF, up to %(limit)s MB.") % {"limit": receipt_limit_mb()},
        required=False,
    )

    def __init__(self, *args: Any, payment_settings: PaymentSettings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["miles"].help_text = _("We pay %(pence)sp a mile.") % {
            "pence": payment_settings.pence_per_mile
        }

    def clean_receipt(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("receipt")
        if upload:
            check_receipt(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        category = data.get("category")
        if category == ExpenseCategory.MILEAGE:
            if data.get("miles") is None and "miles" not in self.errors:
                self.add_error("miles", _("Enter how many miles you drove, for example 12.5."))
        elif category and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Enter how much it cost, for example 4.50."))
        return data


CHOICE_HELP = {
    PaymentChoice.BANK_TRANSFER: _(
        "We pay the money into your bank account. Finance will ask for your bank details "
        "themselves: we never keep them here."
    ),
    PaymentChoice.PAYROLL: _(
        "We pay you through our payroll, like a wage. Tax and National Insurance may be taken "
        "off first. You get a payslip."
    ),
    PaymentChoice.VOUCHER: _(
        "We give you shopping vouchers. Vouchers count as income, just like money."
    ),
    PaymentChoice.CHARITY: _(
        "We pay a charity you choose instead of you. This may still count as your income: "
        "ask for advice first."
    ),
    PaymentChoice.LOWER_AMOUNT: _(
        "We pay you less than the full fee, up to an amount you choose for each activity."
    ),
    PaymentChoice.NO_PAYMENT: _("We do not pay you a fee. You can change your mind at any time."),
}


class ChoiceWithHelp(forms.RadioSelect):
    """Radio buttons with a plain explanation under each choice."""

    option_template_name = "payments/widgets/choice_option.html"

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["help"] = CHOICE_HELP.get(option["value"], "")
        option["help_id"] = f"{option['attrs'].get('id', '')}_help"
        option["attrs"]["aria-describedby"] = option["help_id"]
        return option


class PreferenceForm(forms.Form):
    plain_exempt = frozenset({"charity_name", "finance_reference"})

    choice = forms.ChoiceField(
        label=_("How do you want to be paid?"),
        choices=PaymentChoice.choices,
        widget=ChoiceWithHelp,
        error_messages={"required": _("Choose how you want to be paid.")},
    )
    lower_amount = MoneyField(
        label=_("If you chose a lower amount: the most we should pay you for one activity"),
        help_text=_("In pounds, for example 20. Your expenses are always paid in full."),
        required=False,
    )
    charity_name = forms.CharField(
        label=_("If you chose a charity: which charity"), max_length=200, required=False
    )
    finance_reference = forms.CharField(
        label=_("Your reference from finance"),
        help_text=_(
            "For example your payroll number, if finance gave you one. Do not put bank "
            "details here."
        ),
        max_length=100,
        required=False,
    )
    limit = MoneyField(
        label=_("A limit you want to stay under"),
        help_text=_(
            "If you get benefits, you may want to stay under a weekly or monthly amount. We "
            "will warn you before a claim takes you over it. We never stop you claiming."
        ),
        required=False,
    )
    limit_period = forms.ChoiceField(
        label=_("The limit is for"),
        choices=LimitPeriod.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def clean_finance_reference(self) -> str:
        text: str = self.cleaned_data["finance_reference"].strip()
        digits = sum(character.isdigit() for character in text)
        if digits >= 8 or ("sort" in text.lower()) or ("account" in text.lower()):
            raise forms.ValidationError(
                _(
                    "This looks like bank details. Please do not put them here: finance will "
                    "ask for them in their own safe way. Put only a reference finance gave you."
                )
            )
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("choice")
        if (
            choice == PaymentChoice.LOWER_AMOUNT
            and data.get("lower_amount") is None
            and "lower_amount" not in self.errors
        ):
            self.add_error("lower_amount", _("Enter the most we should pay you, for example 20."))
        if choice == PaymentChoice.CHARITY and not data.get("charity_name"):
            self.add_error("charity_name", _("Enter the name of the charity."))
        if data.get("limit") is not None and not data.get("limit_period"):
            self.add_error("limit_period", _("Choose whether the limit is for a week or a month."))
        return data

    def domain_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        choice = data["choice"]
        return {
            "choice": choice,
            "lower_amount_pence": data["lower_amount"]
            if choice == PaymentChoice.LOWER_AMOUNT
            else None,
            "charity_name": data["charity_name"] if choice == PaymentChoice.CHARITY else "",
            "finance_reference": data["finance_reference"],
            "limit_pence": data["limit"],
            "limit_period": data["limit_period"] if data["limit"] is not None else "",
        }


class QueryForm(PlainCheckMixin, forms.Form):
    plain_fields = {"message": False}

    message = forms.CharField(
        label=_("Your question for them"),
        help_text=_("Say what is missing or wrong, in plain words. They will see this."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Write your question.")},
    )


class PayForm(forms.Form):
    plain_exempt = frozenset({"reference"})

    reference = forms.CharField(
        label=_("Payment reference"),
        help_text=_("The reference from the bank, payroll or voucher supplier."),
        max_length=100,
        error_messages={"required": _("Enter the payment reference.")},
    )
    paid_on = TextDateField(label=_("Date it was paid"), help_text=_("For example 3/5/2026."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("paid_on", timezone.localdate())


class RateForm(forms.Form):
    plain_exempt = frozenset({"source"})

    activity_type = forms.ChoiceField(label=_("Kind of activity"), choices=ActivityType.choices)
    unit = forms.ChoiceField(label=_("Paid by"), choices=Unit.choices)
    amount = MoneyField(label=_("Amount, in pounds"), help_text=_("For example 27.50."))
    valid_from = TextDateField(label=_("From"), help_text=_("For example 1/4/2026."))
    source = forms.CharField(
        label=_("Where this rate comes from"),
        help_text=_('For example "NIHR rates, 16 December 2025" or "Our policy, April 2026".'),
        max_length=200,
    )


class PaymentSettingsForm(PlainCheckMixin, forms.Form):
    plain_fields = {"payments_contact": False}
    plain_exempt = frozenset({"cost_code"})

    pence_per_mile = forms.IntegerField(
        label=_("Mileage: pence a mile"), min_value=0, max_value=500
    )
    meal_limit = MoneyField(label=_("Food and drink: the most we pay for one activity"))
    internet_limit = MoneyField(
        label=_("Phone or internet: the most we pay for one online meeting")
    )
    target_working_days = forms.IntegerField(
        label=_("We aim to pay within this many working days of the activity"),
        min_value=1,
        max_value=120,
    )
    cost_code = forms.CharField(
        label=_("Cost code for paying people"),
        help_text=_("Finance's code for this spending. It goes in the finance download."),
        max_length=50,
        required=False,
    )
    payments_contact = forms.CharField(
        label=_("Who people can ask about payments"),
        help_text=_("A name, phone number and email address. People see this on their claims."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    @classmethod
    def for_settings(cls, data: Any, payment_settings: PaymentSettings) -> PaymentSettingsForm:
        return cls(
            data,
            initial={
                "pence_per_mile": payment_settings.pence_per_mile,
                "meal_limit": payment_settings.meal_limit_pence,
                "internet_limit": payment_settings.internet_limit_pence,
                "target_working_days": payment_settings.target_working_days,
                "cost_code": payment_settings.cost_code,
                "payments_contact": payment_settings.payments_contact,
            },
        )

    def domain_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "pence_per_mile": data["pence_per_mile"],
            "meal_limit_pence": data["meal_limit"],
            "internet_limit_pence": data["internet_limit"],
            "target_working_days": data["target_working_days"],
            "cost_code": data["cost_code"],
            "payments_contact": data["payments_contact"],
        }


class BudgetForm(forms.Form):
    plain_exempt = frozenset({"cost_code"})

    amount = MoneyField(label=_("Budget for the year, in pounds"), allow_zero=True)
    cost_code = forms.CharField(
        label=_("Cost code (optional)"),
        help_text=_("Only if this panel's payments use a different code from the usual one."),
        max_length=50,
        required=False,
    )


class RunPayForm(PayForm):
    """Marking a whole payment run paid: the bank's reference for the batch, and the date."""

    plain_exempt = frozenset({"reference"})

    reference = forms.CharField(
        label=_("Bank or payroll reference for the whole run"),
        help_text=_("Each claim keeps this reference, so people can match their payment."),
        max_length=100,
        error_messages={"required": _("Enter the reference for the payment run.")},
    )


def panel_choices(panels: list[Panel]) -> list[tuple[int, str]]:
    return [(panel.pk, panel.name) for panel in panels]
