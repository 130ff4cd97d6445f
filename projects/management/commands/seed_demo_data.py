"""`manage.py seed_demo_data --ventures N`: add N synthetic published ventures (non-destructive)."""

from django.core.management.base import BaseCommand, CommandError

from projects.services.demo_seed import MAX_COUNT, seed_demo_ventures


class Command(BaseCommand):
    help = (
        "Add N synthetic published ventures spread around the gazetteer's places (inside North Korea), "
        "with partners, status entries and citations. Adds only: nothing existing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ventures", type=int, required=True, help=f"how many to add (1 to {MAX_COUNT})")
        parser.add_argument("--seed", type=int, default=20251001, help="random seed (same seed, same data)")

    def handle(self, *args, ventures, seed, **options):
        try:
            added = seed_demo_ventures(count=ventures, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"{added} synthetic ventures added."))
