"""Two processes with one busy room: do they take turns with the room's slots?

Run: python bench/room_turns.py [--seconds 2] [--runs 3]

Two hubs (as two server processes would have) each hold one phone of the same room, and
both have a change every 5 ms for the whole time. Each run is done twice, in the same run
of this command:

- baseline: the hubs cannot hear each other (a channel layer each), so each sends a
  snapshot every slot of its own, about two a slot between them;
- taking turns: one channel layer, so a hub that hears the other's claim waits for the
  next slot. Between them they should send about one a slot.

It prints snapshots per slot (a slot is `events.INTERVAL`, 50 ms) for both. The number
depends on how busy the machine is, which is why it is here and not in a test; the test
(tests/workshops/test_events.py) checks that a claim moves the other hub to the next slot.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import _django  # sets Django up first
from channels.layers import InMemoryChannelLayer

from coproduce.workshops import events
from coproduce.workshops.events import Hub


class Phone:
    def __init__(self) -> None:
        self.texts: list[str] = []

    async def send(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        self.texts.append(text_data or "")


async def snapshots_per_slot(workshop_id: int, seconds: float, *, shared: bool) -> float:
    loop = asyncio.get_running_loop()
    layers = [InMemoryChannelLayer()] * 2 if shared else [InMemoryChannelLayer() for _ in "ab"]
    hubs = [Hub(loop, layer) for layer in layers]
    phones = [Phone(), Phone()]
    for hub, phone in zip(hubs, phones, strict=True):
        await hub.join(workshop_id, phone)
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        for hub in hubs:
            hub.mark_dirty(workshop_id)
        await asyncio.sleep(0.005)
    while any(hub.scheduled or hub.tasks for hub in hubs):
        await asyncio.sleep(0.01)
    slots = (time.monotonic() - started) / events.INTERVAL
    for hub, phone in zip(hubs, phones, strict=True):
        await hub.leave(workshop_id, phone)
        await hub.stop()
    return sum(hub.flushes for hub in hubs) / slots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    from tests.factories import ActivityFactory, IdeaFactory, WorkshopFactory

    with _django.test_database():
        workshop = WorkshopFactory()
        IdeaFactory(activity=ActivityFactory(workshop=workshop), text="A ramp")
        figures: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(options.runs):
            for shared in (False, True):
                rate = asyncio.run(snapshots_per_slot(workshop.pk, options.seconds, shared=shared))
                figures[shared].append(rate)
    alone, turns = statistics.median(figures[False]), statistics.median(figures[True])
    print(f"{options.runs} runs of {options.seconds:g} s, both hubs changing every 5 ms")
    print(f"{'':<36}{'snapshots per slot (median)':>28}")
    print(f"{'baseline: each hub on its own':<36}{alone:>28.2f}")
    ratio = f"({turns / alone:.2f} of baseline)"
    print(f"{'taking turns: one channel layer':<36}{turns:>28.2f}   {ratio}")


if __name__ == "__main__":
    main()
