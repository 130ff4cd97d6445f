"""A venture known only to be in North Korea, a status entry whose date is unknown, citation summaries.

The reference data needs all three: every surface (model rules, the current status, the pages, the API
list and detail on both query paths, CSV, GeoJSON, stats and the province counts) must cope with them.
"""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from projects.models import DatePrecision, LocationPrecision, Status, StatusEntry
from projects.selectors.ventures import current_status_of, visible_ventures, with_current_status
from projects.services.ventures import citation_create, status_entry_create, venture_create
from tests.factories import POINTS, SourceArticleFactory, make_venture, province

pytestmark = pytest.mark.usefixtures("geo")


# --- Province not known ----------------------------------------------------------------------------------


def test_a_venture_known_only_to_be_in_north_korea_is_saved_without_a_province():
    venture = venture_create(
        name="Three mines deal", sector="mine", province=None, location_precision=LocationPrecision.UNKNOWN
    )

    assert venture.province is None
    assert venture.location is None


def test_without_a_province_there_is_no_point_and_the_precision_says_not_known():
    # A point always lies in a province (the service fills it in), so "not known" is refused with one.
    with pytest.raises(ValidationError) as error:
        venture_create(
            name="Pinned",
            sector="mine",
            province=None,
            location=POINTS["KP-01"],
            location_precision="unknown",
        )
    assert "location_precision" in error.value.message_dict

    with pytest.raises(ValidationError) as error:
        venture_create(name="Guessed", sector="mine", province=None, location_precision="province")
    assert "location_precision" in error.value.message_dict


def test_not_known_precision_needs_no_province():
    with pytest.raises(ValidationError) as error:
        venture_create(name="Odd", sector="mine", province=province("KP-01"), location_precision="unknown")

    assert "location_precision" in error.value.message_dict


def test_county_precision_without_a_point_is_kept_as_the_sources_give_it():
    venture = venture_create(
        name="Chongjin piers",
        sector="other",
        province=province("KP-09"),
        location_precision=LocationPrecision.COUNTY,
        location_note="Chongjin port, piers No. 3 and No. 4",
    )

    assert venture.location_precision == "county" and venture.location is None
    with pytest.raises(ValidationError) as error:
        venture_create(name="Exact", sector="mine", province=province("KP-09"), location_precision="exact")
    assert "location_precision" in error.value.message_dict


def test_the_api_lists_it_with_a_null_province_and_no_geometry(client):
    make_venture(name="Three mines deal", province_code=None)
    make_venture(name="Musan mine", province_code="KP-03")

    rows = {r["name"]: r for r in client.get("/api/v1/ventures/").json()["results"]}
    assert rows["Three mines deal"]["province"] is None
    assert rows["Three mines deal"]["province_name"] is None
    assert rows["Three mines deal"]["location_precision"] == "unknown"
    assert rows["Musan mine"]["province"] == "KP-03"

    features = {
        f["properties"]["name"]: f for f in client.get("/api/v1/ventures/?format=geojson").json()["features"]
    }
    assert features["Three mines deal"]["geometry"] is None

    public_id = rows["Three mines deal"]["public_id"]
    detail = client.get(f"/api/v1/ventures/{public_id}/").json()
    assert detail["province"] is None and detail["location_precision"] == "unknown"


def test_the_csv_export_leaves_its_province_empty(client):
    make_venture(name="Three mines deal", province_code=None)

    response = client.get("/api/v1/ventures/?format=csv")

    assert response.status_code == 200
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert (row["province"], row["province_name"], row["longitude"]) == ("", "", "")
    assert row["location_precision"] == "unknown"


def test_it_is_counted_as_province_not_known_never_in_a_province(client):
    make_venture(name="Three mines deal", province_code=None)
    make_venture(name="Musan mine", province_code="KP-03")

    stats = client.get("/api/v1/stats/").json()
    assert stats["total"] == 2
    assert {c["province"] for c in stats["by_province_sector_status"]} == {None, "KP-03"}

    provinces = client.get("/api/v1/provinces/").json()
    assert sum(p["venture_count"] for p in provinces) == 1


def test_a_filter_by_province_leaves_it_out(client):
    make_venture(name="Three mines deal", province_code=None)

    assert client.get("/api/v1/ventures/?province=KP-03").json()["count"] == 0


def test_its_page_says_the_province_is_not_known(client):
    venture = make_venture(name="Three mines deal", province_code=None)

    response = client.get(reverse("projects:venture-detail", args=[venture.public_id]))

    assert response.status_code == 200
    assert "Province not known" in response.text
    assert "North Korea, province not known" in response.text


def test_its_partners_page_lists_it(client):
    venture = make_venture(name="Three mines deal", province_code=None)
    partner = venture.partners.get().organization

    response = client.get(reverse("projects:partner-detail", args=[partner.pk]))

    assert response.status_code == 200
    assert "Three mines deal" in response.text and "Province not known" in response.text


# --- Date unknown ------------------------------------------------------------------------------------------


def test_an_undated_entry_has_no_date_and_reads_date_unknown():
    venture = make_venture(status=None)
    entry = status_entry_create(
        venture=venture,
        status=Status.OPERATING,
        date=None,
        date_precision=DatePrecision.UNKNOWN,
        source=SourceArticleFactory(),
    )

    assert entry.date is None
    assert entry.display_date == "date unknown"
    assert str(entry) == "Operating (date unknown)"


def test_the_date_is_null_exactly_when_the_precision_is_unknown():
    venture = make_venture(status=None)
    source = SourceArticleFactory()
    with pytest.raises(ValidationError) as error:
        status_entry_create(
            venture=venture, status="operating", date=None, date_precision="day", source=source
        )
    assert "date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        status_entry_create(
            venture=venture,
            status="operating",
            date=datetime.date(2015, 1, 1),
            date_precision="unknown",
            source=source,
        )
    assert "date" in error.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        StatusEntry.objects.create(
            venture=venture, status="operating", date=None, date_precision="day", source=source
        )


def test_the_date_validators_still_judge_a_given_date():
    venture = make_venture(status=None)
    with pytest.raises(ValidationError) as error:
        status_entry_create(
            venture=venture,
            status="operating",
            date=datetime.date(1900, 1, 1),
            date_precision="year",
            source=SourceArticleFactory(),
        )

    assert "1945" in error.value.message_dict["date"][0]


def test_undated_entries_come_before_dated_ones_so_the_current_status_is_the_latest_dated():
    venture = make_venture(status=None)
    source = SourceArticleFactory()
    status_entry_create(
        venture=venture, status="operating", date=None, date_precision="unknown", source=source
    )
    status_entry_create(
        venture=venture,
        status="closed",
        date=datetime.date(2013, 4, 1),
        date_precision="month",
        source=source,
    )

    assert [e.status for e in venture.status_entries.all()] == ["operating", "closed"]
    assert current_status_of(venture).status == "closed"
    annotated = with_current_status(visible_ventures(user=None).filter(pk=venture.pk)).get()
    assert (annotated.current_status, annotated.current_status_date) == ("closed", datetime.date(2013, 4, 1))


def test_a_venture_with_only_undated_entries_has_that_status_without_a_date(client):
    venture = make_venture(name="Hotel", status="operating", status_date=None)

    (row,) = client.get("/api/v1/ventures/").json()["results"]
    assert (row["status"], row["status_date"], row["status_date_precision"]) == ("operating", None, "unknown")

    detail = client.get(f"/api/v1/ventures/{venture.public_id}/").json()
    assert [(e["date"], e["date_precision"]) for e in detail["status_history"]] == [(None, "unknown")]

    page = client.get(reverse("projects:venture-detail", args=[venture.public_id])).text
    assert "date unknown" in page


def test_the_history_lists_undated_entries_first_on_every_path(client):
    venture = make_venture(status="contract_signed", status_date=datetime.date(2000, 1, 1))
    status_entry_create(
        venture=venture,
        status="operating",
        date=None,
        date_precision="unknown",
        source=SourceArticleFactory(),
    )

    detail = client.get(f"/api/v1/ventures/{venture.public_id}/").json()
    assert [e["status"] for e in detail["status_history"]] == ["operating", "contract_signed"]
    (row,) = client.get("/api/v1/ventures/").json()["results"]
    assert row["status"] == "contract_signed"


# --- Citation summaries --------------------------------------------------------------------------------------


def test_a_summary_is_shown_as_our_words_never_as_a_quotation(client):
    venture = make_venture(status=None)
    citation_create(
        venture=venture, source=SourceArticleFactory(), summary="Says the two sides agreed to mine gold."
    )

    detail = client.get(f"/api/v1/ventures/{venture.public_id}/").json()
    assert [c["summary"] for c in detail["citations"]] == ["Says the two sides agreed to mine gold."]
    html = client.get(reverse("projects:venture-detail", args=[venture.public_id])).text
    assert "Summary in our words (not a quotation):</span> Says the two sides agreed to mine gold." in html
    assert "<blockquote>Says the two sides" not in html


def test_reference_ventures_are_marked_and_the_single_report_note_is_read():
    venture = make_venture(
        is_reference=True, editor_note="SINGLE ORIGINAL REPORT (not independently confirmed)."
    )

    assert venture.is_reference is True
    assert venture.single_original_report is True
    assert make_venture(name="Other").single_original_report is False
