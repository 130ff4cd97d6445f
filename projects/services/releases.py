"""Writes of releases: a dated, numbered, immutable snapshot of what is published.

A release is a folder under RELEASES_ROOT (`2026-12-02-release-0003/`) with the data files of
`projects.selectors.releases.build_snapshot` (CSV, XLSX, GeoJSON, FollowTheMoney), `changelog.json`
(against the previous release) and the Frictionless descriptor `datapackage.json` (schema, licence,
sources, counts, sha256 of every file), and a `Release` row recording the same. Files are written to
a temporary folder and renamed into place, read-only; the row is never changed afterwards.

When nothing published changed since the latest release (the same data files, byte for byte), no
release is made: the latest one still describes the data.
"""

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import Release
from projects.permissions import can_publish
from projects.selectors.releases import (
    CHANGELOG,
    DATA_FILES,
    DESCRIPTOR,
    build_snapshot,
    changelog,
    datapackage_descriptor,
    dumps_descriptor,
    file_sha256s,
)
from projects.services.enqueue import enqueue

MAKE_RELEASE_TASK = "projects.tasks.make_release"


@dataclass
class ReleaseResult:
    release: Release
    created: bool  # False: nothing changed since `release`, which is the latest


def release_path(release: Release) -> Path:
    return Path(settings.RELEASES_ROOT) / release.folder


def _write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """All files into `folder` at once: written beside it, then renamed into place, read-only."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder.parent))
    staging.chmod(0o755)  # readable by the web server, as the files are
    try:
        for name, body in files.items():
            (staging / name).write_bytes(body)
            (staging / name).chmod(0o444)
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _copy_to(release: Release, output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    source = release_path(release)
    for name in release.sha256s:
        shutil.copyfile(source / name, output / name)


def release_create(*, user=None, output: Path | None = None) -> ReleaseResult:
    """Make the next release of what is published (`user=None`: a trusted system caller, e.g. the
    command), unless nothing changed since the latest. With `output`, the release's files are also
    copied there (e.g. to deposit them elsewhere).

    On PostgreSQL the files are read in one REPEATABLE READ transaction, so all of them show the same
    moment even while editors save (inside an outer transaction, that one's isolation applies)."""
    if user is not None and not can_publish(user):
        raise PermissionDenied(_("Only reviewers make releases."))
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return _release_create(user=user, output=output)


def _release_create(*, user, output: Path | None) -> ReleaseResult:
    previous = Release.objects.select_for_update().order_by("-number").first()
    snapshot = build_snapshot()
    sha256s = file_sha256s(snapshot.files)
    if previous is not None and all(previous.sha256s.get(name) == sha256s[name] for name in DATA_FILES):
        if output is not None:
            _copy_to(previous, output)
        return ReleaseResult(release=previous, created=False)
    number = previous.number + 1 if previous else 1
    created_at = timezone.now().replace(microsecond=0)
    log = changelog(previous.manifest if previous else None, snapshot.manifest)
    files = dict(snapshot.files)
    files[CHANGELOG] = dumps_descriptor(
        {"release": number, "previous_release": previous.number if previous else None, **log}
    )
    descriptor = datapackage_descriptor(
        release_number=number,
        created_at=created_at,
        files=files,
        counts=snapshot.counts,
        sources=snapshot.sources,
    )
    files[DESCRIPTOR] = dumps_descriptor(descriptor)
    release = Release(
        number=number,
        created_at=created_at,
        created_by=user,
        folder=f"{created_at:%Y-%m-%d}-release-{number:04d}",
        counts=snapshot.counts,
        sha256s=file_sha256s(files),
        sizes={name: len(body) for name, body in files.items()},
        changelog=log,
        manifest=snapshot.manifest,
    )
    release.full_clean()
    folder = release_path(release)
    _write_folder(folder, files)
    try:
        release.save()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if output is not None:
        _copy_to(release, output)
    return ReleaseResult(release=release, created=True)


def release_enqueue(*, user) -> None:
    """Have a worker make the next release as `user` (a reviewer); EnqueueError without a broker
    reachable. Without a broker configured (development) it runs in-process."""
    if not can_publish(user):
        raise PermissionDenied(_("Only reviewers make releases."))
    enqueue(MAKE_RELEASE_TASK, user.pk)
