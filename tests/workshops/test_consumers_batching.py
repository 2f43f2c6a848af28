"""The hot path over real sockets: dots written in batches, acked with the room's version."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async

from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain
from coproduce.workshops.domain.dot_queue import dot_queue
from coproduce.workshops.models import Activity, Dot, Workshop
from tests.factories import ActivityFactory, IdeaFactory, WorkshopFactory
from tests.workshops.test_consumers import connect_participant, join, next_of, opening

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def room(initiative, alice):
    workshop = WorkshopFactory(initiative=initiative)
    activity = ActivityFactory(
        workshop=workshop, dots_per_person=3, max_dots_per_idea=3, hide_tallies=False
    )
    ideas = [IdeaFactory(activity=activity, text=t) for t in ("Ramp", "Benches")]
    domain.start_activity(activity, actor=alice)
    return {"workshop": workshop, "activity": activity, "ideas": ideas}


async def test_the_ack_carries_the_version_that_includes_the_dot(room):
    token = await database_sync_to_async(join)(room["workshop"])
    socket, *_ = await connect_participant(room["workshop"], token)
    await opening(socket)
    await socket.send_json_to({"t": "dot", "idea": room["ideas"][1].pk, "ref": 1})
    ack = await next_of(socket, "ack")
    version = await database_sync_to_async(
        lambda: Workshop.objects.get(pk=room["workshop"].pk).version
    )()
    assert ack["v"] == version
    assert ack["me"]["dots"] == {str(room["ideas"][1].pk): 1}
    assert ack["me"]["dots_left"] == 2
    seen = await next_of(socket, "counts")
    while seen["v"] < ack["v"]:
        seen = await next_of(socket, "counts")
    benches, ramp = (idea.pk for idea in reversed(room["ideas"]))
    # [idea, place, tied, dots, from lived experience], best first
    assert seen["results"] == [[benches, 1, 0, 1, 1], [ramp, 2, 0, 0, 0]]
    await socket.disconnect()


async def test_dots_sent_at_once_are_written_together_and_all_acked(room):
    sockets = []
    for _n in range(6):
        token = await database_sync_to_async(join)(room["workshop"], capacity=Capacity.LEARNT)
        socket, *_ = await connect_participant(room["workshop"], token)
        await opening(socket)
        sockets.append(socket)
    queue = dot_queue()
    before = queue.batches
    for ref, socket in enumerate(sockets, start=1):
        await socket.send_json_to({"t": "dot", "idea": room["ideas"][0].pk, "ref": ref})
    acks = [await next_of(socket, "ack") for socket in sockets]
    assert sorted(a["v"] for a in acks) == sorted({a["v"] for a in acks})  # one each
    assert queue.batches - before < 6
    assert await database_sync_to_async(Dot.objects.count)() == 6
    for socket in sockets:
        await socket.disconnect()


async def test_a_refused_dot_in_a_batch_does_not_stop_the_others(room):
    token = await database_sync_to_async(join)(room["workshop"])
    socket, *_ = await connect_participant(room["workshop"], token)
    await opening(socket)
    for ref in range(1, 5):  # a budget of three: the fourth is refused
        await socket.send_json_to({"t": "dot", "idea": room["ideas"][0].pk, "ref": ref})
    answers = [await next_of_any(socket, ("ack", "error")) for _ in range(4)]
    assert sorted(a["t"] for a in answers) == ["ack", "ack", "ack", "error"]
    assert next(a for a in answers if a["t"] == "error")["code"] in ("over_budget", "idea_cap")
    await socket.disconnect()


async def next_of_any(socket, kinds):
    while True:
        message = await socket.receive_json_from(timeout=3)
        if message["t"] in kinds:
            return message


async def test_a_warm_up_word_over_the_socket_reaches_the_room(room, alice):
    warm = await database_sync_to_async(ActivityFactory)(
        workshop=room["workshop"], kind=Activity.Kind.WARM_UP, title="Check-in"
    )
    await database_sync_to_async(domain.start_activity)(warm, actor=alice)
    token = await database_sync_to_async(join)(room["workshop"])
    socket, *_ = await connect_participant(room["workshop"], token)
    await opening(socket)
    await socket.send_json_to({"t": "warm", "text": "🌈", "ref": 9})
    ack = await next_of(socket, "ack")
    assert ack["me"]["answer"] == "🌈"
    for _n in range(20):
        snapshot = await next_of(socket, "room")
        if snapshot["v"] >= ack["v"]:
            break
    assert snapshot["a"]["answers"] == ["🌈"]
    await asyncio.sleep(0)
    await socket.disconnect()
