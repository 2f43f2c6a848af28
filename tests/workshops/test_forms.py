"""Socket messages: the quick path for number-only messages gives what the form gives."""

from __future__ import annotations

import json

import pytest

from coproduce.workshops.forms import (
    MAX_MESSAGE_CHARS,
    QuickMessage,
    RoomMessageForm,
    parse_room_message,
)


def through_form(data: dict[str, object]) -> dict[str, object]:
    form = RoomMessageForm(data={k: str(v) for k, v in data.items()})
    assert form.is_valid(), form.errors
    return form.cleaned_data


@pytest.mark.parametrize(
    "data",
    [
        {"t": "dot", "idea": 12, "ref": 3},
        {"t": "dot", "idea": 1},
        {"t": "undot", "idea": 2**62, "ref": 0},
        {"t": "pass", "ref": 2**31},
        {"t": "unpass"},
        {"t": "me"},
        {"t": "share", "ref": 9},
        {"t": "unshare"},
        {"t": "step_add", "ref": 1},
    ],
)
def test_quick_messages_are_cleaned_exactly_as_the_form_would(data: dict[str, object]) -> None:
    parsed = parse_room_message(json.dumps(data))
    assert isinstance(parsed, QuickMessage)
    assert parsed.cleaned_data == through_form(data)


@pytest.mark.parametrize(
    "data",
    [
        {"t": "dot", "idea": "12", "ref": 3},  # a number as text: the form reads it
        {"t": "dot", "idea": 12, "extra": 1},  # a key the form ignores
        {"t": "rate", "idea": 12, "value": "agree"},  # a kind with words
        {"t": "note", "text": "Hello", "rev": 0},
    ],
)
def test_other_messages_go_through_the_form(data: dict[str, object]) -> None:
    parsed = parse_room_message(json.dumps(data))
    assert isinstance(parsed, RoomMessageForm)
    assert parsed.cleaned_data == through_form(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"t": "dot"}, "Choose an idea."),
        ({"t": "dot", "idea": 0}, "greater than or equal to 1"),
        ({"t": "dot", "idea": 2**62 + 1}, "less than or equal to"),
        ({"t": "pass", "ref": -1}, "greater than or equal to 0"),
        ({"t": "shout"}, "not one of the available choices"),
    ],
)
def test_out_of_range_quick_messages_get_the_forms_message(
    data: dict[str, object], message: str
) -> None:
    parsed = parse_room_message(json.dumps(data))
    assert isinstance(parsed, str)
    assert message in parsed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "too long or empty"),
        ("x" * (MAX_MESSAGE_CHARS + 1), "too long or empty"),
        ("{not json", "could not read"),
        ('["dot"]', "could not read"),
        ('{"t": "dot", "idea": true}', "could not read"),
        ('{"t": "dot", "idea": 1.5}', "could not read"),
    ],
)
def test_unreadable_messages_are_refused_politely(text: str, message: str) -> None:
    parsed = parse_room_message(text)
    assert isinstance(parsed, str)
    assert message in parsed


@pytest.mark.parametrize(("up", "moved_up"), [(1, True), (0, False)])
def test_a_step_moves_up_when_the_page_sends_up_as_a_number(up: int, moved_up: bool) -> None:
    """The room's forms.js sends `"up": 1`: true and false are refused in every message."""
    parsed = parse_room_message(json.dumps({"t": "step_move", "step": 7, "up": up, "ref": 2}))
    assert isinstance(parsed, RoomMessageForm)
    assert (parsed.cleaned_data["step"], parsed.cleaned_data["up"]) == (7, moved_up)
    assert parse_room_message(json.dumps({"t": "step_move", "step": 7, "up": True})) == (
        "We could not read that message."
    )
