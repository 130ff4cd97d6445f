"""`make restore BACKUP=…`: restore a backup into an EMPTY database and check every count."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.services.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database and ARCHIVE_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The backup tar.gz.")

    def handle(self, *args, archive, **options):
        try:
            result = backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(result.manifest["summary"], sort_keys=True))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive}: every table's row count matches the manifest; "
                f"{result.archive_files} archived copies and {result.release_files} release files in place."
            )
        )
