from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from projects.models import Province
from projects.services.imports import ImportRefused, reference_load


class Command(BaseCommand):
    help = (
        "Load the reference dataset (projects/data/reference/ventures.json) through the importer as "
        "published reference ventures. Idempotent: a second run changes nothing."
    )

    def handle(self, *args, **options):
        if not Province.objects.exists():
            call_command("load_geo", stdout=self.stdout)
        try:
            plan, log = reference_load()
        except ImportRefused as error:
            raise CommandError("\n".join(str(p) for p in error.plan.problems)) from None
        counts = plan.counts()
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data loaded: {counts['create']} ventures created, {counts['update']} updated, "
                f"{counts['unchanged']} unchanged"
                + (
                    f" ({log.counts['partners']} partners, {log.counts['statuses']} status entries, "
                    f"{log.counts['citations']} citations)."
                    if log
                    else "."
                )
            )
        )
