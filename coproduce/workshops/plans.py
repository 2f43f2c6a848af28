"""Ready-made workshop plans to start from, written by us. Data, like the warm-up library.

Each plan is an agenda of activities in order, with the fields of `Activity` they set (and
"easy_read_picture": the built-in picture beside the easy read words, on phones); the
first, "a first co-production workshop", uses the methods of the first seed in the order they
work best: welcome, warm-up, 1-2-4-All, a break, storyboards, Dotmocracy, what happens next.

To add one: append a Plan with a new key. Keys are only read when a workshop is made, so they
may change, but keep them short.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Plan:
    key: str
    title: Promise
    summary: Promise
    stage: str
    purpose: Promise
    activities: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def minutes(self) -> int:
        return sum(planned_minutes(activity) for activity in self.activities)


def planned_minutes(activity: dict[str, Any]) -> int:
    """Minutes an activity of a plan takes: a 1-2-4-All's steps added up, else as planned."""
    if activity["kind"] == "one_two_four":
        return sum(
            activity.get(f"{step}_minutes", default)
            for step, default in (("alone", 1), ("pairs", 2), ("fours", 4), ("all", 5))
        )
    return int(activity.get("planned_minutes", 10))


def _welcome(minutes: int = 10) -> dict[str, Any]:
    return {
        "kind": "plain",
        "title": _("Welcome and how we work together"),
        "instruction": _(
            "Say who we are and why we are here. Agree how we listen to each other. "
            "Show where the toilets and the quiet space are."
        ),
        "easy_read_instruction": _(
            "We say hello. We agree to listen to each other. You can take a break any time."
        ),
        "easy_read_picture": "waving-hand",
        "planned_minutes": minutes,
    }


def _break(minutes: int = 15) -> dict[str, Any]:
    return {
        "kind": "plain",
        "title": _("Break"),
        "instruction": _("Time for a drink, some air or a rest."),
        "easy_read_instruction": _("We stop for a rest. Have a drink."),
        "easy_read_picture": "cafe",
        "planned_minutes": minutes,
    }


def _next_steps(minutes: int = 10) -> dict[str, Any]:
    return {
        "kind": "plain",
        "title": _("What happens next"),
        "instruction": _(
            "Say what we will do with what people said today, who decides, and when "
            "people will hear back."
        ),
        "easy_read_instruction": _(
            "We tell you what happens next. We tell you when you will hear from us."
        ),
        "easy_read_picture": "arrow-right",
        "planned_minutes": minutes,
    }


def _warm_up(key: str) -> dict[str, Any]:
    # The form fills in the title and words from the warm-up library when they are empty.
    return {"kind": "warm_up", "warm_up": key, "title": "", "planned_minutes": 5}


PLANS: tuple[Plan, ...] = (
    Plan(
        key="first_workshop",
        title=_("A first co-production workshop"),
        summary=_(
            "For a group meeting for the first time: a warm-up, 1-2-4-All for ideas, "
            "storyboards of people’s journeys, then Dotmocracy to choose what matters most."
        ),
        stage="co_creating",
        purpose=_(
            "To hear from people with lived and learnt experience what works and what does "
            "not, and to choose together what to change first."
        ),
        activities=(
            _welcome(),
            _warm_up("one_word_check_in"),
            {
                "kind": "one_two_four",
                "title": _("Ideas: 1-2-4-All"),
                "question": _("What would make the biggest difference to you?"),
                "instruction": _(
                    "Think on your own, then talk in pairs, then in fours. Share the best idea."
                ),
                "easy_read_instruction": _(
                    "Think on your own. Then talk with one person. Then talk in a group of four."
                ),
                "easy_read_picture": "idea",
            },
            _break(),
            {
                "kind": "storyboard",
                "title": _("Storyboards: a journey step by step"),
                "instruction": _(
                    "In small groups, tell the story of someone using the service, one "
                    "step at a time. Say what helps and what gets in the way."
                ),
                "easy_read_instruction": _(
                    "In a small group, tell a story one step at a time. Say how it feels."
                ),
                "easy_read_picture": "book",
                "planned_minutes": 40,
                "group_size": 4,
            },
            {
                "kind": "dotmocracy",
                "title": _("Which ideas matter most?"),
                "instruction": _("Put your dots on the ideas that matter most to you."),
                "easy_read_instruction": _("Choose the ideas you like best."),
                "easy_read_picture": "sticky-dot",
                "planned_minutes": 15,
            },
            _next_steps(),
        ),
    ),
    Plan(
        key="understanding",
        title=_("Understanding a problem"),
        summary=_(
            "Storyboards of how things are now, with time to share what the stories have in common."
        ),
        stage="understanding",
        purpose=_("To understand, from people’s own journeys, where things go wrong now."),
        activities=(
            _welcome(),
            _warm_up("emoji_weather"),
            {
                "kind": "storyboard",
                "title": _("How it is now: a journey step by step"),
                "instruction": _("Tell the story of how things are now, one step at a time."),
                "easy_read_instruction": _("Tell us what happens now, one step at a time."),
                "easy_read_picture": "book",
                "planned_minutes": 45,
                "group_size": 4,
            },
            _break(),
            {
                "kind": "one_two_four",
                "title": _("What did the stories share?"),
                "question": _("What came up in more than one story?"),
            },
            _next_steps(),
        ),
    ),
    Plan(
        key="evaluating",
        title=_("Looking back together"),
        summary=_("Rate how well the ideas you tried worked, and say what to change."),
        stage="evaluating",
        purpose=_("To hear how well the changes we made have worked, and what to change next."),
        activities=(
            _welcome(),
            _warm_up("good_thing"),
            {
                "kind": "one_two_four",
                "title": _("What has changed?"),
                "question": _("What has changed for you since we last met?"),
            },
            {
                "kind": "dotmocracy",
                "title": _("How well did each change work?"),
                "mode": "rating",
                "instruction": _("Say how much you agree that each change helped."),
                "easy_read_instruction": _("Did each change help? Choose an answer."),
                "easy_read_picture": "thumbs-up",
                "planned_minutes": 15,
            },
            _next_steps(),
        ),
    ),
)

BY_KEY = {plan.key: plan for plan in PLANS}


def plan_for(key: str) -> Plan | None:
    return BY_KEY.get(key)


def plan_choices() -> list[tuple[str, Promise | str]]:
    return [(plan.key, plan.title) for plan in PLANS]
