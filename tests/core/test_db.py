"""Shared database helpers: queueing a task after commit."""

from __future__ import annotations

import logging

import pytest
from django.db import transaction

from coproduce.core.db import enqueue_after_commit

pytestmark = pytest.mark.django_db


class Queue:
    """Stands in for a task: records what was queued, or fails like a queue that is down."""

    def __init__(self, *, fail: bool = False) -> None:
        self.fail = fail
        self.queued: list[dict] = []

    def enqueue(self, **kwargs) -> None:
        if self.fail:
            raise ConnectionError("the queue is down")
        self.queued.append(kwargs)


def test_a_task_is_queued_only_when_the_change_commits(django_capture_on_commit_callbacks):
    queue = Queue()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_after_commit(queue, invitation_id=7)
        assert queue.queued == []  # not yet: the change could still be rolled back
    assert queue.queued == [{"invitation_id": 7}]


class Undo(Exception):
    """Raised to roll the transaction back."""


def test_a_rolled_back_change_queues_nothing(django_capture_on_commit_callbacks):
    queue = Queue()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                enqueue_after_commit(queue, invitation_id=7)
                raise Undo
        except Undo:
            pass
    assert (callbacks, queue.queued) == ([], [])


def test_a_failing_queue_is_logged_and_the_next_task_still_goes(
    django_capture_on_commit_callbacks, caplog
):
    down, up = Queue(fail=True), Queue()
    with (
        caplog.at_level(logging.ERROR),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        enqueue_after_commit(down, message_id=1)
        enqueue_after_commit(up, message_id=2)
    assert up.queued == [{"message_id": 2}]
    [record] = [r for r in caplog.records if "on_commit" in r.getMessage()]
    assert "the queue is down" in record.getMessage()
