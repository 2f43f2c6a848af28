"""Real uvicorn processes for tests that need the deployed shape: proxy headers, several
processes sharing a database, a server killed mid-vote.

Each server runs `config.asgi:application` with the flags `docs/deploy.md` gives, on a free
port, in its own process group so it can be stopped cleanly.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database: str, **extra: str) -> dict[str, str]:
    """The environment of a production-like server (DEBUG off) on `database`."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(
        DATABASE_URL=database,
        DEBUG="0",
        SECRET_KEY="server-test-only",
        ALLOWED_HOSTS="127.0.0.1",
        DB_CONN_MAX_AGE="60",
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: int = 300) -> str:
    """Run `manage.py` with `args` in `env`; returns what it printed."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    ).stdout


def start_uvicorn(env: dict[str, str], port: int, *flags: str) -> subprocess.Popen:
    """Start a server on `port` with the deployed WebSocket flags plus `flags`."""
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "uvicorn"),
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--ws",
            "websockets-sansio",
            "--ws-per-message-deflate",
            "false",
            "--ws-max-size",
            "20000",
            "--lifespan",
            "off",
            "--log-level",
            "warning",
            "--no-access-log",
            *flags,
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(5)


def wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped while starting"
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"no server on port {port}")
