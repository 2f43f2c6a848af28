"""The server's entry point, loaded in a fresh process as uvicorn loads it."""

import subprocess
import sys

from django.conf import settings


def test_the_loaded_app_is_frozen_for_the_garbage_collector_which_runs_less_often():
    # Decision 0009: a full collection walked all of Django and stopped a big room for up to
    # a fifth of a second.
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gc; import config.asgi; print(gc.get_freeze_count(), *gc.get_threshold())",
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    frozen, first, *_older = (int(n) for n in out)
    assert frozen > 100_000  # Django, Channels and the app's own modules
    assert first == 10_000
