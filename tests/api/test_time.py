"""`as_of` and `active_during` (projects/selectors/time_filters.py) against hand-built histories, on
every surface: the JSON list, GeoJSON, CSV, the province counts, the stats and the province page."""

import csv
import datetime
import io

import pytest

from projects.models import DatePrecision, Status
from projects.services.ventures import status_entry_create
from tests.factories import SourceArticleFactory, make_venture

pytestmark = pytest.mark.django_db

LIST = "/api/v1/ventures/"
D = datetime.date


def add_steps(venture, *steps):
    """(status, date or None for an undated report, precision) steps, in the order given."""
    source = SourceArticleFactory(published_on=D(2024, 1, 1))
    for status, date, *precision in steps:
        status_entry_create(
            venture=venture,
            status=status,
            date=date,
            date_precision=precision[0]
            if precision
            else (DatePrecision.DAY if date else DatePrecision.UNKNOWN),
            source=source,
        )


@pytest.fixture
def histories(geo):
    """Four ventures with the histories the analyst asks about.

    - the mine: operating 2016-03-01, suspended 2018-01-09, expanding 2020 (year precision: 2020-01-01);
    - the smelter: an undated report, then contract signed 2019-05-01;
    - the hotel: only an undated report (it cannot be placed in time);
    - the port: reported 2015-06-01, closed 2016-12-31.
    """
    mine = make_venture(
        name="Hyesan copper mine", province_code="KP-03", status=Status.OPERATING, status_date=D(2016, 3, 1)
    )
    add_steps(mine, (Status.SUSPENDED, D(2018, 1, 9)), (Status.EXPANDING, D(2020, 1, 1), DatePrecision.YEAR))
    smelter = make_venture(
        name="Hamhung zinc smelter", province_code="KP-08", status=Status.REPORTED, status_date=None
    )
    add_steps(smelter, (Status.CONTRACT_SIGNED, D(2019, 5, 1)))
    hotel = make_venture(
        name="Pyongyang riverside hotel", province_code="KP-01", status=Status.NEGOTIATING, status_date=None
    )
    port = make_venture(
        name="Rason fishing port", province_code="KP-09", status=Status.REPORTED, status_date=D(2015, 6, 1)
    )
    add_steps(port, (Status.CLOSED, D(2016, 12, 31)))
    return {"mine": mine, "smelter": smelter, "hotel": hotel, "port": port}


def statuses(api, **params) -> dict[str, str]:
    """{venture name: status} of the JSON list."""
    response = api.get(LIST, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return {row["name"]: row["status"] for row in response.json()["results"]}


def short(histories, named: dict[str, str]) -> dict[str, str]:
    names = {venture.name: key for key, venture in histories.items()}
    return {names[name]: status for name, status in named.items()}


def test_without_as_of_the_current_status(api, histories):
    assert short(histories, statuses(api)) == {
        "mine": "expanding",
        "smelter": "contract_signed",
        "hotel": "negotiating",
        "port": "closed",
    }


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2015-05-31", {}),  # nothing reported yet
        ("2015-06-01", {"port": "reported"}),  # a step counts from its own day
        ("2016-03-01", {"mine": "operating", "port": "reported"}),
        ("2016-12-31", {"mine": "operating", "port": "closed"}),
        ("2018-01-08", {"mine": "operating", "port": "closed"}),
        ("2018-01-09", {"mine": "suspended", "port": "closed"}),
        # The smelter's undated report does not make it known before its contract.
        ("2019-04-30", {"mine": "suspended", "port": "closed"}),
        ("2019-05-01", {"mine": "suspended", "smelter": "contract_signed", "port": "closed"}),
        ("2019-12-31", {"mine": "suspended", "smelter": "contract_signed", "port": "closed"}),
        # A year-precision step counts from 1 January of its year.
        ("2020-01-01", {"mine": "expanding", "smelter": "contract_signed", "port": "closed"}),
    ],
)
def test_as_of_gives_the_status_of_that_day(api, histories, day, expected):
    assert short(histories, statuses(api, as_of=day)) == expected


def test_as_of_status_dates_and_the_status_filter_read_the_day(api, histories):
    response = api.get(LIST, {"as_of": "2019-01-01", "status": "suspended"})
    (row,) = response.json()["results"]
    assert (row["name"], row["status"], row["status_date"]) == (
        "Hyesan copper mine",
        "suspended",
        "2018-01-09",
    )
    # status_after/status_before filter the as-of status's date.
    after = statuses(api, as_of="2019-01-01", status_after="2017-01-01")
    assert short(histories, after) == {"mine": "suspended"}


def test_undated_only_venture_is_in_no_as_of_view(api, histories):
    assert "Pyongyang riverside hotel" not in statuses(api, as_of="2026-01-01")
    assert "Pyongyang riverside hotel" in statuses(api)


def features(api, **params) -> dict[str, str]:
    response = api.get(LIST, {"format": "geojson", **params})
    assert response.status_code == 200, response.content
    return {f["properties"]["name"]: f["properties"]["status"] for f in response.json()["features"]}


def csv_statuses(api, **params) -> dict[str, str]:
    response = api.get(LIST, {"format": "csv", **params})
    assert response.status_code == 200, response.content
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    return {row["name"]: row["status"] for row in csv.DictReader(io.StringIO(text))}


def province_statuses(api, **params) -> dict[str, dict]:
    response = api.get("/api/v1/provinces/", params)
    assert response.status_code == 200, response.content
    return {row["code"]: row["by_status"] for row in response.json() if row["venture_count"]}


@pytest.mark.parametrize("day", ["2016-06-30", "2018-01-09", "2019-06-30", "2021-01-01"])
def test_every_surface_agrees_as_of_a_day(api, histories, day):
    listed = statuses(api, as_of=day)
    assert features(api, as_of=day) == listed
    assert csv_statuses(api, as_of=day) == listed
    # Counts and shading: one per province, by the as-of status.
    province_of = {v.name: v.province.code for v in histories.values()}
    expected_provinces = {}
    for name, status in listed.items():
        expected_provinces.setdefault(province_of[name], {})[status] = 1
    assert province_statuses(api, as_of=day) == expected_provinces
    stats = api.get("/api/v1/stats/", {"as_of": day}).json()
    assert stats["total"] == len(listed)
    by_status = {}
    for cell in stats["by_province_sector_status"]:
        by_status[cell["status"]] = by_status.get(cell["status"], 0) + cell["count"]
    expected_counts = {}
    for status in listed.values():
        expected_counts[status] = expected_counts.get(status, 0) + 1
    assert by_status == expected_counts


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2015", set()),  # the port never got past "reported"
        ("2016", {"mine"}),
        ("2017", {"mine"}),
        # Operating until 8 January 2018: active during 2018, and during its first week.
        ("2018", {"mine"}),
        ("2018-01-08/2018-01-08", {"mine"}),
        # Suspended from 9 January 2018 until 2020; the smelter's contract from May 2019.
        ("2018-01-09/2019-04-30", set()),
        ("2018-01-09/2019-05-01", {"smelter"}),
        ("2019", {"smelter"}),
        ("2018/2019", {"mine", "smelter"}),
        ("2019-12-31/2020-01-01", {"mine", "smelter"}),
        ("2020-01-01", {"mine", "smelter"}),
    ],
)
def test_active_during(api, histories, period, expected):
    names = set(short(histories, statuses(api, active_during=period)))
    assert names == expected


def test_active_during_with_as_of(api, histories):
    # Active at some point in 2016-2018, shown as they stood at the end of 2019.
    found = short(histories, statuses(api, active_during="2016/2018", as_of="2019-12-31"))
    assert found == {"mine": "suspended"}


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"as_of": "2019-13-01"}, "as_of", "YYYY-MM-DD"),
        ({"as_of": "2019"}, "as_of", "YYYY-MM-DD"),
        ({"active_during": "2020/2018"}, "active_during", "inverted"),
        ({"active_during": "2019-06-30/2019-06-01"}, "active_during", "inverted"),
        ({"active_during": "2019-02-30"}, "active_during", "not a real date"),
        ({"active_during": "last year"}, "active_during", "slash"),
        ({"active_during": "2018-2019"}, "active_during", "slash"),
    ],
)
def test_bad_time_values_are_a_400_naming_the_field(api, histories, params, field, words):
    for query in ({}, {"format": "geojson"}, {"format": "csv"}):
        response = api.get(LIST, {**params, **query})
        assert response.status_code == 400, response.content
        body = response.json()
        assert list(body) == [field]
        assert words in " ".join(body[field])
    assert api.get("/api/v1/stats/", params).status_code == 400
    assert api.get("/api/v1/provinces/", params).status_code == 400


def test_timeline_counts_ventures_by_status_at_each_year_end(api, histories):
    stats = api.get("/api/v1/stats/").json()
    timeline = {row["year"]: row["by_status"] for row in stats["timeline"]}
    assert timeline[2015] == {"reported": 1}
    assert timeline[2016] == {"operating": 1, "closed": 1}
    assert timeline[2017] == {"operating": 1, "closed": 1}
    assert timeline[2018] == {"suspended": 1, "closed": 1}
    assert timeline[2019] == {"contract_signed": 1, "suspended": 1, "closed": 1}
    assert timeline[2020] == {"contract_signed": 1, "expanding": 1, "closed": 1}
    assert min(timeline) == 2015 and max(timeline) == datetime.date.today().year
    # Following the filters, and ending with the as-of day.
    stats = api.get("/api/v1/stats/", {"province": "KP-03", "as_of": "2018-06-30"}).json()
    assert [(r["year"], r["as_of"], r["by_status"]) for r in stats["timeline"]] == [
        (2016, "2016-12-31", {"operating": 1}),
        (2017, "2017-12-31", {"operating": 1}),
        (2018, "2018-06-30", {"suspended": 1}),
    ]


def test_data_as_of_on_the_list_the_exports_and_the_stats(api, histories):
    latest = max(v.updated_at for v in type(histories["mine"]).objects.all())
    iso = latest.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    assert api.get(LIST).json()["data_as_of"] == iso
    assert api.get("/api/v1/stats/").json()["data_as_of"] == iso
    geojson = api.get(LIST, {"format": "geojson", "as_of": "2019-01-01"})
    assert geojson.json()["data_as_of"] == iso
    assert list(geojson.json()) == ["type", "data_as_of", "features"]
    for export_format in ("csv", "geojson", "xlsx"):
        assert api.get(LIST, {"format": export_format})["Data-As-Of"] == iso


def test_province_page_as_of(client, histories):
    page = client.get("/provinces/KP-03/", {"as_of": "2018-06-30"})
    assert page.status_code == 200
    (venture,) = page.context["page"].ventures
    assert venture.current_status == "suspended"
    assert client.get("/provinces/KP-03/", {"as_of": "2015-01-01"}).context["page"].ventures == []
