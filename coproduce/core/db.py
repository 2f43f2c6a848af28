"""Database helpers every app shares."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import OperationalError, connection, transaction


def is_locked(error: OperationalError) -> bool:
    """SQLite said another writer holds the database or a table."""
    return connection.vendor == "sqlite" and "locked" in str(error).lower()


def retry_when_locked[T](
    operation: Callable[[], T],
    attempts: int = 40,
    *,
    safe_again: Callable[[], bool] = lambda: True,
) -> T:
    """Run a write again, a little later each time, while SQLite says it is locked.

    PostgreSQL waits on row locks by itself, and SQLite's busy timeout covers a database
    file; an in-memory database shared between threads (the tests, and a live server in
    them) answers "locked" at once. `operation` must be a whole transaction, so running it
    again is safe; when it does something outside the database, `safe_again` says whether
    that has not happened yet. The last attempt's error is raised.
    """
    for attempt in range(attempts):
        try:
            return operation()
        except OperationalError as error:
            if not is_locked(error) or attempt == attempts - 1 or not safe_again():
                raise
            time.sleep(0.005 * (attempt + 1))
    raise AssertionError("unreachable")


def enqueue_after_commit(task: Any, /, **kwargs: Any) -> None:
    """Queue `task` with `kwargs` once the current transaction commits (at once outside one).

    Side effects: registers a robust `transaction.on_commit` callback. When it runs the change
    is already saved, so a queue that fails is logged ("Error calling ... in on_commit()",
    with the traceback) and everything else goes on: the person is not shown an error for a
    change that stands (trying again would make it twice), and the other callbacks of the
    same commit (the next person's email) still run.
    """
    transaction.on_commit(partial(task.enqueue, **kwargs), robust=True)
