"""The small things seen in issue 11: counts that stay right on a re-run, the queue's wording, money
written by locale and currency, names in breadcrumbs, a confirmation before triage, and synthetic
ventures that only add and stay inside North Korea."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from projects.models import Province, PublicationState, Venture
from projects.services.sources import suggestions_refresh
from tests.factories import make_venture

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_geo_counts_13_provinces_on_every_run(db):
    assert "13 provinces" in _run("load_geo")
    assert "13 provinces" in _run("load_geo")
    assert Province.objects.count() == 13


def test_the_triage_queue_counts_articles(editor_client, geo):
    html = editor_client.get(reverse("admin:projects_triagearticle_changelist")).text
    assert "0 articles to triage" in html and "0 triage queue" not in html


def test_marking_as_triaged_asks_first(editor_client, geo):
    from projects.models import FetchStatus, SourceArticle

    source = SourceArticle.objects.create(
        url="https://example.org/a",
        title="An article",
        text="Nothing here.",
        fetch_status=FetchStatus.FETCHED,
    )
    suggestions_refresh(source=source)
    html = editor_client.get(reverse("admin:projects_triagearticle_change", args=[source.pk])).text
    confirm = html[html.index('<details class="triage-confirm">') :]
    confirm = confirm[: confirm.index("</details>")]
    assert "Mark as triaged…" in confirm and "Yes, mark as triaged" in confirm and 'value="done"' in confirm


def test_an_investment_is_written_by_locale_and_currency(client, geo):
    venture = make_venture(
        name="Sinuiju cosmetics", investment_amount=Decimal("12000000.00"), investment_currency="CNY"
    )
    html = client.get(reverse("projects:venture-detail", args=[venture.public_id])).text
    assert "CNY 12 million" in html
    assert "12000000.00" not in html


def test_breadcrumbs_name_the_province(client, geo):
    html = client.get(reverse("projects:province-detail", args=["KP-03"])).text
    assert "› North Pyongan</p>" in html and "› KP-03" not in html


class TestSeedDemoData:
    def test_adds_ventures_without_touching_what_exists(self, geo):
        mine = make_venture(name="An editor's venture", province_code="KP-03")
        before = Venture.objects.get(pk=mine.pk)
        out = _run("seed_demo_data", "--ventures", "60")
        assert "60 synthetic ventures added" in out
        assert Venture.objects.count() == 61
        after = Venture.objects.get(pk=mine.pk)
        assert (after.name, after.location, after.updated_at) == (
            before.name,
            before.location,
            before.updated_at,
        )
        # The ids continue the editors' sequence: the next venture an editor adds does not collide.
        assert make_venture(name="Next one").public_id == "JV-0062"
        _run("seed_demo_data", "--ventures", "5")
        assert Venture.objects.count() == 67

    def test_points_are_spread_around_places_and_never_outside_north_korea(self, geo):
        _run("seed_demo_data", "--ventures", "300")
        seeded = Venture.objects.filter(description__contains="seed_demo_data")
        assert seeded.filter(publication_state=PublicationState.PUBLISHED).count() == 300
        located = list(seeded.exclude(location=None).select_related("province__map_polygon"))
        assert 200 < len(located) < 290  # about a fifth are known only to their province
        labels = {p.label_point.coords for p in Province.objects.exclude(label_point=None)}
        assert not any(v.location.coords in labels for v in located)
        assert len({v.location.coords for v in located}) == len(located)  # spread, not stacked
        for venture in located:
            polygon = (venture.province.map_polygon or venture.province).boundary
            assert polygon.contains(venture.location), venture.public_id
        assert all(v.place_id is not None for v in located)
        assert all(v.partners.count() == 2 and v.status_entries.exists() for v in located[:10])

    def test_a_count_out_of_range_is_refused(self, geo):
        with pytest.raises(CommandError, match="between 1 and"):
            _run("seed_demo_data", "--ventures", "0")


def test_the_neighbouring_provinces_are_served_for_the_maps(client):
    response = client.get(reverse("projects:neighbours-geojson"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "max-age=604800" in response["Cache-Control"]
    features = response.json()["features"]
    assert len(features) == 14
    assert {f["properties"]["iso_3166_2"] for f in features if f["properties"]["borders_dprk"]} == {
        "CN-LN",
        "CN-JL",
        "RU-PRI",
        "KR-41",
        "KR-42",
    }


def test_an_inverted_date_range_is_named_on_the_province_page(client, geo):
    response = client.get(
        reverse("projects:province-detail", args=["KP-03"]),
        {"status_after": "2024-06-01", "status_before": "2023-01-31"},
    )
    assert response.status_code == 200
    assert "status_before:" in response.text and "inverted" in response.text
