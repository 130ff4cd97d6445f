"""Fetching sources from a local web server: every page ends in the right state, with its reason."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings

from projects.ingest.fetch import FetchError, fetch_url
from projects.models import FetchStatus, LinkStatus, SourceArticle, SourceSnapshot
from projects.services.sources import source_fetch


@pytest.fixture
def queued(db, site):
    def make(path: str) -> SourceArticle:
        return SourceArticle.objects.create(url=site.url(path), fetch_status=FetchStatus.QUEUED)

    return make


def test_a_good_article_is_fetched_extracted_archived_and_suggested(geo, site, queued):
    source = queued("/good")

    outcome = source_fetch(source=source)

    source.refresh_from_db()
    assert outcome.outcome == "fetched"
    assert source.fetch_status == FetchStatus.FETCHED
    assert source.fetch_error == ""
    assert source.fetch_attempts == 1
    assert source.title == "Chinese investors restart mine in Uiju"
    assert source.publisher == "Border Report"
    assert source.author == "Kim Min-ji"
    assert str(source.published_on) == "2025-10-03"
    assert source.language == "en"
    assert "Tokhyon Mine" in source.text
    assert source.retrieved_at is not None
    assert source.link_status == LinkStatus.OK

    snapshot = source.snapshots.get()
    assert snapshot.sha256 == hashlib.sha256(site.good).hexdigest()
    assert snapshot.http_status == 200
    assert snapshot.content_type == "text/html"
    assert snapshot.size_bytes == len(site.good)
    assert snapshot.final_url == site.url("/good")
    archived = Path(settings.ARCHIVE_ROOT) / snapshot.archive_path
    assert archived.name.startswith(snapshot.sha256)
    assert archived.read_bytes() == site.good

    places = {m["name"] for m in source.suggestions.data["mentions"]}
    assert {"Uiju", "Tokhyon Mine", "Hyongjesan District"} <= places
    assert site.user_agents == [settings.FETCH_USER_AGENT]


def test_a_fetched_source_is_not_fetched_again_unless_forced(geo, site, queued):
    source = queued("/good")
    source_fetch(source=source)
    source.refresh_from_db()

    assert source_fetch(source=source).outcome == "skipped"
    assert site.hits["/good"] == 1
    # Forced, with the same content: no second copy.
    assert source_fetch(source=source, force=True).outcome == "unchanged"
    assert source.snapshots.count() == 1


def test_refetching_changed_content_keeps_the_earlier_copy(geo, site, queued):
    source = queued("/changing")
    source_fetch(source=source)
    first = source.snapshots.get()
    site.pages["/changing"] = (200, "text/html", site.good.replace(b"Uiju county", b"Sinuiju city"))

    assert source_fetch(source=source, force=True).outcome == "fetched"

    source.refresh_from_db()
    assert source.snapshots.count() == 2
    assert SourceSnapshot.objects.filter(pk=first.pk).exists()
    assert (Path(settings.ARCHIVE_ROOT) / first.archive_path).exists()
    assert "Sinuiju city" in source.text


def test_editor_corrections_to_metadata_survive_a_refetch(geo, site, queued):
    source = queued("/good")
    source.title = "Title set by an editor"
    source.save()

    source_fetch(source=source)

    source.refresh_from_db()
    assert source.title == "Title set by an editor"
    assert source.publisher == "Border Report"


def test_plain_text_is_accepted(geo, site, queued):
    source = queued("/plain.txt")
    assert source_fetch(source=source).outcome == "fetched"
    source.refresh_from_db()
    assert source.title == "Songchon county farm"
    assert source.snapshots.get().content_type == "text/plain"


@pytest.mark.parametrize(
    ("path", "reason", "retryable"),
    [
        ("/missing", "HTTP 404", False),
        ("/error", "HTTP 503", True),
        ("/slow", "Timed out", True),
        ("/big", "Too large", False),
        ("/doc.pdf", "application/pdf is not fetched", False),
        ("/loop-a", "Redirect loop", False),
    ],
)
def test_a_failed_fetch_is_recorded_with_its_reason(db, site, queued, settings, path, reason, retryable):
    settings.FETCH_TIMEOUT = 0.5
    settings.FETCH_MAX_BYTES = 50_000
    source = queued(path)

    outcome = source_fetch(source=source)

    source.refresh_from_db()
    assert outcome.outcome == "failed"
    assert outcome.retryable is retryable
    assert source.fetch_status == FetchStatus.FAILED
    assert reason in source.fetch_error
    assert source.fetch_attempts == 1
    assert source.snapshots.count() == 0


def test_a_refused_connection_is_a_retryable_failure(db):
    source = SourceArticle.objects.create(url="http://127.0.0.1:1/article", fetch_status=FetchStatus.QUEUED)

    outcome = source_fetch(source=source)

    source.refresh_from_db()
    assert outcome.retryable is True
    assert source.fetch_status == FetchStatus.FAILED
    assert "Connection failed" in source.fetch_error


def test_a_failed_source_can_succeed_later_and_counts_its_attempts(geo, site, queued):
    source = queued("/flaky")
    source_fetch(source=source)
    site.pages["/flaky"] = (200, "text/html", site.good)

    assert source_fetch(source=source).outcome == "fetched"
    source.refresh_from_db()
    assert source.fetch_status == FetchStatus.FETCHED
    assert source.fetch_error == ""
    assert source.fetch_attempts == 2


def test_redirects_are_followed_up_to_the_limit(site, settings):
    page = fetch_url(site.url("/moved"))
    assert page.final_url == site.url("/good")

    settings.FETCH_MAX_REDIRECTS = 0
    with pytest.raises(FetchError, match="More than 0 redirects"):
        fetch_url(site.url("/moved"))


def test_only_http_and_https_are_fetched():
    with pytest.raises(FetchError, match="Unsupported URL scheme"):
        fetch_url("file:///etc/passwd")


def test_the_servers_own_network_is_not_fetched(site, settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False

    for url in (site.url("/good"), "http://localhost:6379/", "http://169.254.169.254/latest/meta-data/"):
        with pytest.raises(FetchError, match="non-public address") as error:
            fetch_url(url)
        assert error.value.retryable is False
    assert site.hits == {}


@pytest.mark.parametrize("path", ["/trickle", "/trickle-no-length"])
def test_a_server_trickling_bytes_is_cut_at_the_fetch_deadline(db, site, queued, settings, path):
    # Every byte comes well within the read timeout; only the overall deadline (3 × 0.5 s) ends it.
    settings.FETCH_TIMEOUT = 0.5
    site.trickle_seconds = 0.2
    source = queued(path)

    outcome = source_fetch(source=source)

    source.refresh_from_db()
    assert outcome.outcome == "failed"
    assert outcome.retryable is True
    assert source.fetch_status == FetchStatus.FAILED
    assert "deadline" in source.fetch_error
    assert source.snapshots.count() == 0  # a truncated body is not kept as the article


def test_a_plain_text_article_with_nul_bytes_is_stored_without_them(geo, site, queued):
    site.pages["/nul.txt"] = (200, "text/plain", b"Songchon\x00 county farm\n\nA farm\x00 with\x00 NULs.")
    source = queued("/nul.txt")

    assert source_fetch(source=source).outcome == "fetched"

    source.refresh_from_db()
    assert source.title == "Songchon county farm"
    assert source.text == "Songchon county farm\n\nA farm with NULs."
    assert "\x00" not in source.snapshots.get().text
