import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from projects.permissions import EDITORS_GROUP, REVIEWERS_GROUP
from tests.factories import UserFactory, ensure_geo

CATALOG_DIRS = ("locale", "projects/locale")


def pytest_sessionstart(session):
    """Compile the translation catalogs whose .po is newer than its .mo (or has none): `make test`
    does it too, this covers a bare `pytest` after a catalog changed (.mo files are not committed)."""
    root = Path(__file__).resolve().parent.parent
    stale = [
        po
        for folder in CATALOG_DIRS
        for po in (root / folder).glob("*/LC_MESSAGES/*.po")
        if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale and shutil.which("msgfmt") is None:
        raise pytest.UsageError(
            "msgfmt not found: install GNU gettext (make system-deps) to compile the catalogs"
        )
    for po in stale:
        subprocess.run(["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True)


def on_postgis() -> bool:
    return connection.vendor == "postgresql"


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("postgis"):
        return
    skip = pytest.mark.skip(reason="needs PostGIS: set DATABASE_URL=postgis://…")
    for item in items:
        if "postgis" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the provinces and gazetteer once into the test database (about 0.4 s a test otherwise);
    each test's rollback keeps them, and `geo` reloads them after a transactional test's flush."""
    with django_db_blocker.unblock():
        ensure_geo()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in English: a request's middleware activates its language in this thread and
    nothing resets it afterwards, so a Korean request would leak into the next test."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: on SQLite a rolled-back test's ids come round again, so
    an export cached by one test could match another test's (different) data."""
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """Each test reads content types from its database: a transactional test's flush recreates them
    with new ids, and the process-wide ContentType cache would hand the admin's log a stale id (a
    foreign-key error at commit, a 500 in a live-server test)."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture
def geo(db):
    """The 13 provinces and the 35 gazetteer places, as shipped in projects/data/."""
    ensure_geo()


def _user_in(group_name: str, **kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return _user_in(EDITORS_GROUP, username="editor")


@pytest.fixture
def reviewer(db):
    return _user_in(REVIEWERS_GROUP, username="reviewer")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def no_throttles(settings):
    """Rate limits lifted for a fuzz run: thousands of requests from one client are the point."""
    rates = dict(settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}))
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(rates or ("anon", "user")),
    }
