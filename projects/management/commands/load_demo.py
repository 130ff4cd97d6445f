from django.core.management import call_command
from django.core.management.base import BaseCommand

from projects.models import Province
from projects.services.demo import demo_load


class Command(BaseCommand):
    help = "Load the five ventures of the seed article, each cited to it. Idempotent."

    def handle(self, *args, **options):
        if not Province.objects.exists():
            call_command("load_geo", stdout=self.stdout)
        created = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({created} ventures created)."))
