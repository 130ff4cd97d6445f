"""Where a point lies, checked against the project's own province polygons.

Done with GEOS in Python rather than in SQL so that PostGIS and SpatiaLite give the same answer.
"""

from django.contrib.gis.geos import Point

from projects.models import Province

# Natural Earth 10m generalises borders and coasts: riverside towns can sit ~0.5 km outside.
# 0.05° is about 5 km, enough for the generalisation, far too little to cross a province.
BORDER_TOLERANCE_DEGREES = 0.05


def _polygon_provinces():
    return Province.objects.exclude(boundary=None).only("code", "name_en", "boundary")


def province_for_point(point: Point) -> Province | None:
    """The province whose polygon contains the point, else the nearest one within the tolerance."""
    nearest, nearest_distance = None, BORDER_TOLERANCE_DEGREES
    for province in _polygon_provinces():
        if province.boundary.intersects(point):
            return province
        distance = province.boundary.distance(point)
        if distance <= nearest_distance:
            nearest, nearest_distance = province, distance
    return nearest


def location_error(*, point: Point, province: Province) -> str | None:
    """A message explaining why the point cannot belong to the province, or None when it can."""
    if point.srid not in (None, 4326):
        point = point.transform(4326, clone=True)
    if not (-180 <= point.x <= 180 and -90 <= point.y <= 90):
        return "The point is not a longitude/latitude pair."
    containing = province_for_point(point)
    if containing is None:
        return f"The point ({point.y:.4f}, {point.x:.4f}) lies outside North Korea."
    polygon_province = province.map_polygon or province
    if polygon_province.boundary is None:
        return None
    if polygon_province.boundary.distance(point) <= BORDER_TOLERANCE_DEGREES:
        return None
    return (
        f"The point ({point.y:.4f}, {point.x:.4f}) lies in {containing.name_en}, not in {province.name_en}."
    )
