from __future__ import annotations

import pytest

from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain
from coproduce.workshops.models import Activity
from tests.factories import ActivityFactory, IdeaFactory, WorkshopFactory


@pytest.fixture
def workshop(initiative):
    return WorkshopFactory(initiative=initiative, title="Garden ideas morning")


@pytest.fixture
def dotmocracy(workshop):
    """A Dotmocracy with three ideas: two dots each, at most one per idea."""
    activity = ActivityFactory(
        workshop=workshop,
        title="Which garden ideas matter most?",
        dots_per_person=2,
        max_dots_per_idea=1,
    )
    for text in ("A ramp by the back door", "Raised flower beds", "More benches in the shade"):
        IdeaFactory(activity=activity, text=text)
    return activity


@pytest.fixture
def running(dotmocracy, alice):
    domain.start_activity(dotmocracy, actor=alice)
    dotmocracy.refresh_from_db()
    return dotmocracy


@pytest.fixture
def ideas(dotmocracy):
    return list(dotmocracy.ideas.order_by("id"))


@pytest.fixture
def june(workshop):
    participant, _token = domain.join_workshop(
        workshop, capacity=Capacity.LIVED_CARE, display_name="June"
    )
    return participant


@pytest.fixture
def anon(workshop):
    participant, _token = domain.join_workshop(workshop, capacity=Capacity.LEARNT)
    return participant


def rating_activity(workshop) -> Activity:
    activity = ActivityFactory(workshop=workshop, title="Rate the ideas", mode=Activity.Mode.RATING)
    for text in ("Open the garden at weekends", "Paint the fence"):
        IdeaFactory(activity=activity, text=text)
    return activity
