"""`manage.py import_ftm FILE [--dry-run]`: organizations, partner roles and designations from
FollowTheMoney entities, one per line (projects/services/ftm_import.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.services.ftm_import import FtMImportError, ftm_import


class Command(BaseCommand):
    help = (
        "Import FollowTheMoney entities (.ftm.json, one per line): Company/Organization/LegalEntity as "
        "organizations (linked to an existing one when it matches), Ownership/ProjectParticipant as "
        "partner roles of existing ventures, Sanction as designations. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; keep nothing.")

    def handle(self, *args, file: Path, dry_run=False, **options):
        try:
            with file.open("rb") as lines:
                report = ftm_import(lines=lines, user=None, dry_run=dry_run)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror or error}") from None
        except FtMImportError as error:
            raise CommandError(f"{file}, {error} — nothing was imported.") from None
        write = self.stdout.write
        prefix = "Would import" if dry_run else "Imported"
        write(
            f"{prefix}: {len(report.created)} organizations created, {len(report.linked)} linked to existing "
            f"ones, {len(report.partners_created)} partner roles added ({report.partners_existing} already "
            f"there), {report.designations_added} designations added, {len(report.skipped)} skipped."
        )
        for item in report.linked:
            write(
                f"  linked   line {item['line']}: {item['name']} → organization {item['organization']} ({item['why']})"
            )
        for item in report.created:
            write(f"  created  line {item['line']}: {item['name']} (organization {item['organization']})")
        for item in report.skipped:
            write(f"  skipped  line {item['line']}: {item['id']}: {item['why']}")
        if report.ignored:
            write("  ignored: " + ", ".join(f"{n} {schema}" for schema, n in sorted(report.ignored.items())))
        if dry_run:
            write("Dry run: nothing was kept.")
