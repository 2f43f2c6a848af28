"""The bare reference for bench/live_room.py: a plain `websockets` broadcast server.

It speaks the same protocol as the app's live room for a Dotmocracy (a dot in, an ack with the
room's version out, coalesced snapshots at most every 50 ms, encoded once), but keeps the tally
in memory and has no Django, no database and no Channels. Run by live_room.py, not by hand:

    python bench/_bare_server.py PORT IDEAS
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from websockets.asyncio.server import broadcast, serve

INTERVAL = 0.05
encode = json.JSONEncoder(separators=(",", ":")).encode


class Room:
    def __init__(self, ideas: int) -> None:
        self.ideas = list(range(1, ideas + 1))
        self.tally = dict.fromkeys(self.ideas, 0)
        self.version = 0
        self.sent_version = -1
        self.last_flush = 0.0
        self.pending = False
        self.clients: set = set()

    def snapshot(self) -> str:
        return encode(
            {
                "t": "room",
                "v": self.version,
                "now": int(time.time() * 1000),
                "a": {"ideas": [{"id": i} for i in self.ideas], "tally": list(self.tally.values())},
            }
        )

    def flush(self) -> None:
        self.pending = False
        if self.version != self.sent_version:
            self.sent_version, self.last_flush = self.version, time.monotonic()
            broadcast(self.clients, self.snapshot())

    def mark_dirty(self) -> None:
        if not self.pending:
            self.pending = True
            wait = max(0.0, self.last_flush + INTERVAL - time.monotonic())
            asyncio.get_running_loop().call_later(wait, self.flush)

    async def handler(self, socket) -> None:
        self.clients.add(socket)
        try:
            await socket.send(self.snapshot())
            async for text in socket:
                message = json.loads(text)
                if message.get("t") != "dot" or message.get("idea") not in self.tally:
                    await socket.send(encode({"t": "error", "ref": message.get("ref")}))
                    continue
                self.tally[message["idea"]] += 1
                self.version += 1
                await socket.send(encode({"t": "ack", "ref": message["ref"], "v": self.version}))
                self.mark_dirty()
        finally:
            self.clients.discard(socket)


async def main(port: int, ideas: int) -> None:
    room = Room(ideas)
    async with serve(room.handler, "127.0.0.1", port, compression=None, backlog=4096):
        print("ready", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:  # the same event loop as uvicorn uses when it is installed
        from uvloop import new_event_loop as loop_factory
    except ImportError:
        loop_factory = asyncio.new_event_loop
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])), loop_factory=loop_factory)
