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
            "36000",
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


class FakeNotify:
    """A small GOV.UK Notify on 127.0.0.1 for the real `notifications-python-client`.

    It answers POST /v2/notifications/{email,sms,letter} as Notify does (201 and an id),
    after checking the client's JWT (HS256, signed with the key's secret, `iss` the service
    id), and refuses a letter with fewer than 3 address lines (400) as Notify does. It keeps
    each request's JSON in `received`. `fail_next` makes the next requests
    answer 500, as Notify does when it is down.
    """

    SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
    SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
    API_KEY = f"coproduce_test-{SERVICE_ID}-{SECRET}"

    def __init__(self) -> None:
        import json
        import threading
        import uuid
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        import jwt

        fake = self
        self.received: list[tuple[str, dict]] = []
        self.fail_next = 0

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet in the test output
                return

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.loads(self.rfile.read(length) or b"{}")
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                try:
                    claims = jwt.decode(token, fake.SECRET, algorithms=["HS256"])
                except jwt.InvalidTokenError:
                    return self._answer(403, {"errors": [{"error": "AuthError"}]})
                if claims.get("iss") != fake.SERVICE_ID:
                    return self._answer(403, {"errors": [{"error": "AuthError"}]})
                kind = self.path.rsplit("/", 1)[-1]
                if kind not in {"email", "sms", "letter"}:
                    return self._answer(404, {"errors": [{"error": "NotFound"}]})
                lines = payload.get("personalisation", {})
                if kind == "letter" and not all(f"address_line_{n}" in lines for n in (1, 2, 3)):
                    error = {"error": "ValidationError", "message": "Address must be 3 lines"}
                    return self._answer(400, {"status_code": 400, "errors": [error]})
                if fake.fail_next > 0:
                    fake.fail_next -= 1
                    return self._answer(500, {"errors": [{"error": "Exception"}]})
                fake.received.append((kind, payload))
                return self._answer(
                    201,
                    {
                        "id": str(uuid.uuid4()),
                        "reference": payload.get("reference"),
                        "content": {"body": payload.get("personalisation", {}).get("body")},
                        "template": {"id": payload.get("template_id"), "version": 1},
                    },
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeNotify:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
