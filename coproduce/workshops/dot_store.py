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
from collections.abc import Iterable, Sequence
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
    sql = (
        f"SELECT {_column(Participant, 'id')}, {_column(Participant, 'workshop')}, "
        f"{_column(Participant, 'left_at')} FROM {_table(Participant)} "
        f"WHERE {_column(Participant, 'id')} IN ({_marks(len(ids))}) "
        f"ORDER BY {_column(Participant, 'id')}{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(ids))
        return {pk: Person(workshop, left is not None) for pk, workshop, left in cursor.fetchall()}


@cache
def _voting_sql() -> str:
    fields: tuple[str, ...] = ("id", "organisation", "workshop", "kind", "mode", "state")
    fields = (*fields, "dots_per_person", "max_dots_per_idea")
    columns = ", ".join(f"a.{_column(Activity, f)}" for f in fields)
    return (
        f"SELECT w.{_column(Workshop, 'state')}, w.{_column(Workshop, 'frame_version')}, "
        f"{columns} "
        f"FROM {_table(Workshop)} w LEFT JOIN {_table(Activity)} a "
        f"ON a.{_column(Activity, 'id')} = COALESCE(%s, w.{_column(Workshop, 'current_activity')})"
        f" WHERE w.{_column(Workshop, 'id')} = %s"
    )


def voting_state(workshop_id: int, activity_id: int | None) -> tuple[Workshop, Activity | None]:
    """The workshop's state (and `frame_version`, to see later whether anything but dots
    changed meanwhile) and the activity being voted on (the one on screen unless named), as
    unsaved model objects holding only what the rules need."""
    with connection.cursor() as cursor:
        cursor.execute(_voting_sql(), [activity_id, workshop_id])
        row = cursor.fetchone()
    if row is None:
        return Workshop(pk=workshop_id, state=Workshop.State.ENDED), None
    workshop = Workshop(pk=workshop_id, state=row[0], frame_version=row[1])
    if row[2] is None:
        return workshop, None
    activity = Activity(
        pk=row[2],
        organisation_id=row[3],
        workshop_id=row[4],
        kind=row[5],
        mode=row[6],
        state=row[7],
        dots_per_person=row[8],
        max_dots_per_idea=row[9],
    )
    return workshop, activity


def idea_ids(activity_id: int) -> set[int]:
    """The ideas people can vote on: hidden ones are left out."""
    sql = (
        f"SELECT {_column(Idea, 'id')} FROM {_table(Idea)} "
        f"WHERE {_column(Idea, 'activity')} = %s AND {_column(Idea, 'hidden')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [activity_id, False])
        return {pk for (pk,) in cursor.fetchall()}


def dots_held(activity_id: int, ids: Sequence[int]) -> list[tuple[int, int, int, int]]:
    """(participant, slot, idea, stack) for each dot these people hold in this activity."""
    if not ids:
        return []
    sql = (
        f"SELECT {_column(Dot, 'participant')}, {_column(Dot, 'slot')}, "
        f"{_column(Dot, 'idea')}, {_column(Dot, 'stack')} FROM {_table(Dot)} "
        f"WHERE {_column(Dot, 'activity')} = %s "
        f"AND {_column(Dot, 'participant')} IN ({_marks(len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [activity_id, *ids])
        return [(int(a), int(b), int(c), int(d)) for a, b, c, d in cursor.fetchall()]


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


def insert_dots(
    activity: Activity,
    dots: Iterable[NewDot],
    *,
    entered_by_id: int | None,
    at: datetime.datetime,
) -> None:
    """One multi-row INSERT. The unique constraints on slot and stack still guard it."""
    rows = list(dots)
    if not rows:
        return
    columns = ", ".join(_column(Dot, f) for f in _DOT_FIELDS)
    when = connection.ops.adapt_datetimefield_value(at)
    values: list[int | bool | str | datetime.datetime | None] = []
    for dot in rows:
        values += [activity.organisation_id, activity.pk, dot.participant_id, dot.idea_id]
        values += [dot.slot, dot.stack, entered_by_id is not None, entered_by_id, when]
    one = f"({_marks(len(_DOT_FIELDS))})"
    sql = f"INSERT INTO {_table(Dot)} ({columns}) VALUES {', '.join([one] * len(rows))}"
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def delete_passes(activity_id: int, ids: Sequence[int]) -> None:
    """Someone who places a dot has not passed after all."""
    if not ids:
        return
    sql = (
        f"DELETE FROM {_table(Pass)} WHERE {_column(Pass, 'activity')} = %s "
        f"AND {_column(Pass, 'participant')} IN ({_marks(len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [activity_id, *ids])


def bump_version(workshop_id: int, by: int) -> tuple[int, int]:
    """Add `by` to the room's version and return the new version and the `frame_version`
    (one statement: both SQLite 3.35+ and PostgreSQL can return from an UPDATE)."""
    version = _column(Workshop, "version")
    sql = (
        f"UPDATE {_table(Workshop)} SET {version} = {version} + %s "
        f"WHERE {_column(Workshop, 'id')} = %s "
        f"RETURNING {version}, {_column(Workshop, 'frame_version')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [by, workshop_id])
        row = cursor.fetchone()
    if row is None:
        raise Workshop.DoesNotExist(workshop_id)
    return int(row[0]), int(row[1])


def room_versions(workshop_id: int) -> tuple[int, int] | None:
    """(version, frame_version) of the workshop, or None if it is gone."""
    sql = (
        f"SELECT {_column(Workshop, 'version')}, {_column(Workshop, 'frame_version')} "
        f"FROM {_table(Workshop)} WHERE {_column(Workshop, 'id')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [workshop_id])
        row = cursor.fetchone()
    return None if row is None else (int(row[0]), int(row[1]))


def pass_count(activity_id: int) -> int:
    sql = f"SELECT COUNT(*) FROM {_table(Pass)} WHERE {_column(Pass, 'activity')} = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [activity_id])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def dots_after(
    activity_id: int, after: int, lived: Sequence[str]
) -> list[tuple[int, int, int, bool]]:
    """(dot, idea, participant, from lived experience) for this activity's dots numbered
    above `after`, in order. Dots of one workshop are numbered in the order they commit:
    `place_dots` takes the workshop's row (`bump_version`) before it inserts."""
    participant, capacity = _column(Dot, "participant"), _column(Participant, "capacity")
    sql = (
        f"SELECT d.{_column(Dot, 'id')}, d.{_column(Dot, 'idea')}, d.{participant}, "
        f"CASE WHEN p.{capacity} IN ({_marks(len(lived))}) THEN 1 ELSE 0 END "
        f"FROM {_table(Dot)} d JOIN {_table(Participant)} p "
        f"ON p.{_column(Participant, 'id')} = d.{participant} "
        f"WHERE d.{_column(Dot, 'activity')} = %s AND d.{_column(Dot, 'id')} > %s "
        f"ORDER BY d.{_column(Dot, 'id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*lived, activity_id, after])
        return [(int(d), int(i), int(p), bool(x)) for d, i, p, x in cursor.fetchall()]
