"""Print the intake suggestions for an article (a file path, a URL, or “-” for standard input) as JSON."""

import datetime
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.ingest.extract import Extracted, extract_html, extract_page
from projects.ingest.fetch import FetchError, fetch_url
from projects.ingest.preread import suggestions_with_ventures


class Command(BaseCommand):
    help = (
        "Print suggestions (places with their sentence, sectors, forms, organizations, candidate "
        "ventures) for PATH_OR_URL as JSON, with the pre-read's proposed `ventures` (partners, "
        "stakes, investment, status and date, each with its sentence) and the article's `language`. "
        "A URL is fetched with the careful fetcher, not saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("path_or_url")
        parser.add_argument("--compact", action="store_true", help="One line of JSON.")
        parser.add_argument(
            "--published-on",
            help="The article's publication date (YYYY-MM-DD), against which “last month” is read; "
            "default: the date an HTML page gives, else none.",
        )

    def handle(self, *args, path_or_url: str, compact: bool, published_on: str | None, **options):
        page = _read(path_or_url)
        if published_on:
            try:
                page.published_on = datetime.date.fromisoformat(published_on)
            except ValueError:
                raise CommandError(f"--published-on: {published_on!r} is not a date (YYYY-MM-DD).") from None
        # What the intake stores for an article: the matcher's suggestions as before, plus the
        # detected `language` and the proposed `ventures`.
        result = suggestions_with_ventures(
            page.text, title=page.title, published_on=page.published_on, language=page.language
        )
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=None if compact else 2))


def _read(path_or_url: str) -> Extracted:
    if path_or_url.startswith(("http://", "https://")):
        try:
            page = fetch_url(path_or_url)
        except FetchError as error:
            raise CommandError(f"Could not fetch {path_or_url}: {error.reason}") from None
        return extract_page(page)
    if path_or_url == "-":
        return Extracted(text=sys.stdin.read())
    path = Path(path_or_url)
    if not path.is_file():
        raise CommandError(f"No such file: {path_or_url}")
    raw = path.read_bytes()
    if path.suffix.lower() in (".html", ".htm"):
        return extract_html(raw)
    return Extracted(text=raw.decode("utf-8", errors="replace"))
