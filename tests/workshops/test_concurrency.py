"""The dot budget holds under concurrency: two phones, two tabs and a proxy at the same moment.

These run real threads, each with its own database connection, against a database that
commits (transaction=True). They run on SQLite always, and on PostgreSQL when DATABASE_URL
points there (CI runs the suite a second time that way).
"""

from __future__ import annotations

import datetime
import itertools
import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections
from django.utils import timezone

from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain, dot_store
from coproduce.workshops.models import AccessNeed, Dot, Invitation, Rating
from coproduce.workshops.queries import results_for
from coproduce.workshops.signups import sign_up_counts
from tests.factories import (
    ActivityFactory,
    IdeaFactory,
    InitiativeFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(actions):
    """Start every action in its own thread, release them together, collect the outcomes."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def room():
    org = OrganisationFactory(name="Riverside Council", slug="riverside")
    workshop = WorkshopFactory(initiative=InitiativeFactory(organisation=org))
    activity = ActivityFactory(workshop=workshop, dots_per_person=3, max_dots_per_idea=2)
    ideas = [IdeaFactory(activity=activity, text=f"Idea {n}") for n in range(6)]
    alice = UserFactory(email="alice@example.org")
    domain.start_activity(activity, actor=alice)
    participant, _token = domain.join_workshop(workshop, capacity=Capacity.LIVED_CARE)
    return {"activity": activity, "ideas": ideas, "participant": participant, "alice": alice}


def refusals(outcomes) -> Counter:
    return Counter(
        getattr(o, "code", type(o).__name__) for o in outcomes if isinstance(o, Exception)
    )


def test_budget_holds_when_many_devices_place_dots_at_once(room):
    activity, participant = room["activity"], room["participant"]
    # Twelve requests for one person with three dots: phones, tabs and a proxy entry.
    actions = [
        (lambda idea=idea: domain.place_dot(activity, idea, participant))
        for idea in room["ideas"] * 2
    ]
    actions[5] = lambda: domain.place_dot(
        activity, room["ideas"][5], participant, entered_by=room["alice"]
    )
    outcomes = run_at_once(actions)

    assert Dot.objects.filter(participant=participant).count() == 3
    assert sorted(Dot.objects.filter(participant=participant).values_list("slot", flat=True)) == [
        1,
        2,
        3,
    ]
    assert sorted(o for o in outcomes if isinstance(o, int)) == [0, 1, 2]
    refused = refusals(outcomes)
    assert sum(refused.values()) == 9
    assert set(refused) <= {"over_budget", "idea_cap"}


def test_cap_per_idea_holds_when_one_idea_gets_many_dots_at_once(room):
    activity, participant, idea = room["activity"], room["participant"], room["ideas"][0]
    outcomes = run_at_once([lambda: domain.place_dot(activity, idea, participant)] * 6)

    assert Dot.objects.filter(participant=participant, idea=idea).count() == 2
    assert refusals(outcomes) == {"idea_cap": 4}


def test_many_people_voting_at_once_each_keep_their_own_budget(room):
    activity = room["activity"]
    people = [
        domain.join_workshop(activity.workshop, capacity=Capacity.LEARNT)[0] for _ in range(4)
    ]
    actions = [
        (lambda person=person, idea=idea: domain.place_dot(activity, idea, person))
        for person in people
        for idea in room["ideas"][:5]
    ]
    run_at_once(actions)

    per_person = Counter(Dot.objects.values_list("participant_id", flat=True))
    assert per_person == {person.pk: 3 for person in people}


def test_rating_twice_at_once_keeps_one_rating(room):
    workshop = room["activity"].workshop
    rating = ActivityFactory(workshop=workshop, mode="rating")
    idea = IdeaFactory(activity=rating)
    domain.start_activity(rating, actor=room["alice"])
    participant = room["participant"]
    outcomes = run_at_once(
        [
            lambda: domain.rate_idea(rating, idea, participant, value="agree"),
            lambda: domain.rate_idea(rating, idea, participant, value="disagree"),
            lambda: domain.rate_idea(
                rating, idea, participant, value="confused", entered_by=room["alice"]
            ),
        ]
    )

    assert refusals(outcomes) == {}
    assert Rating.objects.filter(idea=idea, participant=participant).count() == 1


def test_database_under_test_is_the_configured_one():
    """Say which database these concurrency tests ran on, so CI logs show both."""
    assert connection.vendor in {"sqlite", "postgresql"}


def test_a_saved_dot_is_never_reported_as_refused_when_telling_the_room_fails(
    room, monkeypatch, caplog
):
    """Telling the room runs after commit. If it fails (here the database said "locked" while
    the snapshot was read, as an in-memory SQLite does under load), the dot still stands, its
    sender hears it worked, and the write is not run a second time."""
    from django.db import OperationalError

    from coproduce.workshops import events

    calls: list[int] = []

    def failing(workshop_id: int) -> None:
        calls.append(workshop_id)
        raise OperationalError("database table is locked: workshops_workshop")

    monkeypatch.setattr(events, "room_changed", failing)
    activity, participant = room["activity"], room["participant"]
    assert domain.place_dot(activity, room["ideas"][0], participant) == 2
    assert domain.place_dot(activity, room["ideas"][1], participant) == 1
    assert Dot.objects.filter(participant=participant).count() == 2
    assert calls == [activity.workshop_id] * 2  # once each: no write ran twice
    assert "database table is locked" in caplog.text


def test_two_members_of_a_four_offering_a_best_idea_at_once_are_both_kept():
    from coproduce.workshops.domain import methods
    from coproduce.workshops.models import Activity, Group, GroupMember, Idea

    org = OrganisationFactory(name="Riverside Council", slug="riverside")
    workshop = WorkshopFactory(initiative=InitiativeFactory(organisation=org))
    activity = ActivityFactory(workshop=workshop, kind=Activity.Kind.ONE_TWO_FOUR)
    alice = UserFactory(email="alice@example.org")
    people = [domain.join_workshop(workshop, capacity=Capacity.LEARNT)[0] for _n in range(4)]
    domain.start_activity(activity, actor=alice)
    methods.next_phase(workshop, actor=alice)  # pairs
    methods.next_phase(workshop, actor=alice)  # fours
    four = Group.objects.get(activity=activity, phase=Group.Phase.FOURS)
    assert GroupMember.objects.filter(group=four).count() == 4
    outcomes = run_at_once(
        [
            lambda: methods.offer_best_idea(four, text="Trees for shade", participant=people[0]),
            lambda: methods.offer_best_idea(four, text="A water tap", participant=people[1]),
        ]
    )
    assert refusals(outcomes) == Counter()
    ideas = list(Idea.objects.filter(activity=activity).order_by("created_at", "id"))
    assert sorted(i.text for i in ideas) == ["A water tap", "Trees for shade"]
    current = [i for i in ideas if i.group_id == four.pk]
    replaced = [i for i in ideas if i.replaced_in_id == four.pk]
    assert len(current) == 1
    assert len(replaced) == 1
    assert replaced[0].replaced_by_id == current[0].pk
    assert {i.added_by_id for i in ideas} == {people[0].pk, people[1].pk}
    assert connection.vendor in ("sqlite", "postgresql")


def test_two_sign_ups_at_once_for_one_invitation_leave_one_answer():
    """Two taps, two tabs and staff on the phone at the same moment: one answer, at most one
    set of access needs, counted once."""
    org = OrganisationFactory(name="Riverside Council", slug="riverside")
    workshop = WorkshopFactory(
        initiative=InitiativeFactory(organisation=org),
        starts_at=timezone.now() + datetime.timedelta(days=5),
    )
    alice = UserFactory(email="alice@example.org")
    person = PersonFactory(organisation=org, name="June Ellis", email="june@example.org")
    domain.invite_to_workshop(workshop, [person], actor=alice)
    invitation = Invitation.objects.select_related("workshop").get()

    def sign_up(**extra):
        return lambda: domain.answer_invitation(
            invitation,
            coming=True,
            capacity=Capacity.LIVED_CARE,
            needs=["larger_text"],
            consent=True,
            **extra,
        )

    for _round in range(3):
        outcomes = run_at_once(
            [sign_up(), sign_up(), sign_up(actor=alice, how_told="by phone"), sign_up()]
        )
        assert [o for o in outcomes if isinstance(o, Exception)] == []
        assert Invitation.objects.count() == 1
        assert AccessNeed.objects.count() == 1
        counts = sign_up_counts(workshop)
        assert (counts.invited, counts.coming, counts.lived) == (1, 1, 1)


def _slow_every_other_batch(monkeypatch) -> None:
    """Every other batch waits 0.3 s after locking its people, before the workshop's row."""
    lock_room, calls = dot_store.lock_room, itertools.count()

    def slow_lock_room(workshop_id: int) -> None:
        if next(calls) % 2:
            time.sleep(0.3)
        lock_room(workshop_id)

    monkeypatch.setattr(dot_store, "lock_room", slow_lock_room)


def test_dots_placed_as_their_idea_is_merged_are_counted_once_or_refused(room, monkeypatch):
    """Each round: four people dot the idea being merged, one dots the idea kept, and the
    facilitator merges at the same moment. Every dot said "saved" counts exactly once.

    Every other batch is slowed after it has locked its people and before it takes the
    workshop's row, so the merge can commit in that gap: the batch must then read the vote
    as the merge left it.
    """
    _slow_every_other_batch(monkeypatch)
    activity, alice = room["activity"], room["alice"]
    people = [
        domain.join_workshop(activity.workshop, capacity=Capacity.LEARNT)[0] for _ in range(5)
    ]
    placed = 0
    for keep, merged in [(0, 1), (2, 3), (4, 5)]:
        keep_idea, merged_idea = room["ideas"][keep], room["ideas"][merged]
        actions = [
            (lambda person=person, idea=merged_idea: domain.place_dot(activity, idea, person))
            for person in people[:4]
        ]
        actions.append(
            lambda idea=keep_idea, last=people[4]: domain.place_dot(activity, idea, last)
        )
        actions.append(lambda k=keep_idea, m=merged_idea: domain.merge_ideas(k, m, actor=alice))
        outcomes = run_at_once(actions)

        assert isinstance(outcomes[-1], domain.Merged), outcomes[-1]
        saved = sum(isinstance(o, int) for o in outcomes[:-1])
        assert set(refusals(outcomes)) <= {"merged"}, outcomes
        assert saved + sum(refusals(outcomes).values()) == 5
        placed += saved
        # Nobody had a dot on the kept idea before, so nothing is given back (limit 2).
        assert Dot.objects.filter(idea=merged_idea).count() == 0
        assert Dot.objects.filter(idea=keep_idea).count() == saved
        assert outcomes[-1].dots_moved == saved - isinstance(outcomes[4], int)
    totals = {r.text: r.total for r in results_for(activity)}
    assert sorted(totals) == ["Idea 0", "Idea 2", "Idea 4"]
    assert sum(totals.values()) == placed == Dot.objects.count()


def test_dots_placed_as_a_merge_is_undone_are_counted_once_or_refused(room, monkeypatch):
    """Each round: four people whose dots moved with a merge dot the merged idea again, one
    dots the idea kept, and the facilitator undoes the merge at the same moment. A dot on
    the merged idea is refused ("merged") before the undo commits and saved after it; every
    dot said "saved" counts exactly once, and every moved dot goes back.

    Every other batch is slowed between locking its people and taking the workshop's row,
    so the undo can commit in that gap: the batch must then read the vote as it left it.
    """
    _slow_every_other_batch(monkeypatch)
    activity, alice = room["activity"], room["alice"]
    workshop = activity.workshop
    for keep, merged in [(0, 1), (2, 3), (4, 5)]:
        keep_idea, merged_idea = room["ideas"][keep], room["ideas"][merged]
        people = [domain.join_workshop(workshop, capacity=Capacity.LEARNT)[0] for _ in range(5)]
        for person in people[:4]:
            domain.place_dot(activity, merged_idea, person)
        domain.merge_ideas(keep_idea, merged_idea, actor=alice)
        actions = [
            (lambda person=person, idea=merged_idea: domain.place_dot(activity, idea, person))
            for person in people[:4]
        ]
        actions.append(
            lambda idea=keep_idea, last=people[4]: domain.place_dot(activity, idea, last)
        )
        actions.append(lambda idea=merged_idea: domain.unmerge_idea(idea, actor=alice))
        outcomes = run_at_once(actions)

        assert isinstance(outcomes[-1], domain.Unmerged), outcomes[-1]
        assert (outcomes[-1].dots_moved_back, outcomes[-1].dots_not_put_back) == (4, 0)
        assert set(refusals(outcomes)) <= {"merged"}, outcomes
        assert isinstance(outcomes[4], int), outcomes[4]
        again = sum(isinstance(o, int) for o in outcomes[:4])
        assert again + sum(refusals(outcomes).values()) == 4
        assert Dot.objects.filter(idea=merged_idea, given_back=False).count() == 4 + again
        assert Dot.objects.filter(idea=keep_idea).count() == 1
    totals = {r.text: r.total for r in results_for(activity)}
    assert sorted(totals) == [f"Idea {n}" for n in range(6)]
    assert sum(totals.values()) == Dot.objects.count()


def test_ratings_given_as_their_idea_is_merged_are_counted_once_or_refused(room):
    workshop = room["activity"].workshop
    rating = ActivityFactory(workshop=workshop, mode="rating")
    keep, merged = IdeaFactory(activity=rating, text="Keep"), IdeaFactory(activity=rating)
    domain.start_activity(rating, actor=room["alice"])
    people = [domain.join_workshop(workshop, capacity=Capacity.LEARNT)[0] for _ in range(4)]
    domain.rate_idea(rating, keep, people[0], value="agree")
    actions = [
        (lambda person=person: domain.rate_idea(rating, merged, person, value="disagree"))
        for person in people
    ]
    actions.append(lambda: domain.merge_ideas(keep, merged, actor=room["alice"]))
    outcomes = run_at_once(actions)

    assert isinstance(outcomes[-1], domain.Merged), outcomes[-1]
    assert set(refusals(outcomes)) <= {"merged"}, outcomes
    saved = [people[i].pk for i, o in enumerate(outcomes[:-1]) if isinstance(o, Rating)]
    # One rating per person on the kept idea: their own, or the one moved there.
    on_keep = Counter(Rating.objects.filter(idea=keep).values_list("participant_id", flat=True))
    assert on_keep == Counter({people[0].pk, *saved})
    [result] = results_for(rating)
    assert result.total == len(on_keep)
