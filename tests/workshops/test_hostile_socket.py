"""The hostile-input matrix for the live room socket: every message kind, every field, bad values.

The twin of tests/core/test_hostile_input.py. `FIELDS` says which fields each message kind
reads, so a new kind in `MESSAGE_KINDS` fails `test_every_message_kind_is_covered` until it
is added here. Each hostile value must be refused with a message, or give data that can be
saved; on a real socket the participant gets a reply and the connection stays open. A frame
over the size limit is refused by the server itself (a real uvicorn, with the deployed flags).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from channels.db import database_sync_to_async

from coproduce.workshops import consumers
from coproduce.workshops.forms import MAX_MESSAGE_CHARS, MESSAGE_KINDS, parse_room_message
from tests.servers import ROOT, free_port, manage, server_env, start_uvicorn, stop, wait_for
from tests.workshops.test_consumers import connect_participant, join, next_of, opening, room

__all__ = ["room"]  # the fixture, shared with the consumer tests

BOXES = ("happening", "who", "opportunities", "barriers")
NUMBERS = ("idea", "ref", "rev", "step", "feeling", "feeling_base")
TEXTS = ("text", "base", *BOXES, *(f"{box}_base" for box in BOXES))
CHOICES = ("value", "field")
FIELDS: dict[str, tuple[str, ...]] = {
    "dot": ("idea", "ref"),
    "undot": ("idea", "ref"),
    "rate": ("idea", "value", "ref"),
    "pass": ("ref",),
    "unpass": ("ref",),
    "idea": ("text", "ref"),
    "me": ("ref",),
    "warm": ("text", "ref"),
    "unwarm": ("ref",),
    "withdraw": ("idea", "ref"),
    "note": ("text", "rev", "ref"),
    "share": ("ref",),
    "unshare": ("ref",),
    "best": ("text", "ref"),
    "step_add": ("ref",),
    "step_save": ("step", *TEXTS[2:], "feeling", "feeling_base", "ref"),
    "step_edit": ("step", "field", "text", "base", "ref"),
    "step_feel": ("step", "feeling", "ref"),
    "step_move": ("step", "up", "ref"),
    "step_remove": ("step", "ref"),
    "board_title": ("text", "ref"),
}
GOOD = {
    "idea": 1,
    "ref": 1,
    "rev": 0,
    "step": 1,
    "feeling": 1,
    "feeling_base": 2,
    **dict.fromkeys(TEXTS[2:], "Ramps"),
    "text": "Ramps",
    "base": "",
    "value": "yes",
    "field": "happening",
    "up": 1,
}

# Bad in any field. Strings that cannot be saved (half an emoji, NUL) and JSON's other types.
ANY_FIELD: list[object] = ["\ud800", "a\udfffb", "a\x00b", None, [], {}, True, 1.5, -1e400]
BY_KIND_OF_FIELD: dict[str, list[object]] = {
    "number": ["²", "٣", "-1", -1, 2**70, "9" * 4000, "1.5", "1e3", "", " ", "0x1f"],
    "text": ["x" * 4000, "‮gnp.exe", "😀" * 1200, "\u200b", " " * 10, 12, "<script>"],
    "choice": ["²", "‮yes", "YES", "", "x" * 4000, 1],
}


def kind_of(field: str) -> str:
    return "number" if field in (*NUMBERS, "up") else "text" if field in TEXTS else "choice"


def hostile_messages() -> list[tuple[str, str, object]]:
    return [
        (kind, field, value)
        for kind, fields in FIELDS.items()
        for field in fields
        for value in ANY_FIELD + BY_KIND_OF_FIELD[kind_of(field)]
    ]


def savable(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def test_every_message_kind_is_covered():
    assert sorted(MESSAGE_KINDS) == sorted(FIELDS), "Say in FIELDS which fields a new kind reads"


@pytest.mark.parametrize(("kind", "field", "value"), hostile_messages())
def test_a_hostile_value_is_refused_with_a_message_or_is_safe_to_save(kind, field, value):
    message = {"t": kind, **{name: GOOD[name] for name in FIELDS[kind]}, field: value}
    parsed = parse_room_message(json.dumps(message))
    if isinstance(parsed, str):
        assert parsed.strip(), "a refusal says what was wrong"
        return
    data = parsed.cleaned_data
    assert all(savable(v) for v in data.values()), data
    for name in NUMBERS:
        assert data.get(name) is None or 0 <= data[name] <= 2**62


@pytest.mark.parametrize(
    "value",
    [{"t": ["idea"]}, {"t": None}, {"t": "\ud800"}, {"\ud800": 1, "t": "me"}, {"t": "idea" * 2}],
)
def test_a_hostile_kind_is_refused_with_a_message(value):
    assert parse_room_message(json.dumps(value)) in (
        "We could not read that message.",
        "Some of the letters in that message cannot be saved. Please type it again.",
        "Select a valid choice. ideaidea is not one of the available choices.",
    )


def test_half_an_emoji_is_refused_in_plain_words():
    text = json.dumps({"t": "idea", "text": "Ramps \ud800 please"})
    assert parse_room_message(text) == (
        "Some of the letters in that message cannot be saved. Please type it again."
    )


# On a live socket: one connection a kind, the nastiest values, and the room still answers.

LIVE = ["\ud800", "a\x00b", None, [], {}, True, 1.5, "²", 2**70, "x" * 4000]


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", sorted(FIELDS))
async def test_the_socket_answers_every_hostile_message_and_stays_open(room, kind, monkeypatch):
    monkeypatch.setattr(consumers.Bucket, "take", lambda _self: True)  # flooding: own tests
    token = await database_sync_to_async(join)(room["workshop"])
    ws, *_ = await connect_participant(room["workshop"], token)
    await opening(ws)
    for field in FIELDS[kind]:
        for value in LIVE:
            message = {"t": kind, **{name: GOOD[name] for name in FIELDS[kind]}, field: value}
            await ws.send_to(text_data=json.dumps(message))
            reply = await next_of_any(ws, ("error", "ack", "me"))
            if reply["t"] == "error":
                assert reply["msg"], message
    await ws.send_json_to({"t": "me"})
    assert (await next_of(ws, "me"))["left"] is False
    await ws.disconnect()


async def next_of_any(communicator, kinds: tuple[str, ...]) -> dict:
    while True:
        message = json.loads(await communicator.receive_from(timeout=3))
        if message["t"] in kinds:
            return message


# The frame size limit: uvicorn's --ws-max-size, the same everywhere the server is started.

FRAME_LIMIT = 4 * MAX_MESSAGE_CHARS  # the longest message the room reads, 4 bytes a character


@pytest.mark.parametrize(
    "path", ["Makefile", "docs/deploy.md", "tests/servers.py", "bench/live_room.py"]
)
def test_every_server_command_sets_the_frame_limit(path):
    text = Path(ROOT / path).read_text()
    assert re.findall(r"--ws-max-size\W+(\d+)", text) == [str(FRAME_LIMIT)] * len(
        re.findall(r"--ws-max-size", text)
    )
    assert "--ws-max-size" in text


SETUP = """
import json
from django.utils import timezone
from coproduce.accounts.models import User
from coproduce.core.models import Organisation
from coproduce.initiatives.models import Capacity, Initiative
from coproduce.workshops import domain
from coproduce.workshops.models import Activity, Participant, hash_token
org = Organisation.objects.create(name="Frames", slug="frames")
user = User.objects.create_user("frames@example.org")
initiative = Initiative.objects.create(organisation=org, title="Frames", aim="Test")
workshop = domain.create_workshop(initiative, actor=user, title="Room", starts_at=timezone.now())
activity = domain.add_activity(workshop, actor=user, kind=Activity.Kind.DOTMOCRACY, title="Vote",
    dots_per_person=2, max_dots_per_idea=1, hide_tallies=False, planned_minutes=30)
Participant.objects.create(organisation=org, workshop=workshop, capacity=Capacity.LEARNT,
    token_hash=hash_token("frames-1"))
domain.start_activity(activity, actor=user)
print(json.dumps({"code": workshop.join_code, "cookie": f"workshop_{workshop.pk}"}))
"""


def test_a_frame_over_the_limit_closes_only_that_socket(tmp_path):
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    env = server_env(f"sqlite:///{tmp_path / 'frames.sqlite3'}")
    manage(env, "migrate", "--no-input", "-v", "0")
    made = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
    port = free_port()
    server = start_uvicorn(env, port)
    try:
        wait_for(port, server)
        url = f"ws://127.0.0.1:{port}/ws/w/{made['code']}/"
        headers = {"Origin": "http://127.0.0.1", "Cookie": f"{made['cookie']}=frames-1"}
        with connect(url, additional_headers=headers, max_size=None) as ws:
            # The longest frame the room reads is answered (longer than an idea: refused).
            text = "😀" * (MAX_MESSAGE_CHARS - 30)
            ws.send(json.dumps({"t": "idea", "text": text}, ensure_ascii=False))
            assert json.loads(_next(ws, "error"))["code"] == "bad_message"
            ws.send("x" * (FRAME_LIMIT + 1))
            with pytest.raises(ConnectionClosed) as closed:
                _next(ws, "never")
            assert closed.value.rcvd is not None
            assert closed.value.rcvd.code == 1009  # "message too big"
        with connect(url, additional_headers=headers) as again:  # the room itself is fine
            again.send(json.dumps({"t": "me"}))
            assert json.loads(_next(again, "me"))["left"] is False
    finally:
        stop(server)


def _next(ws, kind: str) -> str:
    for _ in range(20):
        text = ws.recv(timeout=5)
        if json.loads(text)["t"] == kind:
            return text
    raise AssertionError(f"no {kind} message")
