from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain
from coproduce.workshops.domain import Refused
from coproduce.workshops.models import AccessNeed, Activity, Dot, Idea, Participant, Pass, Workshop
from coproduce.workshops.queries import (
    balance_for,
    open_workshop_for_code,
    participant_state,
    results_for,
)
from coproduce.workshops.snapshot import room_snapshot
from tests.factories import ActivityFactory
from tests.workshops.conftest import rating_activity

pytestmark = pytest.mark.django_db


def actions(workshop) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_id=str(workshop.pk), action__startswith="workshops.")
        .order_by("id")
        .values_list("action", flat=True)
    )


# Planning


def test_create_workshop_gives_a_join_code_and_logs_it(initiative, alice):
    workshop = domain.create_workshop(
        initiative,
        actor=alice,
        title="Garden ideas",
        starts_at=datetime.datetime(2026, 11, 4, 10, tzinfo=datetime.UTC),
    )
    assert len(workshop.join_code) == 6
    assert set(workshop.join_code) <= set("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    assert workshop.lived_target_percent == 50
    entry = AuditEntry.objects.get(action="workshops.workshop.created")
    assert entry.data == {"workshop": workshop.pk, "title": "Garden ideas"}


def test_move_activity_swaps_with_its_neighbour_and_stops_at_the_ends(workshop, alice):
    first = domain.add_activity(workshop, actor=alice, title="Welcome")
    second = domain.add_activity(workshop, actor=alice, title="Warm-up")
    third = domain.add_activity(workshop, actor=alice, title="Dotmocracy")

    domain.move_activity(third, up=True, actor=alice)
    domain.move_activity(first, up=True, actor=alice)  # already first: nothing happens

    order = list(workshop.activities.order_by("order").values_list("title", flat=True))
    assert order == ["Welcome", "Dotmocracy", "Warm-up"]
    assert [first.pk, third.pk, second.pk] == list(
        workshop.activities.order_by("order").values_list("pk", flat=True)
    )


def test_remove_activity_is_refused_while_it_runs(running, alice):
    with pytest.raises(Refused) as refused:
        domain.remove_activity(running, actor=alice)
    assert refused.value.code == "running"


# Joining


def test_anonymous_join_stores_no_name_person_or_login(workshop, bob):
    participant, token = domain.join_workshop(
        workshop, capacity=Capacity.LIVED_CARE, person=bob.people.get()
    )
    participant.refresh_from_db()
    assert participant.display_name == ""
    assert participant.person is None
    assert participant.added_by is None
    assert participant.token_hash != token  # only a hash is kept
    assert len(participant.token_hash) == 64
    assert actions(workshop) == []  # joining is not logged


def test_named_join_by_a_member_links_their_person(workshop, bob):
    participant, _token = domain.join_workshop(
        workshop, capacity=Capacity.LIVED_CARE, display_name="Bob", person=bob.people.get()
    )
    assert participant.person == bob.people.get()


def test_access_needs_are_kept_only_with_consent(workshop):
    without, _ = domain.join_workshop(
        workshop, capacity=Capacity.LIVED_CARE, needs=["easy_read"], consent=False
    )
    with_consent, _ = domain.join_workshop(
        workshop,
        capacity=Capacity.LIVED_CARE,
        needs=["easy_read", "supporter", "made_up"],
        other_needs="Hearing loop please",
        consent=True,
    )
    assert not AccessNeed.objects.filter(participant=without).exists()
    need = AccessNeed.objects.get(participant=with_consent)
    assert need.needs == ["easy_read", "supporter"]
    assert need.other == "Hearing loop please"


def test_reading_access_needs_logs_the_view_but_not_the_needs(workshop, alice):
    domain.join_workshop(workshop, capacity=Capacity.LIVED_CARE, needs=["more_time"], consent=True)
    needs = domain.read_access_needs(workshop, actor=alice)
    assert [n.needs for n in needs] == [["more_time"]]
    entry = AuditEntry.objects.get(action="workshops.access_needs.viewed")
    assert entry.data == {"count": 1}
    assert entry.actor == alice


def test_join_is_refused_and_code_expires_when_the_workshop_ends(workshop, alice):
    assert open_workshop_for_code(workshop.join_code) == workshop
    domain.end_workshop(workshop, actor=alice)
    assert open_workshop_for_code(workshop.join_code) is None
    with pytest.raises(Refused) as refused:
        domain.join_workshop(workshop, capacity=Capacity.LEARNT)
    assert refused.value.code == "ended"


def test_ended_workshops_code_can_be_used_again(workshop, alice, initiative):
    domain.end_workshop(workshop, actor=alice)
    again = Workshop.objects.create(
        organisation=workshop.organisation,
        initiative=initiative,
        title="Second",
        starts_at=timezone.now(),
        join_code=workshop.join_code,
    )
    assert open_workshop_for_code(workshop.join_code) == again


def test_leave_quietly_keeps_ideas_and_lowers_the_head_count(running, june, ideas):
    domain.place_dot(running, ideas[0], june)
    domain.leave_workshop(june)
    june.refresh_from_db()
    assert june.left_at is not None
    assert Dot.objects.filter(participant=june).count() == 1
    assert room_snapshot(running.workshop_id)["people"] == 0
    with pytest.raises(Refused) as refused:
        domain.place_dot(running, ideas[1], june)
    assert refused.value.code == "left"


def test_balance_warns_when_lived_experience_is_under_target(workshop, june):
    for _ in range(2):
        domain.join_workshop(workshop, capacity=Capacity.LEARNT)
    balance = balance_for(workshop)
    assert (balance.lived, balance.learnt, balance.lived_percent) == (1, 2, 33)
    assert balance.under_target is True
    domain.join_workshop(workshop, capacity=Capacity.LIVED_CARER)
    assert balance_for(workshop).under_target is False  # 2 of 4 is exactly 50%


# The timer


def test_start_sets_an_end_time_and_the_suggested_dot_budget(dotmocracy, alice, workshop):
    dotmocracy.dots_per_person = None
    dotmocracy.save()
    before = timezone.now()
    domain.start_activity(dotmocracy, actor=alice)
    dotmocracy.refresh_from_db()
    workshop.refresh_from_db()
    assert dotmocracy.state == Activity.State.RUNNING
    assert dotmocracy.dots_per_person == 1  # three ideas: one dot
    assert before + datetime.timedelta(minutes=10) <= dotmocracy.ends_at
    assert workshop.state == Workshop.State.LIVE
    assert workshop.current_activity == dotmocracy
    assert actions(workshop) == ["workshops.activity.started"]


def test_pause_keeps_the_time_left_and_resume_continues_from_it(running, workshop, alice):
    Activity.objects.filter(pk=running.pk).update(
        ends_at=timezone.now() + datetime.timedelta(seconds=90)
    )
    paused = domain.pause_activity(workshop, actor=alice)
    assert paused.ends_at is None
    assert paused.remaining_seconds in (90, 89)
    resumed = domain.resume_activity(workshop, actor=alice)
    assert resumed.remaining_seconds is None
    assert 88 <= (resumed.ends_at - timezone.now()).total_seconds() <= 90


def test_extend_adds_minutes_while_running_paused_or_after_time_is_up(running, workshop, alice):
    Activity.objects.filter(pk=running.pk).update(
        ends_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    extended = domain.extend_activity(workshop, minutes=2, actor=alice)
    assert 119 <= (extended.ends_at - timezone.now()).total_seconds() <= 120
    domain.pause_activity(workshop, actor=alice)
    assert domain.extend_activity(workshop, minutes=1, actor=alice).remaining_seconds in (
        179,
        180,
    )
    with pytest.raises(Refused):
        domain.extend_activity(workshop, minutes=0, actor=alice)


def test_skip_and_go_back_move_along_the_agenda(workshop, dotmocracy, alice):
    Activity.objects.filter(pk=dotmocracy.pk).update(order=5)
    welcome = ActivityFactory(workshop=workshop, kind=Activity.Kind.PLAIN, order=1)
    assert domain.skip_activity(workshop, actor=alice) == welcome
    assert domain.skip_activity(workshop, actor=alice) == dotmocracy
    welcome.refresh_from_db()
    assert welcome.state == Activity.State.DONE
    with pytest.raises(Refused) as refused:
        domain.skip_activity(workshop, actor=alice)
    assert refused.value.code == "last"

    assert domain.go_back(workshop, actor=alice) == welcome
    dotmocracy.refresh_from_db()
    assert dotmocracy.state == Activity.State.PENDING
    assert welcome.state != Activity.State.RUNNING  # our old copy; the database says:
    assert Activity.objects.get(pk=welcome.pk).state == Activity.State.RUNNING


def test_control_without_a_current_activity_is_refused_politely(workshop, alice):
    with pytest.raises(Refused) as refused:
        domain.pause_activity(workshop, actor=alice)
    assert refused.value.code == "no_activity"


# Dots


def test_dots_count_down_and_refuse_politely_over_budget(running, june, ideas):
    assert domain.place_dot(running, ideas[0], june) == 1
    with pytest.raises(Refused) as capped:
        domain.place_dot(running, ideas[0], june)
    assert capped.value.code == "idea_cap"
    assert domain.place_dot(running, ideas[1], june) == 0
    with pytest.raises(Refused) as over:
        domain.place_dot(running, ideas[2], june)
    assert over.value.code == "over_budget"
    assert over.value.messages == ["You have used all your dots."]
    assert domain.remove_dot(running, ideas[0], june) == 1
    assert domain.place_dot(running, ideas[2], june) == 0


def test_dots_are_refused_when_the_activity_is_not_open(dotmocracy, june, ideas, workshop, alice):
    with pytest.raises(Refused) as pending:
        domain.place_dot(dotmocracy, ideas[0], june)
    assert pending.value.code == "closed"
    domain.start_activity(dotmocracy, actor=alice)
    domain.close_voting(workshop, actor=alice)
    with pytest.raises(Refused) as done:
        domain.place_dot(dotmocracy, ideas[0], june)
    assert done.value.code == "closed"


def test_dot_for_an_idea_of_another_activity_is_refused(running, june, workshop):
    other = ActivityFactory(workshop=workshop)
    stray = Idea.objects.create(organisation=workshop.organisation, activity=other, text="x")
    with pytest.raises(Refused) as refused:
        domain.place_dot(running, stray, june)
    assert refused.value.code == "wrong_idea"


def test_proxy_dot_is_marked_and_logged(running, workshop, alice, ideas):
    paper = domain.add_paper_participant(
        workshop, capacity=Capacity.LIVED_CARE, display_name="Tom", actor=alice
    )
    domain.place_dot(running, ideas[2], paper, entered_by=alice)
    dot = Dot.objects.get(participant=paper)
    assert (dot.by_proxy, dot.entered_by) == (True, alice)
    assert actions(workshop)[-2:] == [
        "workshops.participant.added_on_paper",
        "workshops.dot.placed_by_proxy",
    ]


def test_own_dots_are_not_logged(running, june, ideas, workshop):
    domain.place_dot(running, ideas[0], june)
    assert actions(workshop) == ["workshops.activity.started"]


def test_passing_and_voting_undo_each_other(running, june, ideas):
    assert domain.pass_activity(running, june) is True
    assert Pass.objects.filter(participant=june).count() == 1
    domain.place_dot(running, ideas[0], june)
    assert Pass.objects.filter(participant=june).count() == 0
    assert domain.pass_activity(running, june, passing=False) is False


# Results


def test_results_are_ranked_with_ties_and_a_lived_learnt_split(running, ideas, june, anon, alice):
    bob_like, _ = domain.join_workshop(running.workshop, capacity=Capacity.LIVED_CARER)
    domain.place_dot(running, ideas[0], june)
    domain.place_dot(running, ideas[1], june)
    domain.place_dot(running, ideas[0], anon)
    domain.place_dot(running, ideas[1], bob_like)

    results = [(r.text, r.rank, r.tied, r.total, r.lived, r.learnt) for r in results_for(running)]
    assert results == [
        ("A ramp by the back door", 1, True, 2, 1, 1),
        ("Raised flower beds", 1, True, 2, 2, 0),
        ("More benches in the shade", 3, False, 0, 0, 0),
    ]


def test_rating_mode_ranks_by_share_who_agree(workshop, june, anon, alice):
    activity = rating_activity(workshop)
    domain.start_activity(activity, actor=alice)
    weekend, fence = activity.ideas.order_by("id")
    domain.rate_idea(activity, weekend, june, value="strongly_agree")
    domain.rate_idea(activity, weekend, anon, value="confused")
    domain.rate_idea(activity, fence, june, value="disagree")
    domain.rate_idea(activity, fence, june, value="agree")  # changes her mind
    with pytest.raises(Refused):
        domain.place_dot(activity, weekend, june)

    results = results_for(activity)
    assert [(r.text, r.rank, r.agree_percent, r.total) for r in results] == [
        ("Paint the fence", 1, 100, 1),
        ("Open the garden at weekends", 2, 50, 2),
    ]
    assert results[1].counts["confused"] == 1
    assert (results[1].lived_agree_percent, results[1].learnt_agree_percent) == (100, 0)


# What people see


def test_snapshot_holds_only_public_things(running, june, ideas, workshop):
    domain.join_workshop(
        workshop,
        capacity=Capacity.LIVED_CARE,
        display_name="Secret Sam",
        needs=["supporter"],
        other_needs="wheelchair user",
        consent=True,
    )
    domain.place_dot(running, ideas[0], june)
    snapshot = room_snapshot(workshop.pk)
    text = str(snapshot)
    for private in ("June", "Secret Sam", "supporter", "wheelchair", "token", "capacity"):
        assert private not in text
    current = snapshot["a"]
    assert current["hidden"] is True
    assert current["results"] is None
    assert current["voters"] == 1
    assert snapshot["people"] == 2
    assert [i["text"] for i in current["ideas"]] == [i.text for i in ideas]


def test_participant_state_shows_their_own_dots_only(running, june, anon, ideas):
    domain.place_dot(running, ideas[1], june)
    domain.place_dot(running, ideas[0], anon)
    assert participant_state(june, running) == {
        "t": "me",
        "name": "June",
        "capacity": "lived_care",
        "left": False,
        "activity": running.pk,
        "passed": False,
        "dots": {str(ideas[1].pk): 1},
        "dots_left": 1,
    }


def test_idea_text_is_tidied_and_checked(running, june):
    idea = domain.add_idea(running, text="  More   shade \n please ", participant=june)
    assert idea.text == "More shade please"
    with pytest.raises(Refused):
        domain.add_idea(running, text="   ", participant=june)
    with pytest.raises(Refused):
        domain.add_idea(running, text="x" * 281, participant=june)


def test_every_change_bumps_the_version(running, june, ideas, workshop):
    before = Workshop.objects.get(pk=workshop.pk).version
    domain.place_dot(running, ideas[0], june)
    domain.remove_dot(running, ideas[0], june)
    assert Workshop.objects.get(pk=workshop.pk).version == before + 2


def test_participant_str_for_anonymous_has_no_name(anon):
    assert str(Participant.objects.get(pk=anon.pk)) == "Anonymous participant"
