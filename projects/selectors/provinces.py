"""Provinces with the counts of matching ventures, for the choropleth and the province list."""

from collections import Counter, defaultdict

import orjson
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import QuerySet

from projects.models import Province

NO_STATUS = "none"


def province_rows(ventures: QuerySet, *, geometry: bool = False) -> list[dict]:
    """Each province with the number of `ventures` (annotated by with_current_status) in it.

    Counting happens over one narrow query in Python: grouping by the current-status subquery is not
    portable, and 10,000 three-column rows are cheap.
    """
    by_status: dict[int, Counter] = defaultdict(Counter)
    by_sector: dict[int, Counter] = defaultdict(Counter)
    for province_id, status, sector in ventures.order_by().values_list(
        "province_id", "current_status", "sector"
    ):
        by_status[province_id][status or NO_STATUS] += 1
        by_sector[province_id][sector] += 1

    provinces = Province.objects.order_by("code")
    columns = [
        "pk",
        "code",
        "name_en",
        "name_ko",
        "name_zh",
        "name_rr",
        "name_mr",
        "kind",
        "map_polygon__code",
    ]
    if geometry:
        provinces = provinces.annotate(boundary_json=AsGeoJSON("boundary", precision=5))
        columns.append("boundary_json")
    rows = []
    for record in provinces.select_related(None).values_list(*columns, "label_point"):
        pk, code, name_en, name_ko, name_zh, name_rr, name_mr, kind, map_polygon, *rest = record
        label_point = rest[-1]
        row = {
            "code": code,
            "name_en": name_en,
            "name_ko": name_ko,
            "name_zh": name_zh,
            "name_rr": name_rr,
            "name_mr": name_mr,
            "kind": kind,
            "map_polygon": map_polygon,
            "label_point": [label_point.x, label_point.y] if label_point else None,
            "venture_count": sum(by_sector[pk].values()),
            "by_status": dict(by_status[pk]),
            "by_sector": dict(by_sector[pk]),
        }
        if geometry:
            row["boundary"] = orjson.Fragment(rest[0]) if rest[0] else None
        rows.append(row)
    return rows
