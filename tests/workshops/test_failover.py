"""One of two server processes is stopped mid-vote; clients reconnect to the other and the
final tally is exact.

Two real uvicorn processes share one database (a SQLite file here, or a fresh PostgreSQL
database when DATABASE_URL is PostgreSQL) and Redis (the room's relay). Each phone places its
dots; the first server is killed part way. Phones on it reconnect to the second, which sends
their own state (how many dots they have) on connect, and carry on until all their dots are
placed. The database must then hold exactly every phone's dots, and the second server's
snapshot must say so.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import uuid

import pytest

from tests.conftest import IN_CI, skip_unless, wait_until
from tests.servers import free_port, manage, server_env, start_uvicorn, stop, wait_for

PEOPLE = 12
DOTS = 5


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:
        return "redis://127.0.0.1:6379/0" if IN_CI else ""
    return url


REDIS_URL = _redis_url()
pytestmark = skip_unless(bool(REDIS_URL), "needs Redis (REDIS_URL, or one at 127.0.0.1:6379)")

SETUP = """
from django.utils import timezone
from coproduce.accounts.models import User
from coproduce.core.models import Organisation
from coproduce.initiatives.models import Capacity, Initiative
from coproduce.workshops import domain
from coproduce.workshops.models import Activity, Idea, Participant, hash_token
org = Organisation.objects.create(name="Failover", slug="failover")
user = User.objects.create_user("failover@example.org")
initiative = Initiative.objects.create(organisation=org, title="Failover", aim="Test")
workshop = domain.create_workshop(initiative, actor=user, title="Room", starts_at=timezone.now())
activity = domain.add_activity(workshop, actor=user, kind=Activity.Kind.DOTMOCRACY, title="Vote",
    dots_per_person=%(dots)d, max_dots_per_idea=%(dots)d, hide_tallies=False, planned_minutes=30)
for n in range(4):
    Idea.objects.create(organisation=org, activity=activity, text=f"Idea {n}")
for n in range(%(people)d):
    Participant.objects.create(organisation=org, workshop=workshop, capacity=Capacity.LEARNT,
        token_hash=hash_token(f"failover-{n}"))
domain.start_activity(activity, actor=user)
print(json.dumps({"code": workshop.join_code, "cookie": f"workshop_{workshop.pk}"}))
"""


@pytest.fixture
def database(tmp_path):
    """A database both servers share, migrated; removed afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _slash, _name = url.rpartition("/")
        name = f"coproduce_failover_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        yield f"{base}/{name}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'failover.sqlite3'}"


def _env(database: str) -> dict[str, str]:
    return server_env(database, REDIS_URL=REDIS_URL)


async def _phone(index: int, urls: list[str], room: dict, placed: dict[int, int]) -> int:
    """Place all my dots, whichever server is up, noting in `placed` how many the server has
    counted. Returns how many reconnects it took."""
    from websockets.asyncio.client import connect

    rng = random.Random(index)  # noqa: S311 -- a repeatable load, not a secret
    reconnects = 0
    url = urls[index % 2]
    headers = {"Origin": "http://127.0.0.1", "Cookie": f"{room['cookie']}=failover-{index}"}
    while True:
        try:
            async with connect(url, additional_headers=headers, open_timeout=10) as ws:
                ideas: list[int] = []
                left = None
                ref = 0
                while True:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 10))
                    if message["t"] == "room" and not ideas:
                        ideas = [i["id"] for i in message["a"]["ideas"]]
                    elif message["t"] in ("me", "ack"):
                        me = message if message["t"] == "me" else message["me"]
                        left = me["dots_left"]
                        placed[index] = DOTS - left
                    if ideas and left is not None:
                        if left == 0:
                            return reconnects
                        if message["t"] in ("me", "ack"):
                            await asyncio.sleep(rng.uniform(0.05, 0.4))
                            ref += 1
                            await ws.send(
                                json.dumps({"t": "dot", "idea": rng.choice(ideas), "ref": ref})
                            )
        except Exception as error:  # the server went away
            if "ConnectionClosed" not in type(error).__name__ and not isinstance(
                error, OSError | TimeoutError
            ):
                raise
            reconnects += 1
            assert reconnects < 20, "could not reach a server"
            url = urls[1]  # the first server is gone: go to the other one
            await asyncio.sleep(0.2 * rng.random())


def test_clients_move_to_the_other_server_and_the_tally_is_exact(database):
    env = _env(database)
    manage(env, "migrate", "--no-input", "-v", "0")
    made = manage(
        env, "shell", "-v", "0", "-c", "import json\n" + SETUP % {"dots": DOTS, "people": PEOPLE}
    )
    room = json.loads(made.strip().splitlines()[-1])
    ports = [free_port(), free_port()]
    servers = [start_uvicorn(env, port) for port in ports]
    try:
        for port, server in zip(ports, servers, strict=True):
            wait_for(port, server)
        urls = [f"ws://127.0.0.1:{port}/ws/w/{room['code']}/" for port in ports]

        async def run() -> list[int]:
            placed: dict[int, int] = {}
            phones = [asyncio.create_task(_phone(i, urls, room, placed)) for i in range(PEOPLE)]
            # Mid-vote: about one dot in five placed.
            await wait_until(
                lambda: sum(placed.values()) >= PEOPLE, what="the first dots", timeout=60
            )
            os.kill(servers[0].pid, signal.SIGKILL)
            return await asyncio.wait_for(asyncio.gather(*phones), 120)

        reconnects = asyncio.run(run())
        assert sum(reconnects) >= 1  # the phones on the first server really moved

        from websockets.sync.client import connect

        with connect(
            urls[1],
            additional_headers={
                "Origin": "http://127.0.0.1",
                "Cookie": f"{room['cookie']}=failover-0",
            },
        ) as ws:
            snapshot = json.loads(ws.recv(timeout=10))
        assert sum(r["total"] for r in snapshot["a"]["results"]) == PEOPLE * DOTS

        counted = manage(
            env,
            "shell",
            "-v",
            "0",
            "-c",
            "from coproduce.workshops.models import Dot;"
            "from django.db.models import Count;"
            "print(Dot.objects.count());"
            "print(sorted(set(Dot.objects.values('participant').annotate(n=Count('id'))"
            ".values_list('n', flat=True))))",
        ).split()[-2:]
        assert counted == [str(PEOPLE * DOTS), f"[{DOTS}]"]
    finally:
        for server in servers:
            stop(server)
