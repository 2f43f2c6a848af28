"""uvicorn with the live room's stages timed, for `bench/live_room.py --trace PREFIX`. Run by
live_room.py, not by hand:

    python bench/_traced_server.py INDEX UVICORN-ARGS...

A profile says what used the CPU; this says where a dot's time went between its arrival and
the snapshot that shows it, stage by stage: waiting in the dot queue, the write's transaction,
waiting for the room's next slot, building the snapshot, and writing it to every socket. It
wraps the stages' own functions (nothing in the app changes) and, when uvicorn stops, writes
PREFIX-INDEX.json (PREFIX from BENCH_TRACE): a list of (start, end) pairs per stage, on one
monotonic clock. It also notes each full garbage collection and each time the event loop was
held for more than 20 ms, which is what a stall between ticks would be. BENCH_FAN_OUT_SHARE=N
tries another `events.FAN_OUT_SHARE`.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import json
import os
import signal
import sys
import time
from collections import defaultdict

marks: dict[str, list[tuple[float, float]]] = defaultdict(list)
counts: dict[str, int] = defaultdict(int)


def timed(name: str, function):
    """The same function, its start and end noted under `name` (sync or async)."""
    if hasattr(function, "__code__") and function.__code__.co_flags & 0x80:  # a coroutine

        @functools.wraps(function)
        async def wrapper(*args, **kwargs):
            start = time.monotonic()
            try:
                return await function(*args, **kwargs)
            finally:
                marks[name].append((start, time.monotonic()))

        return wrapper

    @functools.wraps(function)
    def plain(*args, **kwargs):
        start = time.monotonic()
        try:
            return function(*args, **kwargs)
        finally:
            marks[name].append((start, time.monotonic()))

    return plain


def patch() -> None:
    import django

    django.setup()
    from coproduce.workshops import consumers, events
    from coproduce.workshops.domain import dot_queue

    # To try another share of the loop for writing snapshots (events.FAN_OUT_SHARE).
    if os.environ.get("BENCH_FAN_OUT_SHARE"):
        events.FAN_OUT_SHARE = int(os.environ["BENCH_FAN_OUT_SHARE"])
    # A dot from the socket's handler to its answer: the queue's wait and the write.
    dot_queue.DotQueue.place = timed("dot", dot_queue.DotQueue.place)
    # One batch's transaction, in the database thread.
    dot_queue.write_dots = timed("write", dot_queue.write_dots)
    # A tick: the claim, building the snapshot (in the database thread) and publishing it.
    events.Hub.flush = timed("tick", events.Hub.flush)
    events.Hub.next_message = timed("build", events.Hub.next_message)
    # Writing the snapshot to every socket in this process.
    events.Hub.fan_out = timed("fan_out", events.Hub.fan_out)
    # How many snapshot writes went straight to the connection (the rest went through ASGI).
    write_frame = events._write_frame

    def counted(socket, data):
        written = write_frame(socket, data)
        counts["straight" if written else "through ASGI"] += 1
        return written

    events._write_frame = counted
    # A phone joining: from the handshake's handler to its first snapshot.
    consumers.RoomConsumer.connect = timed("join", consumers.RoomConsumer.connect)
    # Python's garbage collector: each collection of the oldest generation, which stops
    # everything while it walks every object.
    started: list[float] = []

    def collecting(phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            started[:] = [time.monotonic()]
        elif started:
            marks["gc"].append((started[0], time.monotonic()))

    gc.callbacks.append(collecting)


async def watch_the_loop() -> None:
    """Note each time the event loop woke more than 20 ms late from a 10 ms sleep: something
    held the loop (a long callback, a collection, a blocking call)."""
    while True:
        start = time.monotonic()
        await asyncio.sleep(0.01)
        late = time.monotonic() - start - 0.01
        if late > 0.02:
            marks["held"].append((start + 0.01, start + 0.01 + late))


def watch_when_serving() -> None:
    """Start `watch_the_loop` on uvicorn's loop, once it runs."""
    from uvicorn import server

    serve = server.Server.serve

    async def serving(self, *args, **kwargs):
        watcher = asyncio.get_running_loop().create_task(watch_the_loop())
        try:
            return await serve(self, *args, **kwargs)
        finally:
            watcher.cancel()

    server.Server.serve = serving


def main() -> None:
    index, args = sys.argv[1], sys.argv[2:]
    prefix = os.environ["BENCH_TRACE"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    patch()
    watch_when_serving()
    sys.argv = ["uvicorn", *args]
    from uvicorn.main import main as uvicorn_main

    def stopped(_signum: int, _frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stopped)
    try:
        uvicorn_main()
    except SystemExit:
        pass
    finally:
        with open(f"{prefix}-{index}.json", "w") as out:
            json.dump({**marks, "counts": counts}, out)


if __name__ == "__main__":
    main()
