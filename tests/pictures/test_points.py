"""Easy read points and their pictures: choices read back for many texts at once, and the
picture a point gets when its words suggest none."""

from __future__ import annotations

from coproduce.pictures.domain import choose_point_picture
from coproduce.pictures.points import choices_for_owners, points_for, suggest


def test_a_point_whose_words_suggest_nothing_gets_the_fallback_its_owner_names():
    assert suggest("Which service do you use most?") == "speech"
    assert suggest("Which service do you use most?", "question") == "question"
    assert suggest("How do you travel to us?", "question") == "bus"
    assert suggest("Which service do you use most?", "not-a-picture") == "speech"
    points = points_for("Which service do you use most?\nDo you pay?", fallback="question")
    assert [(p.text, p.picture.key, p.chosen) for p in points] == [
        ("Which service do you use most?", "openmoji:question", False),
        ("Do you pay?", "openmoji:money", False),
    ]


def test_choices_for_many_owners_are_read_together_and_only_for_the_organisation(
    org, alice, charlie, django_assert_num_queries
):
    other = charlie.memberships.get().organisation
    choose_point_picture(
        org, actor=alice, owner="panels.question:1", index=0, picture="openmoji:bus"
    )
    choose_point_picture(
        org, actor=alice, owner="panels.question:2", index=0, picture="openmoji:cross"
    )
    choose_point_picture(
        org, actor=alice, owner="panels.question:2", index=1, picture="openmoji:no-such"
    )
    choose_point_picture(org, actor=alice, owner="panels.role:1", index=0, picture="openmoji:money")
    choose_point_picture(
        other, actor=charlie, owner="panels.question:3", index=0, picture="openmoji:money"
    )
    with django_assert_num_queries(1):
        found = choices_for_owners(
            org, ["panels.question:1", "panels.question:2", "panels.question:3", ""]
        )
    assert {owner: {i: p.alt for i, p in points.items()} for owner, points in found.items()} == {
        "panels.question:1": {0: "A bus"},
        "panels.question:2": {0: "A red cross"},
    }
    assert choices_for_owners(None, ["panels.question:1"]) == {}
    assert choices_for_owners(org, []) == {}
