"""People take back their own idea or warm-up word from their phone: it leaves the screen,
and the record keeps it, marked as taken back by them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.workshops import domain
from coproduce.workshops.domain import Refused, methods
from coproduce.workshops.models import Activity, Dot, Idea, Participant, WarmUpAnswer
from coproduce.workshops.queries import participant_state
from coproduce.workshops.record import Kind, contributions_for
from coproduce.workshops.snapshot import room_snapshot
from tests.factories import ActivityFactory
from tests.markup import flat
from tests.workshops.test_views import join_as, staff_url

pytestmark = pytest.mark.django_db

TAKEN_BACK = "Taken back by the person who gave it"


def _on_screen(workshop) -> list[str]:
    snapshot = room_snapshot(workshop.pk)
    assert snapshot is not None
    return [idea["text"] for idea in snapshot["a"]["ideas"]]


def test_a_phone_takes_back_its_own_idea_and_the_record_keeps_it(
    client, client_as, alice, workshop, running, ideas, june
):
    join_as(client, workshop, display_name="Tom")
    act = reverse("workshop_act", kwargs={"code": workshop.join_code})
    client.post(act, {"t": "idea", "text": "A water tap"})
    mine = Idea.objects.get(text="A water tap")
    room = reverse("workshop_room", kwargs={"code": workshop.join_code})
    page = flat(client.get(room).content.decode())
    assert page.count("Take back my idea") == 1  # only on their own
    domain.place_dot(running, mine, june)

    client.post(act, {"t": "withdraw", "idea": mine.pk})
    mine.refresh_from_db()
    assert (mine.hidden, mine.withdrawn) == (True, True)
    assert "A water tap" not in _on_screen(workshop)
    assert "A water tap" not in client.get(room).content.decode()
    assert participant_state(june, running)["dots_left"] == 2  # the dot is given back
    assert Dot.objects.filter(idea=mine).count() == 1  # and kept in the record
    said = [(s.text, s.who, s.notes) for s in contributions_for(workshop) if s.kind == Kind.IDEA]
    assert ("A water tap", "Tom", (TAKEN_BACK,)) in said

    console = flat(client_as(alice).get(staff_url("workshop_console", workshop)).content.decode())
    assert f'<span class="tag">{TAKEN_BACK}</span>' in console
    with pytest.raises(Refused) as shown:
        domain.show_idea(mine, actor=alice)
    assert shown.value.code == "withdrawn"
    domain.hide_idea(mine, reason="Not about this question", actor=alice)
    mine.refresh_from_db()
    assert (mine.hidden, mine.withdrawn, mine.hidden_reason) == (True, True, "")


def test_nobody_takes_back_someone_elses_idea(workshop, running, ideas, june, anon):
    theirs = domain.add_idea(running, text="Shade sails", participant=june)
    with pytest.raises(Refused) as refused:
        domain.withdraw_idea(theirs, anon)
    assert refused.value.code == "not_yours"
    with pytest.raises(Refused) as facilitators:
        domain.withdraw_idea(ideas[0], anon)  # added by the facilitator
    assert facilitators.value.code == "not_yours"
    assert Idea.objects.filter(withdrawn=True).count() == 0


def test_a_warm_up_word_taken_back_leaves_the_screen(client, client_as, alice, workshop):
    warm = ActivityFactory(
        workshop=workshop, kind=Activity.Kind.WARM_UP, title="Weather", warm_up="emoji_weather"
    )
    domain.start_activity(warm, actor=alice)
    join_as(client, workshop, display_name="Tom")
    tom = Participant.objects.get(display_name="Tom")
    act = reverse("workshop_act", kwargs={"code": workshop.join_code})
    client.post(act, {"t": "warm", "text": "Sunny"})
    room = reverse("workshop_room", kwargs={"code": workshop.join_code})
    assert "Take back my word" in client.get(room).content.decode()

    client.post(act, {"t": "unwarm"})
    snapshot = room_snapshot(workshop.pk)
    assert snapshot is not None
    assert snapshot["a"]["answers"] == []
    assert "Take back my word" not in client.get(room).content.decode()
    said = [(s.text, s.notes) for s in contributions_for(workshop) if s.kind == Kind.WARM_UP]
    assert said == [("Sunny", (TAKEN_BACK,))]
    answer = WarmUpAnswer.objects.get()
    methods.hide_warm_up_answer(answer, hidden=False, actor=alice)  # "Show again" cannot
    assert WarmUpAnswer.objects.get().hidden is True
    with pytest.raises(Refused) as twice:
        methods.withdraw_warm_up_answer(warm, tom)
    assert twice.value.code == "no_answer"

    methods.answer_warm_up(warm, tom, text="Rainy")  # a new word shows
    answer = WarmUpAnswer.objects.get()
    assert (answer.text, answer.hidden, answer.withdrawn) == ("Rainy", False, False)
