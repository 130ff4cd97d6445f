from django.core.management.base import BaseCommand

from projects.services.geo import gazetteer_load, provinces_load


class Command(BaseCommand):
    help = "Load (or refresh) the provinces and the gazetteer shipped in projects/data/. Idempotent."

    def handle(self, *args, **options):
        provinces = provinces_load()
        places = gazetteer_load()
        self.stdout.write(self.style.SUCCESS(f"{provinces} provinces, {places} places loaded."))
