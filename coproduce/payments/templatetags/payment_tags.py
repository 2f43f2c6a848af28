"""Money and status in plain words for the payment pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from coproduce.payments import money
from coproduce.payments.models import Status, Unit

register = template.Library()


@register.filter
def pounds(pence: int | None) -> str:
    """1250 -> "£12.50"."""
    return money.pounds(pence)


@register.filter
def status_help(status: str) -> str:
    """What a claim's status means for the person, and what happens next."""
    return {
        Status.DRAFT: _("Not sent yet. Check it, add any costs, then press “Send my claim”."),
        Status.SUBMITTED: _("Sent. We will check it soon and tell you if we have a question."),
        Status.QUERIED: _(
            "We have a question. Read it, change your claim if you need to, and send it again."
        ),
        Status.APPROVED: _("Agreed. Finance will pay it soon."),
        Status.PAID: _("Paid. You can see or print the payment letter."),
        Status.WITHDRAWN: _("Taken back. We will not pay it."),
    }.get(Status(status), "")


@register.filter
def per_unit(unit: str) -> str:
    return {
        Unit.HOUR: _("an hour"),
        Unit.HALF_DAY: _("a half day"),
        Unit.DAY: _("a day"),
        Unit.TASK: _("a task"),
    }.get(Unit(unit), unit)


@register.filter
def units(quantity: Decimal, unit: str) -> str:
    """2 and "hour" -> "2 hours"; 1.5 and "hour" -> "1.5 hours"."""
    number = f"{quantity.normalize():f}" if isinstance(quantity, Decimal) else str(quantity)
    one = number == "1"
    names = {
        Unit.HOUR: (_("hour"), _("hours")),
        Unit.HALF_DAY: (_("half day"), _("half days")),
        Unit.DAY: (_("day"), _("days")),
        Unit.TASK: (_("task"), _("tasks")),
    }[Unit(unit)]
    return f"{number} {names[0] if one else names[1]}"
