"""The live room socket, driven as the cast through Channels' WebsocketCommunicator."""

from __future__ import annotations

import datetime
import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from config.asgi import application
from coproduce.core.models import Role
from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain
from coproduce.workshops.consumers import CLOSE_FLOODING, CLOSE_REFUSED
from coproduce.workshops.models import Dot, Workshop
from coproduce.workshops.rules import cookie_name
from tests.conftest import give_totp
from tests.factories import (
    ActivityFactory,
    IdeaFactory,
    MembershipFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://testserver")


@pytest.fixture
def room(initiative, alice):
    workshop = WorkshopFactory(initiative=initiative, title="Garden ideas morning")
    activity = ActivityFactory(workshop=workshop, dots_per_person=2, max_dots_per_idea=1)
    ideas = [IdeaFactory(activity=activity, text=t) for t in ("Ramp", "Benches", "Shade")]
    domain.start_activity(activity, actor=alice)
    return {"workshop": workshop, "activity": activity, "ideas": ideas}


def join(workshop, **options) -> str:
    _participant, token = domain.join_workshop(
        workshop, capacity=options.pop("capacity", Capacity.LIVED_CARE), **options
    )
    return token


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


async def connect_participant(workshop, token: str | None, code: str | None = None):
    headers = [ORIGIN]
    if token:
        headers.append((b"cookie", f"{cookie_name(workshop)}={token}".encode()))
    communicator = WebsocketCommunicator(
        application, f"/ws/w/{code or workshop.join_code}/", headers=headers
    )
    connected, close_code = await communicator.connect()
    return communicator, connected, close_code


async def connect_facilitator(workshop, user):
    headers = [ORIGIN]
    if user is not None:
        cookie = await database_sync_to_async(session_cookie)(user)
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    communicator = WebsocketCommunicator(
        application, f"/ws/w/{workshop.join_code}/?role=facilitator", headers=headers
    )
    connected, close_code = await communicator.connect()
    return communicator, connected, close_code


async def next_of(communicator, kind: str, timeout: float = 3) -> dict:
    """The next message of this kind (skipping others, such as snapshots in between)."""
    while True:
        message = json.loads(await communicator.receive_from(timeout=timeout))
        if message["t"] == kind:
            return message


async def opening(communicator) -> tuple[dict, dict]:
    return await next_of(communicator, "room"), await next_of(communicator, "me")


async def test_participant_gets_the_current_room_and_their_own_state_on_connect(room):
    token = await database_sync_to_async(join)(room["workshop"], display_name="June")
    communicator, connected, _ = await connect_participant(room["workshop"], token)
    assert connected
    snapshot, me = await opening(communicator)
    assert snapshot["a"]["title"] == "Which ideas matter most?"
    assert [i["text"] for i in snapshot["a"]["ideas"]] == ["Ramp", "Benches", "Shade"]
    assert snapshot["a"]["ends"] - snapshot["now"] in range(599_000, 600_001)
    assert me == {
        "t": "me",
        "name": "June",
        "capacity": "lived_care",
        "left": False,
        "activity": room["activity"].pk,
        "passed": False,
        "dots": {},
        "dots_left": 2,
    }
    await communicator.disconnect()


async def test_dot_is_saved_before_the_ack_and_everyone_gets_a_newer_snapshot(room):
    june = await database_sync_to_async(join)(room["workshop"])
    tom = await database_sync_to_async(join)(room["workshop"], capacity=Capacity.LEARNT)
    june_ws, *_ = await connect_participant(room["workshop"], june)
    tom_ws, *_ = await connect_participant(room["workshop"], tom)
    first, _me = await opening(june_ws)
    await opening(tom_ws)

    idea = room["ideas"][0]
    await june_ws.send_json_to({"t": "dot", "idea": idea.pk, "ref": 7})
    ack = await next_of(june_ws, "ack")
    assert ack["ref"] == 7
    assert ack["me"]["dots"] == {str(idea.pk): 1}
    assert ack["me"]["dots_left"] == 1
    assert await database_sync_to_async(Dot.objects.filter(idea=idea).count)() == 1

    # Only dots changed, so everyone gets the small counts message for the screen they hold.
    seen = await next_of(tom_ws, "counts")
    while seen["voters"] != 1:
        seen = await next_of(tom_ws, "counts")
    assert seen["v"] > first["v"]
    assert seen["f"] == first["f"]
    assert seen["results"] is None  # the tallies are hidden until voting closes
    await june_ws.disconnect()
    await tom_ws.disconnect()


async def test_over_budget_is_refused_politely_to_the_sender_only(room):
    token = await database_sync_to_async(join)(room["workshop"])
    other = await database_sync_to_async(join)(room["workshop"])
    ws, *_ = await connect_participant(room["workshop"], token)
    other_ws, *_ = await connect_participant(room["workshop"], other)
    await opening(ws)
    await opening(other_ws)
    for ref, idea in enumerate(room["ideas"]):
        await ws.send_json_to({"t": "dot", "idea": idea.pk, "ref": ref})
    assert (await next_of(ws, "ack"))["ref"] == 0
    assert (await next_of(ws, "ack"))["ref"] == 1
    error = await next_of(ws, "error")
    assert error == {
        "t": "error",
        "ref": 2,
        "code": "over_budget",
        "msg": "You have used all your dots.",
    }
    # The room still works for everyone else.
    await other_ws.send_json_to({"t": "dot", "idea": room["ideas"][2].pk, "ref": 1})
    assert (await next_of(other_ws, "ack"))["me"]["dots_left"] == 1
    await ws.disconnect()
    await other_ws.disconnect()


@pytest.mark.parametrize(
    ("sent", "code"),
    [
        ("not json", "bad_message"),
        ("[1, 2]", "bad_message"),
        ('{"t": "dot", "idea": {"x": 1}}', "bad_message"),
        ('{"t": "explode"}', "bad_message"),
        ('{"t": "dot"}', "bad_message"),
        ('{"t": "idea", "text": "' + "x" * 3000 + '"}', "bad_message"),
        ('{"t": "dot", "idea": 999999}', "wrong_idea"),
    ],
)
async def test_bad_messages_get_a_clear_error_and_the_socket_stays_open(room, sent, code):
    token = await database_sync_to_async(join)(room["workshop"])
    ws, *_ = await connect_participant(room["workshop"], token)
    await opening(ws)
    await ws.send_to(text_data=sent)
    error = await next_of(ws, "error")
    assert error["code"] == code
    assert error["msg"]
    await ws.send_json_to({"t": "me"})
    assert (await next_of(ws, "me"))["dots_left"] == 2
    await ws.disconnect()


async def test_a_closed_activity_refuses_dots_politely(room, alice):
    token = await database_sync_to_async(join)(room["workshop"])
    ws, *_ = await connect_participant(room["workshop"], token)
    await opening(ws)
    await database_sync_to_async(domain.close_voting)(room["workshop"], actor=alice)
    await ws.send_json_to({"t": "dot", "idea": room["ideas"][0].pk, "ref": 1})
    error = await next_of(ws, "error")
    assert (error["code"], error["msg"]) == ("closed", "Voting is closed.")
    await ws.disconnect()


async def test_a_flood_of_messages_is_slowed_then_closed(room):
    token = await database_sync_to_async(join)(room["workshop"])
    ws, *_ = await connect_participant(room["workshop"], token)
    await opening(ws)
    for _ in range(200):
        await ws.send_to(text_data="{}")
    slow = await next_of(ws, "error")
    while slow["code"] != "slow_down":
        slow = await next_of(ws, "error")
    assert slow["msg"] == "Please slow down a little."
    while True:
        output = await ws.receive_output(timeout=3)
        if output["type"] == "websocket.close":
            break
    assert output["code"] == CLOSE_FLOODING


async def test_passing_and_adding_an_idea_work_over_the_socket(room):
    token = await database_sync_to_async(join)(room["workshop"])
    ws, *_ = await connect_participant(room["workshop"], token)
    await opening(ws)
    await ws.send_json_to({"t": "pass", "ref": 1})
    assert (await next_of(ws, "ack"))["me"]["passed"] is True
    await ws.send_json_to({"t": "idea", "text": "A water fountain", "ref": 2})
    await next_of(ws, "ack")
    snapshot = await next_of(ws, "room")
    while "A water fountain" not in [i["text"] for i in snapshot["a"]["ideas"]]:
        snapshot = await next_of(ws, "room")
    await ws.disconnect()


async def test_access_needs_and_names_never_go_over_the_socket(room, alice):
    token = await database_sync_to_async(join)(
        room["workshop"],
        display_name="Private Pat",
        needs=["supporter", "reading_support"],
        other_needs="I use a hearing loop",
        consent=True,
    )
    watcher = await database_sync_to_async(join)(room["workshop"])
    ws, *_ = await connect_participant(room["workshop"], watcher)
    console, *_ = await connect_facilitator(room["workshop"], alice)
    pat, *_ = await connect_participant(room["workshop"], token)
    received = []
    for communicator in (ws, console):
        received.append(await communicator.receive_from())
        received.append(await communicator.receive_from())
        await communicator.send_json_to({"t": "me"})
        received.append(json.dumps(await next_of(communicator, "me")))
    text = "\n".join(received)
    for private in ("Private Pat", "supporter", "reading_support", "hearing loop"):
        assert private not in text
    for communicator in (ws, console, pat):
        await communicator.disconnect()


async def test_facilitator_gets_the_balance_privately(room, alice):
    await database_sync_to_async(join)(room["workshop"], capacity=Capacity.LEARNT)
    console, connected, _ = await connect_facilitator(room["workshop"], alice)
    assert connected
    _snapshot, me = await opening(console)
    assert me == {
        "t": "me",
        "facilitator": True,
        "balance": {"lived": 0, "learnt": 1, "percent": 0, "target": 50, "under": True},
    }
    await console.send_json_to({"t": "dot", "idea": room["ideas"][0].pk})
    assert (await next_of(console, "error"))["code"] == "not_participant"
    await console.disconnect()


@pytest.mark.parametrize("who", ["anon", "bob", "charlie"])
async def test_only_staff_of_the_organisation_can_open_the_console_socket(room, cast, who):
    user = None if who == "anon" else cast[who]
    _ws, connected, close_code = await connect_facilitator(room["workshop"], user)
    assert (connected, close_code) == (False, CLOSE_REFUSED)


async def test_dana_the_admin_can_open_the_console_socket(room, cast):
    ws, connected, _ = await connect_facilitator(room["workshop"], cast["dana"])
    assert connected
    await ws.disconnect()


async def test_an_admin_without_two_step_sign_in_cannot_open_the_console_socket(room, org):
    def new_admin():
        admin = UserFactory(email="new-admin@example.org")
        MembershipFactory(organisation=org, user=admin, role=Role.ADMIN)
        return admin

    admin = await database_sync_to_async(new_admin)()
    _ws, connected, close_code = await connect_facilitator(room["workshop"], admin)
    assert (connected, close_code) == (False, CLOSE_REFUSED)
    await database_sync_to_async(give_totp)(admin)
    ws, connected, _ = await connect_facilitator(room["workshop"], admin)
    assert connected
    await ws.disconnect()


async def test_strangers_wrong_codes_and_ended_workshops_are_refused(room, alice):
    _ws, connected, code = await connect_participant(room["workshop"], None)
    assert (connected, code) == (False, CLOSE_REFUSED)
    _ws, connected, code = await connect_participant(room["workshop"], "made-up-token")
    assert (connected, code) == (False, CLOSE_REFUSED)
    token = await database_sync_to_async(join)(room["workshop"])
    _ws, connected, code = await connect_participant(room["workshop"], token, code="ZZZZZZ")
    assert (connected, code) == (False, CLOSE_REFUSED)
    await database_sync_to_async(domain.end_workshop)(room["workshop"], actor=alice)
    await database_sync_to_async(_undo_time_over)(room["workshop"])
    _ws, connected, code = await connect_participant(room["workshop"], token)
    assert (connected, code) == (False, CLOSE_REFUSED)


def _undo_time_over(workshop) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(
        ended_at=timezone.now() - datetime.timedelta(seconds=Workshop.UNDO_SECONDS)
    )


async def test_phones_hear_the_end_and_its_undo_then_nothing_more(room, alice):
    """A phone is told the workshop ended (its page shows the thank-you page); while the
    facilitator may undo, the thank-you page may connect to hear of it, and can do nothing
    else; after that it is refused."""
    token = await database_sync_to_async(join)(room["workshop"])
    ws, *_ = await connect_participant(room["workshop"], token)
    await opening(ws)
    await database_sync_to_async(domain.end_workshop)(room["workshop"], actor=alice)
    assert (await next_of(ws, "room"))["state"] == "ended"
    await ws.disconnect()
    thanked, connected, _code = await connect_participant(room["workshop"], token)
    assert connected
    snapshot, _me = await opening(thanked)
    assert snapshot["state"] == "ended"
    await thanked.send_to(text_data=json.dumps({"t": "pass", "ref": 1}))
    error = await next_of(thanked, "error")
    assert (error["ref"], error["code"]) == (1, "closed")
    await database_sync_to_async(domain.reopen_workshop)(room["workshop"], actor=alice)
    assert (await next_of(thanked, "room"))["state"] == "live"
    await thanked.disconnect()
    await database_sync_to_async(domain.end_workshop)(room["workshop"], actor=alice)
    await database_sync_to_async(_undo_time_over)(room["workshop"])
    _ws, connected, code = await connect_participant(room["workshop"], token)
    assert (connected, code) == (False, CLOSE_REFUSED)


async def test_someone_who_left_cannot_reconnect(room):
    token = await database_sync_to_async(join)(room["workshop"])
    ws, *_ = await connect_participant(room["workshop"], token)
    await opening(ws)
    await ws.disconnect()
    participant = await database_sync_to_async(lambda: room["workshop"].participants.get())()
    await database_sync_to_async(domain.leave_workshop)(participant)
    _ws, connected, code = await connect_participant(room["workshop"], token)
    assert (connected, code) == (False, CLOSE_REFUSED)


async def test_a_reconnecting_phone_gets_the_exact_current_state(room):
    token = await database_sync_to_async(join)(room["workshop"])
    ws, *_ = await connect_participant(room["workshop"], token)
    await opening(ws)
    await ws.send_json_to({"t": "dot", "idea": room["ideas"][1].pk, "ref": 1})
    await next_of(ws, "ack")
    await ws.disconnect()

    again, *_ = await connect_participant(room["workshop"], token)
    snapshot, me = await opening(again)
    assert snapshot["a"]["voters"] == 1
    assert me["dots"] == {str(room["ideas"][1].pk): 1}
    assert me["dots_left"] == 1
    await again.disconnect()
