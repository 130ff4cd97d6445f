"""Provinces and the gazetteer, and where a point lies among the provinces."""

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.db import models
from django.contrib.gis.gdal import CoordTransform, SpatialReference
from django.contrib.gis.geos import GEOSGeometry, Point, Polygon
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .names import NameVariantsMixin


class ProvinceKind(models.TextChoices):
    CAPITAL_CITY = "capital_city", _("Capital city")
    PROVINCE = "province", _("Province")
    SPECIAL_CITY = "special_city", _("Special city")
    METROPOLITAN_CITY = "metropolitan_city", _("Metropolitan city")


class Province(NameVariantsMixin):
    """A first-level division of North Korea, keyed by its ISO 3166-2 code."""

    code = models.CharField(_("ISO 3166-2 code"), max_length=5, unique=True)
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=ProvinceKind.choices)
    name_ko_full = models.CharField(_("Hangul (full)"), max_length=200, blank=True)
    name_iso = models.CharField(_("ISO 3166-2 name"), max_length=200, blank=True)
    # Nampo and Kaesong have no polygon of their own: they lie inside another province's polygon.
    boundary = models.MultiPolygonField(verbose_name=_("boundary"), srid=4326, null=True, blank=True)
    label_point = models.PointField(verbose_name=_("label point"), srid=4326, null=True, blank=True)
    map_polygon = models.ForeignKey(
        "self",
        verbose_name=_("map polygon"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province whose polygon contains this one on the map (itself when it has its own)."),
    )
    note = models.TextField(verbose_name=_("note"), blank=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name_en} ({self.code})"


WGS84 = 4326
LONLAT_POINT_EXAMPLE = '{"type": "Point", "coordinates": [125.75, 39.03]}'


def _lonlat_message(reason: str) -> str:
    return _("Give a 2-D longitude/latitude point (WGS 84), e.g. %(example)s: %(reason)s.") % {
        "example": LONLAT_POINT_EXAMPLE,
        "reason": reason,
    }


def _coordinates_problem(x, y) -> str | None:
    if not all(isinstance(n, int | float) and not isinstance(n, bool) for n in (x, y)):
        return _("the coordinates must be two numbers, longitude then latitude")
    if not (math.isfinite(x) and math.isfinite(y)):
        return _("the coordinates must be finite numbers")
    if not (-180 <= x <= 180 and -90 <= y <= 90):
        return _("the longitude must lie between -180 and 180 and the latitude between -90 and 90")
    return None


def lonlat_point_problem(geometry: GEOSGeometry) -> str | None:
    """Why a geometry cannot be stored as a venture's or a place's location, or None when it can.

    The one rule for every way a point comes in (the API's GeoJSON, the admin's map widget or WKT):
    a point with two finite coordinates in WGS 84. A third coordinate (Z, or M, which GEOS reads as Z)
    cannot be stored in the 2-D columns, and an empty point has no coordinates to check.
    """
    if not isinstance(geometry, GEOSGeometry) or geometry.geom_type != "Point":
        kind = geometry.geom_type if isinstance(geometry, GEOSGeometry) else type(geometry).__name__
        return _lonlat_message(_("this is a %(kind)s") % {"kind": kind})
    if geometry.empty:
        return _lonlat_message(_("this point is empty"))
    if geometry.hasz:
        return _lonlat_message(_("it has a third coordinate (Z or M)"))
    if geometry.srid not in (None, WGS84):
        return _lonlat_message(
            _("it is in another coordinate system (SRID %(srid)s)") % {"srid": geometry.srid}
        )
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
        _refuse(_("send a GeoJSON object"))
    extra = sorted(set(value) - {"type", "coordinates"})
    if "crs" in extra:
        _refuse(_("GeoJSON coordinates are always WGS 84, leave out “crs”"))
    if extra:
        _refuse(_("unknown member “%(member)s”") % {"member": extra[0]})
    if value.get("type") != "Point":
        _refuse(_("its type must be “Point”"))
    coordinates = value.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        _refuse(_("this point is empty"))
    if len(coordinates) > 2:
        _refuse(_("it has a third coordinate (Z or M)"))
    problem = _coordinates_problem(*coordinates) if len(coordinates) == 2 else _("it needs two coordinates")
    if problem:
        _refuse(problem)
    point = Point(float(coordinates[0]), float(coordinates[1]), srid=WGS84)
    validate_lonlat_point(point)
    return point


# --- Where a point lies: the one rule for the admin, the API and imports --------------------------------
#
# Natural Earth 10m generalises the Yalu and Tumen: the border in projects/data/ is off by up to about a
# kilometre, so riverside towns in North Korea can fall inside the neighbouring province's polygon
# (GeoNames' Hyesan 229 m, Musan-ŭp 480 m inside Jilin, measured on the WGS 84 spheroid), while Chinese
# towns lie barely farther out (downtown Dandong 969 m inside Liaoning, Tumen 896 m and Changbai's county
# seat 823 m inside Jilin). The neighbours' polygons (projects/data/neighbours.geojson, the same layer,
# sharing North Korea's border vertex for vertex) tell a point in China from a point off the coast:
# - inside a North Korean polygon: that province;
# - inside a neighbour and within LAND_BORDER_BAND_M of North Korea: accepted with a warning naming the
#   neighbour and the distance, which the editor must confirm; farther: refused;
# - in neither (the sea, the generalised shore, the islands): accepted within COAST_TOLERANCE_M.
# Distances are metres on the spheroid's local plane (an azimuthal equidistant projection centred on
# the point), computed with GEOS/PROJ in Python, so PostGIS and SpatiaLite give the same answer.

LAND_BORDER_BAND_M = 750
COAST_TOLERANCE_M = 5000
# A point just across a border between two North Korean provinces may still name either of them.
PROVINCE_BORDER_TOLERANCE_M = 5000
# The square searched around a point: at least COAST_TOLERANCE_M in every direction north of 36° N
# (a degree of longitude is ≥ 78 km up to 45° N; 0.08° ≥ 6.2 km).
_SEARCH_DEGREES = 0.08

NEIGHBOURS_PATH = Path(__file__).resolve().parent.parent / "data" / "neighbours.geojson"
COUNTRY_NAMES = {"CN": _("China"), "RU": _("Russia"), "KR": _("South Korea")}
CONFIRM_HINT = _(
    "Confirm the location to keep it (admin: tick “Confirm the location”; API: send "
    '"confirm_location": true).'
)


@dataclass(frozen=True)
class Neighbour:
    """A first-level division of China, Russia or South Korea near North Korea."""

    code: str
    name: str
    country: str
    boundary: GEOSGeometry

    @property
    def label(self) -> str:
        return f"{self.name} ({COUNTRY_NAMES.get(self.country, self.country)})"


@functools.cache
def neighbours() -> tuple[Neighbour, ...]:
    """The neighbouring provinces, read once per process from projects/data/neighbours.geojson."""
    collection = json.loads(NEIGHBOURS_PATH.read_text(encoding="utf-8"))
    return tuple(
        Neighbour(
            code=feature["properties"]["iso_3166_2"],
            name=feature["properties"]["name"],
            country=feature["properties"]["country"],
            boundary=GEOSGeometry(json.dumps(feature["geometry"]), srid=WGS84),
        )
        for feature in collection["features"]
    )


def neighbour_at(point: Point) -> Neighbour | None:
    """The neighbouring province whose polygon holds the point, if any."""
    for neighbour in neighbours():
        if neighbour.boundary.prepared.intersects(point):
            return neighbour
    return None


def _search_square(point: Point) -> Polygon:
    d = _SEARCH_DEGREES
    square = Polygon.from_bbox((point.x - d, point.y - d, point.x + d, point.y + d))
    square.srid = WGS84
    return square


def _metres_from(point: Point):
    """A function giving the distance in metres from `point` to a (nearby) geometry."""
    local = SpatialReference(
        f"+proj=aeqd +lat_0={point.y!r} +lon_0={point.x!r} +datum=WGS84 +units=m +no_defs"
    )
    transform = CoordTransform(SpatialReference(WGS84), local)
    origin = Point(0.0, 0.0)
    square = _search_square(point)

    def distance(geometry: GEOSGeometry) -> float:
        near = geometry.intersection(square)
        if near.empty:
            return math.inf
        near.srid = WGS84
        return near.transform(transform, clone=True).distance(origin)

    return distance


def format_metres(metres: float) -> str:
    return f"{metres:.0f} m" if metres < 1000 else f"{metres / 1000:.1f} km"


@dataclass(frozen=True)
class PointPlacement:
    """Where a point lies among North Korea's provinces and its neighbours."""

    point: Point
    # The province whose polygon holds the point, else the nearest one within the tolerance that
    # applies; None when the point is refused.
    province: Province | None
    inside: bool = False
    neighbour: Neighbour | None = None
    distance_m: float = 0.0  # to North Korea's nearest polygon (0 inside)
    distances_m: dict = field(default_factory=dict)  # province pk → metres, for the provinces near
    refusal: str = ""
    warning: str = ""  # set when the editor must confirm the point

    @property
    def where(self) -> str:
        return f"({self.point.y:.4f}, {self.point.x:.4f})"


def _provinces_near(point: Point):
    """Only the provinces whose polygon comes within the search square around the point.

    The database's spatial index picks these few candidates; the exact test and the distance are
    then done with GEOS in Python, so PostGIS and SpatiaLite give the same answer.
    """
    return Province.objects.filter(boundary__intersects=_search_square(point)).only(
        "code", "name_en", "boundary"
    )


def place_point(point: Point) -> PointPlacement:
    """The one judgement of where a (WGS 84, 2-D) point lies; see the comment above."""
    if point.srid not in (None, WGS84):
        point = point.transform(WGS84, clone=True)
    candidates = list(_provinces_near(point))
    for province in candidates:
        if province.boundary.intersects(point):
            return PointPlacement(point=point, province=province, inside=True)
    metres_to = _metres_from(point)
    distances = {province.pk: metres_to(province.boundary) for province in candidates}
    nearest = min(candidates, key=lambda p: distances[p.pk], default=None)
    distance = distances[nearest.pk] if nearest is not None else math.inf
    neighbour = neighbour_at(point)
    placement = {"point": point, "neighbour": neighbour, "distance_m": distance, "distances_m": distances}
    where = f"({point.y:.4f}, {point.x:.4f})"
    if neighbour is not None:
        if distance <= LAND_BORDER_BAND_M:
            warning = _(
                "The point %(where)s lies in %(neighbour)s on the map, %(distance)s "
                "from North Korea's border (%(province)s). The map's river border is off by up to "
                "about a kilometre, so a riverside place in North Korea can fall just across it: "
                "check that the place is in North Korea."
            ) % {
                "where": where,
                "neighbour": neighbour.label,
                "distance": format_metres(distance),
                "province": nearest.name_en,
            }
            return PointPlacement(province=nearest, warning=warning, **placement)
        values = {"where": where, "neighbour": neighbour.label, "band": format_metres(LAND_BORDER_BAND_M)}
        if nearest is None:
            refusal = (
                _(
                    "The point %(where)s lies outside North Korea, in %(neighbour)s "
                    "(a point in a neighbour is accepted only within %(band)s "
                    "of the border, where the map's border is uncertain)."
                )
                % values
            )
        else:
            refusal = _(
                "The point %(where)s lies outside North Korea, in %(neighbour)s, %(distance)s from its "
                "border (a point in a neighbour is accepted only within %(band)s "
                "of the border, where the map's border is uncertain)."
            ) % {**values, "distance": format_metres(distance)}
        return PointPlacement(province=None, refusal=refusal, **placement)
    if distance <= COAST_TOLERANCE_M:
        return PointPlacement(province=nearest, **placement)
    if nearest is None:
        refusal = _("The point %(where)s lies outside North Korea.") % {"where": where}
    else:
        refusal = _(
            "The point %(where)s lies outside North Korea, %(distance)s off its coast (at most %(limit)s)."
        ) % {
            "where": where,
            "distance": format_metres(distance),
            "limit": format_metres(COAST_TOLERANCE_M),
        }
    return PointPlacement(province=None, refusal=refusal, **placement)


def province_for_point(point: Point) -> Province | None:
    """The province whose polygon contains the point, else the nearest one the rule accepts."""
    return place_point(point).province


def location_warning(point: Point) -> str:
    """The warning an accepted point carries (a point just across the land border), or ""."""
    return place_point(point).warning


def location_check(*, point: Point, province: Province) -> tuple[str | None, str]:
    """(why the point cannot belong to the province or None, the warning it needs confirmed or "").

    Reads one boundary when the point is where it should be (the common case), and the few near the
    point otherwise.
    """
    if point.srid not in (None, WGS84):
        point = point.transform(WGS84, clone=True)
    if not (-180 <= point.x <= 180 and -90 <= point.y <= 90):
        return _("The point is not a longitude/latitude pair."), ""
    polygon_id = province.map_polygon_id or province.pk
    boundary = Province.objects.filter(pk=polygon_id).values_list("boundary", flat=True).first()
    if boundary is not None and boundary.intersects(point):
        return None, ""
    placement = place_point(point)
    if placement.refusal:
        return placement.refusal, ""
    if boundary is not None:
        if placement.inside:
            allowed = PROVINCE_BORDER_TOLERANCE_M
        else:
            allowed = LAND_BORDER_BAND_M if placement.neighbour else COAST_TOLERANCE_M
        distance = placement.distances_m.get(polygon_id)
        if distance is None:  # the point lies in another province: only the distance to this one matters
            distance = _metres_from(point)(boundary)
        if distance > allowed:
            where, found = placement.where, placement.province.name_en
            return _("The point %(where)s lies in %(found)s, not in %(province)s.") % {
                "where": where,
                "found": found,
                "province": province.name_en,
            }, ""
    return None, placement.warning


def location_error(*, point: Point, province: Province, confirmed: bool = False) -> str | None:
    """A message explaining why the point cannot belong to the province, or None when it can.

    A point just across the land border is accepted only `confirmed` (the editor saw the warning).
    """
    refusal, warning = location_check(point=point, province=province)
    if refusal:
        return refusal
    if warning and not confirmed:
        return f"{warning} {CONFIRM_HINT}"
    return None


class PlaceKind(models.TextChoices):
    PROVINCE = "province", _("Province-level unit")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    DISTRICT = "district", _("District")
    SITE = "site", _("Site")


class Place(NameVariantsMixin):
    """A gazetteer entry. Its point is only ever one a source gives: never invented."""

    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=PlaceKind.choices)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="places"
    )
    point = models.PointField(verbose_name=_("point"), srid=4326, null=True, blank=True)
    coordinate_source = models.TextField(
        verbose_name=_("coordinate source"), blank=True, help_text=_("Where the coordinate comes from.")
    )
    geonames_id = models.PositiveIntegerField(verbose_name=_("geonames id"), null=True, blank=True)
    note = models.TextField(verbose_name=_("note"), blank=True)
    history = HistoricalRecords()

    # Not stored: the editor confirmed a point just across the land border (see location_check).
    confirm_location = False

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["province__code", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name_en", "province"], name="unique_place_per_province"),
        ]

    def __str__(self):
        return f"{self.name_en} ({self.get_kind_display().lower()}, {self.province.name_en})"

    def clean(self):
        if self.point is not None and (problem := lonlat_point_problem(self.point)):
            raise ValidationError({"point": problem})
