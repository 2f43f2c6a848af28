"""The live room's batch writer: the dots sent to this process, written in few transactions.

The socket (`consumers.RoomConsumer`) hands each dot to its process's queue and waits for the
answer; the queue calls `place_dots` once per workshop in a batch.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Sequence

from channels.db import database_sync_to_async
from django.utils.translation import gettext as _

from coproduce.workshops import domain
from coproduce.workshops.domain import DotRequest, Placed, Refused

log = logging.getLogger(__name__)


BATCH = 200  # dots written in one transaction at most
GAP = 0.02  # seconds: the least time from the start of one write to the start of the next


class DotQueue:
    """The dots sent to this process, written in as few transactions as the database allows.

    The first dot after a quiet spell is written at once. The dots that arrive while a write
    is in the database go together in the next one, which starts no sooner than 20 ms after
    the last began: in a busy room that makes at most 50 small transactions a second instead
    of one after another without a break (the database thread would otherwise take the event
    loop's core; bench/live_room.py). Each sender gets their answer only after the
    transaction that holds their dot has committed.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.waiting: list[tuple[int, DotRequest, asyncio.Future[Placed | Refused]]] = []
        self.writing = False
        self.started = float("-inf")  # loop time the last write began
        self.batches = 0  # for tests and benchmarks

    async def place(self, workshop_id: int, request: DotRequest) -> Placed | Refused:
        future: asyncio.Future[Placed | Refused] = self.loop.create_future()
        self.waiting.append((workshop_id, request, future))
        if not self.writing:
            self.writing = True
            self.loop.create_task(self._write())
        return await future

    async def _write(self) -> None:
        try:
            while self.waiting:
                wait = self.started + GAP - self.loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                self.started = self.loop.time()
                batch, self.waiting = self.waiting[:BATCH], self.waiting[BATCH:]
                self.batches += 1
                try:
                    outcomes = await database_sync_to_async(write_dots)(
                        [(room, request) for room, request, _f in batch]
                    )
                except Exception as error:  # the database failed: tell each sender
                    refused = Refused(_("That did not work. Please try again."), code="failed")
                    outcomes = [refused] * len(batch)
                    if not isinstance(error, Refused):
                        log.exception("Could not write dots")
                for (_room, _request, future), outcome in zip(batch, outcomes, strict=True):
                    if not future.done():
                        future.set_result(outcome)
        finally:
            self.writing = False


def write_dots(batch: Sequence[tuple[int, DotRequest]]) -> list[Placed | Refused]:
    """One `place_dots` call per workshop in the batch, answers in the order asked."""
    rooms: dict[int, list[int]] = {}
    for index, (room, _request) in enumerate(batch):
        rooms.setdefault(room, []).append(index)
    answers: list[Placed | Refused | None] = [None] * len(batch)
    for room, indexes in rooms.items():
        outcomes = domain.place_dots(room, [batch[i][1] for i in indexes])
        for index, outcome in zip(indexes, outcomes, strict=True):
            answers[index] = outcome
    return [a for a in answers if a is not None]


_queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, DotQueue] = (
    weakref.WeakKeyDictionary()
)


def dot_queue() -> DotQueue:
    loop = asyncio.get_running_loop()
    queue = _queues.get(loop)
    if queue is None:
        queue = _queues[loop] = DotQueue(loop)
    return queue
