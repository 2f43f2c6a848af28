"""Live rooms: the only place that names a live group and broadcasts.

The design is measured by bench/live_room.py. In short:

- Each server process keeps a `Hub`: room id -> the consumers connected to it here.
- A change marks its room dirty. At most every 50 ms (the first change after a quiet spell
  goes at once) the hub builds ONE snapshot of the room from the database, encodes it once
  and publishes it as ONE message to the room's relay group. The slots are the room's, not
  the process's: a process says it is sending before it reads (a "claim" to the relay group),
  and that counts as every other process's last snapshot too, so two processes under load
  take turns instead of each sending 20 a second. In a big room the
  slot stretches so that writing to this process's sockets takes at most a third of its
  time (`FAN_OUT_SHARE`): 2,000 phones get fewer, fresher snapshots rather than a queue.
  While only dots change (the workshop's `frame_version` stands still) it reads just the
  counts again and keeps the rest of its last snapshot (`snapshot.room_frame`); it builds the
  whole again at least every second.
- Each process that has people in that room has its relay channel in the group, so it gets
  one message per tick and writes the same text to each of its local sockets. There is no
  `group_send` per participant. With REDIS_URL the relay group is on Redis pub/sub and
  several processes share a room; without it the in-memory layer serves one process.
- Snapshots carry the workshop's version: screens ignore one older than what they show.
  Nothing depends on replaying events: a socket gets the current snapshot when it connects
  (the last one sent if it is under a second old, and a fresh one follows within 50 ms, so a
  room of people joining at once costs a snapshot per tick, not one each).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import hashlib
import json
import logging
import random
import threading
import time
import uuid
import weakref
from dataclasses import dataclass
from typing import Any, Protocol

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import BaseChannelLayer, InMemoryChannelLayer, get_channel_layer
from django.conf import settings
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.exceptions import InvalidState

from coproduce.workshops.snapshot import Frame, counts_message, room_frame, room_snapshot

log = logging.getLogger(__name__)

INTERVAL = 0.05  # seconds: at most 20 snapshots a second per room
FAN_OUT_SHARE = 3  # a slot lasts at least this many times the last fan-out here
REUSE_FOR = 1.0  # seconds: how old a snapshot may be to greet a new socket
WHOLE_EVERY = 1.0  # seconds: the longest a snapshot's frame is kept before it is built anew
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


@dataclass(frozen=True)
class Message:
    """The room at one version: the whole snapshot, and the counts alone when only dots
    changed (then the counts are what goes to every socket; the whole greets new ones)."""

    version: int
    whole: str
    counts: str | None = None

    @property
    def broadcast(self) -> str:
        return self.counts or self.whole


class LocalSocket(Protocol):
    async def send(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Write one text frame to this client."""


def relay_group(workshop_id: int) -> str:
    """The group of processes (not people) that have someone in this room.

    Named with a hash of the database too, so two sites (or two test runs) sharing one Redis
    never hear each other's rooms.
    """
    name = str(settings.DATABASES["default"]["NAME"])
    site = hashlib.sha1(name.encode()).hexdigest()[:10]  # noqa: S324 -- a name, not a secret
    return f"workshops.room.{site}.{workshop_id}"


def snapshot_text(workshop_id: int) -> str | None:
    """The room's current public snapshot, encoded once. Reads the database."""
    snapshot = room_snapshot(workshop_id)
    return None if snapshot is None else _encode(snapshot)


def snapshot_message(workshop_id: int) -> tuple[int, str] | None:
    """(version, encoded snapshot) of the room now. Reads the database."""
    snapshot = room_snapshot(workshop_id)
    return None if snapshot is None else (int(snapshot["v"]), _encode(snapshot))


def relay_message(workshop_id: int, message: Message, sender: str = "") -> dict[str, Any]:
    """What goes to the relay group: the text for every socket, and the whole snapshot for
    greeting new ones when that text is only the counts. `sender` names the hub that sent
    it, so the others can count it as the room's latest slot."""
    relayed: dict[str, Any] = {
        "type": "room.snapshot",
        "room": workshop_id,
        "v": message.version,
        "text": message.broadcast,
        "by": sender,
    }
    if message.counts is not None:
        relayed["whole"] = message.whole
    return relayed


def encode(message: dict[str, Any]) -> str:
    return _encode(message)


class Hub:
    """One process's live rooms on one event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, layer: BaseChannelLayer) -> None:
        self.loop = loop
        self.layer = layer
        self.rooms: dict[int, set[LocalSocket]] = {}
        self.groups: dict[int, str] = {}
        self.scheduled: set[int] = set()
        self.last_flush: dict[int, float] = {}
        self.relay_channel: str | None = None
        self.relay_task: asyncio.Task[None] | None = None
        self.tasks: set[asyncio.Task[None]] = set()
        self.latest: dict[int, tuple[int, float, str]] = {}  # room -> (version, when, text)
        self.frames: dict[int, tuple[Frame, float]] = {}  # room -> (last frame, when built whole)
        self.fan_out_took: dict[int, float] = {}  # room -> seconds the last fan-out here took
        self.fanned: dict[int, int] = {}  # room -> the newest version written to all its sockets
        self.fresh: dict[int, set[LocalSocket]] = {}  # room -> sockets greeted since then
        self.waiting: dict[LocalSocket, asyncio.Task[None]] = {}  # sockets still writing
        self.name = uuid.uuid4().hex
        self.flushes = 0  # snapshots built here, for tests and benchmarks

    # Registering sockets

    async def join(self, workshop_id: int, socket: LocalSocket) -> None:
        room = self.rooms.setdefault(workshop_id, set())
        first = not room
        room.add(socket)
        self.fresh.setdefault(workshop_id, set()).add(socket)
        if first:
            if self.relay_channel is None:
                self.relay_channel = await self.layer.new_channel()
                self.relay_task = self.loop.create_task(self._relay())
            group = self.groups[workshop_id] = relay_group(workshop_id)
            await self.layer.group_add(group, self.relay_channel)

    async def leave(self, workshop_id: int, socket: LocalSocket) -> None:
        room = self.rooms.get(workshop_id)
        if room is None:
            return
        room.discard(socket)
        self.fresh.get(workshop_id, set()).discard(socket)
        if room:
            return
        del self.rooms[workshop_id]
        self.latest.pop(workshop_id, None)
        self.fanned.pop(workshop_id, None)
        self.fresh.pop(workshop_id, None)
        self.frames.pop(workshop_id, None)
        self.fan_out_took.pop(workshop_id, None)
        group = self.groups.pop(workshop_id, None)
        if group and self.relay_channel:
            await self.layer.group_discard(group, self.relay_channel)
        if not self.rooms:
            await self.stop()

    async def stop(self) -> None:
        """Stop listening when nobody here is in any room (and at the end of a test)."""
        task, self.relay_task, self.relay_channel = self.relay_task, None, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def opening_snapshot(self, workshop_id: int) -> str | None:
        """The snapshot to greet a new socket with (call after `join`).

        The last one sent to this room if it is under a second old, with a fresh one asked
        for (it reaches this socket too, within 50 ms, with the server's clock up to date);
        otherwise one built now.
        """
        latest = self.latest.get(workshop_id)
        if latest is not None and time.monotonic() - latest[1] < REUSE_FOR:
            self.mark_dirty(workshop_id)
            return latest[2]
        message = await database_sync_to_async(self.next_message)(workshop_id)
        if message is None:
            return None
        self.remember(workshop_id, message.version, message.whole)
        return message.whole

    def remember(self, workshop_id: int, version: int, text: str) -> None:
        """Keep the newest whole snapshot, to greet the next socket with."""
        if workshop_id not in self.rooms:
            return
        latest = self.latest.get(workshop_id)
        if latest is None or version >= latest[0]:
            self.latest[workshop_id] = (version, time.monotonic(), text)

    # Changes

    def interval(self, workshop_id: int) -> float:
        """How long a slot of this room lasts here: 50 ms, or longer when writing to this
        process's sockets takes more than a third of that."""
        return max(INTERVAL, FAN_OUT_SHARE * self.fan_out_took.get(workshop_id, 0.0))

    def _wait(self, workshop_id: int) -> float:
        due = self.last_flush.get(workshop_id, 0.0) + self.interval(workshop_id)
        return max(0.0, due - time.monotonic())

    def mark_dirty(self, workshop_id: int) -> None:
        """A change committed: send a snapshot now, or at the room's next slot if one just
        went (from this process or another)."""
        if workshop_id in self.scheduled:
            return
        self.scheduled.add(workshop_id)
        self._schedule(workshop_id, self._wait(workshop_id))

    def _schedule(self, workshop_id: int, wait: float) -> None:
        # A fresh context: the change may come from a worker thread whose context says it
        # is inside asgiref's executor, and the flush must start its own database call.
        self.loop.call_later(wait, self._start_flush, workshop_id, context=contextvars.Context())

    def _start_flush(self, workshop_id: int) -> None:
        wait = self._wait(workshop_id)
        if wait > 0.001:  # another process sent a snapshot meanwhile: wait for the next slot
            self._schedule(workshop_id, wait)
            return
        task = self.loop.create_task(self.flush(workshop_id), context=contextvars.Context())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def flush(self, workshop_id: int) -> None:
        # Unmark before reading: a change committed while we read schedules the next tick.
        self.scheduled.discard(workshop_id)
        self.last_flush[workshop_id] = time.monotonic()
        try:
            # Say so before the slow part: another process about to send waits for the next
            # slot instead of building the same snapshot at the same moment.
            group = self.groups.get(workshop_id) or relay_group(workshop_id)
            await self.layer.group_send(
                group, {"type": "room.claim", "room": workshop_id, "by": self.name}
            )
            message = await database_sync_to_async(self.next_message)(workshop_id)
            if message is not None:
                self.flushes += 1
                await self.publish(workshop_id, message)
        except Exception:  # a failed tick must not stop later ones
            log.exception("Could not send a snapshot of workshop %s", workshop_id)

    def next_message(self, workshop_id: int) -> Message | None:
        """The room now, encoded: from the last frame when that is safe. Reads the database:
        runs in the database thread, one flush at a time per room."""
        kept = self.frames.get(workshop_id)
        now = time.monotonic()
        last = kept[0] if kept is not None and now - kept[1] < WHOLE_EVERY else None
        frame = room_frame(workshop_id, last)
        if frame is None:
            self.frames.pop(workshop_id, None)
            return None
        if workshop_id in self.rooms:
            whole_at = now if frame.whole or kept is None else kept[1]
            self.frames[workshop_id] = (frame, whole_at)
        whole = _encode(frame.snapshot)
        counts = None if frame.whole else _encode(counts_message(frame.snapshot))
        return Message(int(frame.snapshot["v"]), whole, counts)

    async def publish(self, workshop_id: int, message: Message) -> None:
        """One message to every process with people in the room (this one included)."""
        group = self.groups.get(workshop_id) or relay_group(workshop_id)
        await self.layer.group_send(group, relay_message(workshop_id, message, self.name))

    async def _relay(self) -> None:
        channel = self.relay_channel
        if channel is None:
            return
        while True:
            message = await self.layer.receive(channel)
            kind, by = message.get("type"), message.get("by")
            if kind == "room.claim":
                if by != self.name:
                    self._slot_taken(int(message["room"]))
            elif kind == "room.snapshot":
                room, text = int(message["room"]), str(message["text"])
                if not by:  # sent by a process with no hub (no claim went before it)
                    self._slot_taken(room)
                version = int(message.get("v", 0))
                self.remember(room, version, str(message.get("whole") or text))
                await self.fan_out(room, text, version)

    def _slot_taken(self, workshop_id: int) -> None:
        """Another process is sending this room's snapshot now: ours waits for the next slot.
        A little chance in when that comes, so two processes that happen to claim at the same
        moment fall out of step."""
        if workshop_id in self.rooms:
            nudge = random.uniform(0, INTERVAL / 4)  # noqa: S311 -- timing, not a secret
            self.last_flush[workshop_id] = time.monotonic() + nudge

    async def fan_out(self, workshop_id: int, text: str, version: int | None = None) -> None:
        """Write the same encoded text to every local socket in the room, and note how long
        that took (it sets how long the room's slots last here).

        A snapshot of a version every socket here already has (the fresh one that follows a
        phone's greeting: `opening_snapshot`) goes only to the sockets greeted since the last
        one: the room has not changed, and in a crowd joining at once each tick would
        otherwise write the same room to everyone already there.

        Each write starts at once and nearly always finishes at once. One that has to wait
        (a phone that walked out of the wifi, its connection full) goes on by itself and
        never holds up the others; until it is done, that socket skips snapshots. Skipping
        is safe: every whole snapshot is the whole room, and one follows within a second.
        """
        started = time.perf_counter()
        waiting = self.waiting
        data = text.encode()
        room = self.rooms.get(workshop_id, set())
        fresh = self.fresh.pop(workshop_id, set())
        if version is not None and version <= self.fanned.get(workshop_id, -1):
            sockets = list(fresh & room)
        else:
            sockets = list(room)
            if version is not None and room:
                self.fanned[workshop_id] = version
        for socket in sockets:
            if socket in waiting:  # skips this one: counts as not having it yet
                self.fresh.setdefault(workshop_id, set()).add(socket)
                continue
            if _write_frame(socket, data):
                continue
            task = asyncio.eager_task_factory(self.loop, _send(socket, text))
            if not task.done():
                waiting[socket] = task
                task.add_done_callback(functools.partial(_written, waiting, socket))
        if workshop_id in self.rooms:
            self.fan_out_took[workshop_id] = time.perf_counter() - started


def _written(waiting: dict[LocalSocket, Any], socket: LocalSocket, _task: object) -> None:
    waiting.pop(socket, None)


def _write_frame(socket: LocalSocket, data: bytes) -> bool:
    """Write one text frame straight to the socket's connection, as `websockets.broadcast`
    does, when the server is uvicorn's sans-io WebSockets (pinned in pyproject.toml) and the
    connection can take it now. False otherwise: the caller then sends through ASGI, which
    waits for a full connection to drain.

    Why: a snapshot goes to every phone in the room twenty times a second. Through ASGI each
    write is three coroutines, a task and the text encoded again; here it is the frame alone,
    encoded once for the room. It sets how long a big room's slots last (`interval`), so it
    sets how soon a dot shows (bench/live_room.py --trace; decision 0008).
    """
    server = getattr(getattr(socket, "base_send", None), "__self__", None)
    if not isinstance(server, WebSocketsSansIOProtocol):
        return False
    if (
        not server.handshake_complete
        or server.close_sent
        or server.disconnected
        or server.initial_response is not None
        or not server.writable.is_set()
        or server.transport.is_closing()
    ):
        return False
    try:
        server.conn.send_text(data)
    except InvalidState:  # closing: ASGI's send says so in its own way
        return False
    server.transport.write(b"".join(server.conn.data_to_send()))
    return True


async def _send(socket: LocalSocket, text: str) -> None:
    try:
        await socket.send(text_data=text)
    except Exception:  # one broken socket never breaks the room for others
        log.debug("Dropped a snapshot for a closed socket", exc_info=True)


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
_current_loop: asyncio.AbstractEventLoop | None = None


def hub_for_loop(loop: asyncio.AbstractEventLoop | None = None) -> Hub:
    """This process's hub for the running event loop (made when first needed)."""
    global _current_loop
    loop = loop or asyncio.get_running_loop()
    with _lock:
        hub = _hubs.get(loop)
        if hub is None:
            hub = _hubs[loop] = Hub(loop, get_channel_layer())
        _current_loop = loop
        return hub


def room_changed(workshop_id: int) -> None:
    """Called after a change to the room has committed (from any thread).

    If this process serves live rooms, its hub sends the next coalesced snapshot. If not
    (a plain web request in a process with no sockets open), the snapshot is published
    straight away so other processes can pass it on; with the in-memory layer there are no
    other processes, so there is nothing to do.
    """
    loop = _current_loop
    hub = _hubs.get(loop) if loop is not None else None
    if hub is not None and loop is not None and not loop.is_closed():
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            hub.mark_dirty(workshop_id)
        else:
            loop.call_soon_threadsafe(hub.mark_dirty, workshop_id, context=contextvars.Context())
        return
    layer = get_channel_layer()
    if layer is None or isinstance(layer, InMemoryChannelLayer):
        return
    message = snapshot_message(workshop_id)
    if message is not None:
        whole = Message(*message)
        async_to_sync(layer.group_send)(relay_group(workshop_id), relay_message(workshop_id, whole))
