"""The live room socket: thin. Who are you, is the message well formed, one domain call, ack.

Messages in (JSON objects, at most forms.MAX_MESSAGE_CHARS characters):
    {"t": "dot" | "undot", "idea": 12, "ref": 3}
    {"t": "rate", "idea": 12, "value": "agree", "ref": 4}
    {"t": "pass" | "unpass", "ref": 5}
    {"t": "idea", "text": "More benches", "ref": 6}
    {"t": "withdraw", "idea": 12}     take back my own idea (the record keeps it, marked)
    {"t": "warm", "text": "🌈", "ref": 7}           a warm-up answer (30 characters at most)
    {"t": "unwarm"}                   take back my warm-up word
    {"t": "note", "text": "...", "rev": 2, "ref": 8}  1-2-4-All: my note now ("rev": the
                                      note's revision I started from; "stale" if it moved on)
    {"t": "share" | "unshare"}        1-2-4-All: show my own note to my pair and four
    {"t": "best", "text": "..."}      1-2-4-All: my four's best idea (into the idea list)
    {"t": "step_add"} / {"t": "board_title", "text": "..."}       storyboards
    {"t": "step_save", "step": 5, "happening": "...", "happening_base": "...", "who": ...,
     "feeling": 2, "feeling_base": 3}  a whole step ("Save this step"): each box with what it
                                      held when the person started ("_base"); boxes left out
                                      stay as they are
    {"t": "step_edit", "step": 5, "field": "barriers", "text": "...", "base": "..."}
    {"t": "step_feel", "step": 5, "feeling": 2} / {"t": "step_move", "step": 5, "up": 1}
    {"t": "step_remove", "step": 5}
    {"t": "me"}                       ask for your own state again
Messages out:
    {"t": "room", "v": 41, "f": 7, ...}   the public snapshot (see snapshot.room_snapshot): for
                                      groups only their revision numbers, never their words
    {"t": "counts", "v": 42, "f": 7, "passes": 0, "voters": 9, "results": [[12, 1, 0, 5, 3]]}
                                      while only dots change: the counts for the snapshot
                                      with the same "f" (snapshot.counts_message)
    {"t": "me", ...}                  your own state, only to you
    {"t": "ack", "ref": 3, "v": 42, "me": {...}}   after the change is in the database; the
                                      room's version then (a snapshot with v >= 42 has it)
    {"t": "error", "ref": 3, "code": "over_budget", "msg": "You have used all your dots."}
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils.translation import gettext as _

from coproduce.workshops import actions
from coproduce.workshops.domain import DotRequest, Refused
from coproduce.workshops.domain.common import LEFT, NOTHING_ON
from coproduce.workshops.domain.dot_queue import dot_queue
from coproduce.workshops.events import Hub, encode, hub_for_loop
from coproduce.workshops.forms import parse_room_message
from coproduce.workshops.models import Participant, Workshop, hash_token, normalise_code
from coproduce.workshops.queries import (
    facilitator_state,
    participant_state,
    participant_states,
    room_workshop_for_code,
)
from coproduce.workshops.rules import can_facilitate, cookie_name, participant_for_token

log = logging.getLogger(__name__)

# A phone may send a burst of 10 messages, then 5 a second. Far past that we hang up.
BURST = 10
PER_SECOND = 5.0
STRIKES_BEFORE_CLOSING = 40
CLOSE_REFUSED = 4403
CLOSE_FLOODING = 4429


class Bucket:
    """A token bucket: how many messages one connection may send, and how fast."""

    def __init__(self, burst: int = BURST, rate: float = PER_SECOND) -> None:
        self.burst, self.rate = burst, rate
        self.tokens = float(burst)
        self.at = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@dataclass(frozen=True)
class Arrived:
    """A participant let into the room: who they are and their own state."""

    workshop_id: int
    participant_id: int
    who: dict[str, Any]
    state: dict[str, Any]


def arrive_together(phones: Sequence[tuple[str, Mapping[str, str]]]) -> list[Arrived | None]:
    """For each (join code, cookies), the participant whose secret is in the workshop's cookie
    (`rules.cookie_name`), or None. One query for each code's workshop, one for its people
    and `participant_states` for their state, however many phones ask: when the code goes up
    a whole room joins in a second or two, and a trip to the database thread for each phone
    was most of the time that took (bench/live_room.py)."""
    answers: list[Arrived | None] = [None] * len(phones)
    rooms: dict[str, list[int]] = {}
    for index, (code, _cookies) in enumerate(phones):
        rooms.setdefault(normalise_code(code), []).append(index)
    for code, indexes in rooms.items():
        workshop = room_workshop_for_code(code)
        if workshop is None:
            continue
        cookie = cookie_name(workshop)
        secrets = {i: phones[i][1][cookie] for i in indexes if phones[i][1].get(cookie)}
        hashes = {hash_token(secret) for secret in secrets.values()}
        people = {
            p.token_hash: p
            for p in Participant.objects.filter(
                workshop=workshop, token_hash__in=hashes, left_at__isnull=True
            ).order_by("-pk")  # the lowest id wins, as in `participant_for_token`'s first()
        }
        found: list[tuple[int, Participant]] = []
        for index, secret in secrets.items():
            person = people.get(hash_token(secret))
            if person is not None:
                found.append((index, person))
        states = participant_states([p for _i, p in found], workshop.current_activity)
        for (index, person), state in zip(found, states, strict=True):
            who = {"name": person.display_name, "capacity": person.capacity}
            answers[index] = Arrived(workshop.pk, person.pk, who, state)
    return answers


class Arrivals:
    """The phones joining this process, looked up together. The first is looked up at once;
    those that come while the database thread is busy go together in the next trip (at most
    ARRIVALS_BATCH). Each phone waits only for its own trip."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.waiting: list[tuple[str, Mapping[str, str], asyncio.Future[Arrived | None]]] = []
        self.busy = False
        self.trips = 0  # for tests and benchmarks

    async def arrive(self, code: str, cookies: Mapping[str, str]) -> Arrived | None:
        future: asyncio.Future[Arrived | None] = self.loop.create_future()
        self.waiting.append((code, cookies, future))
        if not self.busy:
            self.busy = True
            self.loop.create_task(self._look_up())
        return await future

    async def _look_up(self) -> None:
        try:
            while self.waiting:
                batch = self.waiting[:ARRIVALS_BATCH]
                self.waiting = self.waiting[ARRIVALS_BATCH:]
                self.trips += 1
                try:
                    answers = await database_sync_to_async(arrive_together)(
                        [(code, cookies) for code, cookies, _f in batch]
                    )
                except Exception:  # the database failed: these phones are turned away
                    log.exception("Could not let phones into the room")
                    answers = [None] * len(batch)
                for (_code, _cookies, future), answer in zip(batch, answers, strict=True):
                    if not future.done():
                        future.set_result(answer)
        finally:
            self.busy = False


ARRIVALS_BATCH = 500
_arrivals: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Arrivals] = (
    weakref.WeakKeyDictionary()
)


def arrivals() -> Arrivals:
    loop = asyncio.get_running_loop()
    queue = _arrivals.get(loop)
    if queue is None:
        queue = _arrivals[loop] = Arrivals(loop)
    return queue


class RoomConsumer(AsyncWebsocketConsumer):
    # No channel of its own: snapshots reach this socket from the process's Hub, never from the
    # channel layer. (With one, Channels makes a channel per socket and waits on it: on Redis a
    # subscription per phone, and in memory a list the layer walks on every message.)
    channel_layer_alias = "none: the hub fans out"

    workshop_id: int | None = None
    participant_id: int | None = None
    hub: Hub | None = None
    who: dict[str, Any] | None = None  # a participant's name and capacity, for their acks

    async def dispatch(self, message: dict[str, Any]) -> None:
        """As Channels' own, without its database clean-up before every message.

        That clean-up is a trip to the database thread for each message (about 50 µs, and
        they queue behind each other). Nothing here touches
        the database outside `database_sync_to_async`, which cleans up on its own.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        self.bucket = Bucket()
        self.strikes = 0
        if b"role=facilitator" in self.scope.get("query_string", b""):
            state = await database_sync_to_async(self.arrive)()
        else:
            state = await self.arrive_as_participant()
        if state is None:
            await self.close(code=CLOSE_REFUSED)
            return
        await self.accept()
        self.hub = hub_for_loop()
        await self.hub.join(self._workshop_id, self)
        text = await self.hub.opening_snapshot(self._workshop_id)
        if text:
            await self.send(text_data=text)
        await self.send(text_data=encode(state))

    async def arrive_as_participant(self) -> dict[str, Any] | None:
        """A phone: looked up with the others joining now (`Arrivals`)."""
        code = self.scope["url_route"]["kwargs"]["code"]
        arrived = await arrivals().arrive(code, self.scope.get("cookies", {}))
        if arrived is None:
            return None
        self.workshop_id, self.participant_id = arrived.workshop_id, arrived.participant_id
        self.who = arrived.who
        return arrived.state

    def arrive(self) -> dict[str, Any] | None:
        """Who this is, and their own state, in one trip to the database thread (a room of
        hundreds connects at once). Sets `workshop_id` and `participant_id` (None for a
        facilitator). None when they may not be here. A workshop ended moments ago still
        lets its people in (only to hear of an undo: `act` refuses everything else)."""
        code = normalise_code(self.scope["url_route"]["kwargs"]["code"])
        workshop = room_workshop_for_code(code)
        if workshop is None:
            return None
        if b"role=facilitator" in self.scope.get("query_string", b""):
            if not can_facilitate(self.scope.get("user"), workshop):
                return None
            self.workshop_id = workshop.pk
            return facilitator_state(workshop)
        token = self.scope.get("cookies", {}).get(cookie_name(workshop))
        participant = participant_for_token(workshop, token)
        if participant is None:
            return None
        self.workshop_id, self.participant_id = workshop.pk, participant.pk
        self.who = {"name": participant.display_name, "capacity": participant.capacity}
        return participant_state(participant, workshop.current_activity)

    async def disconnect(self, code: int) -> None:
        if self.hub is not None and self.workshop_id is not None:
            await self.hub.leave(self.workshop_id, self)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if not self.bucket.take():
            self.strikes += 1
            if self.strikes >= STRIKES_BEFORE_CLOSING:
                await self.close(code=CLOSE_FLOODING)
            elif self.strikes == 1 or self.strikes % 10 == 0:
                await self.send_error(None, "slow_down", _("Please slow down a little."))
            return
        form = parse_room_message(text_data)
        if isinstance(form, str):
            await self.send_error(None, "bad_message", form)
            return
        data = form.cleaned_data
        if data["t"] == "dot" and self.participant_id is not None and self.workshop_id:
            await self.place_dot(data)
            return
        try:
            version, state = await database_sync_to_async(self.act)(data)
        except Refused as refused:
            await self.send_error(data.get("ref"), refused.code or "refused", refused.messages[0])
            return
        if data["t"] == "me":
            await self.send(text_data=encode(state))
        else:
            await self.send(
                text_data=encode({"t": "ack", "ref": data.get("ref"), "v": version, "me": state})
            )

    async def place_dot(self, data: dict[str, Any]) -> None:
        """The hot path: queued with everyone else's dots, acked after its commit."""
        if self.workshop_id is None or self.participant_id is None:
            return
        outcome = await dot_queue().place(
            self.workshop_id, DotRequest(self.participant_id, data["idea"])
        )
        if isinstance(outcome, Refused):
            await self.send_error(data.get("ref"), outcome.code or "refused", outcome.messages[0])
            return
        me = {
            "t": "me",
            **(self.who or {}),
            "left": False,
            "activity": outcome.activity_id,
            "passed": False,
            "dots": outcome.dots,
            "dots_left": outcome.dots_left,
        }
        await self.send(
            text_data=encode({"t": "ack", "ref": data.get("ref"), "v": outcome.version, "me": me})
        )

    async def send_error(self, ref: int | None, code: str, message: str) -> None:
        await self.send(text_data=encode({"t": "error", "ref": ref, "code": code, "msg": message}))

    # Runs in a worker thread: the database lives here, never in the handlers above.

    @property
    def _workshop_id(self) -> int:
        if self.workshop_id is None:
            raise Refused(_("You are not in a workshop."), code="closed")
        return self.workshop_id

    def own_state(self) -> dict[str, Any]:
        workshop = Workshop.objects.select_related("current_activity").get(pk=self._workshop_id)
        if self.participant_id is None:
            return facilitator_state(workshop)
        participant = Participant.objects.get(pk=self.participant_id)
        return participant_state(participant, workshop.current_activity)

    def act(self, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Call one domain function for this message; return the room's version after it and
        the sender's own state."""
        kind = data["t"]
        if kind == "me":
            return 0, self.own_state()
        if self.participant_id is None:
            raise Refused(_("Use the console to run the workshop."), code="not_participant")
        participant = Participant.objects.get(pk=self.participant_id)
        if participant.left_at is not None:
            raise LEFT()
        workshop = Workshop.objects.select_related("current_activity").get(pk=self._workshop_id)
        activity = workshop.current_activity
        if activity is None or not workshop.is_open:
            raise NOTHING_ON()
        actions.perform(activity, participant, data)
        version = Workshop.objects.values_list("version", flat=True).get(pk=self._workshop_id)
        return version, participant_state(participant, activity)
