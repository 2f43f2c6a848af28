"""The live room socket: thin. Who are you, is the message well formed, one domain call, ack.

Messages in (JSON objects, at most 2,000 characters):
    {"t": "dot" | "undot", "idea": 12, "ref": 3}
    {"t": "rate", "idea": 12, "value": "agree", "ref": 4}
    {"t": "pass" | "unpass", "ref": 5}
    {"t": "idea", "text": "More benches", "ref": 6}
    {"t": "me"}                       ask for your own state again
Messages out:
    {"t": "room", "v": 41, ...}       the public snapshot (see queries.room_snapshot)
    {"t": "me", ...}                  your own state, only to you
    {"t": "ack", "ref": 3, "me": {...}}            after the change is in the database
    {"t": "error", "ref": 3, "code": "over_budget", "msg": "You have used all your dots."}
"""

from __future__ import annotations

import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils.translation import gettext as _

from coproduce.workshops import domain
from coproduce.workshops.domain import Refused
from coproduce.workshops.events import Hub, encode, hub_for_loop, snapshot_text
from coproduce.workshops.forms import parse_room_message
from coproduce.workshops.models import Activity, Idea, Participant, Workshop, normalise_code
from coproduce.workshops.queries import (
    facilitator_state,
    open_workshop_for_code,
    participant_state,
)
from coproduce.workshops.rules import can_facilitate, cookie_name, participant_for_token

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


class RoomConsumer(AsyncWebsocketConsumer):
    workshop_id: int | None = None
    participant_id: int | None = None
    hub: Hub | None = None

    async def connect(self) -> None:
        self.bucket = Bucket()
        self.strikes = 0
        who = await database_sync_to_async(self.identify)()
        if who is None:
            await self.close(code=CLOSE_REFUSED)
            return
        self.workshop_id, self.participant_id = who
        await self.accept()
        self.hub = hub_for_loop()
        await self.hub.join(self.workshop_id, self)
        text = await database_sync_to_async(snapshot_text)(self.workshop_id)
        if text:
            await self.send(text_data=text)
        await self.send(text_data=encode(await database_sync_to_async(self.own_state)()))

    def identify(self) -> tuple[int, int | None] | None:
        """(workshop, participant) for a participant; (workshop, None) for a facilitator."""
        workshop = open_workshop_for_code(normalise_code(self.scope["url_route"]["kwargs"]["code"]))
        if workshop is None:
            return None
        if b"role=facilitator" in self.scope.get("query_string", b""):
            return (workshop.pk, None) if can_facilitate(self.scope.get("user"), workshop) else None
        token = self.scope.get("cookies", {}).get(cookie_name(workshop))
        participant = participant_for_token(workshop, token)
        return None if participant is None else (workshop.pk, participant.pk)

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
        try:
            state = await database_sync_to_async(self.act)(data)
        except Refused as refused:
            await self.send_error(data.get("ref"), refused.code or "refused", refused.messages[0])
            return
        if data["t"] == "me":
            await self.send(text_data=encode(state))
        else:
            await self.send(text_data=encode({"t": "ack", "ref": data.get("ref"), "me": state}))

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

    def act(self, data: dict[str, Any]) -> dict[str, Any]:
        """Call one domain function for this message, then return the sender's own state."""
        kind = data["t"]
        if kind == "me":
            return self.own_state()
        if self.participant_id is None:
            raise Refused(_("Use the console to run the workshop."), code="not_participant")
        participant = Participant.objects.get(pk=self.participant_id)
        if participant.left_at is not None:
            raise Refused(_("You have left this workshop."), code="left")
        workshop = Workshop.objects.select_related("current_activity").get(pk=self._workshop_id)
        activity = workshop.current_activity
        if activity is None or not workshop.is_open:
            raise Refused(_("Nothing is happening right now."), code="closed")
        if kind in ("dot", "undot", "rate"):
            idea = _idea(activity, data["idea"])
            if kind == "dot":
                domain.place_dot(activity, idea, participant)
            elif kind == "undot":
                domain.remove_dot(activity, idea, participant)
            else:
                domain.rate_idea(activity, idea, participant, value=data["value"])
        elif kind in ("pass", "unpass"):
            domain.pass_activity(activity, participant, passing=kind == "pass")
        elif kind == "idea":
            domain.add_idea(activity, text=data["text"], participant=participant)
        return participant_state(participant, activity)


def _idea(activity: Activity, pk: int) -> Idea:
    idea = Idea.objects.filter(pk=pk, activity=activity).first()
    if idea is None:
        raise Refused(_("That idea is not part of this activity."), code="wrong_idea")
    return idea
