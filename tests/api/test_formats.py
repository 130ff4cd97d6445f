"""JSON, GeoJSON (RFC 7946, read back by GDAL) and CSV say the same about the same filtered ventures."""

import csv
import gzip
import io
import json
import shutil
import subprocess

import orjson
import pytest
from django.db import connection

from projects.models import PublicationState
from projects.selectors.venture_rows import (
    venture_detail,
    venture_detail_orm,
    venture_rows,
    venture_rows_orm,
)
from projects.selectors.ventures import visible_ventures, with_current_status
from projects.services.ventures import contribution_add, partner_add
from tests.factories import OrganizationFactory, make_venture

pytestmark = pytest.mark.django_db

PROPERTIES = {
    "public_id",
    "name",
    "name_ko",
    "name_zh",
    "sector",
    "form",
    "arrangement",
    "status",
    "status_date",
    "status_date_precision",
    "province",
    "province_name",
    "place",
    "location_precision",
    "investment_amount",
    "investment_currency",
    "sanctions_note",
    "sanctions",
    "partners",
    "source_count",
    "latest_source",
    "updated_at",
    "url",
}


@pytest.fixture
def ventures(geo):
    located = make_venture(
        name="Musan mine",
        province_code="KP-03",
        name_ko="무산광산",
        name_zh="茂山铁矿",
        investment_amount="12000000.00",
        investment_currency="CNY",
        sanctions_note="Iron ore: UN Security Council resolution 2371 (2017).",
    )
    partner_add(
        venture=located,
        organization=OrganizationFactory(name="Chosun Partner", country="KP"),
        role="north_korean_partner",
    )
    unlocated = make_venture(name="Kaesong garment, “quoted”, comma", province_code="KP-01", point=None)
    make_venture(name="Draft venture", state=PublicationState.DRAFT)
    return located, unlocated


def test_geojson_is_an_rfc7946_feature_collection(api, ventures):
    located, unlocated = ventures
    response = api.get("/api/v1/ventures/", {"format": "geojson"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    features = {feature["id"]: feature for feature in collection["features"]}
    assert set(features) == {located.public_id, unlocated.public_id}  # unpaginated, drafts left out
    point = features[located.public_id]
    assert point["geometry"] == {"type": "Point", "coordinates": [located.location.x, located.location.y]}
    assert 124 < point["geometry"]["coordinates"][0] < 131  # longitude first
    assert set(point["properties"]) == PROPERTIES
    assert point["properties"]["url"] == f"/ventures/{located.public_id}/"
    assert {p["name"] for p in point["properties"]["partners"]} >= {"Chosun Partner"}
    assert point["properties"]["latest_source"]["publisher"] == "Example News"
    assert features[unlocated.public_id]["geometry"] is None


def test_geojson_path_alias_and_filters(api, ventures):
    located, _ = ventures
    collection = api.get("/api/v1/ventures.geojson", {"province": "KP-03"}).json()
    assert [f["id"] for f in collection["features"]] == [located.public_id]
    assert api.get("/api/v1/ventures.csv")["Content-Type"].startswith("text/csv")


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="needs gdal-bin (ogrinfo)")
def test_gdal_reads_every_feature_and_property(api, ventures, tmp_path):
    path = tmp_path / "ventures.geojson"
    path.write_bytes(api.get("/api/v1/ventures.geojson").content)
    summary = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-so", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Feature Count: 2" in summary
    assert "Geometry: Point" in summary
    for name in PROPERTIES:
        assert f"\n{name}: " in summary, name
    # Nested values (partners, latest source) are read as JSON fields.
    assert "\npartners: String(JSON)" in summary
    assert "\nlatest_source: String(JSON)" in summary
    full = subprocess.run(
        ["ogrinfo", "-ro", "-al", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert full.count("OGRFeature(") == 2
    assert "Musan mine" in full
    assert "POINT (124.53167 40.19944)" in full


def test_csv_has_a_header_and_the_same_rows(api, ventures):
    located, unlocated = ventures
    response = api.get("/api/v1/ventures/", {"format": "csv", "ordering": "name"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="ventures.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert [row["public_id"] for row in rows] == [unlocated.public_id, located.public_id]
    assert rows[0]["name"] == "Kaesong garment, “quoted”, comma"
    assert rows[0]["longitude"] == ""
    assert rows[1]["province"] == "KP-03"
    assert "Chosun Partner" in rows[1]["partners"]
    assert rows[1]["latest_source_publisher"] == "Example News"
    # For a spreadsheet: absolute links, and the names in every script, investment and sanctions.
    assert rows[1]["url"] == f"http://testserver/ventures/{located.public_id}/"
    assert (rows[1]["name_ko"], rows[1]["name_zh"]) == ("무산광산", "茂山铁矿")
    assert (rows[1]["investment_amount"], rows[1]["investment_currency"]) == ("12000000.00", "CNY")
    assert rows[1]["sanctions_note"].startswith("Iron ore")
    assert not response.content.startswith(b"\xef\xbb\xbf")  # no byte order mark unless asked
    json_rows = api.get("/api/v1/ventures/", {"ordering": "name"}).json()["results"]
    assert [r["public_id"] for r in json_rows] == [r["public_id"] for r in rows]


def test_csv_for_excel_starts_with_a_byte_order_mark(api, ventures):
    response = api.get("/api/v1/ventures/", {"format": "csv", "bom": "1"})
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbfpublic_id,")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "무산광산" in [row["name_ko"] for row in rows]
    plain = api.get("/api/v1/ventures.csv")
    assert response["ETag"] != plain["ETag"]  # two different bodies
    assert api.get("/api/v1/ventures.csv", {"bom": "1"}).content == response.content


def test_a_byte_order_mark_is_refused_where_it_means_nothing(api, ventures):
    for params, field in [
        ({"format": "geojson", "bom": "1"}, "bom"),
        ({"bom": "1"}, "bom"),
        ({"format": "csv", "bom": "yes"}, "bom"),
    ]:
        response = api.get("/api/v1/ventures/", params)
        assert response.status_code == 400, params
        assert field in response.json()


def test_json_rows_carry_the_new_columns_too(api, ventures):
    located, _ = ventures
    (row,) = [
        r for r in api.get("/api/v1/ventures/").json()["results"] if r["public_id"] == located.public_id
    ]
    assert row["investment_amount"] == "12000000.00"
    assert row["name_zh"] == "茂山铁矿"
    assert row["url"] == f"/ventures/{located.public_id}/"  # JSON keeps the site path


def test_csv_defuses_spreadsheet_formulas(api, geo):
    make_venture(name='=HYPERLINK("http://evil")')
    rows = list(csv.DictReader(io.StringIO(api.get("/api/v1/ventures.csv").content.decode())))
    assert rows[0]["name"].startswith("'=")


def test_exports_honour_filters_like_the_list(api, ventures):
    located, _ = ventures
    for export in ("geojson", "csv"):
        body = api.get("/api/v1/ventures/", {"format": export, "q": "musan"}).content.decode()
        assert located.public_id in body
        assert "Kaesong" not in body


def test_api_responses_are_gzipped_when_asked(api, ventures):
    response = api.get("/api/v1/ventures.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert json.loads(gzip.decompress(response.content))["type"] == "FeatureCollection"


def test_json_times_are_utc_with_z(api, ventures):
    row = api.get("/api/v1/ventures/").json()["results"][0]
    assert row["updated_at"].endswith("Z")


@pytest.mark.postgis
def test_the_postgresql_path_gives_the_same_output_as_the_portable_one(ventures):
    located, _ = ventures
    contribution_add(venture=located, side="CN", kind="capital", note="CNY 5m")
    assert connection.vendor == "postgresql"
    visible = visible_ventures(user=None)
    annotated = with_current_status(visible).order_by("name")
    assert orjson.loads(orjson.dumps(venture_rows(annotated), option=orjson.OPT_UTC_Z)) == orjson.loads(
        orjson.dumps(venture_rows_orm(annotated), option=orjson.OPT_UTC_Z)
    )
    fast = venture_detail(visible, located.public_id)
    portable = venture_detail_orm(visible, located.public_id)
    assert orjson.loads(orjson.dumps(fast, default=str, option=orjson.OPT_UTC_Z)) == orjson.loads(
        orjson.dumps(portable, default=str, option=orjson.OPT_UTC_Z)
    )
