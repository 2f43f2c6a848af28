"""The small template filters the workshop pages share."""

from __future__ import annotations

from coproduce.workshops.models import StoryStep
from coproduce.workshops.templatetags.workshop_tags import feeling_face, places


def test_each_feeling_has_its_own_face():
    faces = [feeling_face(value) for value, _label in StoryStep.Feeling.choices]
    assert faces == ["😢", "🙁", "😐", "🙂", "😄"]


def test_places_name_one_place_for_each_bar():
    assert places(["a", "b", "c", "d"]) == "1st|2nd|3rd|4th"
    assert places([]) == ""
