"""`make backup`: the database, the retrieved article copies and the releases in one tar.gz with a manifest."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.services.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump or a SQLite online copy), ARCHIVE_ROOT and RELEASES_ROOT into one tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the tar.gz (default: backups/jvtracker-<time>.tar.gz).",
        )

    def handle(self, *args, output=None, **options):
        try:
            path, manifest = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(manifest["summary"], sort_keys=True))
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {path} ({manifest['database']['engine']}, "
                f"{len(manifest['archive_files'])} archived copies, "
                f"{len(manifest['release_files'])} release files)."
            )
        )
