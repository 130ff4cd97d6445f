"""Intake benchmark: matcher quality on the labelled set, and matcher / fetch speed.

    .venv/bin/python -m bench intake      (BENCH_DATABASE_URL, default postgis://…/jv_bench)

Prints precision and recall per category on tests/intake/fixtures/labelled (written for the tests in
English, Korean and Chinese), then the time to build the matcher from the database and to suggest on
the seed article (with however many ventures and organizations the bench database holds, e.g. the
API benchmark's 10,000), the phrase search alone per index (pyahocorasick), the articles built to
blow up the matcher (time and size of their suggestions), and the time to fetch + archive + extract + suggest one article served by a
local HTTP server; then the pre-read (bench/intake_preread.py). Figures are printed, never asserted.
"""

import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.api import _ensure_database, _setup_django

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "intake" / "fixtures" / "labelled"
SEED = ROOT / "projects" / "data" / "seed_article.txt"
PAGE = ROOT / "tests" / "intake" / "fixtures" / "good_article.html"


def _timed(function, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def _serve(body: bytes):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run():
    _setup_django()
    _ensure_database()
    from django.conf import settings

    from projects.ingest.evaluate import evaluate, format_report
    from projects.ingest.match import Matcher
    from projects.models import FetchStatus, Organization, Province, SourceArticle, Venture
    from projects.services.geo import gazetteer_load, provinces_load
    from projects.services.sources import source_fetch

    if not Province.objects.exists():
        provinces_load()
        gazetteer_load()

    print(format_report(evaluate(LABELLED)))

    print(f"\ndatabase: {Venture.objects.count()} ventures, {Organization.objects.count()} organizations")
    median, p95 = _timed(Matcher.from_database, 5)
    print(f"build matcher from the database: median {median:.1f} ms, p95 {p95:.1f} ms")
    matcher = Matcher.from_database()
    text = SEED.read_text(encoding="utf-8")
    median, p95 = _timed(lambda: matcher.suggest(text), 20)
    print(f"suggest on the seed article ({len(text)} chars): median {median:.1f} ms, p95 {p95:.1f} ms")
    _phrase_search(matcher, text)
    _hostile_articles(matcher)

    server = _serve(PAGE.read_bytes())
    url = f"http://127.0.0.1:{server.server_address[1]}/bench-article"
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True  # the bench serves its page on 127.0.0.1
    settings.ARCHIVE_ROOT = Path(tempfile.mkdtemp(prefix="jv-bench-archive-"))
    source, _ = SourceArticle.objects.get_or_create(url=url, defaults={"fetch_status": FetchStatus.QUEUED})
    try:
        median, p95 = _timed(lambda: source_fetch(source=source, force=True), 10)
        print(f"fetch + archive + extract + suggest (local server): median {median:.1f} ms, p95 {p95:.1f} ms")
    finally:
        source.delete()
        server.shutdown()

    from bench import intake_preread

    intake_preread.measure()


def _phrase_search(matcher, text: str):
    """The phrase search alone (pyahocorasick), per index, on the seed article; the names indexed."""
    from projects.ingest.match import fold

    folded = fold(text)
    for label, index in (
        ("gazetteer", matcher.gazetteer),
        ("organizations", matcher.organizations),
        ("venture names", matcher.venture_names),
    ):
        hits = len(list(index.finditer(folded)))
        median, p95 = _timed(lambda index=index: list(index.finditer(folded)), 50)
        print(
            f"  phrase search, {label} ({len(index.values)} names, {hits} hits): "
            f"median {median:.2f} ms, p95 {p95:.2f} ms"
        )


def _hostile_articles(matcher):
    """Articles built to blow up the matcher (tests/intake/test_match_bounds.py): size and time."""
    import json

    from tests.intake.test_match_bounds import short_paragraphs, text_without_sentence_breaks

    for label, text in (
        ("60 kB without sentence breaks", text_without_sentence_breaks(60_000)),
        ("200,000 short paragraphs", short_paragraphs(200_000)),
    ):
        suggestions = matcher.suggest(text)
        size = len(json.dumps(suggestions, ensure_ascii=False).encode())
        median, _p95 = _timed(lambda text=text: matcher.suggest(text), 3)
        print(
            f"suggest on {label} ({len(text):,} chars): median {median:.0f} ms, {size:,} bytes of "
            f"suggestions, {len(suggestions['mentions'])} mentions, "
            f"{len(suggestions['organizations'])} organizations, truncated {suggestions['truncated']}"
        )
