"""Fan-out of room snapshots: coalesced, encoded once, one message per process per tick."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import threading
import time

import pytest
from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.db.models import F

from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain, events
from coproduce.workshops.events import Hub, hub_for_loop, relay_group
from coproduce.workshops.models import Workshop
from tests.conftest import IN_CI, skip_unless, wait_until
from tests.factories import ActivityFactory, IdeaFactory, WorkshopFactory

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("REDIS_URL") or ("redis://127.0.0.1:6379/0" if IN_CI else "")


class FakeSocket:
    def __init__(self, broken: bool = False) -> None:
        self.texts: list[str] = []
        self.broken = broken

    async def send(self, text_data=None, bytes_data=None) -> None:
        if self.broken:
            raise ConnectionError("gone")
        self.texts.append(text_data)


@pytest.fixture
def workshop(initiative):
    workshop = WorkshopFactory(initiative=initiative)
    activity = ActivityFactory(workshop=workshop)
    IdeaFactory(activity=activity, text="A ramp")
    return workshop


async def change(workshop) -> None:
    """A change to the room, as every domain write makes (its version moves on)."""
    await database_sync_to_async(Workshop.objects.filter(pk=workshop.pk).update)(
        version=F("version") + 1
    )


def idle(*hubs: Hub) -> bool:
    """Nothing scheduled and no snapshot being built: no more can come without a change."""
    return not any(hub.scheduled or hub.tasks for hub in hubs)


async def test_many_changes_in_a_tick_send_one_snapshot_to_every_socket(workshop):
    hub = hub_for_loop()
    sockets = [FakeSocket() for _ in range(5)]
    for socket in sockets:
        await hub.join(workshop.pk, socket)
    # The first change after a quiet spell goes at once, not at the next 50 ms slot.
    assert hub._wait(workshop.pk) == 0.0
    events.room_changed(workshop.pk)
    await wait_until(lambda: hub.flushes == 1, what="the first snapshot")
    await change(workshop)
    for _ in range(29):
        events.room_changed(workshop.pk)
    await wait_until(
        lambda: idle(hub) and all(len(s.texts) >= 2 for s in sockets), what="the second snapshot"
    )

    # The other 29 waited for the next 50 ms slot and went together.
    assert hub.flushes == 2
    assert all(len(s.texts) == 2 for s in sockets)
    # Encoded once: every socket got the very same string object.
    assert len({id(s.texts[-1]) for s in sockets}) == 1
    snapshot = json.loads(sockets[0].texts[-1])
    assert snapshot["t"] == "room"
    assert [item["title"] for item in snapshot["agenda"]] == ["Which ideas matter most?"]
    for socket in sockets:
        await hub.leave(workshop.pk, socket)
    assert hub.relay_task is None  # nobody left here: the hub stops listening


async def test_no_change_means_no_snapshot(workshop):
    hub = hub_for_loop()
    socket = FakeSocket()
    await hub.join(workshop.pk, socket)
    assert idle(hub)  # nothing is on its way
    # Nothing to wait for: give a wrong snapshot three slots to show itself.
    await asyncio.sleep(3 * events.INTERVAL)
    assert socket.texts == []
    await hub.leave(workshop.pk, socket)


async def test_a_change_committed_in_another_thread_reaches_the_room(workshop):
    hub = hub_for_loop()
    socket = FakeSocket()
    await hub.join(workshop.pk, socket)
    thread = threading.Thread(target=events.room_changed, args=(workshop.pk,))
    thread.start()
    thread.join()
    await wait_until(lambda: idle(hub) and socket.texts, what="the snapshot")
    assert len(socket.texts) == 1
    await hub.leave(workshop.pk, socket)


async def test_a_broken_socket_does_not_stop_the_others(workshop):
    hub = hub_for_loop()
    broken, fine = FakeSocket(broken=True), FakeSocket()
    await hub.join(workshop.pk, broken)
    await hub.join(workshop.pk, fine)
    events.room_changed(workshop.pk)
    await wait_until(lambda: idle(hub) and fine.texts, what="the snapshot")
    assert len(fine.texts) == 1
    await hub.leave(workshop.pk, broken)
    await hub.leave(workshop.pk, fine)


async def test_rooms_only_get_their_own_snapshots(workshop, initiative):
    other = await database_sync_to_async(WorkshopFactory)(initiative=initiative)
    hub = hub_for_loop()
    here, there = FakeSocket(), FakeSocket()
    await hub.join(workshop.pk, here)
    await hub.join(other.pk, there)
    events.room_changed(workshop.pk)
    await wait_until(lambda: idle(hub) and here.texts, what="the snapshot")
    assert (len(here.texts), len(there.texts)) == (1, 0)
    await hub.leave(workshop.pk, here)
    await hub.leave(other.pk, there)


async def test_two_processes_share_a_room_with_one_message_each_per_tick(workshop):
    """Two hubs stand for two server processes: each gets the snapshot once and fans out."""
    layer = get_channel_layer()
    if not isinstance(layer, InMemoryChannelLayer):
        layer = InMemoryChannelLayer()
    loop = asyncio.get_running_loop()
    first, second = Hub(loop, layer), Hub(loop, layer)
    a, b1, b2 = FakeSocket(), FakeSocket(), FakeSocket()
    await first.join(workshop.pk, a)
    await second.join(workshop.pk, b1)
    await second.join(workshop.pk, b2)
    await first.flush(workshop.pk)
    await wait_until(
        lambda: idle(first, second) and a.texts and b1.texts and b2.texts,
        what="the snapshot in both processes",
    )
    assert first.flushes == 1
    assert second.flushes == 0  # the second process did not build a snapshot itself
    assert len(a.texts) == len(b1.texts) == len(b2.texts) == 1
    assert a.texts == b1.texts
    for hub, socket in ((first, a), (second, b1), (second, b2)):
        await hub.leave(workshop.pk, socket)


@skip_unless(bool(REDIS_URL), "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
async def test_two_processes_share_a_room_over_redis(workshop):
    loop = asyncio.get_running_loop()
    layers = [RedisPubSubChannelLayer(hosts=[REDIS_URL]) for _ in range(2)]
    first, second = Hub(loop, layers[0]), Hub(loop, layers[1])
    here, there = FakeSocket(), FakeSocket()
    try:
        await first.join(workshop.pk, here)
        await second.join(workshop.pk, there)
        # A subscription takes a moment to reach Redis, and a message sent before it does is
        # not kept: send again until both processes have one, rather than guess how long.
        for _ in range(100):
            await first.flush(workshop.pk)
            with contextlib.suppress(pytest.fail.Exception):
                await wait_until(
                    lambda: here.texts and there.texts, what="the snapshot", timeout=0.1
                )
                break
        await wait_until(lambda: here.texts and there.texts, what="the snapshot over Redis")
        await wait_until(lambda: here.texts[-1] == there.texts[-1], what="the same snapshot")
        assert json.loads(there.texts[0])["t"] == "room"
    finally:
        await first.leave(workshop.pk, here)
        await second.leave(workshop.pk, there)
        for layer in layers:
            await layer.flush()


async def test_relay_group_names_the_site_and_room(workshop):
    name = relay_group(workshop.pk)
    assert name.startswith("workshops.room.")
    assert name.endswith(f".{workshop.pk}")
    assert len(name) < 100


async def test_while_only_dots_change_the_room_gets_counts_and_a_new_socket_the_whole(
    workshop, alice
):
    def start_and_join():
        activity = workshop.activities.get()
        activity.hide_tallies = False
        activity.save()
        domain.start_activity(activity, actor=alice)
        person, _token = domain.join_workshop(workshop, capacity=Capacity.LEARNT)
        return activity, person

    activity, person = await database_sync_to_async(start_and_join)()
    idea = await database_sync_to_async(activity.ideas.get)()
    hub = hub_for_loop()
    early = FakeSocket()

    def last_of(kind: str) -> dict | None:
        found = [json.loads(t) for t in early.texts if json.loads(t)["t"] == kind]
        return found[-1] if found else None

    await hub.join(workshop.pk, early)
    await hub.flush(workshop.pk)
    await wait_until(lambda: last_of("room") is not None, what="the whole snapshot")
    whole = last_of("room")

    await database_sync_to_async(domain.place_dot)(activity, idea, person)
    await wait_until(lambda: last_of("counts") is not None, what="the counts")
    counts = last_of("counts")
    assert counts == {
        "t": "counts",
        "v": whole["v"] + 1,
        "f": whole["f"],
        "now": counts["now"],
        "passes": 0,
        "voters": 1,
        "results": [[idea.pk, 1, 0, 1, 0]],
    }
    # Someone joining now is greeted with the whole snapshot, counts included.
    late = FakeSocket()
    await hub.join(workshop.pk, late)
    greeting = json.loads(await hub.opening_snapshot(workshop.pk))
    assert greeting["t"] == "room"
    assert greeting["v"] == counts["v"]
    assert greeting["a"]["results"][0]["total"] == 1

    # Anything else (here a pause) sends the whole snapshot to everyone.
    await database_sync_to_async(domain.pause_activity)(workshop, actor=alice)
    await wait_until(
        lambda: (last_of("room") or {}).get("f") == whole["f"] + 1, what="the paused room"
    )
    paused = last_of("room")
    assert paused["a"]["state"] == "paused"
    for socket in (early, late):
        await hub.leave(workshop.pk, socket)


class StuckSocket(FakeSocket):
    """A phone whose connection is full: a write waits until `free` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.free = asyncio.Event()

    async def send(self, text_data=None, bytes_data=None) -> None:
        await self.free.wait()
        self.texts.append(text_data)


async def test_a_phone_with_a_full_connection_never_holds_up_the_room(workshop):
    hub = hub_for_loop()
    stuck, fine = StuckSocket(), FakeSocket()
    await hub.join(workshop.pk, stuck)
    await hub.join(workshop.pk, fine)
    for text in ("one", "two", "three"):
        await hub.fan_out(workshop.pk, text)
    assert fine.texts == ["one", "two", "three"]  # nobody waited for the stuck phone
    assert stuck.texts == []
    assert stuck in hub.waiting
    stuck.free.set()
    await wait_until(lambda: stuck not in hub.waiting, what="the stuck write to finish")
    # It finished the one write it had started, skipped what came meanwhile (every whole
    # snapshot is the whole room), and gets the next.
    assert stuck.texts == ["one"]
    await hub.fan_out(workshop.pk, "four")
    assert (stuck.texts, fine.texts[-1]) == (["one", "four"], "four")
    for socket in (stuck, fine):
        await hub.leave(workshop.pk, socket)


async def test_a_big_room_s_slots_stretch_with_the_time_its_fan_out_takes(workshop):
    hub = hub_for_loop()
    socket = FakeSocket()
    await hub.join(workshop.pk, socket)
    assert hub.interval(workshop.pk) == events.INTERVAL
    await hub.fan_out(workshop.pk, "x")
    assert 0 < hub.fan_out_took[workshop.pk] < events.INTERVAL / events.FAN_OUT_SHARE
    assert hub.interval(workshop.pk) == events.INTERVAL  # a small room keeps 50 ms slots
    hub.fan_out_took[workshop.pk] = 0.04  # as 2,000 phones here might take
    assert hub.interval(workshop.pk) == pytest.approx(0.12)
    await hub.leave(workshop.pk, socket)
    assert workshop.pk not in hub.fan_out_took


async def test_a_claim_from_another_process_moves_this_one_to_the_next_slot(workshop):
    """When one process starts sending the room's snapshot, the other counts that slot as
    taken, so two processes send about one snapshot a slot between them, not one each.
    (How many they send under load is measured by bench/room_turns.py, not here.)"""
    layer = get_channel_layer()
    if not isinstance(layer, InMemoryChannelLayer):
        layer = InMemoryChannelLayer()
    loop = asyncio.get_running_loop()
    first, second = Hub(loop, layer), Hub(loop, layer)
    a, b = FakeSocket(), FakeSocket()
    await first.join(workshop.pk, a)
    await second.join(workshop.pk, b)
    before = time.monotonic()
    first.mark_dirty(workshop.pk)
    await wait_until(
        lambda: idle(first, second) and len(a.texts) == len(b.texts) == 1,
        what="the first process's snapshot to reach both",
    )
    assert (first.flushes, second.flushes) == (1, 0)
    # The second heard the claim: its slot counts from then (plus a little chance).
    assert before <= second.last_flush[workshop.pk] <= time.monotonic() + events.INTERVAL / 4
    await change(workshop)
    second.mark_dirty(workshop.pk)
    await wait_until(
        lambda: idle(first, second) and len(a.texts) == len(b.texts) == 2,
        what="the second process's snapshot, in its own slot",
    )
    assert (first.flushes, second.flushes) == (1, 1)
    assert first.last_flush[workshop.pk] >= second.last_flush[workshop.pk]  # and the first heard it
    for hub, socket in ((first, a), (second, b)):
        await hub.leave(workshop.pk, socket)


async def test_the_same_version_again_goes_only_to_sockets_greeted_since(workshop):
    """The fresh snapshot that follows a phone's greeting changes nothing for the others: in a
    crowd joining at once, writing it to everyone each tick would crowd out the handshakes."""
    hub = hub_for_loop()
    there, stuck = FakeSocket(), StuckSocket()
    await hub.join(workshop.pk, there)
    await hub.join(workshop.pk, stuck)
    await hub.fan_out(workshop.pk, "v5", 5)
    assert there.texts == ["v5"]
    newcomer = FakeSocket()
    await hub.join(workshop.pk, newcomer)
    await hub.fan_out(workshop.pk, "v5 again", 5)
    assert (there.texts, newcomer.texts) == (["v5"], ["v5 again"])
    await hub.fan_out(workshop.pk, "v4 late", 4)  # an older one from another process
    assert (there.texts, newcomer.texts) == (["v5"], ["v5 again"])
    await hub.fan_out(workshop.pk, "v6", 6)  # a change: everyone, but the stuck phone skips it
    assert [s.texts[-1] for s in (there, newcomer)] == ["v6"] * 2
    stuck.free.set()
    await wait_until(lambda: stuck not in hub.waiting, what="the stuck write to finish")
    assert stuck.texts == ["v5"]
    # Having skipped v6, it counts as not having it: v6 again reaches it, and only it.
    await hub.fan_out(workshop.pk, "v6 again", 6)
    assert stuck.texts == ["v5", "v6 again"]
    assert [s.texts[-1] for s in (there, newcomer)] == ["v6"] * 2
    for socket in (there, stuck, newcomer):
        await hub.leave(workshop.pk, socket)
