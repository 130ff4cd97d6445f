"""Loading the province boundaries and the gazetteer shipped in projects/data/."""

import csv
import json
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.db import transaction

from projects.models import Place, PlaceKind, Province, ProvinceKind

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
BOUNDARIES_PATH = DATA_DIR / "dprk_admin1.geojson"
GAZETTEER_PATH = DATA_DIR / "gazetteer.csv"

PROVINCE_KINDS = {
    "KP-01": ProvinceKind.CAPITAL_CITY,
    "KP-13": ProvinceKind.SPECIAL_CITY,
    "KP-14": ProvinceKind.METROPOLITAN_CITY,
    "KP-15": ProvinceKind.METROPOLITAN_CITY,
}


def _names(row: dict) -> dict:
    return {
        "name_en": row["name_en"],
        "name_ko": row.get("name_ko") or "",
        "name_zh": row.get("name_zh") or "",
        "name_zh_hant": row.get("name_zh_hant") or "",
        "name_rr": row.get("name_rr") or "",
        "name_mr": row.get("name_mr") or "",
        "name_mr_plain": row.get("name_mr_plain") or "",
        "alt_names": row.get("alt_names") or "",
    }


def _point(lat: str, lon: str) -> Point | None:
    if not lat or not lon:
        return None
    return Point(float(lon), float(lat), srid=4326)


@transaction.atomic
def provinces_load(*, boundaries_path: Path = BOUNDARIES_PATH, gazetteer_path: Path = GAZETTEER_PATH) -> int:
    """Create or update all 13 ISO units: 11 with polygons, Nampo and Kaesong from the gazetteer."""
    collection = json.loads(Path(boundaries_path).read_text(encoding="utf-8"))
    count = 0
    drawn = set()  # codes with a polygon of their own; the others come from the gazetteer below
    for feature in collection["features"]:
        props = feature["properties"]
        code = props["iso_3166_2"]
        drawn.add(code)
        geometry = GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)
        if geometry.geom_type == "Polygon":
            geometry = MultiPolygon(geometry, srid=4326)
        province, _ = Province.objects.update_or_create(
            code=code,
            defaults={
                **_names(props),
                "kind": PROVINCE_KINDS.get(code, ProvinceKind.PROVINCE),
                "name_ko_full": props.get("name_ko_full") or "",
                "name_iso": props.get("name_iso") or "",
                "boundary": geometry,
                "label_point": Point(props["label_lon"], props["label_lat"], srid=4326),
                "note": props.get("note") or "",
            },
        )
        Province.objects.filter(pk=province.pk).update(map_polygon=province)
        count += 1
    with open(gazetteer_path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            # Nampo and Kaesong are updated on every run too, so a re-run counts all 13 again.
            if row["kind"] != "province" or row["province_iso"] in drawn:
                continue
            Province.objects.update_or_create(
                code=row["province_iso"],
                defaults={
                    **_names(row),
                    "kind": PROVINCE_KINDS.get(row["province_iso"], ProvinceKind.PROVINCE),
                    "name_ko_full": row["name_ko"],
                    "boundary": None,
                    "label_point": _point(row["lat"], row["lon"]),
                    "map_polygon": Province.objects.get(code=row["map_polygon_iso"]),
                    "note": row["note"],
                },
            )
            count += 1
    return count


@transaction.atomic
def gazetteer_load(*, path: Path = GAZETTEER_PATH) -> int:
    """Create or update every gazetteer row as a Place (provinces included, for matching)."""
    provinces = {p.code: p for p in Province.objects.all()}
    count = 0
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Place.objects.update_or_create(
                kind=PlaceKind(row["kind"]),
                name_en=row["name_en"],
                province=provinces[row["province_iso"]],
                defaults={
                    **_names(row),
                    "point": _point(row["lat"], row["lon"]),
                    "coordinate_source": row["source"],
                    "geonames_id": int(row["geonames_id"]) if row["geonames_id"] else None,
                    "note": row["note"],
                },
            )
            count += 1
    return count
