"""Realistic content for the room screen, made with the domain as a real room would make it:
40 warm-up words, 12 ideas, 6 fours (12 pairs), 4 storyboards of 6 steps.

Each scene returns a workshop with the named activity on screen in the named state. Used by
test_room_screen.py (and handy for looking at the screen on a demo database).
"""

from __future__ import annotations

import contextlib
import itertools

from coproduce.accounts.models import User
from coproduce.initiatives.models import Capacity, Initiative
from coproduce.workshops import domain
from coproduce.workshops.domain import methods
from coproduce.workshops.models import Activity, Group, Participant, Workshop

NAMES = [
    "Amir", "Bea", "", "Cal", "Dolores Featherstonehaugh", "Efe", "", "Gwen", "Hari",
    "Ioana", "", "Jules", "Kofi", "Lena", "", "Maximilian-Alexander", "Nia", "Omar", "",
    "Priya", "Quinn", "Rosa", "", "Tomasz",
]  # fmt: skip  # "" stays anonymous: the screen must not name them
WORDS = [
    "hopeful",
    "tired",
    "curious",
    "hopeful",
    "☀️",
    "nervous",
    "ready",
    "hopeful",
    "excited",
    "tired",
    "calm",
    "🌱",
    "welcome",
    "curious",
    "sleepy",
    "keen",
    "hopeful",
    "wondering",
    "ok",
    "happy",
    "ready",
    "🙂",
    "listening",
    "anxious",
    "calm",
    "glad",
    "interested",
    "tired",
    "open",
    "hopeful",
    "cautious",
    "busy",
    "fine",
    "ready",
    "relaxed",
    "curious",
    "thankful",
    "Monday-ish",
    "🌧️",
    "determined",
]
IDEAS = [
    "A ramp from the lounge door to the path",
    "Raised flower beds people can reach from a chair",
    "More benches in the shade, with arms to help people stand up",
    "A gate that is easy to open with one hand",
    "Handrails along the slope by the shed",
    "Lights on the path for winter afternoons",
    "A shelter so we can sit outside when it rains",
    "Signs in large print and pictures",
    "A quiet corner away from the car park",
    "Water taps at a height everyone can use",
    "A weekly gardening club with a volunteer",
    "Smooth paving instead of gravel near the door",
]
STEPS = [
    ("Hears about the garden from a carer at the day centre", 3),
    ("Waits for the minibus, which is often late on Tuesdays", 2),
    ("Gets to the gate but cannot open it from a wheelchair", 1),
    ("A volunteer comes to help and shows the way round the back", 3),
    ("Finds a bench in the shade and talks to a neighbour for the first time", 5),
    ("Wants to come back but does not know when it is open", 2),
]
SCENES = [
    "not_started",
    "plain_running",
    "warm_up_empty",
    "warm_up_running",
    "warm_up_done",
    "one_two_four_alone",
    "one_two_four_pairs",
    "one_two_four_fours",
    "one_two_four_all",
    "one_two_four_done",
    "dots_empty",
    "dots_running",
    "dots_paused",
    "dots_done",
    "rating_running",
    "rating_done",
    "storyboard_empty",
    "storyboard_running",
    "storyboard_done",
    "ended",
]


def _people(workshop: Workshop, count: int) -> list[Participant]:
    capacities = itertools.cycle([Capacity.LIVED_CARE, Capacity.LEARNT, Capacity.LIVED_CARER])
    return [
        domain.join_workshop(
            workshop,
            capacity=next(capacities),
            display_name=NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" {i}"),
        )[0]
        for i in range(count)
    ]


def _activity(workshop: Workshop, actor: User, kind: str, **fields: object) -> Activity:
    defaults: dict[str, object] = {
        "title": {
            Activity.Kind.WARM_UP: "One word check-in",
            Activity.Kind.ONE_TWO_FOUR: "Ideas for the garden: 1-2-4-All",
            Activity.Kind.DOTMOCRACY: "Which garden ideas matter most to you?",
            Activity.Kind.STORYBOARD: "A visit to the garden, step by step",
        }.get(kind, "Welcome and how we work together"),
        "instruction": "Take your time. You can pass at any time, and that is fine.",
        "planned_minutes": 10,
    }
    if kind == Activity.Kind.WARM_UP:
        defaults["warm_up"] = "one_word_check_in"
    if kind == Activity.Kind.ONE_TWO_FOUR:
        defaults["question"] = "What one change would make the garden easier for you to use?"
    if kind == Activity.Kind.STORYBOARD:
        defaults["group_size"] = 4
    defaults.update(fields)
    return domain.add_activity(workshop, actor=actor, kind=kind, **defaults)


def _workshop(initiative: Initiative, actor: User, title: str) -> Workshop:
    return domain.create_workshop(
        initiative,
        actor=actor,
        title=title,
        starts_at=initiative.created_at,
        place="in_person",
        venue="Willow Court lounge",
    )


def build_scene(initiative: Initiative, actor: User, scene: str) -> Workshop:
    """A workshop showing `scene` (one of SCENES) on the room screen."""
    workshop = _workshop(
        initiative,
        actor,
        "Garden ideas morning at Willow Court: what would make the garden easier to use?",
    )
    kind, _sep, state = scene.rpartition("_")
    if scene == "not_started":
        _people(workshop, 5)
        _activity(workshop, actor, Activity.Kind.PLAIN)
        _activity(workshop, actor, Activity.Kind.WARM_UP)
    elif scene in ("plain_running", "ended"):
        activity = _activity(workshop, actor, Activity.Kind.PLAIN)
        _people(workshop, 5)
        domain.start_activity(activity, actor=actor)
        if scene == "ended":
            domain.end_workshop(workshop, actor=actor)
    elif kind == "warm_up":
        activity = _activity(workshop, actor, Activity.Kind.WARM_UP)
        domain.start_activity(activity, actor=actor)
        if state != "empty":
            for person, word in zip(_people(workshop, len(WORDS)), WORDS, strict=True):
                methods.answer_warm_up(activity, person, text=word)
    elif kind == "one_two_four":
        activity = _activity(workshop, actor, Activity.Kind.ONE_TWO_FOUR)
        people = _people(workshop, 24)
        domain.start_activity(activity, actor=actor)
        phases = {"alone": 0, "pairs": 1, "fours": 2, "all": 3, "done": 3}[state]
        for step in range(phases):
            methods.next_phase(workshop, actor=actor)
            if step == 1:  # in fours: each four offers its best idea
                for number, group in enumerate(
                    Group.objects.filter(activity=activity, phase=Group.Phase.FOURS)
                ):
                    member = group.members.first()
                    methods.offer_best_idea(
                        group,
                        text=IDEAS[number * 2],
                        participant=member.participant if member else people[0],
                    )
    elif kind in ("dots", "rating"):
        mode = Activity.Mode.RATING if kind == "rating" else Activity.Mode.DOTS
        activity = _activity(
            workshop, actor, Activity.Kind.DOTMOCRACY, mode=mode, dots_per_person=5
        )
        for text in IDEAS if state != "empty" else []:  # empty: no ideas in yet
            domain.add_idea(activity, text=text, entered_by=actor)
        people = _people(workshop, 24)
        domain.start_activity(activity, actor=actor)
        ideas = list(activity.ideas.order_by("id"))
        if state != "empty":
            for n, person in enumerate(people):
                for k in range(4 if mode == Activity.Mode.DOTS else 12):
                    if mode == Activity.Mode.DOTS:
                        idea = ideas[(n * (k + 1) + k) % (3 + 3 * k)]  # some more than others
                        with contextlib.suppress(domain.Refused):  # the cap on one idea
                            domain.place_dot(activity, idea, person)
                    else:
                        value = ["agree", "strongly_agree", "neutral", "disagree"][(n * k) % 4]
                        domain.rate_idea(activity, ideas[k], person, value=value)
        if state == "paused":
            domain.pause_activity(workshop, actor=actor)
    elif kind == "storyboard":
        activity = _activity(workshop, actor, Activity.Kind.STORYBOARD)
        _people(workshop, 16)
        domain.start_activity(activity, actor=actor)
        if state != "empty":
            for number, group in enumerate(
                Group.objects.filter(activity=activity, phase=Group.Phase.BOARD)
            ):
                if number == 1:
                    methods.name_board(group, title="Getting there on a Tuesday", entered_by=actor)
                for text, feeling in STEPS:
                    step = methods.add_step(group, entered_by=actor, happening=text)
                    methods.set_feeling(step, feeling=feeling, entered_by=actor)
    if state == "done":
        domain.close_voting(workshop, actor=actor)
    return Workshop.objects.get(pk=workshop.pk)


# A big room's results, for reading them on a small phone: 12 ideas, one as long as an idea may
# be and one with a web address that cannot wrap at a space, and counts of three digits.
LONG_IDEAS = [
    *IDEAS[:10],
    "A covered path from where the minibus stops all the way to the lounge door, wide enough "
    "for two wheelchairs side by side, with a handrail on both sides and lights that come on "
    "by themselves on dark winter afternoons, so nobody has to wait in the rain to be helped",
    "Put the garden plan on willowcourtresidentsassociation.org.uk for families to see",
]
BIG_ROOM = 120


def build_big_vote(initiative: Initiative, actor: User, mode: str) -> Workshop:
    """A workshop whose Dotmocracy (`mode` "dots" or "rating") has closed with a big room's
    votes in: 120 people, 12 ideas, the first ones with over 100 dots or raters."""
    workshop = _workshop(initiative, actor, "Garden ideas morning at Willow Court")
    activity = _activity(
        workshop, actor, Activity.Kind.DOTMOCRACY, mode=mode, dots_per_person=3, hide_tallies=False
    )
    for text in LONG_IDEAS:
        domain.add_idea(activity, text=text, entered_by=actor)
    people = _people(workshop, BIG_ROOM)
    domain.start_activity(activity, actor=actor)
    ideas = list(activity.ideas.order_by("id"))
    if mode == Activity.Mode.DOTS:
        # Everyone's first dot on the first idea; the rest spread out, fewer on later ideas.
        domain.place_dots(
            workshop.pk,
            [
                domain.DotRequest(participant_id=person.pk, idea_id=ideas[idea].pk)
                for n, person in enumerate(people)
                for idea in (0, 1 + n % 11, 1 + (n * n) % (1 + n % 11))
            ],
        )
    else:
        # Everyone rates the first two ideas (all agree with the first), and one of the rest.
        values = ["agree", "strongly_agree", "neutral", "disagree", "confused", "agree"]
        for n, person in enumerate(people):
            for k in (0, 1, 2 + n % 10):
                value = values[n % 2 if k == 0 else (n * (k + 1) // 7 + k) % len(values)]
                domain.rate_idea(activity, ideas[k], person, value=value)
    domain.close_voting(workshop, actor=actor)
    return Workshop.objects.get(pk=workshop.pk)
