"""Measure the pre-read on a labelled set of articles: precision, recall and F1 per field and language."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from projects.ingest.evaluate import LabelledSetError, evaluate_preread, format_preread_report
from projects.models import Province

# The project's own set, written for the tests; the real articles are beside the checkout, never in it.
OWN_SET = Path("tests") / "intake" / "articles"
SHARED_SET = Path("..") / "shared" / "articles"


class Command(BaseCommand):
    help = (
        "Run the pre-read on every article of DIR (a directory with labels.json, in the format of "
        "../shared/articles; default: the project's own set, tests/intake/articles) and print "
        "precision, recall and F1 per field and per language, the share of articles whose status "
        "is right, and the ventures proposed on articles that report none."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="Default: tests/intake/articles.")
        parser.add_argument(
            "--shared", action="store_true", help="Evaluate ../shared/articles (beside the checkout)."
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the whole report as JSON."
        )
        parser.add_argument("--no-errors", action="store_true", help="Tables only, not what was wrong.")

    def handle(self, *args, directory, shared, as_json: bool, no_errors: bool, **options):
        if directory and shared:
            raise CommandError("Give DIR or --shared, not both.")
        if shared:
            path = (Path(settings.BASE_DIR) / SHARED_SET).resolve()
            if not path.is_dir():
                raise CommandError(
                    f"The shared set of real articles is not there: {path} does not exist. It lives "
                    "beside the checkout (../shared/articles) and is never copied into the repository; "
                    "pass its path as DIR if it is elsewhere."
                )
        else:
            path = Path(directory) if directory else Path(settings.BASE_DIR) / OWN_SET
        if not Province.objects.exists():
            raise CommandError("The gazetteer is not loaded: run `manage.py load_geo` first.")
        try:
            report = evaluate_preread(path)
        except LabelledSetError as error:
            raise CommandError(str(error)) from None
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_preread_report(report, errors=not no_errors))
