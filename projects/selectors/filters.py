"""The one FilterSet for ventures: the API list, the map, the exports and the province counts share it.

Every parameter is strict: a value that is not allowed is a 400 naming the parameter and what is
allowed, never a silently ignored filter. Unknown parameters are refused
(by `projects.api.filter_backends.StrictFilterBackend` in the API).
"""

import datetime

import django_filters
from django import forms
from django.contrib.gis.geos import Polygon
from django.db.models import Exists, OuterRef, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField, ModelMultipleChoiceField
from drf_spectacular.utils import extend_schema_field

from projects.ids import MAX_ID, is_whole_number, parse_id
from projects.models import (
    Arrangement,
    Country,
    LocationPrecision,
    Organization,
    OrganizationKind,
    PlaceKind,
    Reliability,
    Sector,
    SourceType,
    Status,
    VentureForm,
    VenturePartner,
)
from projects.models.names import NameVariantsMixin
from projects.permissions import can_see_unpublished
from projects.selectors.confidence_filters import ConfidenceFilters
from projects.selectors.sanctions_filter import SanctionsFilter
from projects.selectors.time_filters import TimeFilterSet
from projects.selectors.venture_row_shape import TEXT_SEARCH_FIELDS
from projects.selectors.ventures import visible_ventures

# ISO 3166-2:KP. There is no KP-11 or KP-12.
PROVINCE_CODES = [f"KP-{n:02d}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15)]
ORDERING_FIELDS = {"name": "name", "status_date": "current_status_date", "updated_at": "updated_at"}
Q_MAX_LENGTH = 200


def _choices_message(values):
    """The invalid-choice message, translated when shown (the request's language); `%(value)s` is
    left for the form field to fill in."""
    return format_lazy(_("“%(value)s” is not allowed. Use one of: {allowed}."), allowed=", ".join(values))


def _choice_filter(field_name: str, choices, help_text: str, **extra):
    """A repeatable choice filter (OR within the parameter) whose error lists the allowed values."""
    values = [value for value, _label in choices]
    return django_filters.MultipleChoiceFilter(
        field_name=field_name,
        choices=choices,
        help_text=help_text,
        distinct=False,
        error_messages={"invalid_choice": _choices_message(values)},
        **extra,
    )


class BoundingBoxField(forms.CharField):
    """`minLon,minLat,maxLon,maxLat` in WGS 84 degrees → a validated 4-tuple of floats."""

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        parts = value.split(",")
        if len(parts) != 4:
            raise forms.ValidationError(
                _("Give four comma-separated numbers: minLon,minLat,maxLon,maxLat (e.g. 124,37.5,131,43).")
            )
        try:
            min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
        except ValueError:
            raise forms.ValidationError(
                _("Each of minLon,minLat,maxLon,maxLat must be a number (e.g. 124,37.5,131,43).")
            ) from None
        if not all(-180 <= lon <= 180 for lon in (min_lon, max_lon)):
            raise forms.ValidationError(_("Longitudes must lie between -180 and 180."))
        if not all(-90 <= lat <= 90 for lat in (min_lat, max_lat)):
            raise forms.ValidationError(_("Latitudes must lie between -90 and 90."))
        if not (min_lon < max_lon and min_lat < max_lat):
            raise forms.ValidationError(_("minLon must be less than maxLon and minLat less than maxLat."))
        return (min_lon, min_lat, max_lon, max_lat)


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^[^,]+,[^,]+,[^,]+,[^,]+$",
        "example": "124,37.5,131,43",
        "description": "minLon,minLat,maxLon,maxLat in WGS 84 degrees.",
    }
)
class BoundingBoxFilter(django_filters.Filter):
    field_class = BoundingBoxField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(location__within=Polygon.from_bbox(value))


def _contains_any(fields, text: str, prefix: str = "") -> Q:
    """Rows where any of the fields (under the relation `prefix`) contains the text, case-insensitively."""
    query = Q()
    for field in fields:
        query |= Q(**{f"{prefix}{field}__icontains": text})
    return query


def unknown_parameter_errors(params, allowed) -> dict[str, list[str]]:
    """{parameter: [message]} for each parameter not in `allowed` (the API's 400, the pages' notice)."""
    unknown = sorted(set(params) - set(allowed))
    if not unknown:
        return {}
    message = _("Unknown parameter. Allowed: %(allowed)s.") % {"allowed": ", ".join(sorted(allowed))}
    return {name: [message] for name in unknown}


class TextFilter(django_filters.CharFilter):
    """Case-insensitive text search: `query(text)` gives the condition for the stripped text.

    Blank text filters nothing; longer text than Q_MAX_LENGTH is a 400.
    """

    def __init__(self, *, query, **kwargs):
        super().__init__(
            max_length=Q_MAX_LENGTH,
            error_messages={
                "max_length": format_lazy(
                    _("Search text may be at most {limit} characters."), limit=Q_MAX_LENGTH
                )
            },
            **kwargs,
        )
        self.query = query

    def filter(self, qs, value):
        value = (value or "").strip()
        return qs.filter(self.query(value)) if value else qs


def _name_variants_q(prefix: str, text: str) -> Q:
    return _contains_any(NameVariantsMixin.NAME_FIELDS, text, prefix)


ORGANIZATION_NAME_FIELDS = Organization.NAME_FIELDS


def venture_text_query(text: str) -> Q:
    """Every name variant of the venture, its province, its place and its partners, and its description.

    `icontains` compiles to UPPER(..) LIKE UPPER(..) on PostGIS and LIKE on SpatiaLite: case-insensitive
    for Latin script on both; Hangul and Chinese have no case.
    """
    query = _contains_any(TEXT_SEARCH_FIELDS, text)
    query |= _name_variants_q("province__", text) | _name_variants_q("place__", text)
    partner_names = _contains_any(ORGANIZATION_NAME_FIELDS, text, "organization__")
    query |= Q(Exists(VenturePartner.objects.filter(partner_names, venture=OuterRef("pk"))))
    return query


def _partner_choices(user):
    """Partners the visitor may know of: one known only from drafts is, to the public, no partner."""
    if can_see_unpublished(user):
        return Organization.objects.all()
    visible = VenturePartner.objects.filter(venture__in=visible_ventures(user=user).values("pk"))
    return Organization.objects.filter(Exists(visible.filter(organization=OuterRef("pk"))))


class IdsField(ModelMultipleChoiceField):
    """Ids judged before any query: SQLite cannot even bind a number beyond 64 bits (see projects.ids)."""

    def _check_values(self, value):
        for raw in value:
            if parse_id(raw) is None:
                code = "invalid_choice" if is_whole_number(raw) else "invalid_pk_value"
                raise forms.ValidationError(
                    self.error_messages[code], code=code, params={"value": raw, "pk": raw}
                )
        return super()._check_values(value)


@extend_schema_field({"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": MAX_ID}})
class OrganizationIdsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = IdsField

    def get_queryset(self, request):
        # The partners of what the filtering user may see (`VentureFilterSet.user`), on every surface.
        return _partner_choices(self.parent.user)


def _date_filter(field_name: str, lookup_expr: str, meaning: str) -> django_filters.DateFilter:
    """A day filter (YYYY-MM-DD only), e.g. `meaning` "Published on or after" (… "this day")."""
    return django_filters.DateFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        input_formats=["%Y-%m-%d"],
        help_text=f"{meaning} this day (YYYY-MM-DD).",
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2024-01-31.")},
    )


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, as UTC: PostgreSQL refuses offsets beyond ±15:59 (`+18:23` was a 500)."""

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(
                _("Enter an ISO 8601 date and time, e.g. 2025-01-31T12:00:00Z.")
            ) from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class VentureOrderingFilter(django_filters.OrderingFilter):
    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        # The public id breaks ties, so pages never overlap or skip.
        return qs.order_by(*ordering, "public_id")


class VentureFilterForm(forms.Form):
    """Rules between parameters: a date range that ends before it begins matches nothing by
    definition, so it is a 400 saying so (on the map, in the API, the exports and the province page)."""

    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("status_after"), cleaned.get("status_before")
        if after and before and after > before:
            self.add_error(
                "status_before",
                forms.ValidationError(
                    _(
                        "The range is inverted: status_before (%(before)s) is earlier than status_after "
                        "(%(after)s). Swap the two dates."
                    ),
                    code="inverted_range",
                    params={"before": before.isoformat(), "after": after.isoformat()},
                ),
            )
        return cleaned


class VentureFilterSet(ConfidenceFilters, TimeFilterSet):
    """`as_of` and `active_during` come from TimeFilterSet (projects/selectors/time_filters.py),
    `confidence` and `single_source` from ConfidenceFilters (projects/selectors/confidence_filters.py)."""

    province = _choice_filter(
        "province__code",
        [(code, code) for code in PROVINCE_CODES],
        "ISO 3166-2 code of the province (repeatable: ?province=KP-01&province=KP-03).",
    )
    sector = _choice_filter("sector", Sector.choices, "Sector (repeatable).")
    status = _choice_filter("current_status", Status.choices, "Current status (repeatable).")
    form = _choice_filter("form", VentureForm.choices, "Form of the venture (repeatable).")
    arrangement = _choice_filter("arrangement", Arrangement.choices, "Joint venture or joint operation.")
    location_precision = _choice_filter(
        "location_precision", LocationPrecision.choices, "Precision of the point (repeatable)."
    )
    partner = OrganizationIdsFilter(
        queryset=Organization.objects.all(),  # narrowed per user by OrganizationIdsFilter.get_queryset
        method="filter_partner",
        help_text="Id of a partner organization (repeatable): ventures with any of them as partner.",
        error_messages={
            "invalid_choice": _(
                "No organization has the id “%(value)s”. Use an id from /api/v1/organizations/."
            ),
            "invalid_pk_value": _("“%(pk)s” is not an organization id: use a whole number."),
        },
    )
    partner_country = _choice_filter(
        "partner_country",
        Country.choices,
        "Country of a partner (repeatable): CN China, KP North Korea, XX other.",
        method="filter_partner_country",
    )
    sanctions = SanctionsFilter()
    status_after = _date_filter("current_status_date", "gte", "Current status dated on or after")
    status_before = _date_filter("current_status_date", "lte", "Current status dated on or before")
    updated_since = UtcIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=(
            "Ventures changed at or after this ISO 8601 time (e.g. 2025-01-31T12:00:00Z; UTC when no "
            "offset is given). The JSON list then also reports `tombstones`: ventures removed from view "
            "since then."
        ),
        error_messages={"invalid": _("Enter an ISO 8601 date and time, e.g. 2025-01-31T12:00:00Z.")},
    )
    in_bbox = BoundingBoxFilter(
        help_text="Bounding box minLon,minLat,maxLon,maxLat in WGS 84 degrees (e.g. 124,37.5,131,43)."
    )
    q = TextFilter(
        query=venture_text_query,
        help_text=(
            "Text search, case-insensitive, over every name variant (English, Hangul, Chinese, "
            "romanizations) of the venture, its province, place and partners, and its description."
        ),
    )
    ordering = VentureOrderingFilter(
        fields=[(target, name) for name, target in ORDERING_FIELDS.items()],
        help_text="Sort by name, status_date or updated_at; prefix with - for descending.",
        error_messages={
            "invalid_choice": _choices_message([v for n in ORDERING_FIELDS for v in (n, f"-{n}")])
        },
    )

    class Meta:
        fields: list[str] = []
        form = VentureFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        # Who filters: the request's user for the API, the page's user for the HTML pages.
        self.user = user if user is not None else getattr(request, "user", None)

    def filter_partner(self, queryset, name, organizations):
        if not organizations:
            return queryset
        partners = VenturePartner.objects.filter(venture=OuterRef("pk"), organization__in=organizations)
        return queryset.filter(Exists(partners))

    def filter_partner_country(self, queryset, name, countries):
        # Through the partners table with EXISTS, so a venture with two such partners is one row.
        if not countries:
            return queryset
        partners = VenturePartner.objects.filter(venture=OuterRef("pk"), organization__country__in=countries)
        return queryset.filter(Exists(partners))


class PlaceFilterSet(django_filters.FilterSet):
    province = _choice_filter(
        "province__code", [(code, code) for code in PROVINCE_CODES], "ISO 3166-2 code (repeatable)."
    )
    kind = _choice_filter("kind", PlaceKind.choices, "Kind of place (repeatable).")
    q = TextFilter(
        query=lambda text: _name_variants_q("", text), help_text="Any name variant, case-insensitive."
    )

    class Meta:
        fields: list[str] = []


class OrganizationFilterSet(django_filters.FilterSet):
    country = _choice_filter("country", Country.choices, "CN China, KP North Korea, XX other (repeatable).")
    kind = _choice_filter("kind", OrganizationKind.choices, "Kind of organization (repeatable).")
    q = TextFilter(
        query=lambda text: _contains_any(ORGANIZATION_NAME_FIELDS, text),
        help_text="Any name of the organization.",
    )

    class Meta:
        fields: list[str] = []


class SourceFilterSet(django_filters.FilterSet):
    source_type = _choice_filter("source_type", SourceType.choices, "Type of source (repeatable).")
    reliability = _choice_filter("reliability", Reliability.choices, "Reliability grade (repeatable).")
    published_after = _date_filter("published_on", "gte", "Published on or after")
    q = TextFilter(
        query=lambda text: _contains_any(("title", "publisher", "url"), text),
        help_text="Title, publisher or URL.",
    )

    class Meta:
        fields: list[str] = []
