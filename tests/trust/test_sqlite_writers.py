"""Concurrent writes on SpatiaLite wait for each other (BEGIN IMMEDIATE with a busy timeout) instead
of failing with "database is locked"; a write still locked out after the timeout is a 503 that says
the database is busy, not the outage page."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _run(*args, timeout=180):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DJANGO_SETTINGS_MODULE="jvtracker.settings.test", CELERY_BROKER_URL="")
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def migrated_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "migrated.sqlite3"
    env_url = f"spatialite:///{path}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DATABASE_URL=env_url, DJANGO_SETTINGS_MODULE="jvtracker.settings.test", CELERY_BROKER_URL="")
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return path


@pytest.fixture
def database_file(migrated_file, tmp_path):
    copy = tmp_path / "db.sqlite3"
    shutil.copy(migrated_file, copy)
    return copy


def _writers(path, mode):
    return json.loads(_run("-m", "tests.trust.sqlite_writers", "writers", str(path), mode).splitlines()[-1])


def test_concurrent_writers_on_spatialite_all_succeed(database_file):
    result = _writers(database_file, "IMMEDIATE")
    assert result["errors"] == []
    assert result["created"] == 6 * 5


def test_with_deferred_transactions_the_same_writers_fail_with_database_is_locked(database_file):
    """The control: what the settings used to do (and what the test above would catch)."""
    result = _writers(database_file, "DEFERRED")
    assert result["errors"], "the writers were expected to collide"
    assert all("database is locked" in error for error in result["errors"])
    assert result["created"] == 6 * 5 - len(result["errors"])


def test_a_write_locked_out_past_the_busy_timeout_answers_503_busy_not_the_outage_page(database_file):
    out = _run("-m", "tests.trust.sqlite_writers", "busy", str(database_file))
    result = json.loads(out.splitlines()[-1])
    assert result["status"] == 503
    assert result["retry_after"] == "1"
    assert "busy" in result["body"] and "nothing was saved" in result["body"]
    assert "unreachable" not in result["body"]


def test_spatialite_writes_begin_immediate_with_a_busy_timeout():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "o = s.DATABASES['default']['OPTIONS']; print(o['transaction_mode'], o['timeout'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jvtracker.settings.local",
        "DATABASE_URL": "spatialite:////tmp/unused.sqlite3",
        "SQLITE_BUSY_TIMEOUT": "7.5",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "IMMEDIATE 7.5"
