"""The time filters of the one FilterSet: `as_of` (each venture with the status it had on a day) and
`active_during` (ventures active at some point of a period). `VentureFilterSet` inherits them.

How a status history is read in time (docs/api.md, "Time"):

- a step is in effect from its date until the next step's date (the later step wins from its own day
  on); a year- or month-precision step is stored as the first day of its period, so "2019" counts
  from 1 January 2019;
- undated steps ("date unknown") cannot be placed in time: `as_of` and `active_during` leave them out,
  so a venture known only from undated reports is in no as-of view and never "active during";
- `as_of=D`: the status is the latest step dated on or before D; a venture with no such step had not
  been reported yet and is left out;
- `active_during=P`: some step between "contract signed" and "expanding" (in the order of `Status`)
  was in effect on at least one day of P.
"""

import datetime
import re

import django_filters
from django import forms
from django.db.models import DateField, Exists, Max, OuterRef, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from projects.models import Status, StatusEntry
from projects.selectors.ventures import STATUS_AS_OF, visible_ventures, with_current_status

_STATUS_VALUES = [status.value for status in Status]
# From a signed contract to expanding: the statuses in which a venture counts as active.
ACTIVE_STATUSES = tuple(
    _STATUS_VALUES[_STATUS_VALUES.index(Status.CONTRACT_SIGNED) : _STATUS_VALUES.index(Status.EXPANDING) + 1]
)

_YEAR = r"\d{4}"
_DAY = r"\d{4}-\d{2}-\d{2}"
_PERIOD_RE = re.compile(rf"^({_DAY}|{_YEAR})(?:/({_DAY}|{_YEAR}))?$")


def _bound(text: str, *, end: bool) -> datetime.date:
    """A year's first (or, for the end of a period, last) day, or the day itself."""
    if len(text) == 4:
        return datetime.date(int(text), 12, 31) if end else datetime.date(int(text), 1, 1)
    return datetime.date.fromisoformat(text)


class PeriodField(forms.CharField):
    """`YYYY`, `YYYY-MM-DD`, or two of them joined by `/` (ISO 8601 interval style), both ends
    included: `2019`, `2018/2019`, `2018-03-01/2019-12-31` → (first day, last day)."""

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        value = value.strip()
        match = _PERIOD_RE.match(value)
        if not match:
            raise forms.ValidationError(
                _(
                    "Give a year (2019), a day (2019-06-30) or a period of them joined by a slash "
                    "(2018/2019, 2018-03-01/2019-12-31)."
                ),
                code="invalid",
            )
        first, last = match.group(1), match.group(2) or match.group(1)
        try:
            start, end = _bound(first, end=False), _bound(last, end=True)
        except ValueError:
            raise forms.ValidationError(
                _("“%(value)s” is not a real date: check the month and the day."),
                code="invalid",
                params={"value": value},
            ) from None
        if start > end:
            raise forms.ValidationError(
                _(
                    "The period is inverted: it ends (%(end)s) before it starts (%(start)s). "
                    "Swap the two ends."
                ),
                code="inverted_range",
                params={"start": start.isoformat(), "end": end.isoformat()},
            )
        return (start, end)


@extend_schema_field(
    {
        "type": "string",
        "pattern": rf"^({_DAY}|{_YEAR})(/({_DAY}|{_YEAR}))?$",
        "example": "2018/2019",
        "description": "A year, a day, or two of them joined by a slash (both ends included).",
    }
)
class PeriodFilter(django_filters.Filter):
    field_class = PeriodField


def with_status_as_of(ventures: QuerySet, day: datetime.date) -> QuerySet:
    """Each venture with the status it had on `day` (its latest step dated on or before it); those
    not reported by then are left out. The status columns of every surface follow
    (`ventures.status_as_of_day`)."""
    marked = ventures.annotate(**{STATUS_AS_OF: Value(day, output_field=DateField())})
    # "Reported by then" as EXISTS, not `current_status IS NOT NULL`: PostgreSQL runs it as one
    # semi-join, and the status subqueries run for the rows shown only (a page: 100), not for all.
    reported = StatusEntry.objects.filter(venture=OuterRef("pk"), date__lte=day)
    return with_current_status(marked).filter(Exists(reported))


def active_during(ventures: QuerySet, start: datetime.date, end: datetime.date) -> QuerySet:
    """Ventures with an active step in effect on some day from `start` to `end` (both included): a
    step dated within the period, or the step in effect on `start` (the latest one dated on or before
    it: no later step dated on or before `start` replaced it)."""
    replaced_by_start = StatusEntry.objects.filter(venture=OuterRef("venture"), date__lte=start).filter(
        Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), id__gt=OuterRef("id"))
    )
    active_steps = StatusEntry.objects.filter(
        venture=OuterRef("pk"), status__in=ACTIVE_STATUSES, date__lte=end
    ).filter(Q(date__gte=start) | ~Exists(replaced_by_start))
    return ventures.filter(Exists(active_steps))


AS_OF_HELP = _(
    "The status each venture had on this day (YYYY-MM-DD), from its status history; ventures not "
    "reported by then are left out. Undated status steps are left out of as-of views."
)
ACTIVE_DURING_HELP = _(
    "Ventures whose status was between contract signed and expanding at some point of this period: "
    "a year (2019), a day, or two of them joined by a slash (2018/2019, 2018-03-01/2019-12-31)."
)


class TimeFilterSet(django_filters.FilterSet):
    """`as_of` and `active_during`; the base of `VentureFilterSet` (so they come first in its form)."""

    as_of = django_filters.DateFilter(
        method="filter_as_of",
        input_formats=["%Y-%m-%d"],
        help_text=AS_OF_HELP,
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2019-06-30.")},
    )
    active_during = PeriodFilter(method="filter_active_during", help_text=ACTIVE_DURING_HELP)

    class Meta:
        fields: list[str] = []

    def filter_queryset(self, queryset):
        # The as-of status replaces the current one BEFORE any other filter reads it (`status`, the
        # status dates, the ordering by status date).
        day = self.form.cleaned_data.get("as_of")
        if day is not None:
            queryset = with_status_as_of(queryset, day)
        return super().filter_queryset(queryset)

    def filter_as_of(self, queryset, name, value):
        return queryset  # applied first, in filter_queryset

    def filter_active_during(self, queryset, name, period):
        if not period:
            return queryset
        return active_during(queryset, *period)


def data_as_of(*, user) -> datetime.datetime | None:
    """When the data the user may see last changed: the latest `updated_at` of the visible ventures
    (a new status step, citation or partner touches its venture). The "data as of" of the map and
    of every export."""
    return visible_ventures(user=user).aggregate(latest=Max("updated_at"))["latest"]


def iso_time(value: datetime.datetime | None) -> str | None:
    """An instant as the API writes it: ISO 8601 in UTC with a Z."""
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def time_control_config(*, user) -> dict:
    """What the map's time control and its "data as of" line need: the years its steps run through
    (from the first dated status step of a visible venture to this year) and when the data last
    changed."""
    first = (
        StatusEntry.objects.filter(venture__in=visible_ventures(user=user).values("pk"), date__isnull=False)
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
    this_year = timezone.localdate().year
    return {
        "first_year": first.year if first else this_year,
        "this_year": this_year,
        "data_as_of": iso_time(data_as_of(user=user)),
    }
