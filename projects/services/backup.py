"""Backups: the database, the retrieved article copies and the releases in one tar.gz with a manifest.

PostGIS is dumped with `pg_dump -Fc` and restored with `pg_restore`; SpatiaLite is copied with
SQLite's online backup API (a consistent copy even while the site writes). The manifest records row
counts of every table of ours and a sha256 of every file, and a restore refuses a non-empty
database, checks every sha256 before touching anything, and checks the counts afterwards.

The releases (RELEASES_ROOT) are published files people cite by their sha256: they cannot be rebuilt
from the database (a release shows the data as it was), so they are kept byte for byte, and restored
read-only as `release_create` writes them. A backup made before they were included restores as before.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.db import connections

MANIFEST_NAME = "manifest.json"
POSTGIS_DUMP_NAME = "database.pgdump"
SQLITE_DUMP_NAME = "database.sqlite3"
ARCHIVE_PREFIX = "archive"
RELEASES_PREFIX = "releases"
FORMAT_VERSION = 1
# Apps whose rows a restore must bring back, every table of them (history tables included).
COUNTED_APPS = ("projects", "auth", "authtoken")


class BackupError(Exception):
    """A backup or restore that cannot be done safely; the message says why and what to do."""


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict
    counts: dict[str, int]
    archive_files: int
    release_files: int = 0


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tool(name: str) -> str:
    """The full path of a PostgreSQL client program (Debian: postgresql-client)."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: apt-get install postgresql-client")
    return path


def _is_postgis(using: str) -> bool:
    return connections[using].vendor == "postgresql"


def _libpq_dsn(using: str) -> str:
    """A libpq connection URI for pg_dump/pg_restore, built from the Django connection settings."""
    params = connections[using].settings_dict
    user = quote(params.get("USER") or "", safe="")
    password = quote(params.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = params.get("HOST") or ""
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgresql://{auth}{quote(host, safe='')}{port}/{quote(params['NAME'], safe='')}"


def counted_models():
    """Every model whose rows a backup carries, history tables included, in a stable order."""
    models = [model for app in COUNTED_APPS for model in apps.get_app_config(app).get_models()]
    return sorted((m for m in models if not m._meta.proxy), key=lambda m: m._meta.label_lower)


def table_counts(using: str = "default") -> dict[str, int]:
    """Row counts per model label, e.g. {"projects.venture": 5, "projects.historicalventure": 12}."""
    return {
        model._meta.label_lower: model._default_manager.using(using).count() for model in counted_models()
    }


def summary_counts(counts: dict[str, int]) -> dict[str, int]:
    """The headline numbers a person checks first."""
    history = sum(n for label, n in counts.items() if label.startswith("projects.historical"))
    return {
        "ventures": counts.get("projects.venture", 0),
        "sources": counts.get("projects.sourcearticle", 0),
        "citations": counts.get("projects.citation", 0),
        "status_entries": counts.get("projects.statusentry", 0),
        "history_rows": history,
    }


def _dump_database(using: str, target: Path) -> None:
    connection = connections[using]
    if _is_postgis(using):
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", f"--file={target}"]
        result = subprocess.run(  # noqa: S603 — fixed argv, no shell
            [*command, _libpq_dsn(using)], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return
    if connection.vendor != "sqlite":
        raise BackupError(f"Backups support PostGIS and SpatiaLite, not {connection.vendor}.")
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent snapshot, even of an in-memory database.
        connection.connection.backup(destination)
    finally:
        destination.close()


def _tree_files(root: Path) -> list[dict]:
    """Every file under `root` (path relative to it, sha256, size); none when it does not exist."""
    if not root.is_dir():
        return []
    return [
        {"path": path.relative_to(root).as_posix(), "sha256": _sha256_file(path), "size": path.stat().st_size}
        for path in sorted(path for path in root.rglob("*") if path.is_file())
        # A release being written (release_create's staging folder) is not a release yet.
        if not any(part.startswith(".staging-") for part in path.relative_to(root).parts)
    ]


# Manifest key → (the setting of the folder, the prefix inside the tar, whether restored read-only).
FILE_TREES = {
    "archive_files": ("ARCHIVE_ROOT", ARCHIVE_PREFIX, False),
    "release_files": ("RELEASES_ROOT", RELEASES_PREFIX, True),
}


def backup_create(*, output: Path | None = None, using: str = "default") -> tuple[Path, dict]:
    """Write a backup tar.gz; returns its path and its manifest."""
    now = datetime.datetime.now(datetime.UTC)
    if output is None:
        output = Path(settings.BASE_DIR) / "backups" / f"jvtracker-{now:%Y%m%dT%H%M%SZ}.tar.gz"
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    postgis = _is_postgis(using)
    dump_name = POSTGIS_DUMP_NAME if postgis else SQLITE_DUMP_NAME
    with tempfile.TemporaryDirectory(prefix="jvtracker-backup-") as workdir:
        dump_path = Path(workdir) / dump_name
        # Counts first, then the dump: a write in between shows up as a count mismatch on restore
        # rather than passing unnoticed.
        counts = table_counts(using)
        _dump_database(using, dump_path)
        trees = {key: _tree_files(Path(getattr(settings, name))) for key, (name, _, _) in FILE_TREES.items()}
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "database": {
                "engine": "postgis" if postgis else "spatialite",
                "file": dump_name,
                "sha256": _sha256_file(dump_path),
            },
            "summary": summary_counts(counts),
            "counts": counts,
            **trees,
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            payload = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size = len(payload)
            info.mtime = int(now.timestamp())
            tar.addfile(info, io.BytesIO(payload))
            tar.add(dump_path, arcname=dump_name)
            for key, (name, prefix, _) in FILE_TREES.items():
                root = Path(getattr(settings, name))
                for entry in trees[key]:
                    tar.add(root / entry["path"], arcname=f"{prefix}/{entry['path']}")
        os.replace(partial, output)  # never leave a half-written backup under the final name
    return output, manifest


def _safe_member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise BackupError(f"Refusing a backup with an unsafe path inside: {name!r}")
    return path


def _extract(archive: Path, workdir: Path) -> dict:
    """Unpack regular files only, with checked paths; return the manifest."""
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            relative = _safe_member_path(member.name)
            if member.isdir():
                continue
            if not member.isfile():
                raise BackupError(f"Refusing a backup with a link or device inside: {member.name!r}")
            target = workdir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as source, target.open("wb") as sink:
                shutil.copyfileobj(source, sink)
    manifest_path = workdir / MANIFEST_NAME
    if not manifest_path.exists():
        raise BackupError("This file is not a jvtracker backup: it has no manifest.json.")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _verify_files(manifest: dict, workdir: Path) -> None:
    database = manifest["database"]
    if _sha256_file(workdir / database["file"]) != database["sha256"]:
        raise BackupError("The database dump does not match its sha256: the backup is damaged.")
    for key, (_, prefix, _) in FILE_TREES.items():
        for entry in manifest.get(key, []):
            path = workdir / prefix / _safe_member_path(entry["path"])
            if not path.is_file() or _sha256_file(path) != entry["sha256"]:
                raise BackupError(f"File {prefix}/{entry['path']} is missing or damaged in the backup.")


def _database_is_empty(using: str) -> bool:
    with connections[using].cursor() as cursor:
        tables = set(connections[using].introspection.table_names(cursor))
    ours = {"django_migrations"} | {model._meta.db_table for model in counted_models()}
    return not (tables & ours)


def _restore_database(manifest: dict, workdir: Path, using: str) -> None:
    connection = connections[using]
    engine = manifest["database"]["engine"]
    dump = workdir / manifest["database"]["file"]
    if engine == "postgis":
        if not _is_postgis(using):
            raise BackupError("This backup is of a PostGIS database: restore it into PostGIS.")
        connection.close()
        result = subprocess.run(  # noqa: S603 — fixed argv, no shell
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={_libpq_dsn(using)}",
                str(dump),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    if connection.vendor != "sqlite":
        raise BackupError("This backup is of a SpatiaLite database: restore it into SpatiaLite.")
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _restore_tree(manifest: dict, workdir: Path, key: str) -> int:
    """The files of one tree into its folder; a file already there must be the same, byte for byte."""
    name, prefix, read_only = FILE_TREES[key]
    root = Path(getattr(settings, name))
    entries = manifest.get(key, [])
    for entry in entries:
        relative = _safe_member_path(entry["path"])
        target = root / relative
        if target.exists():
            if _sha256_file(target) != entry["sha256"]:
                raise BackupError(f"{target} exists with other content; move it away and restore again.")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(workdir / prefix / relative, target)
        if read_only:
            target.chmod(0o444)
    return len(entries)


def backup_restore(*, archive: Path, using: str = "default") -> RestoreResult:
    """Restore a backup into an EMPTY database, ARCHIVE_ROOT and RELEASES_ROOT; verify every count
    afterwards."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No backup at {archive}.")
    if not _database_is_empty(using):
        raise BackupError(
            "Restore needs an empty database (no jvtracker tables, not even migrated): create a new "
            "one (createdb …, or a new SpatiaLite file) and point DATABASE_URL at it."
        )
    with tempfile.TemporaryDirectory(prefix="jvtracker-restore-") as name:
        workdir = Path(name)
        manifest = _extract(archive, workdir)
        _verify_files(manifest, workdir)
        _restore_database(manifest, workdir, using)
        archive_files = _restore_tree(manifest, workdir, "archive_files")
        release_files = _restore_tree(manifest, workdir, "release_files")
    counts = table_counts(using)
    missing = {
        label: (expected, counts.get(label))
        for label, expected in manifest["counts"].items()
        if counts.get(label) != expected
    }
    if missing:
        details = ", ".join(f"{label}: expected {exp}, found {got}" for label, (exp, got) in missing.items())
        raise BackupError(f"Restored database does not match the backup: {details}")
    return RestoreResult(
        manifest=manifest, counts=counts, archive_files=archive_files, release_files=release_files
    )
