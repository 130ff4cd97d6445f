"""Print the intake suggestions for an article (a file path, a URL, or “-” for standard input) as JSON."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.ingest.extract import extract_html, extract_page
from projects.ingest.fetch import FetchError, fetch_url
from projects.ingest.match import suggest


class Command(BaseCommand):
    help = (
        "Print suggestions (places with their sentence, sectors, forms, organizations, candidate "
        "ventures) for PATH_OR_URL as JSON. A URL is fetched with the careful fetcher, not saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("path_or_url")
        parser.add_argument("--compact", action="store_true", help="One line of JSON.")

    def handle(self, *args, path_or_url: str, compact: bool, **options):
        if path_or_url.startswith(("http://", "https://")):
            try:
                page = fetch_url(path_or_url)
            except FetchError as error:
                raise CommandError(f"Could not fetch {path_or_url}: {error.reason}") from None
            extracted = extract_page(page)
            text = "\n\n".join(part for part in (extracted.title, extracted.text) if part)
        elif path_or_url == "-":
            text = sys.stdin.read()
        else:
            path = Path(path_or_url)
            if not path.is_file():
                raise CommandError(f"No such file: {path_or_url}")
            raw = path.read_bytes()
            if path.suffix.lower() in (".html", ".htm"):
                extracted = extract_html(raw)
                text = "\n\n".join(part for part in (extracted.title, extracted.text) if part)
            else:
                text = raw.decode("utf-8", errors="replace")
        result = suggest(text)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=None if compact else 2))
