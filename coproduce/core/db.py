"""Database helpers every app shares."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import OperationalError, connection


def is_locked(error: OperationalError) -> bool:
    """SQLite said another writer holds the database or a table."""
    return connection.vendor == "sqlite" and "locked" in str(error).lower()


def retry_when_locked[T](operation: Callable[[], T], attempts: int = 40) -> T:
    """Run a write again, a little later each time, while SQLite says it is locked.

    PostgreSQL waits on row locks by itself, and SQLite's busy timeout covers a database
    file; an in-memory database shared between threads (the tests, and a live server in
    them) answers "locked" at once. `operation` must be a whole transaction, so running it
    again is safe. The last attempt's error is raised.
    """
    for attempt in range(attempts):
        try:
            return operation()
        except OperationalError as error:
            if not is_locked(error) or attempt == attempts - 1:
                raise
            time.sleep(0.005 * (attempt + 1))
    raise AssertionError("unreachable")
