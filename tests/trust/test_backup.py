"""`make backup` / `make restore`: a backup restored into an empty database brings back every row."""

import datetime
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from projects.models import Citation, Release, SourceArticle, SourceSnapshot, StatusEntry, Venture
from projects.services.backup import BackupError, backup_create, backup_restore
from projects.services.ventures import venture_update
from tests.factories import SourceArticleFactory, make_venture

ROOT = Path(settings.BASE_DIR)
HISTORY_TABLES = [
    "projects_historicalventure",
    "projects_historicalsourcearticle",
    "projects_historicalcitation",
    "projects_historicalstatusentry",
    "projects_historicalventurepartner",
    "projects_historicalorganization",
]


def _seed(archive_root: Path):
    """Two ventures (one draft), an edited one, and a source with a retrieved copy on disk."""
    source = SourceArticleFactory(title="Tokhyon mine restarts")
    published = make_venture(name="Tokhyon Mine", source=source)
    make_venture(name="Secret draft smelter", state="draft", province_code="KP-09")
    venture_update(venture=published, expected_version=published.version, description="Iron ore.")
    body = b"<html><body>Tokhyon mine restarts with Chinese equipment.</body></html>"
    relative = f"{source.pk}/copy.html"
    (archive_root / relative).parent.mkdir(parents=True, exist_ok=True)
    (archive_root / relative).write_bytes(body)
    SourceSnapshot.objects.create(
        source=source,
        retrieved_at=datetime.datetime(2025, 10, 2, tzinfo=datetime.UTC),
        final_url=source.url,
        http_status=200,
        content_type="text/html",
        sha256=hashlib.sha256(body).hexdigest(),
        archive_path=relative,
        size_bytes=len(body),
    )
    return relative, body


def _release(releases_root: Path) -> Release:
    """A release of the published venture, as `manage.py release` writes it (read-only files)."""
    call_command("release", stdout=io.StringIO())
    release = Release.objects.get()
    assert (releases_root / release.folder / "ventures.csv").is_file()
    return release


def _assert_release_restored(release: Release, restored_releases: Path, sha256s: dict):
    """The release's files are back, byte for byte (the sha256s the restored database records), read-only."""
    folder = restored_releases / release.folder
    assert sorted(path.name for path in folder.iterdir()) == sorted(release.sha256s)
    for name, digest in sha256s.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
        assert (folder / name).stat().st_mode & 0o777 == 0o444, name


def _restore_in_subprocess(
    archive: Path, database_url: str, archive_root: Path, releases_root: Path | None = None
):
    """`manage.py restore` exactly as `make restore BACKUP=…` runs it, in a fresh process."""
    env = {**os.environ, "DATABASE_URL": database_url, "ARCHIVE_ROOT": str(archive_root)}
    env["RELEASES_ROOT"] = str(releases_root or archive_root.with_name(archive_root.name + "-releases"))
    env["DJANGO_SETTINGS_MODULE"] = "jvtracker.settings.test"
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _ids(cursor, table: str, column: str = "id") -> set:
    cursor.execute(f"SELECT {column} FROM {table}")  # table names are our constants
    return {row[0] for row in cursor.fetchall()}


@pytest.mark.postgis
@pytest.mark.django_db(transaction=True)
def test_postgis_backup_restores_into_an_empty_database_with_every_row(geo, tmp_path, settings):
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.RELEASES_ROOT = tmp_path / "releases"
    relative, body = _seed(settings.ARCHIVE_ROOT)
    release = _release(settings.RELEASES_ROOT)
    output = tmp_path / "backup.tar.gz"

    call_command("backup", output=output, stdout=io.StringIO())

    with tarfile.open(output) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert {"manifest.json", "database.pgdump", f"archive/{relative}"} <= set(tar.getnames())
        assert f"releases/{release.folder}/datapackage.json" in tar.getnames()
    assert {entry["path"] for entry in manifest["release_files"]} == {
        f"{release.folder}/{name}" for name in release.sha256s
    }
    assert manifest["summary"]["ventures"] == 2
    assert manifest["summary"]["citations"] == Citation.objects.count() == 2
    assert manifest["summary"]["history_rows"] > 0
    assert manifest["archive_files"] == [
        {"path": relative, "sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
    ]

    params = connection.settings_dict
    target = f"{params['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin_dsn = f"postgresql://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/postgres"
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{target}" TEMPLATE template0')
    try:
        restored_root = tmp_path / "restored-archive"
        restored_releases = tmp_path / "restored-releases"
        database_url = f"postgis://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{target}"
        result = _restore_in_subprocess(output, database_url, restored_root, restored_releases)
        assert result.returncode == 0, result.stderr
        assert "every table's row count matches" in result.stdout
        assert f"{len(release.sha256s)} release files in place" in result.stdout

        with psycopg.connect(database_url.replace("postgis://", "postgresql://")) as restored:
            cursor = restored.cursor()
            assert _ids(cursor, "projects_venture", "public_id") == set(
                Venture.objects.values_list("public_id", flat=True)
            )
            assert _ids(cursor, "projects_sourcearticle", "url") == set(
                SourceArticle.objects.values_list("url", flat=True)
            )
            assert _ids(cursor, "projects_citation") == set(Citation.objects.values_list("id", flat=True))
            assert _ids(cursor, "projects_statusentry") == set(
                StatusEntry.objects.values_list("id", flat=True)
            )
            for table in HISTORY_TABLES:
                with connection.cursor() as original:
                    assert _ids(cursor, table, "history_id") == _ids(original, table, "history_id"), table
            # The restored venture still has its point (PostGIS geometry survives the round trip).
            cursor.execute("SELECT ST_AsText(location) FROM projects_venture WHERE name = 'Tokhyon Mine'")
            assert cursor.fetchone()[0].startswith("POINT(")
            # The restored release row lists its files, and they are back as published.
            cursor.execute("SELECT folder, sha256s FROM projects_release")
            [(folder, sha256s)] = cursor.fetchall()
            assert folder == release.folder
        _assert_release_restored(release, restored_releases, sha256s)
        assert (restored_root / relative).read_bytes() == body

        # A second restore into the now non-empty database is refused, and changes nothing.
        again = _restore_in_subprocess(output, database_url, tmp_path / "other")
        assert again.returncode != 0
        assert "empty database" in again.stderr
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_spatialite_or_postgis_backup_round_trip_into_a_new_spatialite_file(geo, tmp_path, settings):
    if connection.vendor != "sqlite":
        pytest.skip("the SpatiaLite round trip runs on the SpatiaLite suite")
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.RELEASES_ROOT = tmp_path / "releases"
    relative, body = _seed(settings.ARCHIVE_ROOT)
    release = _release(settings.RELEASES_ROOT)
    output, manifest = backup_create(output=tmp_path / "backup.tar.gz")
    assert manifest["database"]["engine"] == "spatialite"
    assert len(manifest["release_files"]) == len(release.sha256s)

    restored_root = tmp_path / "restored-archive"
    restored_releases = tmp_path / "restored-releases"
    target = tmp_path / "restored.sqlite3"
    result = _restore_in_subprocess(output, f"spatialite:///{target}", restored_root, restored_releases)
    assert result.returncode == 0, result.stderr
    assert (restored_root / relative).read_bytes() == body

    import sqlite3

    restored = sqlite3.connect(target)
    assert {r[0] for r in restored.execute("SELECT public_id FROM projects_venture")} == set(
        Venture.objects.values_list("public_id", flat=True)
    )
    assert (
        restored.execute("SELECT count(*) FROM projects_citation").fetchone()[0] == Citation.objects.count()
    )
    [(folder, sha256s)] = restored.execute("SELECT folder, sha256s FROM projects_release").fetchall()
    assert folder == release.folder
    _assert_release_restored(release, restored_releases, json.loads(sha256s))
    with connection.cursor() as original:
        for table in HISTORY_TABLES:
            original.execute(f"SELECT history_id FROM {table}")
            expected = {row[0] for row in original.fetchall()}
            assert {r[0] for r in restored.execute(f"SELECT history_id FROM {table}")} == expected, table
    restored.close()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(geo, tmp_path, settings):
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    make_venture()
    output, _ = backup_create(output=tmp_path / "backup.tar.gz")
    with pytest.raises(BackupError, match="empty database"):
        backup_restore(archive=output)
    assert Venture.objects.count() == 1


def test_restore_refuses_a_damaged_or_hostile_backup(tmp_path, settings, db):
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    hostile = tmp_path / "hostile.tar.gz"
    with tarfile.open(hostile, "w:gz") as tar:
        payload = b"owned"
        info = tarfile.TarInfo("../../etc/evil")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    from projects.services.backup import _extract

    with pytest.raises(BackupError, match="unsafe path"):
        _extract(hostile, tmp_path / "work")
    assert not (tmp_path.parent.parent / "etc" / "evil").exists()

    not_a_backup = tmp_path / "empty.tar.gz"
    with tarfile.open(not_a_backup, "w:gz"):
        pass
    with pytest.raises(BackupError, match="no manifest"):
        _extract(not_a_backup, tmp_path / "work2")


@pytest.mark.django_db(transaction=True)  # SQLite's online backup waits for the test's transaction otherwise
def test_a_damaged_release_file_in_a_backup_is_refused_before_anything_is_restored(tmp_path, settings):
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.RELEASES_ROOT = tmp_path / "releases"
    folder = settings.RELEASES_ROOT / "2026-01-01-release-0001"
    folder.mkdir(parents=True)
    (folder / "ventures.csv").write_bytes(b"public_id\r\nJV-0001\r\n")
    (settings.RELEASES_ROOT / ".staging-x1").mkdir()
    (settings.RELEASES_ROOT / ".staging-x1" / "ventures.csv").write_bytes(b"half written")
    output, manifest = backup_create(output=tmp_path / "backup.tar.gz")
    # A release still being written is not backed up.
    assert [entry["path"] for entry in manifest["release_files"]] == ["2026-01-01-release-0001/ventures.csv"]

    from projects.services.backup import _extract, _verify_files

    work = tmp_path / "work"
    manifest = _extract(output, work)
    (work / "releases" / "2026-01-01-release-0001" / "ventures.csv").write_bytes(b"public_id\r\nJV-9999\r\n")
    with pytest.raises(
        BackupError, match=r"releases/2026-01-01-release-0001/ventures\.csv is missing or damaged"
    ):
        _verify_files(manifest, work)
