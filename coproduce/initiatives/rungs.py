"""The Ladder of Co-production as data: seven rungs, five key characteristics, Arnstein alongside.

The ladder is Think Local Act Personal's, made by its National Co-production Advisory Group (NCAG),
drawing on Arnstein (1969). The descriptions and examples here are our own words. Credit TLAP and
NCAG wherever the ladder is shown. `order` is the rung's index (0 to 6), which is what the scoring
engine returns. Strings are lazy, so importing this module needs no Django settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Group:
    key: str
    name: Promise
    description: Promise


@dataclass(frozen=True)
class Rung:
    key: str
    order: int
    name: Promise
    group: str
    description: Promise
    example: Promise
    easy_read: Promise


@dataclass(frozen=True)
class Characteristic:
    key: str
    name: Promise
    description: Promise
    easy_read: Promise


@dataclass(frozen=True)
class ArnsteinRung:
    key: str
    order: int
    name: Promise
    group: str
    meaning: Promise


@dataclass(frozen=True)
class ArnsteinLink:
    """One line of the mapping. `fit` is "close", "partial" (covers part of it) or "beyond"."""

    arnstein: str
    rung: str
    fit: str
    note: Promise


GROUPS: tuple[Group, ...] = (
    Group("doing_to", _("Doing to"), _("Things are done to people. They have no say.")),
    Group(
        "doing_for",
        _("Doing for"),
        _("Things are done for people. They may be told or asked, but others decide."),
    ),
    Group(
        "doing_with",
        _("Doing with"),
        _("Things are done with people. They share the power to shape what happens."),
    ),
)

# One running example (a day centre changing its weekly timetable) so that the rungs can be
# compared side by side.
RUNGS: tuple[Rung, ...] = (
    Rung(
        key="coercion",
        order=0,
        name=_("Coercion"),
        group="doing_to",
        description=_(
            "Things are done to people without telling them. Nobody asks what they think."
        ),
        example=_(
            "A day centre changes its weekly timetable. Nobody tells the people who go there. "
            "They arrive to find their art group has gone."
        ),
        easy_read=_("Things change and nobody tells you. Nobody asks what you think."),
    ),
    Rung(
        key="educating",
        order=1,
        name=_("Educating"),
        group="doing_to",
        description=_(
            "People are taught about a plan so that they will accept it. "
            "The aim is to change how people think, not to change the plan."
        ),
        example=_(
            "Staff hold a meeting to explain the new timetable and why it is good for everyone. "
            "People listen. Nobody asks them what they think."
        ),
        easy_read=_("Staff explain a plan to you. They want you to agree. They do not ask you."),
    ),
    Rung(
        key="informing",
        order=2,
        name=_("Informing"),
        group="doing_for",
        description=_(
            "People are told clearly what has been decided, why, and when it will happen. "
            "They are not asked what they think."
        ),
        example=_(
            "Everyone gets a letter with the new timetable, the date it starts, the reason for "
            "the change and who to call with questions."
        ),
        easy_read=_("You are told what will happen, why and when. You are not asked."),
    ),
    Rung(
        key="consultation",
        order=3,
        name=_("Consultation"),
        group="doing_for",
        description=_(
            "People are asked for their views, often in a survey or a meeting. Staff decide "
            "what to do with the answers. People may never hear if their views made a difference."
        ),
        example=_(
            "The centre shows two new timetables. People fill in a form to pick one. "
            "The managers make the final choice."
        ),
        easy_read=_("You are asked what you think. Staff decide. You may not hear what happened."),
    ),
    Rung(
        key="engagement",
        order=4,
        name=_("Engagement"),
        group="doing_for",
        description=_(
            "People have more chances to share ideas, and some ideas change the plan. "
            "Staff still choose which ideas to use."
        ),
        example=_(
            "Staff run a group and a survey to ask what people want from their week. "
            "Two of their ideas go into the new timetable. Staff pick which two."
        ),
        easy_read=_("You can share ideas in different ways. Some are used. Staff choose which."),
    ),
    Rung(
        key="co_design",
        order=5,
        name=_("Co-design"),
        group="doing_with",
        description=_(
            "People design something with staff, using what they know from their own lives. "
            "Their ideas really shape it. Their part ends when the design is done."
        ),
        example=_(
            "A group of people who go to the centre plans the new timetable with staff. "
            "Their ideas shape it. Once it is agreed, the group stops meeting."
        ),
        easy_read=_("You plan something with staff. Your ideas change it. Then your part stops."),
    ),
    Rung(
        key="co_production",
        order=6,
        name=_("Co-production"),
        group="doing_with",
        description=_(
            "People and staff work as equal partners from start to end. They share decisions, "
            "help make the plan happen and check together if it worked."
        ),
        example=_(
            "People who go to the centre and staff plan the timetable together, with an equal "
            "say. Some of them help run the new sessions. After three months they all check "
            "what works and change it again."
        ),
        easy_read=_("You and staff work together as equals, from the start to the end."),
    ),
)

CHARACTERISTICS: tuple[Characteristic, ...] = (
    Characteristic(
        "equal_partnership",
        _("Equal partnership"),
        _("People with lived experience and staff have the same power to shape and decide."),
        _("Everyone has an equal say."),
    ),
    Characteristic(
        "from_the_start",
        _("From the start"),
        _("People with lived experience take part in every stage: planning, doing and checking."),
        _("You are part of it from the start to the end."),
    ),
    Characteristic(
        "inclusivity_accessibility",
        _("Inclusivity and accessibility"),
        _("Things are changed so that everyone can take part in a way that works for them."),
        _("Things are changed so you can take part."),
    ),
    Characteristic(
        "valued_contributions",
        _("Valued contributions"),
        _("Every voice is respected. People's time and knowledge are valued, with fair pay."),
        _("Your views matter. Your time is valued."),
    ),
    Characteristic(
        "focus_on_outcomes",
        _("Focus on outcomes"),
        _("The work aims at real changes that make things better for everyone involved."),
        _("The work makes real things better."),
    ),
)

ARNSTEIN_GROUPS: tuple[Group, ...] = (
    Group("non_participation", _("Non-participation"), _("People are managed, not heard.")),
    Group("tokenism", _("Tokenism"), _("People are heard, but have no power to make it count.")),
    Group("citizen_power", _("Citizen power"), _("People share or hold the power to decide.")),
)

ARNSTEIN_RUNGS: tuple[ArnsteinRung, ...] = (
    ArnsteinRung(
        "manipulation",
        1,
        _("Manipulation"),
        "non_participation",
        _("People are put on a board so that those in charge can say they took part."),
    ),
    ArnsteinRung(
        "therapy",
        2,
        _("Therapy"),
        "non_participation",
        _("People are treated as the problem. The aim is to change them, not the plan."),
    ),
    ArnsteinRung(
        "informing",
        3,
        _("Informing"),
        "tokenism",
        _("People are told their rights and choices. It is one way, often too late to matter."),
    ),
    ArnsteinRung(
        "consultation",
        4,
        _("Consultation"),
        "tokenism",
        _("People are asked for views. Nothing makes sure their views are used."),
    ),
    ArnsteinRung(
        "placation",
        5,
        _("Placation"),
        "tokenism",
        _("A few people get a seat, but are kept a minority. Their advice can be ignored."),
    ),
    ArnsteinRung(
        "partnership",
        6,
        _("Partnership"),
        "citizen_power",
        _("Power is shared through agreed rules that neither side can change alone."),
    ),
    ArnsteinRung(
        "delegated_power",
        7,
        _("Delegated power"),
        "citizen_power",
        _("People hold most of the power over a plan or a service."),
    ),
    ArnsteinRung(
        "citizen_control",
        8,
        _("Citizen control"),
        "citizen_power",
        _("People run the plan or the service themselves."),
    ),
)

# The mapping is ours, not TLAP's or Arnstein's. docs/ladder-scoring.md explains each line.
ARNSTEIN_LINKS: tuple[ArnsteinLink, ...] = (
    ArnsteinLink("manipulation", "coercion", "close", _("Both leave people with no real part.")),
    ArnsteinLink(
        "therapy", "educating", "close", _("Both try to change the people, not the plan.")
    ),
    ArnsteinLink("informing", "informing", "close", _("Both tell people, one way.")),
    ArnsteinLink("consultation", "consultation", "close", _("Both ask, then others decide.")),
    ArnsteinLink(
        "placation", "engagement", "close", _("Both let some views count, as far as staff allow.")
    ),
    ArnsteinLink(
        "partnership",
        "co_design",
        "partial",
        _("Co-design shares power over the design only, and only for a while."),
    ),
    ArnsteinLink("partnership", "co_production", "close", _("Both share power as equals.")),
    ArnsteinLink(
        "delegated_power",
        "co_production",
        "beyond",
        _("Our ladder stops at an equal say. Here people hold more power than staff."),
    ),
    ArnsteinLink(
        "citizen_control",
        "co_production",
        "beyond",
        _("Our ladder stops at an equal say. Here people run it themselves."),
    ),
)


def rung_at(order: int) -> Rung:
    """The rung at `order` (0 is Coercion, 6 is Co-production). Raises IndexError otherwise."""
    if not 0 <= order < len(RUNGS):
        raise IndexError(f"there is no rung {order}")
    return RUNGS[order]


def rung_by_key(key: str) -> Rung:
    """The rung called `key`. Raises KeyError for an unknown key."""
    for rung in RUNGS:
        if rung.key == key:
            return rung
    raise KeyError(key)


def arnstein_links_for(rung_key: str) -> tuple[ArnsteinLink, ...]:
    """The lines of the mapping that touch our rung `rung_key`, lowest Arnstein rung first."""
    return tuple(link for link in ARNSTEIN_LINKS if link.rung == rung_key)
