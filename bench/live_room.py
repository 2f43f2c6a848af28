"""Live room load: the app's Dotmocracy against a bare `websockets` broadcast server.

Run: python bench/live_room.py [--sizes 100,500,1000] [--two-process-sizes 1000] [--quick]
     python bench/live_room.py --sizes 2000 --two-process-sizes 2000      (the stretch goal)

One command does everything, on 127.0.0.1 only:

1. makes a temporary SQLite file (DATABASE_URL), migrates it, and for each size creates an
   organisation, a workshop with a running Dotmocracy (20 ideas, counts shown live) and N
   participants, each with a known secret for their cookie;
2. starts the app with uvicorn (`--ws websockets-sansio --ws-per-message-deflate false
   --ws-max-size 36000`), one process, or two processes sharing Redis (REDIS_URL, else
   redis://127.0.0.1:6379/0 if it answers; otherwise that case is skipped and the reason
   printed);
3. starts the load in a separate process (bench/_loadgen.py: asyncio and the small raw
   client in bench/_wsclient.py): N participants each place 5 dots at random moments over 10 s;
4. runs the same load against a bare `websockets` server (bench/_bare_server.py) in the same run;
5. prints accepted votes per second, the latency from a vote's send until every participant's
   screen state includes it (p50, p95, p99), votes lost (sent minus the final tally in the
   database), server CPU (share of one core over the vote window) and peak memory, each with
   its ratio to the bare server.

Pinning, when there are two or more CPUs: the bare server and the one-process app run on
CPU 0 and the load on CPU 1, so each side has a core.
Two app processes get a core each (server i on CPU i, wrapping round), because the point of
a second process is a second core: squeezing both onto CPU 0 measures the cost of the Redis
hop, not scale-out, and is not how we deploy (one worker per core). The load is pinned to
the first CPU no server holds; if there is none (a two-core machine) it floats, and the
report says so. --one-core puts every server on CPU 0 and the load on CPU 1, as the brief
did, to see what the Redis hop costs when nothing is gained. --no-pin lets the kernel place
everything. Every process started here is stopped by its pid before the script ends, also on
Ctrl+C. Figures move with other work on the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from _trace_report import print_traces

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
IDEAS = 20
GOAL_P99_RATIO = 1.3  # issue 22: p99 until every screen has a dot, against the bare server
GOAL_JOIN_RATIO = 2.0  # issue 22: everyone joining at once, against the bare server
CPUS = os.cpu_count() or 1
TICKS = os.sysconf("SC_CLK_TCK")

_started: list[subprocess.Popen] = []
PIN = True  # --no-pin: let the kernel place processes (better on a busy shared machine)
ONE_CORE = False  # --one-core: every server on CPU 0 (shows what the Redis hop costs)


# Processes


def _pin(cpu: int | None):
    def apply() -> None:
        os.setsid()
        if PIN and cpu is not None and CPUS >= 2:
            with contextlib.suppress(OSError):
                os.sched_setaffinity(0, {cpu})
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    return apply


def start(args: list[str], env: dict[str, str], cpu: int | None, **kw) -> subprocess.Popen:
    process = subprocess.Popen(
        args,
        env=env,
        cwd=ROOT,
        preexec_fn=_pin(cpu),
        **kw,
    )
    _started.append(process)
    return process


def stop(process: subprocess.Popen, wait: float = 5.0) -> None:
    """Stop one process we started, by its pid: SIGTERM, then SIGKILL after `wait` seconds."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGKILL)
            process.wait(5)
    if process in _started:
        _started.remove(process)


def stop_all() -> None:
    for process in list(_started):
        stop(process)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start in {timeout} s")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def waited_seconds(pid: int) -> float:
    """Time the process's threads spent ready to run but waiting for a CPU (other work)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int((task / "schedstat").read_text().split()[1])
    return total / 1e9


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


# The database


class Database:
    """Where the app keeps the room: a SQLite file per run (the default), or a PostgreSQL
    database per run (`--postgres URL`: the URL's database name is the prefix; the script
    makes NAME_template once, migrated, and NAME_<n>_<processes> from it for each run, and
    drops them all at the end)."""

    def __init__(self, folder: Path, postgres: str = "") -> None:
        self.folder, self.postgres = folder, postgres.rstrip("/")
        self.kind = "pg" if postgres else "sqlite"
        self.made: list[str] = []

    # SQLite: files in the temporary folder. PostgreSQL: databases named from the URL's.
    def url(self, name: str) -> str:
        if not self.postgres:
            return f"sqlite:///{self.folder / (name + '.sqlite3')}"
        base, _slash, prefix = self.postgres.rpartition("/")
        return f"{base}/{prefix}_{name}"

    def _admin(self, statements: list[str]) -> None:
        import psycopg

        base, _slash, _prefix = self.postgres.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as db:
            for statement in statements:
                db.execute(statement)

    def _name(self, name: str) -> str:
        return self.url(name).rpartition("/")[2]

    def migrate_template(self) -> None:
        if self.postgres:
            self._admin([f'DROP DATABASE IF EXISTS "{self._name("template")}"'])
            self._admin([f'CREATE DATABASE "{self._name("template")}"'])
            self.made.append(self._name("template"))
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"],
            env=app_env(self.url("template")),
            cwd=ROOT,
            check=True,
            timeout=600,
        )

    def copy(self, name: str) -> None:
        if not self.postgres:
            template = self.folder / "template.sqlite3"
            with (
                sqlite3.connect(template) as original,
                sqlite3.connect(self.folder / f"{name}.sqlite3") as copy,
            ):
                original.backup(copy)
            return
        target, source = self._name(name), self._name("template")
        self._admin(
            [
                f'DROP DATABASE IF EXISTS "{target}"',
                f'CREATE DATABASE "{target}" TEMPLATE "{source}"',
            ]
        )
        self.made.append(target)

    def tally(self, name: str) -> int:
        sql = "SELECT COUNT(*) FROM workshops_dot"
        if not self.postgres:
            path = self.folder / f"{name}.sqlite3"
            with contextlib.closing(sqlite3.connect(path, timeout=30)) as db:
                return int(db.execute(sql).fetchone()[0])
        import psycopg

        with psycopg.connect(self.url(name)) as db:
            row = db.execute(sql).fetchone()
            return int(row[0]) if row else 0

    def drop_all(self) -> None:
        if self.postgres and self.made:
            with contextlib.suppress(Exception):
                self._admin([f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)' for n in self.made])


def app_env(database_url: str, redis_url: str = "") -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="bench-only-not-secret",  # noqa: S106 -- a throwaway local run
        ALLOWED_HOSTS="127.0.0.1",
        DB_CONN_MAX_AGE="60",
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(ROOT),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def setup_room(n: int, votes: int) -> dict:
    """Runs inside a child process with Django set up: the room for one run."""
    import datetime

    import django

    django.setup()
    from django.utils import timezone

    from coproduce.accounts.models import User
    from coproduce.core.models import Organisation
    from coproduce.initiatives.models import Capacity, Initiative
    from coproduce.workshops import domain
    from coproduce.workshops.models import Activity, Idea, Participant, hash_token

    org = Organisation.objects.create(name="Bench Council", slug="bench")
    user = User.objects.create_user("bench@example.org")
    initiative = Initiative.objects.create(organisation=org, title="Bench", aim="Load")
    workshop = domain.create_workshop(
        initiative, actor=user, title="Bench room", starts_at=timezone.now()
    )
    activity = domain.add_activity(
        workshop,
        actor=user,
        kind=Activity.Kind.DOTMOCRACY,
        title="Which ideas matter most?",
        planned_minutes=60,
        dots_per_person=votes,
        max_dots_per_idea=votes,
        hide_tallies=False,
    )
    Idea.objects.bulk_create(
        Idea(organisation=org, activity=activity, text=f"Idea {i}") for i in range(IDEAS)
    )
    capacities = [Capacity.LIVED_CARE, Capacity.LEARNT]
    Participant.objects.bulk_create(
        (
            Participant(
                organisation=org,
                workshop=workshop,
                capacity=capacities[i % 2],
                token_hash=hash_token(f"bench-{i}"),
                joined_at=timezone.now() - datetime.timedelta(minutes=1),
            )
            for i in range(n)
        ),
        batch_size=500,
    )
    domain.start_activity(activity, actor=user)
    return {"code": workshop.join_code, "cookie": f"workshop_{workshop.pk}"}


def bare_tally(port: int) -> int:
    from websockets.sync.client import connect

    with connect(f"ws://127.0.0.1:{port}/", open_timeout=10, compression=None) as ws:
        return sum(json.loads(ws.recv(timeout=10))["a"]["tally"])


# Redis


def find_redis() -> tuple[str, str]:
    """(url, "") when Redis answers, else ("", why not)."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as error:  # any failure means: not usable here
        source = "REDIS_URL" if os.environ.get("REDIS_URL") else "the default"
        return "", f"no Redis at {url} ({source}): {type(error).__name__}"
    return url, ""


# One run


@dataclass
class Run:
    kind: str  # bare, app, app x2
    n: int
    figures: dict = field(default_factory=dict)
    failed: str = ""


def server_cpu(index: int) -> int:
    """The core for server `index`: one each, wrapping round when there are more servers."""
    return 0 if ONE_CORE else index % CPUS


def load_cpu(servers: int) -> int | None:
    """The first core no server holds, or None (float) when the servers hold them all."""
    if ONE_CORE:
        return 1
    return servers if servers < CPUS else None


def pinning(processes: int) -> str:
    """Where the processes run, in words, for the report's first line."""
    load = load_cpu(processes)
    two = ", ".join(f"CPU {server_cpu(i)}" for i in range(processes))
    return (
        f"one server on CPU {server_cpu(0)}, load on CPU {load_cpu(1)}; "
        f"{processes} servers on {two}, load "
        + (f"on CPU {load}" if load is not None else "floating (no core left for it)")
    )


def run_load(
    kind: str, n: int, urls: list[str], servers: list[subprocess.Popen], options: dict
) -> Run:
    run = Run(kind, n)
    load = start(
        [PYTHON, str(ROOT / "bench" / "_loadgen.py"), json.dumps({**options, "urls": urls})],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cpu=load_cpu(len(servers)),
        stdout=subprocess.PIPE,
        text=True,
    )
    marks: dict[str, tuple[float, float, float]] = {}
    result: dict = {}

    def read() -> None:
        assert load.stdout is not None
        for line in load.stdout:
            line = line.strip()
            if line in ("votes-start", "votes-end"):
                marks[line] = (
                    time.monotonic(),
                    sum(cpu_seconds(s.pid) for s in servers),
                    sum(waited_seconds(s.pid) for s in servers),
                )
            elif line.startswith("RESULT "):
                result.update(json.loads(line[7:]))
            elif line:
                print(f"    {kind} N={n}: {line}", flush=True)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    limit = 120 + n / 20 + options["window"] + options["drain"]
    try:
        load.wait(limit)
    except subprocess.TimeoutExpired:
        run.failed = f"the load did not finish in {limit:.0f} s"
    reader.join(5)
    peak = sum(peak_mb(s.pid) for s in servers if s.poll() is None)
    stop(load)
    if not result or "votes-end" not in marks:
        run.failed = run.failed or f"the load process failed (exit {load.returncode})"
        return run
    (t0, c0, w0), (t1, c1, w1) = marks["votes-start"], marks["votes-end"]
    result["server_cpu"] = (c1 - c0) / max(t1 - t0, 1e-9)
    result["server_waited"] = (w1 - w0) / max(t1 - t0, 1e-9)
    result["peak_mb"] = peak
    run.figures = result
    return run


def run_bare(n: int, options: dict) -> Run:
    port = free_port()
    server = start(
        [PYTHON, str(ROOT / "bench" / "_bare_server.py"), str(port), str(IDEAS)],
        env=dict(os.environ),
        cpu=0,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, server)
        run = run_load("bare", n, [f"ws://127.0.0.1:{port}/"], [server], options)
        if not run.failed:
            run.figures["tally"] = bare_tally(port)
        return run
    finally:
        stop(server)


def run_app(n: int, processes: int, database: Database, redis_url: str, options: dict) -> Run:
    name = f"{n}_{processes}"
    database.copy(name)
    env = app_env(database.url(name), redis_url if processes > 1 else "")
    if options.get("profile"):
        env["BENCH_PROFILE"] = f"{options['profile']}-{database.kind}-{n}-{processes}"
    if options.get("trace"):
        env["BENCH_TRACE"] = f"{options['trace']}-{database.kind}-{n}-{processes}"
    made = subprocess.run(
        [PYTHON, __file__, "--setup-room", str(n), "--votes", str(options["votes"])],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    room = json.loads(made.stdout.strip().splitlines()[-1])
    ports = [free_port() for _ in range(processes)]
    servers = [
        start(
            [
                *_server_command(index, options),
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
                "--no-access-log",
                "--log-level",
                "warning",
                "--backlog",
                "4096",
            ],
            env=env,
            cpu=server_cpu(index),
        )
        for index, port in enumerate(ports)
    ]
    kind = database.kind if processes == 1 else f"{database.kind} x{processes}"
    try:
        for port, server in zip(ports, servers, strict=True):
            wait_for_port(port, server)
        urls = [f"ws://127.0.0.1:{port}/ws/w/{room['code']}/" for port in ports]
        run = run_load(
            kind, n, urls, servers, {**options, "cookie": room["cookie"], "origin": _origin(ports)}
        )
    finally:
        for server in servers:
            stop(server)
    if not run.failed:
        run.figures["tally"] = database.tally(name)
    return run


def _server_command(index: int, options: dict) -> list[str]:
    """uvicorn, or uvicorn under cProfile (--profile) or with its stages timed (--trace)."""
    if options.get("profile"):
        return [PYTHON, str(ROOT / "bench" / "_profiled_server.py"), f"{index}"]
    if options.get("trace"):
        return [PYTHON, str(ROOT / "bench" / "_traced_server.py"), f"{index}"]
    return [str(Path(PYTHON).parent / "uvicorn")]


def _origin(ports: list[int]) -> str:
    return f"http://127.0.0.1:{ports[0]}"


# Report


def fmt(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def ratio(value: float | None, base: float | None) -> str:
    if value is None or not base:
        return ""
    return f" ({value / base:.2f}x)"


def report(runs: list[Run]) -> None:
    print()
    head = (
        f"{'server':<9}{'N':>6}  {'votes/s':>16}  {'p50 ms':>14}  {'p95 ms':>14}  "
        f"{'p99 ms':>14}  {'lost':>5}  {'not conv.':>9}  {'errors':>6}  {'CPU':>13}  "
        f"{'peak MB':>13}  {'load CPU':>8}  {'waited':>6}  {'join s':>13}"
    )
    print(head)
    print("-" * len(head))
    bare = {r.n: r.figures for r in runs if r.kind == "bare" and not r.failed}
    for run in runs:
        if run.failed:
            print(f"{run.kind:<9}{run.n:>6}  FAILED: {run.failed}")
            continue
        f, b = run.figures, bare.get(run.n, {})
        lost = f["sent"] - f.get("tally", 0)
        cols = [
            fmt(f["accepted_per_s"]) + ratio(f["accepted_per_s"], b.get("accepted_per_s")),
            fmt(f["p50"]) + ratio(f["p50"], b.get("p50")),
            fmt(f["p95"]) + ratio(f["p95"], b.get("p95")),
            fmt(f["p99"]) + ratio(f["p99"], b.get("p99")),
        ]
        print(
            f"{run.kind:<9}{run.n:>6}  {cols[0]:>16}  {cols[1]:>14}  {cols[2]:>14}  "
            f"{cols[3]:>14}  {lost:>5}  {f['not_converged']:>9}  {sum(f['errors'].values()):>6}  "
            f"{fmt(100 * f['server_cpu']) + '%' + ratio(f['server_cpu'], b.get('server_cpu')):>13}"
            "  "
            f"{fmt(f['peak_mb']) + ratio(f['peak_mb'], b.get('peak_mb')):>13}  "
            f"{fmt(100 * f['loadgen_cpu']) + '%':>8}  "
            f"{fmt(100 * f.get('server_waited', 0)) + '%':>6}  "
            f"{fmt(f.get('join_s'), 2) + ratio(f.get('join_s'), b.get('join_s')):>13}"
        )
    print()
    print(
        "Latency: from a vote's send until every client holds a snapshot that includes it.\n"
        "Lost: sent minus the final tally (the app's database; the bare server's memory).\n"
        "CPU: server CPU time over the vote window and drain, as a share of one core (two\n"
        "processes: summed). Waited: time the server was ready to run but waited for a CPU\n"
        "taken by other work on the machine. Join: from the first handshake, every phone\n"
        "connecting at once, until every phone has the room. Ratios in brackets are to the bare\n"
        "server at the same N, in the same run. The machine is shared: run it twice and compare\n"
        "before quoting a figure."
    )
    for run in runs:
        if run.failed or run.kind == "bare":
            continue
        f, b = run.figures, bare.get(run.n, {})
        lost = f["sent"] - f.get("tally", 0)
        p99 = f["p99"] / b["p99"] if f["p99"] is not None and b.get("p99") else None
        join = f["join_s"] / b["join_s"] if f.get("join_s") and b.get("join_s") else None
        ok = (
            p99 is not None
            and p99 <= GOAL_P99_RATIO
            and join is not None
            and join <= GOAL_JOIN_RATIO
            and lost == 0
            and not f["not_converged"]
        )
        print(
            f"Goal for {run.kind}, N={run.n} (p99 <= {GOAL_P99_RATIO}x bare, join <= "
            f"{GOAL_JOIN_RATIO:.0f}x bare, 0 lost): {'met' if ok else 'NOT met'} "
            f"(p99 {fmt(p99, 2)}x, join {fmt(join, 2)}x, lost {lost})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="", help="participants, e.g. 100,500,1000")
    parser.add_argument("--two-process-sizes", default=None, help="e.g. 1000,2000; '' for none")
    parser.add_argument("--votes", type=int, default=5, help="dots per participant")
    parser.add_argument("--window", type=float, default=10.0, help="seconds to place them in")
    parser.add_argument("--drain", type=float, default=10.0, help="seconds to wait at the end")
    parser.add_argument("--quick", action="store_true", help="a short run: 5 s window, 3 dots")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare reference")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-pin", action="store_true", help="do not pin servers and load")
    parser.add_argument(
        "--one-core", action="store_true", help="every server on CPU 0 (the brief's layout)"
    )
    parser.add_argument(
        "--postgres",
        nargs="?",
        const="postgres://postgres@127.0.0.1:5432/coproduce_bench",
        default="",
        metavar="URL",
        help="also run on PostgreSQL (databases named after the URL's, made and dropped here);"
        " two processes then run on PostgreSQL",
    )
    parser.add_argument(
        "--sqlite-sizes", default=None, help="with --postgres: SQLite sizes ('' for none)"
    )
    parser.add_argument(
        "--join-concurrency",
        type=int,
        default=0,
        help="handshakes in flight at most while joining (default: everyone at once)",
    )
    parser.add_argument("--profile", default="", metavar="PREFIX", help="cProfile each server")
    parser.add_argument(
        "--trace",
        default="",
        metavar="PREFIX",
        help="time each server's stages (PREFIX-*.json) and print where a dot's time went",
    )
    parser.add_argument("--setup-room", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.setup_room:
        print(json.dumps(setup_room(args.setup_room, args.votes)))
        return 0

    global PIN, ONE_CORE
    PIN = not args.no_pin
    ONE_CORE = args.one_core
    if args.quick:
        args.window, args.votes, args.drain = 5.0, 3, 5.0
    sizes = [
        int(s) for s in (args.sizes or ("100,500" if args.quick else "100,500,1000")).split(",")
    ]
    if args.two_process_sizes is None:
        two = [max(sizes)] if args.quick else [s for s in sizes if s == 1000] or [max(sizes)]
    else:
        two = [int(s) for s in args.two_process_sizes.split(",") if s]
    options = {
        "n": 0,
        "votes": args.votes,
        "window": args.window,
        "drain": args.drain,
        "seed": args.seed,
        "origin": "http://127.0.0.1",
        "concurrency": args.join_concurrency,
        "profile": str(Path(args.profile).resolve()) if args.profile else "",
        "trace": str(Path(args.trace).resolve()) if args.trace else "",
    }
    if args.sqlite_sizes is None or not args.postgres:
        sqlite_sizes = sizes
    else:
        sqlite_sizes = [int(s) for s in args.sqlite_sizes.split(",") if s]
    redis_url, no_redis = find_redis() if two else ("", "")
    print(
        f"Live room bench: sizes {sizes}, two processes at {two or 'none'}"
        + (" (on PostgreSQL)" if args.postgres else "")
        + f"; {args.votes} dots "
        f"each over {args.window:.0f} s; {CPUS} CPUs"
        + (f"; {pinning(2)}" if CPUS >= 2 and PIN else "; not pinned"),
        flush=True,
    )
    folder = Path(tempfile.mkdtemp(prefix="coproduce-bench-"))
    runs: list[Run] = []

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    sqlite = Database(folder)
    postgres = Database(folder, args.postgres) if args.postgres else None
    shared = postgres or sqlite  # two processes run on PostgreSQL when it is asked for
    try:
        if sqlite_sizes or not postgres:
            sqlite.migrate_template()
        if postgres:
            postgres.migrate_template()
        for n in sorted(set(sizes) | set(sqlite_sizes) | set(two)):
            opts = {**options, "n": n}
            if not args.no_bare:
                print(f"  bare server, N={n}", flush=True)
                runs.append(run_bare(n, opts))
            if n in sqlite_sizes:
                print(f"  app on SQLite, one process, N={n}", flush=True)
                runs.append(run_app(n, 1, sqlite, "", opts))
            if postgres and n in sizes:
                print(f"  app on PostgreSQL, one process, N={n}", flush=True)
                runs.append(run_app(n, 1, postgres, "", opts))
            if n in two and redis_url:
                print(f"  app on {shared.kind}, two processes sharing Redis, N={n}", flush=True)
                runs.append(run_app(n, 2, shared, redis_url, opts))
    except KeyboardInterrupt:
        print("Interrupted: stopping everything this script started.", file=sys.stderr)
        return 130
    finally:
        stop_all()
        if postgres:
            postgres.drop_all()
        shutil.rmtree(folder, ignore_errors=True)
    report(runs)
    if args.trace:
        print_traces(options["trace"])
    if two and not redis_url:
        print(f"Two processes sharing Redis: skipped, {no_redis}.")
    return 1 if any(r.failed for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
