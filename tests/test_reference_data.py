"""The shipped reference dataset, loaded through the importer as published reference ventures."""

import json

import pytest
from django.core.management import call_command

from projects.models import (
    Citation,
    ImportLog,
    Organization,
    PublicationState,
    Reliability,
    SourceArticle,
    StatusEntry,
    Venture,
    VenturePartner,
)
from projects.services.imports import REFERENCE_PATH

pytestmark = pytest.mark.usefixtures("geo")
DATA = json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))


def state():
    return (
        Venture.objects.count(),
        VenturePartner.objects.count(),
        StatusEntry.objects.count(),
        Citation.objects.count(),
        SourceArticle.objects.count(),
        Organization.objects.count(),
        list(Venture.objects.order_by("pk").values_list("version", "updated_at")),
    )


@pytest.fixture
def loaded(db):
    call_command("load_reference")
    return Venture.objects.filter(is_reference=True)


def test_the_copy_in_the_project_has_the_counts_its_readme_states():
    readme = (REFERENCE_PATH.parent / "README.md").read_text(encoding="utf-8")
    assert "**36 ventures**" in readme and "73 dated status entries, 81 partners" in readme
    assert len(DATA) == 36
    assert sum(len(v["partners"]) for v in DATA) == 81
    assert sum(len(v["status_history"]) for v in DATA) == 73  # 10 of them undated
    assert sum(len(v["sources"]) for v in DATA) == 122


def test_it_loads_36_published_reference_ventures_with_their_parts(loaded):
    assert loaded.count() == 36
    assert set(loaded.values_list("publication_state", flat=True)) == {PublicationState.PUBLISHED}
    assert VenturePartner.objects.filter(venture__in=loaded).count() == 81
    assert StatusEntry.objects.filter(venture__in=loaded).count() == 73
    assert (
        StatusEntry.objects.filter(venture__in=loaded, date__isnull=True, date_precision="unknown").count()
        == 10
    )
    assert Citation.objects.filter(venture__in=loaded).count() == 122
    assert SourceArticle.objects.count() == len({s["url"] for v in DATA for s in v["sources"]}) == 108


def test_every_fact_is_kept_as_given(loaded):
    assert loaded.filter(province__isnull=True).count() == 5
    assert set(loaded.filter(province__isnull=True).values_list("location_precision", flat=True)) == {
        "unknown"
    }
    assert not loaded.filter(location__isnull=False).exists()  # no coordinates invented
    for item in DATA:
        venture = loaded.get(name=item["name"])
        assert (venture.province.code if venture.province else None) == item["province"]
        assert venture.sector == item["sector"]
        if item["location_precision"]:
            assert venture.location_precision == item["location_precision"]
        entries = [(e.status, e.date_precision) for e in venture.status_entries.order_by("id")]
        assert entries == [(s["status"], s["date_precision"]) for s in item["status_history"]]
        stakes = sorted(float(p.stake_percent) for p in venture.partners.all() if p.stake_percent is not None)
        assert stakes == sorted(float(p["stake"]) for p in item["partners"] if p["stake"] is not None)


def test_claims_are_citation_summaries_never_quotes(loaded):
    citations = Citation.objects.filter(venture__in=loaded)
    assert not citations.exclude(quote="").exists()
    claims = {s["claim"] for v in DATA for s in v["sources"]}
    assert set(citations.values_list("summary", flat=True)) == claims


def test_sources_keep_publisher_date_and_language_and_are_not_graded(loaded):
    item = DATA[0]["sources"][0]
    source = SourceArticle.objects.get(publisher=item["publisher"], published_on=item["published_on"])
    assert source.language == item["language"]
    assert set(SourceArticle.objects.values_list("reliability", flat=True)) == {Reliability.UNASSESSED}


def test_single_original_report_notes_feed_the_flag(loaded):
    flagged = [v for v in loaded if v.single_original_report]
    assert len(flagged) == 13 == sum("SINGLE ORIGINAL REPORT" in (v["notes"] or "") for v in DATA)


def test_partners_are_organizations_matched_by_the_duplicate_rules(loaded):
    names = {p["name"] for v in DATA for p in v["partners"]}
    organizations = Organization.objects.count()
    assert organizations < len(names)  # "Chuangli Group (Dalian)" and "… (Dalian, Liaoning)" are one
    jilin = VenturePartner.objects.filter(organization__name__startswith="Liaoning Provincial Government")
    assert not jilin.filter(organization__name__startswith="Jilin").exists()


def test_a_second_load_changes_nothing(loaded):
    before = state()
    logs = ImportLog.objects.count()

    call_command("load_reference")

    assert state() == before
    assert ImportLog.objects.count() == logs == 1


def test_the_public_sees_them_with_the_province_unknown_ones_listed(client, loaded):
    rows = client.get("/api/v1/ventures/?page_size=100").json()["results"]

    assert len(rows) == 36
    assert sum(1 for r in rows if r["province"] is None) == 5
