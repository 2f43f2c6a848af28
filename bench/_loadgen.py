"""The load for bench/live_room.py: N real WebSocket clients speaking the live room protocol.

Run by live_room.py in its own process, not by hand. It reads one JSON object of options on
the command line and prints progress lines ("connected", "votes-start", "votes-end") and one
final line "RESULT {json}".

Each client connects (with its participant cookie when the server is the app; all at once, as
a room does when the code goes up, unless `concurrency` caps the handshakes in flight), waits
for the room (the time until every client has it is the join time), then places `votes` dots
at uniform random moments in the `window`. A vote's latency is the time from sending it until
EVERY client has received a snapshot whose version is at least the version in that vote's ack
(so every screen's state includes it). The clients are bench/_wsclient.py's, light enough
that 2,000 of them fit on one core.
"""

from __future__ import annotations

import asyncio
import json
import random
import resource
import sys
import time
from dataclasses import dataclass, field

from _wsclient import Connection, connect

ROOM_PREFIX = b'{"t":"room","v":'
COUNTS_PREFIX = b'{"t":"counts","v":'  # the app's counts-only snapshot while only dots change


@dataclass
class Client:
    index: int
    url: str
    headers: dict[str, str]
    ideas: list[int] = field(default_factory=list)
    top: int = -1  # highest version seen in a snapshot
    seen: list[tuple[int, float]] = field(default_factory=list)  # (first new version, time)
    sent: dict[int, float] = field(default_factory=dict)  # ref -> send time
    acked: dict[int, tuple[float, int]] = field(default_factory=dict)  # ref -> (time, version)
    errors: list[str] = field(default_factory=list)
    first: asyncio.Event = field(default_factory=asyncio.Event)
    closed: bool = False


def on_text(client: Client, text: bytes, now: float) -> None:
    """Read a snapshot's version from its first bytes; decode only acks, errors and the
    first snapshot (for the ideas)."""
    prefix = (
        ROOM_PREFIX
        if text.startswith(ROOM_PREFIX)
        else COUNTS_PREFIX
        if text.startswith(COUNTS_PREFIX)
        else None
    )
    if prefix is not None:
        end = text.index(b",", len(prefix))
        version = int(text[len(prefix) : end])
        if version > client.top:
            client.seen.append((client.top + 1, now))
            client.top = version
        if prefix is ROOM_PREFIX and not client.first.is_set():
            room = json.loads(text)
            client.ideas = [idea["id"] for idea in (room.get("a") or {}).get("ideas", [])]
            client.first.set()
        return
    message = json.loads(text)
    if message.get("t") == "ack":
        client.acked[message["ref"]] = (now, int(message["v"]))
    elif message.get("t") == "error":
        client.errors.append(str(message.get("code")))


async def run_client(client: Client, socket: Connection, start: asyncio.Future, options: dict):
    socket.closed.add_done_callback(lambda _f: setattr(client, "closed", True))
    await client.first.wait()
    t0 = await start
    rng = random.Random(options["seed"] * 100_003 + client.index)
    moments = sorted(rng.uniform(0, options["window"]) for _ in range(options["votes"]))
    for ref, moment in enumerate(moments, start=1):
        await asyncio.sleep(max(0.0, t0 + moment - time.monotonic()))
        idea = rng.choice(client.ideas)
        client.sent[ref] = time.monotonic()
        if client.closed:
            client.errors.append("send_failed")
        else:
            socket.send_text(json.dumps({"t": "dot", "idea": idea, "ref": ref}))
    await socket.closed


async def open_socket(client: Client, attempts: int = 5) -> Connection:
    for attempt in range(attempts):
        try:
            return await connect(
                client.url,
                client.headers,
                lambda text: on_text(client, text, time.monotonic()),
            )
        except Exception:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def analyse(clients: list[Client], t_start: float) -> dict:
    """Latency from send until every client's highest version covers the vote's version."""
    starts: list[tuple[int, float]] = sorted(pair for c in clients for pair in c.seen)
    floor = min((c.top for c in clients), default=-1)
    # covered(v) = max over clients of the time it first saw a version >= v; because each
    # client's times rise with versions, that is the latest time among entries starting <= v.
    keys: list[int] = []
    best: list[float] = []
    running = float("-inf")
    for first_version, seen_at in starts:
        running = max(running, seen_at)
        if keys and keys[-1] == first_version:
            best[-1] = running
        else:
            keys.append(first_version)
            best.append(running)
    import bisect

    latencies: list[float] = []
    not_converged = 0
    ack_times: list[float] = []
    sent = acked = 0
    for client in clients:
        sent += len(client.sent)
        for ref, (ack_at, version) in client.acked.items():
            acked += 1
            ack_times.append(ack_at)
            if version > floor:
                not_converged += 1
                continue
            covered = best[bisect.bisect_right(keys, version) - 1]
            latencies.append((covered - client.sent[ref]) * 1000)
    window = (max(ack_times) - t_start) if ack_times else 0
    errors: dict[str, int] = {}
    for client in clients:
        for code in client.errors:
            errors[code] = errors.get(code, 0) + 1
    return {
        "sent": sent,
        "acked": acked,
        "accepted_per_s": acked / window if window > 0 else 0,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "max": max(latencies) if latencies else None,
        "not_converged": not_converged,
        "errors": errors,
        "dropped": sum(c.closed for c in clients),
        "top_version": max((c.top for c in clients), default=-1),
    }


async def main(options: dict) -> None:
    urls: list[str] = options["urls"]
    clients = [
        Client(
            index=i,
            url=urls[i % len(urls)],
            headers={
                "Origin": options["origin"],
                **({"Cookie": f"{options['cookie']}=bench-{i}"} if options.get("cookie") else {}),
            },
        )
        for i in range(options["n"])
    ]
    loop = asyncio.get_running_loop()
    start: asyncio.Future = loop.create_future()
    sockets: list = [None] * len(clients)
    # Everyone joins at once unless told otherwise (the join storm): at most `concurrency`
    # handshakes in flight, by default all of them.
    semaphore = asyncio.Semaphore(options.get("concurrency") or max(1, len(clients)))

    async def open_one(client: Client) -> None:
        async with semaphore:
            sockets[client.index] = await open_socket(client)

    began = time.monotonic()
    await asyncio.gather(*(open_one(c) for c in clients))
    tasks = [loop.create_task(run_client(c, sockets[c.index], start, options)) for c in clients]
    opened = time.monotonic() - began
    await asyncio.wait_for(asyncio.gather(*(c.first.wait() for c in clients)), 60)
    joined = time.monotonic() - began
    print(f"connected {len(clients)} in {joined:.1f}s", flush=True)
    await asyncio.sleep(1.0)

    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    t_start = time.monotonic() + 0.05
    print("votes-start", flush=True)
    start.set_result(t_start)
    await asyncio.sleep(options["window"] + 0.1)
    deadline = time.monotonic() + options["drain"]
    expected = len(clients) * options["votes"]
    while time.monotonic() < deadline:
        answered = sum(len(c.acked) + len(c.errors) for c in clients)
        top = max((v for c in clients for _t, v in c.acked.values()), default=0)
        if answered >= expected and all(c.top >= top for c in clients):
            break
        await asyncio.sleep(0.05)
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.monotonic() - t_start
    print("votes-end", flush=True)

    result = analyse(clients, t_start)
    result["loadgen_cpu"] = (cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime) / max(
        wall, 1e-9
    )
    result["wall"] = wall
    result["open_s"] = opened  # every handshake done
    result["join_s"] = joined  # every phone has the room (its first whole snapshot)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for socket in sockets:
        if socket is not None:
            socket.close()
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    try:
        from uvloop import new_event_loop as loop_factory
    except ImportError:
        loop_factory = asyncio.new_event_loop
    asyncio.run(main(json.loads(sys.argv[1])), loop_factory=loop_factory)
