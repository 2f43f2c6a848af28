"""Logging filters, named in `LOGGING` (config/settings.py)."""

from __future__ import annotations

import logging


class NoTracebackForClientErrors(logging.Filter):
    """An expected refusal (403, 404 or another 4xx) is logged as one line, not a traceback.

    Django logs a PermissionDenied with its exception attached, so every 403 wrote a full
    traceback: megabytes of noise in which a real error hides. Server errors (5xx) and records
    without a status keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
