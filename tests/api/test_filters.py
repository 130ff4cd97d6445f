"""Every VentureFilterSet parameter narrows the list as documented, alone and repeated."""

import datetime

import pytest

from projects.models import (
    Arrangement,
    Country,
    LocationPrecision,
    Organization,
    Place,
    Sector,
    Status,
    VentureForm,
)
from projects.services.ventures import partner_add, venture_update
from tests.factories import OrganizationFactory, make_venture

pytestmark = pytest.mark.django_db

LIST = "/api/v1/ventures/"


def ids(api, query: str = "", **params) -> list[str]:
    response = api.get(LIST + query, params)
    assert response.status_code == 200, response.content
    return [row["public_id"] for row in response.json()["results"]]


@pytest.fixture
def ventures(geo):
    """Three published ventures that differ in every filtered field."""
    korean = OrganizationFactory(
        name="Korea Kangsong Trading", name_ko="강성무역회사", country=Country.NORTH_KOREA
    )
    chinese = OrganizationFactory(name="Dandong Hongxiang", name_zh="丹东鸿祥实业", country=Country.CHINA)
    mine = make_venture(
        name="Hyesan copper mine",
        name_ko="혜산청년광산",
        sector=Sector.MINE,
        province_code="KP-03",
        status=Status.OPERATING,
        status_date=datetime.date(2024, 5, 1),
        partner=chinese,
        form=VentureForm.NEW_CONTRACT,
        arrangement=Arrangement.JOINT_VENTURE,
        description="Copper concentrate shipped to Dandong.",
    )
    works = make_venture(
        name="September iron works",
        name_zh="九月钢铁联合企业",
        sector=Sector.IRONWORKS,
        province_code="KP-08",
        status=Status.SUSPENDED,
        status_date=datetime.date(2020, 3, 1),
        partner=korean,
        form=VentureForm.RESTART_OR_EXPANSION,
        arrangement=Arrangement.JOINT_OPERATION,
    )
    farm = make_venture(
        name="Pyongyang greenhouse farm",
        sector=Sector.AGRICULTURE,
        province_code="KP-01",
        point=None,
        status=Status.REPORTED,
        status_date=datetime.date(2022, 1, 1),
        form=VentureForm.PRIVATE_INVESTMENT,
    )
    return {"mine": mine, "works": works, "farm": farm, "korean": korean, "chinese": chinese}


def test_without_filters_every_published_venture_is_listed_in_public_id_order(api, ventures):
    assert ids(api) == ["JV-0001", "JV-0002", "JV-0003"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"province": "KP-03"}, ["mine"]),
        ({"province": ["KP-03", "KP-08"]}, ["mine", "works"]),
        ({"sector": "ironworks"}, ["works"]),
        ({"sector": ["mine", "agriculture"]}, ["mine", "farm"]),
        ({"status": "suspended"}, ["works"]),
        ({"status": ["operating", "reported"]}, ["mine", "farm"]),
        ({"form": "private_investment"}, ["farm"]),
        ({"arrangement": "joint_operation"}, ["works"]),
        ({"location_precision": "province"}, ["farm"]),
        ({"location_precision": ["approximate"]}, ["mine", "works"]),
        ({"partner_country": "KP"}, ["works"]),
        ({"partner_country": ["KP", "CN"]}, ["mine", "works", "farm"]),
        ({"status_after": "2022-01-01"}, ["mine", "farm"]),
        ({"status_before": "2021-12-31"}, ["works"]),
        ({"status_after": "2021-01-01", "status_before": "2023-01-01"}, ["farm"]),
        ({"in_bbox": "124,39.5,125,41"}, ["mine"]),
        ({"in_bbox": "124,38,130,42"}, ["mine", "works"]),
        ({"sector": "mine", "province": "KP-08"}, []),
    ],
)
def test_each_filter_narrows_the_list(api, ventures, params, expected):
    assert ids(api, **params) == [ventures[key].public_id for key in expected]


def test_partner_filter_takes_organization_ids(api, ventures):
    assert ids(api, partner=ventures["korean"].pk) == [ventures["works"].public_id]
    both = ids(api, partner=[ventures["korean"].pk, ventures["chinese"].pk])
    assert both == [ventures["mine"].public_id, ventures["works"].public_id]


def test_a_venture_with_two_matching_partners_is_listed_once(api, ventures):
    partner_add(venture=ventures["mine"], organization=OrganizationFactory(), role="managing_organ")
    assert ids(api, partner_country="CN").count(ventures["mine"].public_id) == 1


def test_updated_since_lists_ventures_changed_since(api, ventures):
    cutoff = datetime.datetime.now(datetime.UTC)
    venture_update(venture=ventures["works"], description="New report")
    assert ids(api, updated_since=cutoff.isoformat()) == [ventures["works"].public_id]
    assert ids(api, updated_since=cutoff.strftime("%Y-%m-%dT%H:%M:%S.%f")) == [ventures["works"].public_id]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hyesan", "mine"),  # English, any case
        ("혜산", "mine"),  # Hangul venture name
        ("九月钢铁", "works"),  # Chinese venture name
        ("kangsong", "works"),  # partner name
        ("강성무역", "works"),  # partner Hangul name
        ("鸿祥", "mine"),  # partner Chinese name
        ("copper concentrate", "mine"),  # description
        ("평안북도", "mine"),  # province in Hangul (North Pyongan)
        ("咸镜南道", "works"),  # province in Chinese (South Hamgyong)
        ("Hamgyŏng-namdo", "works"),  # province McCune–Reischauer
        ("Hamgyeongnam", "works"),  # province Revised Romanization
    ],
)
def test_q_searches_every_name_variant(api, ventures, text, expected):
    assert ids(api, q=text) == [ventures[expected].public_id]


def test_q_searches_place_names_and_their_alternates(api, ventures):
    place = Place.objects.get(name_en__startswith="Hyongjesan")
    venture = make_venture(name="Brick works", province_code="KP-01", point=None, place=place)
    assert ids(api, q="Hyonjesan") == [venture.public_id]  # an alt_names spelling
    assert ids(api, q=place.name_ko) == [venture.public_id]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("name", ["mine", "farm", "works"]),
        ("-name", ["works", "farm", "mine"]),
        ("status_date", ["works", "farm", "mine"]),
        ("-status_date", ["mine", "farm", "works"]),
    ],
)
def test_ordering(api, ventures, ordering, expected):
    assert ids(api, ordering=ordering) == [ventures[key].public_id for key in expected]


def test_ordering_by_updated_at(api, ventures):
    venture_update(venture=ventures["mine"], description="Touched last")
    assert ids(api, ordering="-updated_at")[0] == ventures["mine"].public_id


def test_pagination_has_count_next_previous_and_a_settable_page_size(api, ventures):
    first = api.get(LIST, {"page_size": 2}).json()
    assert first["count"] == 3
    assert first["previous"] is None
    assert "page=2" in first["next"]
    second = api.get(first["next"]).json()
    assert [row["public_id"] for row in second["results"]] == ["JV-0003"]
    assert second["next"] is None
    assert second["previous"]


def test_the_same_filters_count_provinces_and_stats(api, ventures):
    provinces = {
        p["code"]: p for p in api.get("/api/v1/provinces/", {"sector": ["mine", "ironworks"]}).json()
    }
    assert len(provinces) == 13
    assert provinces["KP-03"]["venture_count"] == 1
    assert provinces["KP-03"]["by_status"] == {"operating": 1}
    assert provinces["KP-08"]["by_sector"] == {"ironworks": 1}
    assert provinces["KP-01"]["venture_count"] == 0
    assert "boundary" not in provinces["KP-03"]
    stats = api.get("/api/v1/stats/", {"province": "KP-03"}).json()
    assert stats["total"] == 1
    assert stats["by_province_sector_status"] == [
        {"province": "KP-03", "sector": "mine", "status": "operating", "count": 1}
    ]
    assert stats["by_year"] == [{"year": 2024, "status": "operating", "count": 1}]


def test_province_boundaries_only_when_asked(api, ventures):
    provinces = {p["code"]: p for p in api.get("/api/v1/provinces/", {"geometry": "1"}).json()}
    assert provinces["KP-03"]["boundary"]["type"] == "MultiPolygon"
    assert provinces["KP-14"]["boundary"] is None  # Nampo has no polygon of its own
    assert provinces["KP-14"]["map_polygon"] != "KP-14"


def test_places_organizations_and_sources_have_their_own_filters(api, ventures):
    places = api.get("/api/v1/places/", {"province": "KP-01", "q": "Hyonjesan"}).json()
    assert [p["name_en"] for p in places["results"]] == [
        Place.objects.get(name_en__startswith="Hyongjesan").name_en
    ]
    organizations = api.get("/api/v1/organizations/", {"country": "KP"}).json()["results"]
    assert [o["name"] for o in organizations] == ["Korea Kangsong Trading"]
    assert organizations[0]["ventures"] == [
        {
            "public_id": "JV-0002",
            "name": "September iron works",
            "url": "/ventures/JV-0002/",
            "role": "chinese_investor",
        }
    ]
    assert Organization.objects.count() == 3
    sources = api.get("/api/v1/sources/", {"q": "Joint venture report"}).json()
    assert sources["count"] == 3
    assert {v["public_id"] for s in sources["results"] for v in s["ventures"]} == {
        "JV-0001",
        "JV-0002",
        "JV-0003",
    }


def test_location_precision_is_province_for_a_venture_without_point(api, ventures):
    row = api.get(f"{LIST}{ventures['farm'].public_id}/").json()
    assert row["location_precision"] == LocationPrecision.PROVINCE
    assert row["longitude"] is None
