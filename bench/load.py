"""Load and fault runs against gunicorn with PostGIS, from a second process on loopback.

Locust (bench/load_client.py, in a process of its own) keeps `concurrency` clients busy for
`duration` seconds, each cycling through the map page, the full GeoJSON export the map loads, a
filtered list page and a venture detail, and records every request's status and latency. The server is gunicorn with the
production settings (CSP, security middleware, compressed static files) on 127.0.0.1.

    .venv/bin/python -m bench load      # 60 s, 64 clients (BENCH_LOAD_SECONDS, BENCH_LOAD_CLIENTS)

The same pieces drive the fault tests (tests/trust/test_load.py): a PostgreSQL cluster and a Redis of
their own (never the shared ones on 5432/6379), stopped and started during a run.
"""

import base64
import collections
import contextlib
import dataclasses
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
LOAD_CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "64"))
LOAD_VENTURES = int(os.environ.get("BENCH_VENTURES", "10000"))
REQUEST_TIMEOUT = 30.0
# One map visit loads the page and the GeoJSON once; scripts page through lists and details.
LOAD_MIX = {
    kind: int(weight)
    for kind, weight in (
        item.split(":")
        for item in os.environ.get("BENCH_LOAD_MIX", "map:1,geojson:1,list:3,detail:5").split(",")
    )
}


# ------------------------------------------------------------------------------------------ client


@dataclasses.dataclass
class Sample:
    kind: str
    started: float  # seconds since the run began
    seconds: float
    status: int  # 0: no HTTP answer (connection refused, reset or timeout)
    error: str = ""
    retry_after: str = ""
    body: bytes = b""


@dataclasses.dataclass
class LoadResult:
    samples: list[Sample]
    duration: float
    concurrency: int

    @property
    def statuses(self) -> collections.Counter:
        return collections.Counter(s.status for s in self.samples)

    @property
    def errors(self) -> list[Sample]:
        return [s for s in self.samples if s.status != 200]

    @property
    def requests_per_second(self) -> float:
        return len(self.samples) / self.duration if self.duration else 0.0

    def percentile(self, q: float, kind: str | None = None) -> float:
        values = sorted(s.seconds for s in self.samples if kind is None or s.kind == kind)
        if not values:
            return 0.0
        return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]

    def kinds(self) -> list[str]:
        return sorted({s.kind for s in self.samples})

    def report(self) -> str:
        lines = [
            f"{len(self.samples)} requests in {self.duration:.1f} s from {self.concurrency} clients: "
            f"{self.requests_per_second:.1f} req/s, p50 {self.percentile(50) * 1000:.0f} ms, "
            f"p95 {self.percentile(95) * 1000:.0f} ms, p99 {self.percentile(99) * 1000:.0f} ms; "
            f"statuses {dict(sorted(self.statuses.items()))}"
        ]
        for kind in self.kinds():
            count = sum(1 for s in self.samples if s.kind == kind)
            lines.append(
                f"  {kind:<8} {count:>6} requests, p50 {self.percentile(50, kind) * 1000:>6.0f} ms, "
                f"p95 {self.percentile(95, kind) * 1000:>6.0f} ms"
            )
        return "\n".join(lines)


def run_load(
    base: tuple[str, int],
    plan: dict[str, list[str]],
    *,
    duration: float,
    concurrency: int,
    timeout: float = REQUEST_TIMEOUT,
    keep_body_of: tuple[str, ...] = (),
    weights: dict[str, int] | None = None,
) -> LoadResult:
    """`concurrency` locust users for `duration` seconds (bench/load_client.py, a process of its own).

    Each cycles through the kinds of `plan`, each repeated by its weight (all 1 without weights).
    """
    host, port = base
    spec = {
        "base": f"http://{host}:{port}",
        "plan": plan,
        "weights": weights,
        "duration": duration,
        "concurrency": concurrency,
        "timeout": timeout,
        "keep_body_of": list(keep_body_of),
        "clock_origin": time.monotonic(),  # sample times count from here (CLOCK_MONOTONIC: system-wide)
    }
    result = subprocess.run(
        [sys.executable, "-m", "bench.load_client"],
        cwd=ROOT,
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        timeout=duration + timeout + 120,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the load client failed:\n{result.stderr[-4000:]}")
    samples = []
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            fields = json.loads(line)
            fields["body"] = base64.b64decode(fields["body"])
            samples.append(Sample(**fields))
    # The run lasts until its last answer (the clients finish the request in flight at the end).
    run_length = max([duration, *(s.started + s.seconds for s in samples)])
    return LoadResult(samples, run_length, concurrency)


# ------------------------------------------------------------------------------------------ servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


def manage(*args, env: dict, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def production_env(database_url: str, static_root: Path, broker_url: str, **extra) -> dict:
    """Environment for gunicorn with the production settings, on plain HTTP on loopback.

    Production refuses to start without a broker (tasks never run inside a web request there).
    """
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "jvtracker.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "SECURE_SSL_REDIRECT": "0",  # loopback has no TLS terminator in front
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # One address sends every request here: production's anonymous rate would throttle it.
        "API_ANON_THROTTLE_RATE": "1000000/second",
        # DRF's user throttle counts anonymous callers by address too; with a shared cache
        # (CACHE_URL=redis://…) its 3000/minute would be reached by the whole load run.
        "API_USER_THROTTLE_RATE": "1000000/second",
        "CONN_MAX_AGE": "60",
        "DATABASE_CONNECT_TIMEOUT": "2",
        "CELERY_BROKER_URL": broker_url,
        "LOG_LEVEL": "WARNING",
        **extra,
    }


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int | None = None, threads: int = 4):
    """gunicorn on a free loopback port; yields (host, port); stops it (and only it) afterwards."""
    port = free_port()
    workers = workers or max(2, (os.cpu_count() or 1) * 2)
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "jvtracker.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    log = tempfile.TemporaryFile()  # noqa: SIM115 — outlives this block, closed in finally
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        wait_for_port(port)
        yield ("127.0.0.1", port)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def _as_postgres(command: list[str], **kwargs):
    """Run a PostgreSQL server program as the postgres user when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


class TemporaryPostgres:
    """A PostgreSQL cluster of our own in a temporary folder, trust auth, on a loopback port.

    The fault tests stop and start this one; the shared server on 5432 is never touched.
    """

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="jvtracker-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"

    def __enter__(self):
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        _as_postgres(
            [str(PG_BIN / "initdb"), "-D", str(self.data), "--auth=trust", "-U", "postgres", "-E", "UTF8"]
        )
        self.start()
        return self

    def __exit__(self, *exc):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def start(self):
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        _as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"]
        )

    def stop(self):
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def url(self, name: str) -> str:
        return f"postgis://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        import psycopg

        params = {"host": "127.0.0.1", "port": self.port, "user": "postgres"}
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(dbname=name, autocommit=True, **params) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        return self.url(name)


class TemporaryRedis:
    """A Redis server of our own (no persistence) on a loopback port; the shared 6379 is never touched."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for_port(self.port)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


# ------------------------------------------------------------------------------------------ the run


def request_plan(public_ids: list[str]) -> dict[str, list[str]]:
    """What the clients ask for: the map page, the map's GeoJSON, a filtered list page, details."""
    return {
        "map": ["/"],
        "geojson": ["/api/v1/ventures/?format=geojson"],
        "list": [
            "/api/v1/ventures/?sector=mine&ordering=name&page_size=100",
            "/api/v1/ventures/?province=KP-03&province=KP-02&page_size=50",
            "/api/v1/ventures/?status=operating&ordering=-status_date",
        ],
        "detail": [f"/api/v1/ventures/{public_id}/" for public_id in public_ids[:500]]
        or ["/api/v1/ventures/"],
    }


def run():
    """`make bench` area "load": seed the bench database like the API bench, then 60 s of load."""
    os.environ.setdefault("CONN_MAX_AGE", "60")
    import django

    django.setup()
    from bench import api as api_bench
    from projects.models import PublicationState, Venture

    api_bench._ensure_database()
    api_bench.seed(LOAD_VENTURES)
    public_ids = list(
        Venture.objects.filter(publication_state=PublicationState.PUBLISHED).values_list(
            "public_id", flat=True
        )
    )
    from django.conf import settings

    database = settings.DATABASES["default"]
    database_url = f"postgis://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    with tempfile.TemporaryDirectory(prefix="jvtracker-static-") as static_root, TemporaryRedis() as redis:
        env = production_env(database_url, Path(static_root), redis.url)
        manage("collectstatic", "--noinput", "-v0", env=env)
        with gunicorn(env) as base:
            plan = request_plan(public_ids)
            run_load(base, plan, duration=3, concurrency=4)  # warm-up
            result = run_load(base, plan, duration=LOAD_SECONDS, concurrency=LOAD_CLIENTS, weights=LOAD_MIX)
    workers = max(2, (os.cpu_count() or 1) * 2)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"{len(public_ids)} published ventures; gunicorn {workers} workers x 4 threads (gthread), "
        f"production settings; client: locust (FastHttpUser) on loopback, {LOAD_CLIENTS} clients, {LOAD_SECONDS} s, "
        f"mix {LOAD_MIX}"
    )
    print(result.report())
    failures = result.errors
    print(f"errors: {len(failures)}" + (f" (first: {failures[0]})" if failures else ""))
