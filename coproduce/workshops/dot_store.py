"""The live room's hot path in plain SQL: a batch of dots, and the counts a snapshot shows.

Why not the ORM here: `bench/live_room.py` showed the database thread busy all the time in a
room of a thousand, and the thread took the event loop's core with it. On this kind of machine
building one ORM query costs 0.5 to 1.7 ms and a batch took ten of them; the same statements
written once cost under 0.1 ms each. Only `place_dots` (inside its own transaction) and the
snapshot's counts (`snapshot.room_frame`) use this module; everything else goes through the
ORM. Table and column names come from the models, so a renamed field fails loudly in the
tests (which run on SQLite and PostgreSQL) instead of quietly here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models import Model

from coproduce.workshops.models import Activity, Dot, Idea, Participant, Pass, Workshop


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], field: str) -> str:
    column = getattr(model._meta.get_field(field), "column", None)
    if not isinstance(column, str):
        raise TypeError(f"{model.__name__}.{field} is not a column")
    return connection.ops.quote_name(column)


def _marks(count: int) -> str:
    return ", ".join(["%s"] * count)


def _among(column: str, ids: Sequence[int]) -> tuple[str, Values]:
    """`column` is one of `ids`: on PostgreSQL one array parameter, so the statement has the
    same text whatever the batch's size and psycopg parses it once (it caches statements of
    up to 50 parameters; a batch of 50 dots written as one mark each took a fresh parse of a
    long statement every time). Elsewhere a mark each."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN ({_marks(len(ids))})", list(ids)


@dataclass(frozen=True)
class Person:
    workshop_id: int
    has_left: bool


def lock_people(ids: Sequence[int]) -> dict[int, Person]:
    """These participants, locked until the transaction ends (in id order, so two batches
    never wait on each other in a circle). SQLite has no row locks: its write transaction
    already lets one writer in at a time."""
    if not ids:
        return {}
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    among, values = _among(_column(Participant, "id"), ids)
    sql = (
        f"SELECT {_column(Participant, 'id')}, {_column(Participant, 'workshop')}, "
        f"{_column(Participant, 'left_at')} FROM {_table(Participant)} "
        f"WHERE {among} ORDER BY {_column(Participant, 'id')}{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return {pk: Person(workshop, left is not None) for pk, workshop, left in cursor.fetchall()}


def lock_room(workshop_id: int) -> None:
    """PostgreSQL: the workshop's row, locked until the transaction ends, taken after the
    people and before the batch reads what it votes on. A hide, a merge or the vote closing
    takes this row too, so each commits wholly before the batch reads or after it writes; and
    the batch's dots are numbered only while it holds the room (see `counts_since`). Its own
    statement: a lock taken inside the read's join could wait, then return the workshop as
    it is now beside ideas as they were when the read began. SQLite lets one writer in at a
    time anyway."""
    if connection.vendor != "postgresql":
        return
    sql = f"SELECT 1 FROM {_table(Workshop)} WHERE {_column(Workshop, 'id')} = %s FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [workshop_id])


@cache
def _voting_sql() -> str:
    idea = f"i.{_column(Idea, 'activity')} = a.{_column(Activity, 'id')}"
    fields: tuple[str, ...] = ("id", "organisation", "workshop", "kind", "mode", "state")
    fields = (*fields, "dots_per_person", "max_dots_per_idea")
    columns = ", ".join(f"a.{_column(Activity, f)}" for f in fields)
    return (
        f"SELECT w.{_column(Workshop, 'state')}, {columns}, i.{_column(Idea, 'id')} "
        f"FROM {_table(Workshop)} w LEFT JOIN {_table(Activity)} a "
        f"ON a.{_column(Activity, 'id')} = COALESCE(%s, w.{_column(Workshop, 'current_activity')})"
        f" LEFT JOIN {_table(Idea)} i ON {idea} AND i.{_column(Idea, 'hidden')} = %s"
        f" WHERE w.{_column(Workshop, 'id')} = %s"
    )


@dataclass(frozen=True)
class Voting:
    """What the rules of a batch need, as unsaved model objects holding only that: the
    workshop's state, the activity being voted on, and the ideas people can vote on (hidden
    ones are left out)."""

    workshop: Workshop
    activity: Activity | None
    idea_ids: set[int]


def voting_state(workshop_id: int, activity_id: int | None) -> Voting:
    """The workshop, the activity being voted on (the one on screen unless named) and its
    ideas, in one statement: a row per idea."""
    with connection.cursor() as cursor:
        cursor.execute(_voting_sql(), [activity_id, False, workshop_id])
        rows = cursor.fetchall()
    if not rows:
        return Voting(Workshop(pk=workshop_id, state=Workshop.State.ENDED), None, set())
    row = rows[0]
    workshop = Workshop(pk=workshop_id, state=row[0])
    if row[1] is None:
        return Voting(workshop, None, set())
    activity = Activity(
        pk=row[1],
        organisation_id=row[2],
        workshop_id=row[3],
        kind=row[4],
        mode=row[5],
        state=row[6],
        dots_per_person=row[7],
        max_dots_per_idea=row[8],
    )
    return Voting(workshop, activity, {int(r[9]) for r in rows if r[9] is not None})


def dots_held(activity_id: int, ids: Sequence[int]) -> list[tuple[int, int, int, int, bool]]:
    """(participant, slot, idea, stack, given back) for each dot these people hold in this
    activity."""
    if not ids:
        return []
    among, values = _among(_column(Dot, "participant"), ids)
    sql = (
        f"SELECT {_column(Dot, 'participant')}, {_column(Dot, 'slot')}, "
        f"{_column(Dot, 'idea')}, {_column(Dot, 'stack')}, {_column(Dot, 'given_back')} "
        f"FROM {_table(Dot)} WHERE {_column(Dot, 'activity')} = %s AND {among}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [activity_id, *values])
        return [(int(a), int(b), int(c), int(d), bool(e)) for a, b, c, d, e in cursor.fetchall()]


@dataclass(frozen=True)
class NewDot:
    participant_id: int
    idea_id: int
    slot: int
    stack: int


_DOT_FIELDS = (
    "organisation",
    "activity",
    "participant",
    "idea",
    "slot",
    "stack",
    "by_proxy",
    "entered_by",
    "created_at",
)


def write_dots(
    activity: Activity,
    dots: Sequence[NewDot],
    *,
    entered_by_id: int | None,
    at: datetime.datetime,
) -> int:
    """Add len(dots) to the room's version, insert the dots (one multi-row INSERT: the
    unique constraints on slot and stack still guard it) and delete their owners' passes
    (someone who places a dot has not passed after all). Returns the new version.

    On PostgreSQL that is one statement (its data-modifying WITH), so one round trip; the
    batch already holds the workshop's row (`lock_room`). Elsewhere, three statements,
    the version first."""
    owners = sorted({dot.participant_id for dot in dots})
    bump, bump_values = _bump_sql(len(dots), activity.workshop_id)
    insert, insert_values = _insert_sql(activity, dots, entered_by_id, at)
    delete, delete_values = _delete_passes_sql(activity.pk, owners)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"WITH bumped AS ({bump}), added AS ({insert}), gone AS ({delete}) "
            cursor.execute(
                f"{sql}SELECT * FROM bumped", [*bump_values, *insert_values, *delete_values]
            )
            row = cursor.fetchone()
        else:
            cursor.execute(bump, bump_values)
            row = cursor.fetchone()
            cursor.execute(insert, insert_values)
            cursor.execute(delete, delete_values)
    if row is None:
        raise Workshop.DoesNotExist(activity.workshop_id)
    return int(row[0])


Values = list[int | bool | str | datetime.datetime | list[int] | None]


def _bump_sql(by: int, workshop_id: int) -> tuple[str, Values]:
    version = _column(Workshop, "version")
    sql = (
        f"UPDATE {_table(Workshop)} SET {version} = {version} + %s "
        f"WHERE {_column(Workshop, 'id')} = %s RETURNING {version}"
    )
    return sql, [by, workshop_id]


def _insert_sql(
    activity: Activity, dots: Sequence[NewDot], entered_by_id: int | None, at: datetime.datetime
) -> tuple[str, Values]:
    columns = ", ".join(_column(Dot, f) for f in _DOT_FIELDS)
    when = connection.ops.adapt_datetimefield_value(at)
    if connection.vendor == "postgresql":  # the same text for any size: see `_among`
        sql = (
            f"INSERT INTO {_table(Dot)} ({columns}) SELECT %s, %s, t.p, t.i, t.s, t.k, %s, "
            "%s::bigint, %s FROM unnest(%s::bigint[], %s::bigint[], %s::int[], %s::int[]) "
            "AS t(p, i, s, k)"
        )
        rows: Values = [activity.organisation_id, activity.pk]
        rows += [entered_by_id is not None, entered_by_id, when]
        return sql, [
            *rows,
            [dot.participant_id for dot in dots],
            [dot.idea_id for dot in dots],
            [dot.slot for dot in dots],
            [dot.stack for dot in dots],
        ]
    values: Values = []
    for dot in dots:
        values += [activity.organisation_id, activity.pk, dot.participant_id, dot.idea_id]
        values += [dot.slot, dot.stack, entered_by_id is not None, entered_by_id, when]
    one = f"({_marks(len(_DOT_FIELDS))})"
    sql = f"INSERT INTO {_table(Dot)} ({columns}) VALUES {', '.join([one] * len(dots))}"
    return sql, values


def _delete_passes_sql(activity_id: int, owners: Sequence[int]) -> tuple[str, Values]:
    among, values = _among(_column(Pass, "participant"), owners)
    sql = f"DELETE FROM {_table(Pass)} WHERE {_column(Pass, 'activity')} = %s AND {among}"
    return sql, [activity_id, *values]


@dataclass(frozen=True)
class Counts:
    """What a live tick reads while only dots change: the room's numbers, how many passed, and
    (dot, idea, participant, from lived experience) for each dot numbered above the last seen."""

    version: int
    frame_version: int
    passes: int
    dots: list[tuple[int, int, int, bool]]


def counts_since(
    workshop_id: int, activity_id: int, after: int, lived: Sequence[str]
) -> Counts | None:
    """The room's version and frame version, the activity's passes and its dots numbered
    above `after`, in ONE statement (one round trip per tick, and all of it from one moment);
    None if the workshop is gone. A row per new dot, or one row with no dot.

    Dots of one workshop are numbered in the order they commit: `place_dots` takes the
    workshop's row (`voting_state`, `write_dots`) before it inserts. So a tick that saw dot
    `after` has seen every dot numbered below it."""
    participant, capacity = _column(Dot, "participant"), _column(Participant, "capacity")
    sql = (
        f"SELECT w.{_column(Workshop, 'version')}, w.{_column(Workshop, 'frame_version')}, "
        f"(SELECT COUNT(*) FROM {_table(Pass)} WHERE {_column(Pass, 'activity')} = %s), "
        f"d.{_column(Dot, 'id')}, d.{_column(Dot, 'idea')}, d.{participant}, "
        f"CASE WHEN p.{capacity} IN ({_marks(len(lived))}) THEN 1 ELSE 0 END "
        f"FROM {_table(Workshop)} w "
        f"LEFT JOIN {_table(Dot)} d ON d.{_column(Dot, 'activity')} = %s "
        f"AND d.{_column(Dot, 'id')} > %s AND d.{_column(Dot, 'given_back')} = %s "
        f"LEFT JOIN {_table(Participant)} p ON p.{_column(Participant, 'id')} = d.{participant} "
        f"WHERE w.{_column(Workshop, 'id')} = %s ORDER BY d.{_column(Dot, 'id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [activity_id, *lived, activity_id, after, False, workshop_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    version, frame_version, passes = (int(n) for n in rows[0][:3])
    dots = [(int(d), int(i), int(p), bool(x)) for *_w, d, i, p, x in rows if d is not None]
    return Counts(version, frame_version, passes, dots)
