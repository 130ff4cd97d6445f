"""Provinces and the gazetteer, and where a point lies among the provinces."""

from django.contrib.gis.db import models
from django.contrib.gis.geos import Point, Polygon
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
