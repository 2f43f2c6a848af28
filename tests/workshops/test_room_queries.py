"""Round trips to the database on the live room's hot path, counted (issue 22).

Timings on a shared machine move from run to run; the number of statements does not. Each
statement to PostgreSQL is a round trip, and the database thread is what a room of a
thousand phones waits on (docs/workshops.md). Every statement through Django's cursors is
counted here, from any thread, so the socket path (which reads in a worker thread) counts too.
"""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from channels.db import database_sync_to_async
from django.db import connection
from django.db.backends import utils as db_utils

from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain, events
from coproduce.workshops.domain import DotRequest, Placed
from coproduce.workshops.events import hub_for_loop
from coproduce.workshops.models import Dot
from coproduce.workshops.snapshot import room_frame
from tests.conftest import wait_until
from tests.factories import ActivityFactory, IdeaFactory, WorkshopFactory
from tests.workshops.test_consumers import connect_participant, opening

pytestmark = pytest.mark.django_db(transaction=True)

IDEAS = 20


class Statements:
    def __init__(self) -> None:
        self.sql: list[str] = []
        self.lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.sql)

    def add(self, sql: str) -> None:
        with self.lock:
            self.sql.append(sql)


@pytest.fixture
def statements(monkeypatch) -> Statements:
    """Every statement sent from now on, from any thread."""
    seen = Statements()
    execute, execute_many = db_utils.CursorWrapper._execute, db_utils.CursorWrapper._executemany

    def counted(self, sql, *args):
        seen.add(sql)
        return execute(self, sql, *args)

    def counted_many(self, sql, *args):
        seen.add(sql)
        return execute_many(self, sql, *args)

    monkeypatch.setattr(db_utils.CursorWrapper, "_execute", counted)
    monkeypatch.setattr(db_utils.CursorWrapper, "_executemany", counted_many)
    return seen


def open_room(initiative, alice, phones: int):
    """A running Dotmocracy with 20 ideas and counts shown, and `phones` people in the room."""
    workshop = WorkshopFactory(initiative=initiative)
    activity = ActivityFactory(
        workshop=workshop, dots_per_person=5, max_dots_per_idea=3, hide_tallies=False
    )
    ideas = [IdeaFactory(activity=activity, text=f"Idea {n}") for n in range(IDEAS)]
    domain.start_activity(activity, actor=alice)
    people = [
        domain.join_workshop(workshop, capacity=(Capacity.LEARNT, Capacity.LIVED_CARE)[n % 2])
        for n in range(phones)
    ]
    return workshop, ideas, people


# One batch: lock the people; lock the workshop (PostgreSQL only); the workshop, activity
# and ideas; the dots they hold; then the writes. SQLite's writes are three statements after
# its BEGIN IMMEDIATE; PostgreSQL's are one (its BEGIN and COMMIT are not statements here,
# so add two round trips for those).
BATCH = {"postgresql": 5, "sqlite": 7}


def test_a_batch_of_50_dots_from_50_phones_costs_the_same_few_statements(
    initiative, alice, statements, monkeypatch
):
    workshop, ideas, people = open_room(initiative, alice, 50)
    told: list[int] = []
    monkeypatch.setattr(events, "room_changed", told.append)  # what the room reads: below
    requests = [DotRequest(p.pk, ideas[n % IDEAS].pk) for n, (p, _t) in enumerate(people)]
    statements.sql.clear()

    outcomes = domain.place_dots(workshop.pk, requests)

    assert len(statements) == BATCH[connection.vendor], statements.sql
    assert [type(o) for o in outcomes] == [Placed] * 50
    assert sorted(o.version for o in outcomes if isinstance(o, Placed)) == list(
        range(outcomes[0].version, outcomes[0].version + 50)
    )
    assert Dot.objects.filter(activity__workshop=workshop).count() == 50
    assert told == [workshop.pk]


def test_a_whole_dotmocracy_snapshot_reads_each_thing_once(initiative, alice, statements):
    """The greeting for a new socket, and the snapshot built whole once a second: the
    workshop, the agenda, who is here, the ideas, then the passes with the dots (whose
    tally gives the results and the number of voters)."""
    workshop, ideas, people = open_room(initiative, alice, 3)
    domain.place_dots(workshop.pk, [DotRequest(p.pk, ideas[0].pk) for p, _t in people])
    statements.sql.clear()

    frame = room_frame(workshop.pk)

    assert len(statements) == 5, statements.sql
    assert frame is not None
    assert frame.snapshot["a"]["voters"] == 3
    assert frame.snapshot["a"]["results"][0]["id"] == ideas[0].pk
    assert frame.snapshot["a"]["results"][0]["total"] == 3


async def counts_reaching(socket, version: int) -> dict:
    """The first counts message with `version` or later (snapshots in between skipped)."""
    while True:
        message = json.loads(await socket.receive_from(timeout=5))
        if message["t"] == "counts" and message["v"] >= version:
            return message


@pytest.mark.asyncio
@pytest.mark.parametrize("phones", [1, 8])
async def test_telling_the_room_after_a_batch_is_one_statement_however_many_are_connected(
    initiative, alice, statements, monkeypatch, phones
):
    monkeypatch.setattr(events, "WHOLE_EVERY", 60.0)  # a slow machine must not force a whole one
    workshop, ideas, people = await database_sync_to_async(open_room)(initiative, alice, phones)
    sockets = []
    for _person, token in people:
        socket, connected, _code = await connect_participant(workshop, token)
        assert connected
        await opening(socket)
        sockets.append(socket)
    hub = hub_for_loop()
    await wait_until(lambda: not (hub.scheduled or hub.tasks), what="a quiet room")
    statements.sql.clear()

    requests = [DotRequest(p.pk, ideas[1].pk) for p, _t in people]

    def place() -> tuple[list, int]:
        # Counted in the database thread, which runs one thing at a time: the tick's read
        # may start the moment this returns, before this coroutine runs again.
        return domain.place_dots(workshop.pk, requests), len(statements)

    outcomes, written = await database_sync_to_async(place)()
    version = max(o.version for o in outcomes if isinstance(o, Placed))
    heard = [await counts_reaching(socket, version) for socket in sockets]
    await wait_until(lambda: not (hub.scheduled or hub.tasks), what="the tick to end")

    assert len(statements) - written == 1, statements.sql[written:]
    assert written == BATCH[connection.vendor]
    # Counts and idea ids only: nobody's name, and not who placed which dot.
    for counts in heard:
        assert set(counts) == {"t", "v", "f", "now", "passes", "voters", "results"}
        assert counts["voters"] == phones
        assert counts["results"][0][0] == ideas[1].pk
        assert counts["results"][0][3] == phones
    for socket in sockets:
        await socket.disconnect()
    await asyncio.sleep(0)
