"""The log: an expected refusal is one line, never a traceback."""

from __future__ import annotations

import logging


def test_a_403_and_a_404_write_no_traceback_to_the_log(client_as, bob, caplog):
    client = client_as(bob)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/o/riverside/people/").status_code == 403  # staff only
        assert client.get("/o/riverside/initiatives/999999/").status_code == 404
    lines = [(r.levelname, r.getMessage(), r.exc_info) for r in caplog.records]
    assert lines == [
        ("WARNING", "Forbidden (Permission denied): /o/riverside/people/", None),
        ("WARNING", "Not Found: /o/riverside/initiatives/999999/", None),
    ]
    assert "Traceback" not in caplog.text


def test_a_server_error_keeps_its_traceback():
    from coproduce.core.logs import NoTracebackForClientErrors

    try:
        raise ValueError("boom")
    except ValueError as error:
        record = logging.LogRecord("django.request", logging.ERROR, "", 0, "x", (), None)
        record.exc_info = (ValueError, error, error.__traceback__)
    record.status_code = 500
    assert NoTracebackForClientErrors().filter(record) is True
    assert record.exc_info is not None
