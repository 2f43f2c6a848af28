"""The role description, made from a panel's set-up fields, in standard and easy read versions.

The text is kept in a tiny format that staff can edit in a plain text box: a line starting
"## " is a heading, a line starting "- " is a list item, a blank line ends a paragraph.
`templatetags.panels.role_text` turns it into HTML (escaping everything first).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.plain import easy_lines, lower_first
from coproduce.panels.models import DecisionPower
from coproduce.people.contact import how_to_reach

if TYPE_CHECKING:
    from coproduce.panels.models import Panel
    from coproduce.people.models import Person

POWER_STANDARD = {
    DecisionPower.ADVISES: gettext_lazy(
        "The panel gives advice. Staff must listen, take it into account and tell the panel "
        "what they did with it."
    ),
    DecisionPower.RECOMMENDS: gettext_lazy(
        "The panel makes recommendations. Staff must give a written answer to each one, saying "
        "what they will do and why."
    ),
    DecisionPower.DECIDES_JOINTLY: gettext_lazy(
        "The panel makes decisions together with staff. Neither side decides alone on the "
        "things the panel covers."
    ),
    DecisionPower.DECIDES: gettext_lazy(
        "The panel makes the decisions on the things it covers. Staff carry them out."
    ),
}
POWER_EASY_READ = {
    DecisionPower.ADVISES: gettext_lazy(
        "The panel gives advice.\nStaff must listen.\nStaff will tell you what they did."
    ),
    DecisionPower.RECOMMENDS: gettext_lazy(
        "The panel says what should happen.\nStaff must answer in writing."
    ),
    DecisionPower.DECIDES_JOINTLY: gettext_lazy("The panel decides together with staff."),
    DecisionPower.DECIDES: gettext_lazy("The panel decides.\nStaff do what the panel decides."),
}


@dataclass(frozen=True)
class PanelRate:
    """The rate the organisation's rate table pays for a panel meeting, on a day."""

    pence: int
    unit: str  # "an hour", "a meeting"

    def __str__(self) -> str:
        whole, part = divmod(self.pence, 100)
        money = f"£{whole:,}" if part == 0 else f"£{whole:,}.{part:02d}"
        return f"{money} {self.unit}"


# The rate table lives in payments, an app above this one: it registers how to read it
# (from PaymentsConfig.ready), so the role description's pay comes from that one source.
_rate_readers: list[Callable[[Panel], PanelRate | None]] = []


def register_rate_reader(reader: Callable[[Panel], PanelRate | None]) -> None:
    if reader not in _rate_readers:
        _rate_readers.append(reader)


def meeting_rate(panel: Panel) -> PanelRate | None:
    """The rate table's rate for a panel meeting today, or None when there is none."""
    for reader in _rate_readers:
        rate = reader(panel)
        if rate is not None:
            return rate
    return None


_AMOUNT = re.compile(r"£\s?(\d{1,6}(?:,\d{3})*(?:\.\d{1,2})?)")


def _amounts_in(text: str) -> set[int]:
    """The sums of money written in `text`, in pence: "£25 an hour" -> {2500}."""
    return {round(Decimal(found.replace(",", "")) * 100) for found in _AMOUNT.findall(text)}


def pay_sentence(panel: Panel) -> str:
    """The pay in the role description: the rate table's rate first, then what staff wrote
    (how we pay, expenses). When staff's words already give that rate, just their words."""
    offer = panel.payment_offer.strip()
    rate = meeting_rate(panel)
    if rate is None or rate.pence in _amounts_in(offer):
        return offer
    return _("%(rate)s for meetings. %(offer)s") % {"rate": rate, "offer": offer}


def rate_mismatch(panel: Panel) -> str | None:
    """A warning for staff when the set-up names a sum the rate table does not pay."""
    rate = meeting_rate(panel)
    amounts = _amounts_in(panel.payment_offer)
    if rate is None or not amounts or rate.pence in amounts:
        return None
    return _(
        "The set-up says what we pay is %(written)s, but the rate table pays %(rate)s for "
        "meetings. Claims use the rate table. Change one of them so they match, then make "
        "the role description again."
    ) % {
        "written": ", ".join(str(PanelRate(pence, "")).strip() for pence in sorted(amounts)),
        "rate": rate,
    }


def _hours(panel: Panel) -> str:
    return f"{Decimal(str(panel.hours_per_month)).normalize():f}"  # 4.0 -> "4", 3.5 -> "3.5"


def role_source(panel: Panel) -> str:
    """A fingerprint of every field the role description is made from."""
    fields = {
        "name": panel.name,
        "purpose": panel.purpose,
        "influences": panel.influences,
        "outside_control": panel.outside_control,
        "decision_power": panel.decision_power,
        "meeting_frequency": panel.meeting_frequency,
        "hours": _hours(panel),
        "term": panel.term_months,
        "places": panel.places,
        "payment": panel.payment_offer,
        "rate": str(meeting_rate(panel) or ""),
        "training": panel.training_offered,
        "support": panel.support_offered,
        "other_ways": panel.other_ways_to_apply,
        "contact": how_to_reach(panel.named_contact),
        "deputy": how_to_reach(panel.deputy_contact),
        "backer": [panel.backed_by.display_name, panel.backed_by_role],
    }
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


def build_role_description(panel: Panel) -> tuple[str, str]:
    """The standard and easy read role descriptions for `panel`, from its fields."""
    values = {
        "name": panel.name,
        "purpose": panel.purpose.strip(),
        "influences": panel.influences.strip(),
        "outside": panel.outside_control.strip(),
        "frequency": panel.meeting_frequency.strip(),
        "hours": _hours(panel),
        "term": panel.term_months,
        "places": panel.places,
        "payment": pay_sentence(panel),
        "training": panel.training_offered.strip(),
        "support": panel.support_offered.strip(),
        "contact": panel.named_contact.display_name,
        "contact_reach": how_to_reach(panel.named_contact),
        "deputy": panel.deputy_contact.display_name,
        "deputy_reach": how_to_reach(panel.deputy_contact),
        "backer": panel.backed_by.display_name,
        "backer_role": panel.backed_by_role,
        "power": str(POWER_STANDARD[DecisionPower(panel.decision_power)]),
    }
    places = _("- Places: we are looking for %(places)s people\n") % values if panel.places else ""
    other_ways = panel.other_ways_to_apply.strip()
    standard = (
        _(
            "## About %(name)s\n%(purpose)s\n\n"
            "## What the panel will influence\n%(influences)s\n\n"
            "## What is outside the panel's control\n%(outside)s\n\n"
            "## The panel's power\n%(power)s\n\n"
            "%(backer)s (%(backer_role)s) backs the panel and will make sure its work is taken "
            "seriously.\n\n"
            "## What we ask of you\n"
            "- Meetings: %(frequency)s\n"
            "- Time: about %(hours)s hours a month, including time to read papers and get ready\n"
            "- How long: %(term)s months\n"
        )
        % values
    )
    standard += places
    standard += (
        _(
            "\n## What you get\n"
            "- Payment: %(payment)s\n"
            "- Training: %(training)s\n"
            "- Support: %(support)s\n\n"
            "## Who to talk to\n"
            "%(contact)s is your named contact. If they are away, talk to %(deputy)s.\n"
            "- %(contact_reach)s\n"
            "- %(deputy_reach)s\n\n"
            "## How to apply\n"
            "Fill in the form on this page. You can save your answers and finish later. "
            "You can ask someone to help you.\n\n"
        )
        % values
    )
    if other_ways:
        standard += other_ways + "\n\n"
    standard += _("You can take a break or stop at any time. You do not have to tell us why.")
    easy_read = build_easy_read_role(panel)
    return standard, easy_read


def _easy(text: str) -> str:
    return "\n".join(easy_lines(text))


def _reach_easy(person: Person) -> list[str]:
    """How to reach someone, a short line for each way."""
    name = person.display_name
    lines = []
    if person.email:
        lines.append(_("Email %(name)s: %(email)s") % {"name": name, "email": person.email})
    if person.phone:
        lines.append(_("Phone %(name)s: %(phone)s") % {"name": name, "phone": person.phone})
    return lines


def easy_pay(panel: Panel) -> str:
    """The pay in easy read: the rate table's rate in its own sentence, then staff's words
    in short lines."""
    rate = meeting_rate(panel)
    offer = panel.payment_offer.strip()
    lines = []
    if rate is not None and rate.pence not in _amounts_in(offer):
        lines.append(_("We pay you %(rate)s for meetings.") % {"rate": rate})
    else:
        lines.append(_("We pay you."))
    lines += easy_lines(offer)
    return "\n".join(lines)


def build_easy_read_role(panel: Panel) -> str:
    """The easy read role description: every line 15 words or fewer, and everything a person
    needs to act (what it is, pay, time, who to contact, every way to apply)."""
    contact, deputy = panel.named_contact, panel.deputy_contact
    parts = [
        _("## What is this?"),
        _("This is about %(name)s.") % {"name": panel.name},
        _("A panel is a group of people."),
        _("They meet to make services better."),
        _easy(panel.purpose),
        "",
        _("## What will the panel change?"),
        _easy(panel.influences),
        "",
        _("## What can the panel not change?"),
        _easy(panel.outside_control),
        "",
        _("## What power does the panel have?"),
        str(POWER_EASY_READ[DecisionPower(panel.decision_power)]),
        _("%(backer)s is a leader here.") % {"backer": panel.backed_by.display_name},
        _("%(backer)s will make sure staff listen.") % {"backer": panel.backed_by.display_name},
        "",
        _("## What do you need to do?"),
        _easy(_("We meet %(frequency)s.") % {"frequency": lower_first(panel.meeting_frequency)}),
        _("It takes about %(hours)s hours each month.") % {"hours": _hours(panel)},
        _("This includes time to get ready."),
        _("You join for %(term)s months.") % {"term": panel.term_months},
    ]
    if panel.places:
        parts.append(_("We need %(places)s people.") % {"places": panel.places})
    parts += [
        "",
        _("## What do you get?"),
        easy_pay(panel),
        _("We give you training."),
        _easy(panel.training_offered),
        _("We help you."),
        _easy(panel.support_offered),
        "",
        _("## Who can help you?"),
        _("%(contact)s can help you.") % {"contact": contact.display_name},
        *(f"- {line}" for line in _reach_easy(contact)),
        _("If %(contact)s is away, %(deputy)s can help.")
        % {"contact": contact.display_name, "deputy": deputy.display_name},
        *(f"- {line}" for line in _reach_easy(deputy)),
        "",
        _("## How do you join?"),
        _("Fill in the form on this page."),
        _("Someone can help you."),
    ]
    other_ways = panel.other_ways_to_apply.strip()
    if other_ways:
        parts += [_("There are other ways to join too:"), _easy(other_ways)]
    parts += [_("You can stop at any time."), _("You do not have to say why.")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(parts)).strip()
