"""Under load and faults: gunicorn with the production settings on a PostgreSQL and a Redis of our own.

The shared servers on 5432 and 6379 are never stopped: these tests start their own cluster (initdb in
a temporary folder, trust auth) and their own redis-server, and stop and start those. Timings are
not asserted (that is `make bench`); a request that takes longer than the client's timeout counts as
a hang, which is an error.
"""

import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import pytest

from bench.load import (
    ROOT,
    TemporaryPostgres,
    TemporaryRedis,
    gunicorn,
    manage,
    production_env,
    request_plan,
    run_load,
)

pytestmark = [pytest.mark.load, pytest.mark.postgis]
HANG_TIMEOUT = 20.0  # seconds: longer than any healthy request on this data, far below a real hang
SEED_VENTURES = 300


def _python(code: str, env: dict) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def stack():
    """Our own PostgreSQL with a migrated, seeded database, collected static files, and our own broker."""
    with (
        TemporaryPostgres() as postgres,
        TemporaryRedis() as broker,
        tempfile.TemporaryDirectory(prefix="jvtracker-static-") as static,
    ):
        database_url = postgres.create_database("jv_faults")
        env = production_env(database_url, Path(static), broker.url)
        manage("migrate", "--noinput", env=env)
        manage("collectstatic", "--noinput", "-v0", env=env)
        _python(f"import django; django.setup(); from bench.api import seed; seed({SEED_VENTURES})", env)
        public_ids = _python(
            "import django; django.setup(); from projects.models import Venture; "
            "print(' '.join(Venture.objects.values_list('public_id', flat=True)[:200]))",
            env,
        ).split()
        yield postgres, env, public_ids


def _query(postgres: TemporaryPostgres, sql: str, params=()):
    with psycopg.connect(host="127.0.0.1", port=postgres.port, user="postgres", dbname="jv_faults") as conn:
        return conn.execute(sql, params).fetchall()


def test_64_clients_mixing_list_geojson_detail_and_map_page_get_no_errors(stack):
    _postgres, env, public_ids = stack
    with gunicorn(env) as base:
        result = run_load(base, request_plan(public_ids), duration=15, concurrency=64, timeout=HANG_TIMEOUT)
    print(result.report())
    assert set(result.kinds()) == {"map", "geojson", "list", "detail"}
    assert len(result.samples) > 64
    assert result.errors == [], result.errors[:3]


def test_postgresql_restarted_during_a_load_run_fails_cleanly_then_recovers_by_itself(stack):
    postgres, env, public_ids = stack
    outage = {}
    with gunicorn(env) as base:

        def fault():
            time.sleep(5)
            outage["stop"] = time.monotonic()
            postgres.stop()
            time.sleep(6)
            postgres.start()
            outage["start"] = time.monotonic()

        result_box = {}
        load_started = time.monotonic()
        thread = threading.Thread(target=fault)
        thread.start()
        try:
            result_box["result"] = run_load(
                base,
                request_plan(public_ids),
                duration=26,
                concurrency=16,
                timeout=HANG_TIMEOUT,
                keep_body_of=("map", "geojson", "list", "detail"),
            )
        finally:
            thread.join()  # PostgreSQL is up again before anything else runs
        after_outage = run_load(
            base, request_plan(public_ids), duration=3, concurrency=8, timeout=HANG_TIMEOUT
        )
    result = result_box["result"]
    print(result.report())
    stop_at = outage["stop"] - load_started
    start_at = outage["start"] - load_started

    before = [s for s in result.samples if s.started + s.seconds < stop_at]
    during = [s for s in result.samples if stop_at <= s.started < start_at]
    recovered = [s for s in result.samples if s.started > start_at + 3]
    assert before and all(s.status == 200 for s in before)
    # During the outage: answers, not hangs or dropped connections; a 503 or (just before) a 200.
    assert during
    assert {s.status for s in during} <= {200, 503}, {(s.status, s.error) for s in during}
    unavailable = [s for s in during if s.status == 503]
    assert len(unavailable) > 10
    for sample in unavailable:
        assert sample.retry_after == "5"
        assert len(sample.body) < 1000 and b"Traceback" not in sample.body
    assert all(s.status in (200, 503) for s in result.samples), result.statuses
    # Afterwards the site recovered by itself: no restart of gunicorn, every request a 200 again.
    assert recovered and all(s.status == 200 for s in recovered), {s.status for s in recovered}
    assert after_outage.errors == []


class _ArticleHandler(http.server.BaseHTTPRequestHandler):
    body = (
        b"<html><head><title>Tokhyon mine restarts</title></head><body><article><h1>Tokhyon mine restarts"
        b"</h1><p>A Chinese investor restarted the Tokhyon mine in Uiju county, North Pyongan province, "
        b"sources said. The joint venture supplies iron ore to the September General Iron Enterprise."
        b"</p></article></body></html>"
    )

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def test_with_redis_down_pages_and_api_work_and_submitted_sources_wait_queued_until_it_returns(stack):
    postgres, env, _public_ids = stack
    pages = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ArticleHandler)
    threading.Thread(target=pages.serve_forever, daemon=True).start()
    article_url = f"http://127.0.0.1:{pages.server_port}/news/tokhyon-{time.time_ns()}.html"
    redis = TemporaryRedis()
    redis.start()
    env = {
        **env,
        "CELERY_BROKER_URL": redis.url,
        "CELERY_BROKER_CONNECTION_TIMEOUT": "1",
        # As docker-compose deploys it: API throttles are counted in the same Redis.
        "CACHE_URL": redis.url.replace("/0", "/1"),
        "API_ANON_THROTTLE_RATE": "1000/minute",
        "FETCH_ALLOW_PRIVATE_ADDRESSES": "1",  # the article server is on 127.0.0.1
        "FETCH_ALLOW_PRIVATE_ADDRESSES_IN_PRODUCTION": "1",  # production settings refuse the first alone
    }
    token = _python(
        "import django; django.setup()\n"
        "from django.contrib.auth.models import Group, User\n"
        "from rest_framework.authtoken.models import Token\n"
        "user, _ = User.objects.get_or_create(username='redis-editor', defaults={'is_staff': True})\n"
        "user.groups.add(Group.objects.get(name='editors'))\n"
        "print(Token.objects.get_or_create(user=user)[0].key)\n",
        env,
    ).strip()
    worker = None
    try:
        with gunicorn(env) as (host, port):
            redis.stop()
            import requests

            base = f"http://{host}:{port}"
            for path in ["/", "/api/v1/ventures/", "/api/v1/ventures/?format=geojson", "/api/v1/stats/"]:
                assert requests.get(base + path, timeout=HANG_TIMEOUT).status_code == 200, path
            response = requests.post(
                base + "/api/v1/sources/",
                json={"url": article_url},
                headers={"Authorization": f"Token {token}"},
                timeout=HANG_TIMEOUT,
            )
            assert response.status_code in (201, 202), response.text
            rows = _query(
                postgres, "SELECT fetch_status FROM projects_sourcearticle WHERE url = %s", [article_url]
            )
            assert rows == [("queued",)]

            # Redis returns; a worker starts and picks up what waited.
            redis.start()
            worker = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "celery"),
                    "-A",
                    "jvtracker",
                    "worker",
                    "--pool=solo",
                    "--loglevel=WARNING",
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=ROOT,
                env={**env, "DJANGO_SETTINGS_MODULE": "jvtracker.settings.production"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            deadline = time.monotonic() + 90
            status = None
            while time.monotonic() < deadline:
                status = _query(
                    postgres,
                    "SELECT fetch_status, title FROM projects_sourcearticle WHERE url = %s",
                    [article_url],
                )[0]
                if status[0] in ("fetched", "failed"):
                    break
                time.sleep(1)
            assert status == ("fetched", "Tokhyon mine restarts")
    finally:
        if worker is not None:
            os.killpg(worker.pid, 15)
            worker.wait(timeout=30)
        redis.stop()
        pages.shutdown()
