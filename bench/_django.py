"""Shared by the page benchmarks: Django on the test settings, a throwaway test database, and
the figures for one page. Importing this module sets Django up, so import it first.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402 -- after django.setup()
from django.test import Client  # noqa: E402 -- after django.setup()
from django.test.utils import (  # noqa: E402 -- after django.setup()
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)


@contextmanager
def test_database() -> Iterator[None]:
    """An empty test database (in-memory SQLite, or a test copy of DATABASE_URL), removed after."""
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


@dataclass(frozen=True)
class PageFigures:
    requests: int
    median: float  # ms
    p95: float  # ms
    queries: int
    peak_mb: float  # Python memory of one request (tracemalloc)
    kb: float  # size of the response


def measure_page(client: Client, url: str, requests: int) -> PageFigures:
    """Warm the page once, count its queries, measure one request's memory, then time it."""

    def fetch() -> int:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            return sum(len(chunk) for chunk in response.streaming_content)
        return len(response.content)

    fetch()
    with CaptureQueriesContext(connection) as queries:
        size = fetch()
    query_count = len(queries)  # read now: every request empties Django's query log
    tracemalloc.start()
    fetch()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        fetch()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return PageFigures(
        requests=len(times),
        median=statistics.median(times),
        p95=times[max(0, round(0.95 * len(times)) - 1)],
        queries=query_count,
        peak_mb=peak / 1024 / 1024,
        kb=size / 1024,
    )
