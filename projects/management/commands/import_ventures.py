from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from projects.services.imports import ImportRefused, import_file


class Command(BaseCommand):
    help = (
        "Import ventures from a CSV or XLSX file (columns: docs/import.md). Shows what would be created, "
        "updated or skipped and why; with --dry-run nothing is written. New ventures arrive as drafts."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Show the plan; write nothing.")
        parser.add_argument("--user", help="Username the import is made (and logged) as.")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help="Map a file column to an import column (repeatable); FIELD empty ignores the column.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']}.")
        mapping = {}
        for item in options["map"]:
            column, sep, target = item.partition("=")
            if not sep:
                raise CommandError(f"--map {item}: give COLUMN=FIELD.")
            mapping[column] = target
        try:
            plan, log = import_file(
                content=path.read_bytes(),
                filename=path.name,
                user=user,
                dry_run=options["dry_run"],
                mapping=mapping,
            )
        except ImportRefused as error:
            plan, log = error.plan, None
        for row in plan.rows:
            if row.action != "create" or options["verbosity"] > 1:
                self.stdout.write(
                    f"row {row.record.row}: {row.action}" + (f" — {row.reason}" if row.reason else "")
                )
        for column in plan.ignored_columns:
            self.stdout.write(f"column “{column}” ignored (no import column of that name; use --map)")
        counts = plan.counts()
        summary = (
            f"{counts['create']} to create, {counts['update']} to update, {counts['unchanged']} unchanged, "
            f"{counts['skip']} skipped ({counts['duplicates']} likely duplicates), {counts['error']} with errors"
        )
        if plan.problems:
            for problem in plan.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing imported: {len(plan.problems)} problem(s). {summary}.")
        if options["dry_run"]:
            self.stdout.write(self.style.SUCCESS(f"Dry run, nothing written: {summary}."))
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Imported: {summary}." + (f" Log #{log.pk}." if log else ""))
            )
