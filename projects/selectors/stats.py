"""Counts of ventures by province × sector × status, and by year."""

from collections import Counter

from django.db.models import QuerySet


def venture_stats(ventures: QuerySet) -> dict:
    """Counts over `ventures` (annotated by with_current_status): one narrow query."""
    cells: Counter = Counter()
    years: Counter = Counter()
    total = 0
    for province, sector, status, status_date in ventures.order_by().values_list(
        "province__code", "sector", "current_status", "current_status_date"
    ):
        total += 1
        cells[(province, sector, status)] += 1
        years[(status_date.year if status_date else None, status)] += 1

    def sort_key(value):
        return (value is None, value or "")

    return {
        "total": total,
        "by_province_sector_status": [
            {"province": province, "sector": sector, "status": status, "count": count}
            for (province, sector, status), count in sorted(
                cells.items(), key=lambda item: tuple(sort_key(v) for v in item[0])
            )
        ],
        "by_year": [
            {"year": year, "status": status, "count": count}
            for (year, status), count in sorted(
                years.items(), key=lambda item: (item[0][0] is None, item[0][0] or 0, sort_key(item[0][1]))
            )
        ],
    }
