"""Migration 0005: stored URLs re-normalised; two rows for one article become one, no citation lost."""

import importlib

from django.apps import apps

from projects.models import Citation, SourceArticle, SourceSnapshot, StatusEntry
from tests.factories import SourceArticleFactory, make_venture

migration = importlib.import_module("projects.migrations.0005_renormalize_source_urls")


def _run():
    lines = []
    migration.renormalize_source_urls(apps, report=lines.append)
    return lines


def _snapshot(source, sha256):
    return SourceSnapshot.objects.create(
        source=source,
        retrieved_at="2025-10-01T00:00:00Z",
        final_url=source.url,
        http_status=200,
        content_type="text/html",
        sha256=sha256,
        archive_path=f"{sha256[:2]}/{sha256}.html",
        size_bytes=1,
    )


def test_rows_for_one_article_are_merged_with_their_citations_and_copies(geo):
    # Stored before the canonicaliser: create() does not normalise.
    first = SourceArticleFactory(url="https://example.org/%7Ekim/mine report", title="")
    second = SourceArticleFactory(url="https://example.org/~kim/mine%20report", title="Mine report")
    one = make_venture(name="Musan mine", source=first)
    two = make_venture(name="Hyesan mine", source=second)
    _snapshot(first, "a" * 64)
    _snapshot(second, "a" * 64)
    _snapshot(second, "b" * 64)

    lines = _run()

    kept = SourceArticle.objects.get()
    assert kept.pk == second.pk  # it already held the canonical URL
    assert kept.url == "https://example.org/~kim/mine%20report"
    assert kept.title == "Mine report"
    assert set(Citation.objects.values_list("venture", "source")) == {(one.pk, kept.pk), (two.pk, kept.pk)}
    assert set(StatusEntry.objects.values_list("source", flat=True)) == {kept.pk}
    assert sorted(kept.snapshots.values_list("sha256", flat=True)) == ["a" * 64, "b" * 64]
    assert any(f"#{first.pk}" in line and "merged" in line for line in lines)


def test_a_url_normalised_alone_is_updated_and_a_refused_one_is_kept(db):
    idna = SourceArticleFactory(url="https://Bücher.de/a/")
    refused = SourceArticleFactory(url="http://example.org:70000/a")

    lines = _run()

    idna.refresh_from_db()
    refused.refresh_from_db()
    assert idna.url == "https://xn--bcher-kva.de/a"
    assert refused.url == "http://example.org:70000/a"
    assert any(f"#{refused.pk}" in line and "kept" in line for line in lines)


def test_already_normalised_urls_are_left_alone(db):
    source = SourceArticleFactory(url="https://example.org/a")
    assert _run() == []
    source.refresh_from_db()
    assert source.url == "https://example.org/a"
