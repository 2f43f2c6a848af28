"""Demo workshop for `seed_demo`: the garden ideas morning with a welcome, a warm-up, a
1-2-4-All, a Dotmocracy, a break and a storyboard. Kept here so seed_demo needs a line each."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.models import Organisation
from coproduce.initiatives.models import Capacity, Initiative
from coproduce.workshops.domain import (
    add_activity,
    add_idea,
    answer_invitation,
    create_workshop,
    invite_to_workshop,
    move_activity,
)
from coproduce.workshops.models import Activity, Workshop
from coproduce.workshops.warmups import warm_up_for

TITLE = "Garden ideas morning"


@transaction.atomic
def load_demo_workshop(council: Organisation) -> bool:
    """A garden workshop: a welcome, a Dotmocracy with four ideas, and a break.
    Skipped if it exists. Nobody has joined: join it from the room screen.

    Side effects: everything the domain functions it calls save and log.
    """
    garden = Initiative.objects.get(organisation=council, title="Make the garden easy to use")
    if Workshop.objects.filter(initiative=garden, title=TITLE).exists():
        return False
    alice = User.objects.get(email="alice@example.org")
    starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    workshop = create_workshop(
        garden,
        actor=alice,
        title=TITLE,
        starts_at=starts + datetime.timedelta(days=1),
        place="hybrid",
        venue="Willow Court lounge",
        purpose="To choose together what to change in the garden first.",
        stage=Workshop.Stage.CO_CREATING,
        length_minutes=90,
    )
    add_activity(
        workshop,
        actor=alice,
        title="Welcome and how we work together",
        instruction="Say your name if you like. You can pass at any time.",
        easy_read_instruction="Say hello. You do not have to talk.",
        planned_minutes=10,
    )
    vote = add_activity(
        workshop,
        actor=alice,
        kind=Activity.Kind.DOTMOCRACY,
        title="Which garden ideas matter most?",
        instruction="Put your dots on the ideas that matter most to you.",
        easy_read_instruction="Choose the ideas you like best. Press Add a dot.",
        planned_minutes=15,
        max_dots_per_idea=2,
    )
    for text in [
        "A ramp from the lounge door to the path",
        "Raised flower beds people can reach from a chair",
        "More benches in the shade",
        "A gate that is easy to open",
    ]:
        add_idea(vote, text=text, entered_by=alice)
    add_activity(workshop, actor=alice, title="Break", planned_minutes=15)
    return True


@transaction.atomic
def load_demo_workshop_methods(council: Organisation) -> bool:
    """A warm-up, a 1-2-4-All (before the vote, so the vote can take in its best ideas)
    and a storyboard for the garden workshop. Skipped if they exist.

    Side effects: everything the domain functions it calls save and log.
    """
    workshop = Workshop.objects.filter(organisation=council, title=TITLE).first()
    if workshop is None or workshop.activities.filter(kind=Activity.Kind.ONE_TWO_FOUR).exists():
        return False
    alice = User.objects.get(email="alice@example.org")
    check_in = warm_up_for("one_word_check_in")
    if check_in is None:
        return False
    warm = add_activity(
        workshop,
        actor=alice,
        kind=Activity.Kind.WARM_UP,
        warm_up=check_in.key,
        title=str(check_in.title),
        instruction=str(check_in.what_to_do),
        easy_read_instruction=str(check_in.easy_read),
        planned_minutes=check_in.minutes,
    )
    ideas = add_activity(
        workshop,
        actor=alice,
        kind=Activity.Kind.ONE_TWO_FOUR,
        title="Ideas for the garden: 1-2-4-All",
        question="What one change would make the garden easier for you to use?",
        instruction="Think on your own, then talk in pairs, then in fours. Each four "
        "shares its best idea.",
        easy_read_instruction="Think. Then talk to one person. Then talk in a group of four.",
        planned_minutes=12,
    )
    add_activity(
        workshop,
        actor=alice,
        kind=Activity.Kind.STORYBOARD,
        title="A visit to the garden, step by step",
        instruction="In your group, write each step of a visit to the garden: what happens, "
        "who is there, what could be better, what gets in the way, and how it feels.",
        easy_read_instruction="Write each step of going to the garden. Say how it feels.",
        planned_minutes=30,
        group_size=4,
    )
    # From welcome, vote, break, warm-up, 1-2-4-All, storyboard to
    # welcome, warm-up, 1-2-4-All, vote, break, storyboard.
    for activity, places in ((warm, 2), (ideas, 2)):
        for _step in range(places):
            move_activity(activity, up=True, actor=alice)
    return True


@transaction.atomic
def load_demo_invitations(council: Organisation) -> bool:
    """Everyone in the garden initiative invited to the garden workshop; Bob has signed up
    (lived experience, in the room). Skipped once anyone is invited.

    Side effects: everything the domain functions it calls save, log and send.
    """
    workshop = Workshop.objects.filter(organisation=council, title=TITLE).first()
    if workshop is None or workshop.invitations.exists():
        return False
    alice = User.objects.get(email="alice@example.org")
    people = [i.person for i in workshop.initiative.involvements.select_related("person")]
    invite_to_workshop(workshop, people, actor=alice)
    bob = workshop.invitations.filter(person__user__email="bob@example.org").first()
    if bob is not None:
        answer_invitation(bob, coming=True, capacity=Capacity.LIVED_CARE, joins_from="room")
    return True
