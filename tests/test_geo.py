"""Province assignment against the real polygons shipped in projects/data/ (Natural Earth 10m)."""

import csv

import pytest
from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point

from projects.models import Place, Province
from projects.models.geo import PROVINCE_BORDER_TOLERANCE_M, location_error, province_for_point
from projects.services.geo import GAZETTEER_PATH

pytestmark = pytest.mark.usefixtures("geo")


def _gazetteer_rows_with_points():
    with open(GAZETTEER_PATH, encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["lat"] and row["lon"]]


GAZETTEER = _gazetteer_rows_with_points()


def test_thirteen_provinces_eleven_with_a_polygon():
    assert Province.objects.count() == 13
    assert sorted(Province.objects.filter(boundary=None).values_list("code", flat=True)) == ["KP-14", "KP-15"]
    assert Province.objects.get(code="KP-14").map_polygon.code == "KP-02"
    assert Province.objects.get(code="KP-15").map_polygon.code == "KP-06"


@pytest.mark.parametrize("row", GAZETTEER, ids=[f"{r['kind']}-{r['name_en']}" for r in GAZETTEER])
def test_every_gazetteer_point_falls_in_the_polygon_the_gazetteer_says(row):
    point = Point(float(row["lon"]), float(row["lat"]), srid=4326)

    assert province_for_point(point).code == row["map_polygon_iso"]


@pytest.mark.parametrize(("name", "polygon"), [("Nampo", "KP-02"), ("Kaesong", "KP-06")])
def test_nampo_and_kaesong_lie_in_the_polygon_that_absorbs_them(name, polygon):
    place = Place.objects.get(kind="province", name_en=name)

    assert province_for_point(place.point).code == polygon
    # …and a venture there may name the city itself as its province.
    assert location_error(point=place.point, province=place.province) is None


@pytest.mark.parametrize("town", ["Hyesan", "Musan"])
def test_riverside_towns_outside_the_generalised_border_get_the_nearest_province_once_confirmed(town):
    place = Place.objects.get(name_en=town)
    province = place.province

    assert not province.boundary.intersects(place.point), "the gazetteer says it lies just outside"
    assert province_for_point(place.point) == province
    assert "lies in Jilin (China)" in location_error(point=place.point, province=province)
    assert location_error(point=place.point, province=province, confirmed=True) is None


@pytest.mark.parametrize(
    ("where", "lon", "lat"),
    [
        ("Seoul", 126.978, 37.5665),
        ("Tonghua", 125.94, 41.73),
        ("Shenyang", 123.43, 41.8),
        ("Vladivostok", 131.89, 43.12),
    ],
)
def test_points_outside_north_korea_are_refused(where, lon, lat):
    point = Point(lon, lat, srid=4326)

    assert province_for_point(point) is None, where
    message = location_error(point=point, province=Province.objects.get(code="KP-03"))
    assert "outside North Korea" in message


def test_a_point_in_another_province_is_refused_with_both_names():
    chongjin = Place.objects.get(name_en="Chongjin").point

    message = location_error(point=chongjin, province=Province.objects.get(code="KP-01"))

    assert (
        message == f"The point ({chongjin.y:.4f}, {chongjin.x:.4f}) lies in North Hamgyong, not in Pyongyang."
    )


def test_a_point_just_across_a_province_border_is_tolerated_but_not_far_across():
    pyongyang = Province.objects.get(code="KP-01")
    # Step outward across Pyongyang's border, 0.01° (inside the tolerance) and 0.3° (far beyond it).
    inside = pyongyang.boundary.point_on_surface
    boundary = pyongyang.boundary.boundary
    nearest_on_border = boundary.interpolate(boundary.project(inside))
    dx, dy = nearest_on_border.x - inside.x, nearest_on_border.y - inside.y
    length = (dx**2 + dy**2) ** 0.5
    just_outside = Point(
        nearest_on_border.x + dx / length * 0.01, nearest_on_border.y + dy / length * 0.01, srid=4326
    )
    far_outside = Point(
        nearest_on_border.x + dx / length * 0.3, nearest_on_border.y + dy / length * 0.3, srid=4326
    )
    assert not pyongyang.boundary.intersects(just_outside)
    assert 1_200 < PROVINCE_BORDER_TOLERANCE_M < 25_000  # 0.01° is ≤ 1.2 km, 0.3° ≥ 25 km

    assert location_error(point=just_outside, province=pyongyang) is None
    assert location_error(point=far_outside, province=pyongyang) is not None


@pytest.mark.postgis
def test_postgis_agrees_with_geos_on_which_polygon_holds_each_point():
    for row in GAZETTEER:
        point = Point(float(row["lon"]), float(row["lat"]), srid=4326)
        in_sql = list(Province.objects.filter(boundary__intersects=point).values_list("code", flat=True))
        assert in_sql in ([row["map_polygon_iso"]], []), row["name_en"]
        if in_sql:
            assert province_for_point(point).code == in_sql[0]


@pytest.mark.postgis
@pytest.mark.parametrize(("town", "metres"), [("Hyesan", 240), ("Musan", 490)])
def test_the_towns_outside_the_border_are_a_few_hundred_metres_out_measured_on_the_spheroid(town, metres):
    place = Place.objects.get(name_en=town)

    province = Province.objects.annotate(gap=Distance("boundary", place.point)).get(pk=place.province_id)

    # SOURCE.md measured ~0.24 km (Hyesan) and ~0.49 km (Musan); the tolerance is ~5 km.
    assert 0 < province.gap.m < 1000
    assert abs(province.gap.m - metres) < 150


@pytest.mark.postgis
def test_checking_a_point_reads_only_the_boundaries_it_needs():
    """Venture.clean used to read all eleven polygons for every point; one (or the few near) is enough."""
    from django.db import connection

    rows = []

    def count_rows(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "boundary" in sql:
            rows.append(context["cursor"].rowcount)
        return result

    pyongyang = Province.objects.get(code="KP-01")
    chongjin = Place.objects.get(name_en="Chongjin").point
    with connection.execute_wrapper(count_rows):
        assert location_error(point=pyongyang.label_point, province=pyongyang) is None
        assert sum(rows) == 1
        rows.clear()
        assert "not in Pyongyang" in location_error(point=chongjin, province=pyongyang)
        assert sum(rows) <= 3
