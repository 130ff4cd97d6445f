"""The national timeline: how many of the matching ventures stood at each status at the end of each
year (the map's chart, `/api/v1/stats/`'s `timeline`)."""

import datetime
from collections import defaultdict

from django.db.models import QuerySet
from django.utils import timezone

from projects.models import Status, StatusEntry
from projects.selectors.ventures import status_as_of_day

STATUS_VALUES = [status.value for status in Status]


def status_timeline(ventures: QuerySet) -> list[dict]:
    """Per year, from the first dated step of the matching ventures to this year (or to the year of
    an `as_of` view): the ventures by the status they had on 31 December (on the last day, for the
    last year), as `as_of` reads a history: undated steps left out, a venture counted from its first
    dated step on. One query over the status steps of `ventures`."""
    last_day = status_as_of_day(ventures) or timezone.localdate()
    steps = (
        StatusEntry.objects.filter(venture__in=ventures.order_by().values("pk"), date__lte=last_day)
        .order_by("venture_id", "date", "id")
        .values_list("venture_id", "date", "status")
    )
    # A venture's status at the end of each year it changed; it holds until its next change.
    # change[status][year]: +1 where a venture's year-end status becomes `status`, -1 where it stops.
    change: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    first_year = None
    current_venture, year_end_status = None, {}

    def close(statuses: dict[int, str]):
        held = None
        for year in sorted(statuses):
            status = statuses[year]
            if held is not None:
                change[held][year] -= 1
            change[status][year] += 1
            held = status

    for venture_id, date, status in steps:
        if venture_id != current_venture:
            close(year_end_status)
            current_venture, year_end_status = venture_id, {}
        year_end_status[date.year] = status  # the last step of a year is its year-end status
        first_year = date.year if first_year is None else min(first_year, date.year)
    close(year_end_status)
    if first_year is None:
        return []
    rows = []
    running = defaultdict(int)
    for year in range(first_year, last_day.year + 1):
        for status in STATUS_VALUES:
            running[status] += change[status].get(year, 0)
        counts = {status: running[status] for status in STATUS_VALUES if running[status]}
        day = min(datetime.date(year, 12, 31), last_day)
        rows.append({"year": year, "as_of": day, "total": sum(counts.values()), "by_status": counts})
    return rows
