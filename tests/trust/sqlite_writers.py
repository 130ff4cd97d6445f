"""Run by test_sqlite_writers.py in a process of its own, against a migrated SpatiaLite *file*
(the test run's own database may be in memory, where SQLite locks differently).

    python -m tests.trust.sqlite_writers writers|busy PATH [TRANSACTION_MODE]

Prints one JSON object with what happened.
"""

import json
import os
import sqlite3
import sys
import threading
import time

WRITERS = 6
WRITES_EACH = 5


def setup(path: str, transaction_mode: str | None, timeout: float | None = None):
    os.environ.update(
        DATABASE_URL=f"spatialite:///{path}",
        DJANGO_SETTINGS_MODULE="jvtracker.settings.test",
        CELERY_BROKER_URL="",
    )
    from django.conf import settings

    options = settings.DATABASES["default"]["OPTIONS"]
    if transaction_mode:
        options["transaction_mode"] = transaction_mode
    else:
        options.pop("transaction_mode", None)  # SQLite's default: deferred
    if timeout is not None:
        options["timeout"] = timeout
    import django

    django.setup()


def writers() -> dict:
    """Writers that read, then write, in one transaction, all at once."""
    from django.db import connection, transaction

    from projects.models import Organization

    errors, start = [], threading.Barrier(WRITERS)

    def write(n: int):
        start.wait()
        try:
            for i in range(WRITES_EACH):
                try:
                    with transaction.atomic():
                        Organization.objects.count()
                        time.sleep(0.02)  # the others read meanwhile
                        Organization.objects.create(name=f"writer {n}.{i}", country="CN", kind="other")
                except Exception as error:  # reported to the test
                    errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"created": Organization.objects.count(), "errors": errors}


def busy(path: str) -> dict:
    """Another process holds the write lock past the busy timeout while a sign-in writes."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    get_user_model().objects.create_user(
        "busy-editor", password="correct-horse-battery-staple", is_staff=True
    )
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = Client(HTTP_HOST="localhost").post(
            "/admin/login/", {"username": "busy-editor", "password": "correct-horse-battery-staple"}
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    return {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "body": response.content.decode(),
    }


if __name__ == "__main__":
    action, path = sys.argv[1], sys.argv[2]
    mode = sys.argv[3] if len(sys.argv) > 3 else "IMMEDIATE"
    if action == "writers":
        setup(path, None if mode == "DEFERRED" else mode)
        result = writers()
    else:
        setup(path, mode, timeout=0.3)
        result = busy(path)
    print(json.dumps(result))
