"""The sanctions flags on every surface: the API list and detail, GeoJSON, CSV, province counts, the map
and venture pages; visibility; bad values; reviewers correcting a measure in the admin."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from projects.models import PublicationState, SanctionsMeasure, Sector, Status
from projects.selectors.sanctions_rules import SanctionsFlag
from tests.api.conftest import token_client
from tests.sanctions.helpers import day, entry, venture_with_entries

pytestmark = pytest.mark.django_db
OPENED = SanctionsFlag.OPENED_AFTER_BAN.value
EXEMPT = SanctionsFlag.EXEMPTION_RECORDED.value


@pytest.fixture
def ventures(geo):
    opened = venture_with_entries(entry(Status.CONTRACT_SIGNED, day(2017, 8, 5)), name="Opened on the day")
    before = venture_with_entries(
        entry(Status.CONTRACT_SIGNED, day(2017, 8, 4)), name="Opened the day before"
    )
    exempt = venture_with_entries(name="Exempted", exemption_reference="1718 Committee ref. A-1")
    draft = venture_with_entries(
        entry(Status.CONTRACT_SIGNED, day(2019, 1, 1)),
        name="Draft opened later",
        state=PublicationState.DRAFT,
    )
    return {"opened": opened, "before": before, "exempt": exempt, "draft": draft}


def _ids(response):
    return sorted(row["public_id"] for row in response.json()["results"])


def test_the_api_list_filters_by_a_flag_and_shows_the_flags(ventures):
    response = APIClient().get("/api/v1/ventures/", {"sanctions": OPENED})
    assert response.status_code == 200
    assert _ids(response) == [ventures["opened"].public_id]  # the draft never shows
    assert response.json()["results"][0]["sanctions"] == OPENED


def test_a_comma_list_is_any_of_the_flags(ventures):
    response = APIClient().get("/api/v1/ventures/", {"sanctions": f"{OPENED},{EXEMPT}"})
    assert _ids(response) == sorted([ventures["opened"].public_id, ventures["exempt"].public_id])
    repeated = APIClient().get(f"/api/v1/ventures/?sanctions={OPENED}&sanctions={EXEMPT}")
    assert _ids(repeated) == _ids(response)


def test_editors_see_the_flagged_draft_the_public_does_not(ventures, editor):
    public = APIClient().get("/api/v1/ventures/", {"sanctions": OPENED, "format": "geojson"})
    assert [f["id"] for f in public.json()["features"]] == [ventures["opened"].public_id]
    seen = token_client(editor).get("/api/v1/ventures/", {"sanctions": OPENED})
    assert _ids(seen) == sorted([ventures["opened"].public_id, ventures["draft"].public_id])
    detail = APIClient().get(f"/api/v1/ventures/{ventures['draft'].public_id}/")
    assert detail.status_code == 404


@pytest.mark.parametrize("value", ["opened", f"{OPENED},nope", "OPENED_AFTER_BAN"])
def test_a_bad_value_is_a_400_naming_the_field(ventures, value):
    response = APIClient().get("/api/v1/ventures/", {"sanctions": value})
    assert response.status_code == 400
    body = response.json()
    assert "sanctions" in body
    assert "opened_after_ban" in " ".join(body["sanctions"])  # the allowed values are listed


def test_geojson_and_csv_carry_the_flags(ventures):
    geojson = APIClient().get("/api/v1/ventures.geojson", {"sanctions": OPENED})
    assert geojson.status_code == 200
    (feature,) = geojson.json()["features"]
    assert feature["properties"]["sanctions"] == OPENED
    response = APIClient().get("/api/v1/ventures.csv", {"sanctions": f"{OPENED},{EXEMPT}"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["name"]: row["sanctions"] for row in rows} == {
        "Opened on the day": OPENED,
        "Exempted": EXEMPT,
    }


def test_xlsx_export_accepts_the_filter(ventures):
    response = APIClient().get("/api/v1/ventures.xlsx", {"sanctions": OPENED})
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_province_counts_follow_the_filter(ventures):
    response = APIClient().get("/api/v1/provinces/", {"sanctions": OPENED})
    assert response.status_code == 200
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert sum(row.get("count", row.get("venture_count", 0)) for row in rows) == 1


def test_the_api_detail_gives_the_assessment_with_clauses_and_entries(ventures):
    venture = ventures["opened"]
    body = APIClient().get(f"/api/v1/ventures/{venture.public_id}/").json()
    flags = {flag["flag"]: flag for flag in body["sanctions_assessment"]}
    assert set(flags) == set(SanctionsFlag.values)
    opened = flags[OPENED]
    assert opened["raised"] is True
    assert opened["status_entries"] == [venture.status_entries.get().pk]
    (measure,) = opened["measures"]
    assert measure["document_symbol"] == "S/RES/2371 (2017)"
    assert measure["paragraph"] == "12"
    assert measure["url"] == "https://undocs.org/S/RES/2371(2017)"
    assert str(measure["adopted_on"]) == "2017-08-05"
    assert body["exemption_reference"] == ""


def test_the_venture_page_shows_flags_with_links_and_the_editors_note(ventures, client):
    venture = ventures["opened"]
    venture.sanctions_note = "Our own note on this venture."
    venture.save()
    page = client.get(f"/ventures/{venture.public_id}/").content.decode()
    entry_id = venture.status_entries.get().pk
    assert 'data-flag="opened_after_ban"' in page
    assert "https://undocs.org/S/RES/2371(2017)" in page
    assert f'href="#status-{entry_id}"' in page and f'id="status-{entry_id}"' in page
    assert "Editor&#x27;s note:" in page or "Editor's note:" in page
    assert "Our own note on this venture." in page
    calm = client.get(f"/ventures/{ventures['before'].public_id}/").content.decode()
    assert 'data-flag="opened_after_ban"' not in calm


def test_the_map_offers_the_flags(ventures, client):
    page = client.get("/", {"sanctions": OPENED}).content.decode()
    assert page.count('name="sanctions"') == len(SanctionsFlag.values)
    assert 'class="sanctions-count' in page


def test_the_sector_flag_reaches_the_rows(geo):
    venture_with_entries(sector=Sector.IRONWORKS, name="Iron")
    (row,) = APIClient().get("/api/v1/ventures/", {"sanctions": "sector_banned"}).json()["results"]
    assert row["sanctions"] == "sector_banned"


def _measure_form(measure, **changes):
    data = {
        name: getattr(measure, name) or ""
        for name in (
            "key",
            "kind",
            "authority",
            "document_symbol",
            "paragraph",
            "adopted_on",
            "effective_on",
            "summary",
            "summary_ko",
            "summary_zh_hans",
            "sectors",
            "url",
            "note",
        )
    }
    data.update(changes)
    return data


def test_a_reviewer_corrects_a_measure_in_the_admin_with_history(reviewer_client, reviewer):
    measure = SanctionsMeasure.objects.get(key="unscr-2397-p7")
    url = f"/admin/projects/sanctionsmeasure/{measure.pk}/change/"
    assert reviewer_client.get(url).status_code == 200
    response = reviewer_client.post(url, _measure_form(measure, sectors="ironworks, manufacturing, energy"))
    assert response.status_code == 302, response.content.decode()[:2000]
    measure.refresh_from_db()
    assert measure.sectors == "ironworks,manufacturing,energy"
    latest = measure.history.first()
    assert latest.history_user == reviewer


def test_a_reviewer_gets_a_form_error_for_a_sector_that_does_not_exist(reviewer_client):
    measure = SanctionsMeasure.objects.get(key="unscr-2397-p7")
    url = f"/admin/projects/sanctionsmeasure/{measure.pk}/change/"
    response = reviewer_client.post(url, _measure_form(measure, sectors="steelworks"))
    assert response.status_code == 200
    assert "Not a sector: steelworks" in response.content.decode()
    measure.refresh_from_db()
    assert measure.sectors == "ironworks,manufacturing"


def test_an_editor_may_read_but_not_correct_a_measure(editor_client):
    measure = SanctionsMeasure.objects.get(key="unscr-2375-p18")
    url = f"/admin/projects/sanctionsmeasure/{measure.pk}/change/"
    assert editor_client.get(url).status_code == 200  # read-only view
    response = editor_client.post(url, _measure_form(measure, effective_on="2018-06-01"))
    assert response.status_code == 403
    measure.refresh_from_db()
    assert measure.effective_on.isoformat() == "2018-01-09"


def test_the_seed_is_there_with_our_translations():
    keys = set(SanctionsMeasure.objects.values_list("key", flat=True))
    assert {"unscr-2371-p12", "unscr-2375-p18", "unscr-2397-p6", "unscr-2397-p7", "mofcom-2017-47"} <= keys
    for measure in SanctionsMeasure.objects.all():
        assert measure.summary and measure.summary_ko and measure.summary_zh_hans
        assert measure.localized_summary("ko") == measure.summary_ko
        assert measure.localized_summary("zh-hans") == measure.summary_zh_hans
