"""A facilitator changes an idea's words; the record keeps the words first given."""

from __future__ import annotations

import pytest

from coproduce.core.models import AuditEntry
from coproduce.workshops import domain
from coproduce.workshops.domain import Refused
from coproduce.workshops.models import Dot, Idea
from coproduce.workshops.record import Kind, contributions_for
from coproduce.workshops.snapshot import room_snapshot
from tests.markup import flat
from tests.workshops.test_views import staff_url

pytestmark = pytest.mark.django_db


def test_new_words_show_on_the_screen_and_the_record_keeps_the_first(
    workshop, running, ideas, june, alice
):
    domain.place_dot(running, ideas[0], june)
    domain.edit_idea(ideas[0], text="A ramp by the  bak door", actor=alice)
    domain.edit_idea(ideas[0], text="A ramp by the back door, with a rail", actor=alice)
    idea = Idea.objects.get(pk=ideas[0].pk)
    assert (idea.text, idea.original_text) == (
        "A ramp by the back door, with a rail",
        "A ramp by the back door",
    )
    snapshot = room_snapshot(workshop.pk)
    assert snapshot is not None
    assert snapshot["a"]["ideas"][0]["text"] == "A ramp by the back door, with a rail"
    assert Dot.objects.filter(idea=idea).count() == 1
    said = [(s.text, s.notes) for s in contributions_for(workshop) if s.kind == Kind.IDEA]
    assert said[0] == (
        "A ramp by the back door, with a rail",
        ("Changed by the facilitator. First words: “A ramp by the back door”",),
    )
    logged = AuditEntry.objects.filter(action="workshops.idea.edited").order_by("id")
    assert [(e.data["before"], e.data["after"]) for e in logged] == [
        ("A ramp by the back door", "A ramp by the bak door"),
        ("A ramp by the bak door", "A ramp by the back door, with a rail"),
    ]


def test_no_words_or_a_finished_vote_change_nothing(workshop, running, ideas, alice):
    with pytest.raises(Refused) as empty:
        domain.edit_idea(ideas[0], text="  ", actor=alice)
    assert empty.value.code == "empty"
    domain.close_voting(workshop, actor=alice)
    with pytest.raises(Refused) as closed:
        domain.edit_idea(ideas[0], text="Something else", actor=alice)
    assert closed.value.code == "closed"
    idea = Idea.objects.get(pk=ideas[0].pk)
    assert (idea.text, idea.original_text) == ("A ramp by the back door", "")


def test_the_console_changes_the_words_in_place(client_as, alice, workshop, running, ideas):
    staff = client_as(alice)
    edit = {"action": "edit_idea", "idea": ideas[1].pk, "text": "Raised beds for wheelchairs"}
    page = flat(
        staff.post(
            staff_url("workshop_control", workshop),
            edit,
            headers={"HX-Request": "true"},
            follow=True,
        ).content.decode()
    )
    assert "<html" not in page
    assert "Changed. The record keeps the first words." in page
    assert "First words: “Raised flower beds”" in page
    assert Idea.objects.get(pk=ideas[1].pk).text == "Raised beds for wheelchairs"
