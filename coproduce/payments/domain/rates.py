"""Rates, the organisation's payment settings, panel budgets, and how people want to be paid."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.core.audit import log_action
from coproduce.core.models import Organisation
from coproduce.panels.models import Panel
from coproduce.payments.models import (
    PanelBudget,
    PaymentPreference,
    PaymentSettings,
    Rate,
)
from coproduce.people.models import Person

if TYPE_CHECKING:
    from coproduce.accounts.models import User


def add_rate(
    organisation: Organisation,
    *,
    actor: User,
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
    payment_settings: PaymentSettings, *, actor: User, **fields: Any
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
    panel: Panel,
    *,
    actor: User,
    year_starts_on: datetime.date,
    amount_pence: int,
    cost_code: str = "",
) -> PanelBudget:
    """Set a panel's budget for the financial year starting `year_starts_on`, and the cost
    code its payments go under that year (blank: the organisation's usual one).

    Side effects: saves or updates one PanelBudget; logs "payments.budget.set".
    """
    budget, _created = PanelBudget.objects.update_or_create(
        panel=panel,
        year_starts_on=year_starts_on,
        defaults={
            "organisation": panel.organisation,
            "amount_pence": amount_pence,
            "cost_code": cost_code,
        },
    )
    log_action(panel, "payments.budget.set", actor=actor, data={"pence": amount_pence})
    return budget


# Preferences


def set_payment_preference(
    person: Person,
    *,
    actor: User,
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
