"""Provinces and the gazetteer, and where a point lies among the provinces."""

import math

from django.contrib.gis.db import models
from django.contrib.gis.geos import GEOSGeometry, Point, Polygon
from django.core.exceptions import ValidationError
from simple_history.models import HistoricalRecords

from .names import NameVariantsMixin


class ProvinceKind(models.TextChoices):
    CAPITAL_CITY = "capital_city", "Capital city"
    PROVINCE = "province", "Province"
    SPECIAL_CITY = "special_city", "Special city"
    METROPOLITAN_CITY = "metropolitan_city", "Metropolitan city"


class Province(NameVariantsMixin):
    """A first-level division of North Korea, keyed by its ISO 3166-2 code."""

    code = models.CharField("ISO 3166-2 code", max_length=5, unique=True)
    kind = models.CharField(max_length=20, choices=ProvinceKind.choices)
    name_ko_full = models.CharField("Hangul (full)", max_length=200, blank=True)
    name_iso = models.CharField("ISO 3166-2 name", max_length=200, blank=True)
    # Nampo and Kaesong have no polygon of their own: they lie inside another province's polygon.
    boundary = models.MultiPolygonField(srid=4326, null=True, blank=True)
    label_point = models.PointField(srid=4326, null=True, blank=True)
    map_polygon = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The province whose polygon contains this one on the map (itself when it has its own).",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name_en} ({self.code})"


# Natural Earth 10m generalises borders and coasts: riverside towns can sit ~0.5 km outside.
# 0.05° is about 5 km, enough for the generalisation, far too little to cross a province.
BORDER_TOLERANCE_DEGREES = 0.05

WGS84 = 4326
LONLAT_POINT = "a 2-D longitude/latitude point (WGS 84)"
LONLAT_POINT_EXAMPLE = '{"type": "Point", "coordinates": [125.75, 39.03]}'


def _lonlat_message(reason: str) -> str:
    return f"Give {LONLAT_POINT}, e.g. {LONLAT_POINT_EXAMPLE}: {reason}."


def _coordinates_problem(x, y) -> str | None:
    if not all(isinstance(n, int | float) and not isinstance(n, bool) for n in (x, y)):
        return "the coordinates must be two numbers, longitude then latitude"
    if not (math.isfinite(x) and math.isfinite(y)):
        return "the coordinates must be finite numbers"
    if not (-180 <= x <= 180 and -90 <= y <= 90):
        return "the longitude must lie between -180 and 180 and the latitude between -90 and 90"
    return None


def lonlat_point_problem(geometry: GEOSGeometry) -> str | None:
    """Why a geometry cannot be stored as a venture's or a place's location, or None when it can.

    The one rule for every way a point comes in (the API's GeoJSON, the admin's map widget or WKT):
    a point with two finite coordinates in WGS 84. A third coordinate (Z, or M, which GEOS reads as Z)
    cannot be stored in the 2-D columns, and an empty point has no coordinates to check.
    """
    if not isinstance(geometry, GEOSGeometry) or geometry.geom_type != "Point":
        kind = geometry.geom_type if isinstance(geometry, GEOSGeometry) else type(geometry).__name__
        return _lonlat_message(f"this is a {kind}")
    if geometry.empty:
        return _lonlat_message("this point is empty")
    if geometry.hasz:
        return _lonlat_message("it has a third coordinate (Z or M)")
    if geometry.srid not in (None, WGS84):
        return _lonlat_message(f"it is in another coordinate system (SRID {geometry.srid})")
    problem = _coordinates_problem(geometry.x, geometry.y)
    return _lonlat_message(problem) if problem else None


def validate_lonlat_point(geometry: GEOSGeometry) -> None:
    problem = lonlat_point_problem(geometry)
    if problem:
        raise ValidationError(problem, code="not_lonlat_point")


def _refuse(reason: str):
    raise ValidationError(_lonlat_message(reason), code="not_lonlat_point")


def point_from_geojson(value) -> Point:
    """A GeoJSON Point object (as parsed JSON) → a GEOS point, judged by `lonlat_point_problem`.

    Parsed here rather than by GDAL: GDAL would honour (or, once we set the SRID, silently override) a
    `crs` member, and its messages are no answer for an API client. RFC 7946 GeoJSON is always WGS 84.
    """
    if not isinstance(value, dict):
        _refuse("send a GeoJSON object")
    extra = sorted(set(value) - {"type", "coordinates"})
    if "crs" in extra:
        _refuse("GeoJSON coordinates are always WGS 84, leave out “crs”")
    if extra:
        _refuse(f"unknown member “{extra[0]}”")
    if value.get("type") != "Point":
        _refuse("its type must be “Point”")
    coordinates = value.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        _refuse("this point is empty")
    if len(coordinates) > 2:
        _refuse("it has a third coordinate (Z or M)")
    problem = _coordinates_problem(*coordinates) if len(coordinates) == 2 else "it needs two coordinates"
    if problem:
        _refuse(problem)
    point = Point(float(coordinates[0]), float(coordinates[1]), srid=WGS84)
    validate_lonlat_point(point)
    return point


def _provinces_near(point: Point):
    """Only the provinces whose polygon comes within the tolerance's square around the point.

    The database's spatial index picks these few candidates; the exact test and the distance are
    then done with GEOS in Python, so PostGIS and SpatiaLite give the same answer.
    """
    tolerance = BORDER_TOLERANCE_DEGREES
    square = Polygon.from_bbox(
        (point.x - tolerance, point.y - tolerance, point.x + tolerance, point.y + tolerance)
    )
    square.srid = 4326
    return Province.objects.filter(boundary__intersects=square).only("code", "name_en", "boundary")


def province_for_point(point: Point) -> Province | None:
    """The province whose polygon contains the point, else the nearest one within the tolerance."""
    nearest, nearest_distance = None, BORDER_TOLERANCE_DEGREES
    for province in _provinces_near(point):
        if province.boundary.intersects(point):
            return province
        distance = province.boundary.distance(point)
        if distance <= nearest_distance:
            nearest, nearest_distance = province, distance
    return nearest


def location_error(*, point: Point, province: Province) -> str | None:
    """A message explaining why the point cannot belong to the province, or None when it can.

    Reads one boundary when the point is where it should be (the common case), and the few near the
    point otherwise.
    """
    if point.srid not in (None, 4326):
        point = point.transform(4326, clone=True)
    if not (-180 <= point.x <= 180 and -90 <= point.y <= 90):
        return "The point is not a longitude/latitude pair."
    polygon_id = province.map_polygon_id or province.pk
    boundary = Province.objects.filter(pk=polygon_id).values_list("boundary", flat=True).first()
    if boundary is not None and boundary.distance(point) <= BORDER_TOLERANCE_DEGREES:
        return None
    containing = province_for_point(point)
    if containing is None:
        return f"The point ({point.y:.4f}, {point.x:.4f}) lies outside North Korea."
    if boundary is None:
        return None
    return (
        f"The point ({point.y:.4f}, {point.x:.4f}) lies in {containing.name_en}, not in {province.name_en}."
    )


class PlaceKind(models.TextChoices):
    PROVINCE = "province", "Province-level unit"
    CITY = "city", "City"
    COUNTY = "county", "County"
    DISTRICT = "district", "District"
    SITE = "site", "Site"


class Place(NameVariantsMixin):
    """A gazetteer entry. Its point is only ever one a source gives: never invented."""

    kind = models.CharField(max_length=20, choices=PlaceKind.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="places")
    point = models.PointField(srid=4326, null=True, blank=True)
    coordinate_source = models.TextField(blank=True, help_text="Where the coordinate comes from.")
    geonames_id = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["province__code", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name_en", "province"], name="unique_place_per_province"),
        ]

    def __str__(self):
        return f"{self.name_en} ({self.get_kind_display().lower()}, {self.province.name_en})"

    def clean(self):
        if self.point is not None and (problem := lonlat_point_problem(self.point)):
            raise ValidationError({"point": problem})
