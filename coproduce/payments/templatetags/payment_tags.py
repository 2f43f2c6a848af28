"""Money and status in plain words for the payment pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from coproduce.payments import money, queries
from coproduce.payments.models import ActivityType, ExpenseCategory, Status, Unit

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


# Easy read: what each activity and cost is, in short words, with the picture for its point.
# Keyed by the stored value, never by the standard wording, so a reworded label keeps its
# picture (as pictures.chosen does for the Ladder).
EASY_ACTIVITIES: dict[str, tuple[str, Any]] = {  # (picture, lazy words)
    ActivityType.MEETING: ("meeting", _lazy("a meeting")),
    ActivityType.PREPARATION: ("papers", _lazy("reading papers")),
    ActivityType.DOCUMENT_REVIEW: ("paper", _lazy("checking a paper")),
    ActivityType.WORKSHOP: ("people", _lazy("a workshop")),
    ActivityType.CO_FACILITATION: ("helping-hands", _lazy("helping to run a session")),
    ActivityType.INTERVIEW_PANEL: ("handshake", _lazy("helping to choose staff")),
    ActivityType.CHAIRING: ("microphone", _lazy("leading a meeting")),
}
EASY_COSTS: dict[str, tuple[str, Any]] = {
    ExpenseCategory.PUBLIC_TRANSPORT: ("bus", _lazy("a bus, train or taxi")),
    ExpenseCategory.MILEAGE: ("car", _lazy("driving your car")),
    ExpenseCategory.PARKING: ("parking", _lazy("parking")),
    ExpenseCategory.CARER: ("helping-hands", _lazy("a carer to cover for you")),
    ExpenseCategory.SUPPORT_WORKER: ("helping-hands", _lazy("a support worker")),
    ExpenseCategory.CHILDCARE: ("child", _lazy("child care")),
    ExpenseCategory.INTERNET: ("phone", _lazy("phone or internet")),
    ExpenseCategory.MEALS: ("food", _lazy("food and drink")),
}


@register.filter
def easy_activity(activity_type: str) -> str:
    """What the person was paid for, in easy read words: "preparation" -> "reading papers"."""
    return str(EASY_ACTIVITIES.get(activity_type, ("", activity_type))[1])


@register.filter
def easy_activity_picture(activity_type: str) -> str:
    return EASY_ACTIVITIES.get(activity_type, ("meeting", ""))[0]


@register.filter
def easy_cost(category: str) -> str:
    """What a cost paid back was for, in easy read words: "parking" -> "parking"."""
    return str(EASY_COSTS.get(category, ("", category))[1])


@register.filter
def easy_cost_picture(category: str) -> str:
    return EASY_COSTS.get(category, ("receipt", ""))[0]


@register.simple_tag
def claims_with_a_question(person: Any) -> list[Any]:
    """The person's claims we have a question about: on pages of other apps that show what
    a person needs to do (the easy read "My page"). One query; none without a person."""
    if person is None:
        return []
    return list(queries.claims_for_person(person).filter(status=Status.QUERIED))
