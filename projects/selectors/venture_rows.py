"""Venture rows for lists and exports, built from `.values_list()` with one query per relation.

The list page, the GeoJSON and the CSV export all serialise these plain dicts, so the three formats say
the same thing, and a 10,000-row export costs three queries and no per-object serializer.
The query count does not grow with the number of ventures.
"""

from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.db.models import F, FloatField, Func, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from projects.models import Citation, Contribution, StatusEntry, VenturePartner
from projects.models.evidence import status_order
from projects.models.names import split_names
from projects.selectors.confidence import detail_confidence
from projects.selectors.export_fragments import export_body_from_fragments
from projects.selectors.sanctions import detail_assessment
from projects.selectors.sanctions_rules import sanctions_flags_expression
from projects.selectors.venture_export_sql import export_body_postgres
from projects.selectors.venture_row_shape import DETAIL_FIELDS, ORM_COLUMNS, venture_row
from projects.selectors.venture_sql import FEW_IDS, venture_detail_postgres, venture_rows_postgres
from projects.selectors.ventures import status_as_of_day

# Above this many ventures, relations are fetched with a subquery instead of a list of ids. Set from
# `bench api` on PostGIS (10,000 ventures, docs/benchmarks.md): the subquery was 1.15x slower for 400
# ventures, 0.90x for 600, 0.75x for 1,000 and 0.62x for 10,000; the break-even lies near 500.
ID_LIST_LIMIT = 500


class Coordinate(Func):
    """ST_X / ST_Y of a point: the same function name on PostGIS and SpatiaLite."""

    output_field = FloatField()

    def __init__(self, expression, *, axis: str):
        super().__init__(expression, function=f"ST_{axis}")


def with_coordinates(ventures: QuerySet) -> QuerySet:
    return ventures.annotate(
        longitude=Coordinate(F("location"), axis="X"), latitude=Coordinate(F("location"), axis="Y")
    )


def with_row_values(ventures: QuerySet) -> QuerySet:
    """The row's computed plain fields (ORM_COLUMNS): the coordinates and the sanctions flags."""
    return with_coordinates(ventures).annotate(sanctions_flags=sanctions_flags_expression())


def venture_url_template() -> str:
    """The venture page path with a `{}` for the public id (the map's URL, or its agreed path).

    Always the default language's path (/ventures/…, unprefixed), whatever the request's language: the
    API's data (and the exports and releases cached from it) must not change with Accept-Language.
    """
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return reverse("projects:venture-detail", args=["JV-0"]).replace("JV-0", "{}")
    except NoReverseMatch:
        return "/ventures/{}/"


def _related_filter(ventures: QuerySet, ids: list[int]) -> dict:
    if len(ids) <= ID_LIST_LIMIT or ventures.query.is_sliced:
        return {"venture_id__in": ids}
    return {"venture__in": ventures.order_by().values("pk")}


def partners_by_venture(ventures: QuerySet, ids: list[int]) -> dict[int, list[dict]]:
    partners = defaultdict(list)
    rows = (
        VenturePartner.objects.filter(**_related_filter(ventures, ids))
        .order_by("venture_id", "role", "organization__name", "pk")
        .values_list("venture_id", "organization_id", "organization__name", "organization__country", "role")
    )
    for venture_id, organization_id, name, country, role in rows:
        partners[venture_id].append({"id": organization_id, "name": name, "country": country, "role": role})
    return partners


def sources_by_venture(ventures: QuerySet, ids: list[int]) -> dict[int, tuple[int, dict | None]]:
    """Per venture: how many distinct articles cite it, and the latest one (by publication date)."""
    seen: dict[int, set[int]] = defaultdict(set)
    latest: dict[int, tuple] = {}
    rows = Citation.objects.filter(**_related_filter(ventures, ids)).values_list(
        "venture_id",
        "source_id",
        "source__publisher",
        "source__published_on",
        "source__url",
        "source__title",
        "source__citation",
    )
    for venture_id, source_id, publisher, published_on, url, title, citation in rows:
        seen[venture_id].add(source_id)
        key = (published_on.toordinal() if published_on else 0, source_id)
        current = latest.get(venture_id)
        if current is None or key > current[0]:
            latest[venture_id] = (key, publisher, published_on, url, title, citation)
    result = {}
    for venture_id, sources in seen.items():
        _, publisher, published_on, url, title, citation = latest[venture_id]
        result[venture_id] = (
            len(sources),
            {
                "publisher": publisher,
                "published_on": published_on,
                "url": url,
                "title": title,
                "citation": citation,
            },
        )
    return result


def venture_rows(ventures: QuerySet, *, url_template: str | None = None) -> list[dict]:
    """One dict per venture of `ventures` (annotated by `with_current_status`, filtered, ordered).
    `url_template`: the venture URL with `{}` for the public id (default: the page's path)."""
    url_template = url_template or venture_url_template()
    if connection.vendor == "postgresql":
        # The hand-written SQL wins for a page (per-venture lookups); for more ventures the ORM path
        # is as fast (docs/benchmarks.md), and the exports have a query of their own.
        ids = list(ventures.values_list("pk", flat=True))
        if len(ids) <= FEW_IDS:
            as_of = status_as_of_day(ventures)
            return venture_rows_postgres(ids, url_template, as_of=as_of) if ids else []
    return venture_rows_orm(ventures, url_template=url_template)


def venture_export_body(
    ventures: QuerySet,
    export_format: str,
    *,
    url_template: str | None = None,
    data_as_of: str | None = None,
) -> bytes | None:
    """On PostgreSQL, the whole GeoJSON or CSV export written by the database (`venture_export_sql`);
    None elsewhere, where the renderers build the same bytes from `venture_rows`."""
    if connection.vendor != "postgresql":
        return None
    ids = list(ventures.values_list("pk", flat=True))
    url_template = url_template or venture_url_template()
    as_of = status_as_of_day(ventures)
    body = None
    if as_of is None:  # the stored fragments are the current rows; an as-of view is written directly
        body = export_body_from_fragments(ids, export_format, url_template, data_as_of=data_as_of)
    if body is None:  # the fragments could not be used this time: written directly
        body = export_body_postgres(ids, export_format, url_template, as_of=as_of, data_as_of=data_as_of)
    return body


def venture_rows_orm(ventures: QuerySet, *, url_template: str | None = None) -> list[dict]:
    """The portable path (SpatiaLite): three queries, assembled in Python."""
    records = list(with_row_values(ventures).values_list(*ORM_COLUMNS))
    if not records:
        return []
    ids = [record[0] for record in records]
    return _rows_from_records(
        records,
        partners=partners_by_venture(ventures, ids),
        sources=sources_by_venture(ventures, ids),
        url_template=url_template,
    )


def _rows_from_records(
    records, *, partners: dict, sources: dict, url_template: str | None = None
) -> list[dict]:
    url_template = url_template or venture_url_template()
    no_sources = (0, None)
    rows = []
    for pk, *plain in records:
        source_count, latest_source = sources.get(pk, no_sources)
        rows.append(
            venture_row(
                plain,
                partners=partners.get(pk, []),
                source_count=source_count,
                latest_source=latest_source,
                url_template=url_template,
            )
        )
    return rows


DETAIL_COLUMNS = tuple(field.orm for field in DETAIL_FIELDS)

SOURCE_COLUMNS = (
    "source_id",
    "source__url",
    "source__title",
    "source__publisher",
    "source__published_on",
    "source__citation",
)


def _source(source_id, url, title, publisher, published_on, citation) -> dict:
    return {
        "id": source_id,
        "url": url,
        "title": title,
        "publisher": publisher,
        "published_on": published_on,
        "citation": citation,
    }


def venture_detail(ventures: QuerySet, public_id: str) -> dict | None:
    """Everything about one venture of `ventures` (from `visible_ventures`), or None."""
    if connection.vendor == "postgresql":
        detail = venture_detail_postgres(ventures.filter(public_id=public_id), venture_url_template())
        if detail is not None:
            detail["confidence"] = detail_confidence(detail)
        return detail
    return venture_detail_orm(ventures, public_id)


def venture_detail_orm(ventures: QuerySet, public_id: str) -> dict | None:
    """The portable path (SpatiaLite): five queries."""
    from projects.selectors.ventures import with_current_status

    ventures = with_current_status(ventures.filter(public_id=public_id))
    record = with_row_values(ventures).values_list(*ORM_COLUMNS, *DETAIL_COLUMNS).first()
    if record is None:
        return None
    pk = record[0]
    (row,) = _rows_from_records([record[: len(ORM_COLUMNS)]], partners={}, sources={})
    detail = dict(zip((field.name for field in DETAIL_FIELDS), record[len(ORM_COLUMNS) :], strict=True))
    detail["other_names"] = split_names(detail["other_names"])
    row.update(detail)

    row["partners"] = [
        {"id": org_id, "name": name, "country": country, "role": role, "stake_percent": stake, "note": note}
        for org_id, name, country, role, stake, note in VenturePartner.objects.filter(venture_id=pk)
        .order_by("role", "organization__name", "pk")
        .values_list(
            "organization_id", "organization__name", "organization__country", "role", "stake_percent", "note"
        )
    ]
    for partner in row["partners"]:
        if partner["stake_percent"] is not None:
            partner["stake_percent"] = str(partner["stake_percent"])
    row["contributions"] = [
        {"side": side, "kind": kind, "note": note}
        for side, kind, note in Contribution.objects.filter(venture_id=pk)
        .order_by("side", "kind")
        .values_list("side", "kind", "note")
    ]
    row["status_history"] = [
        {
            "id": entry_id,
            "status": status,
            "date": date,
            "date_precision": precision,
            "note": note,
            "source": _source(*source),
        }
        for entry_id, status, date, precision, note, *source in StatusEntry.objects.filter(venture_id=pk)
        .order_by(*status_order())
        .values_list("id", "status", "date", "date_precision", "note", *SOURCE_COLUMNS)
    ]
    citations = list(
        Citation.objects.filter(venture_id=pk)
        .order_by("id")
        .values_list(
            "id", "supports", "status_entry_id", "partner_id", "quote", "summary", "note", *SOURCE_COLUMNS
        )
    )
    row["citations"] = [
        {
            "id": citation_id,
            "supports": supports,
            "status_entry": entry_id,
            "partner": partner_id,
            "quote": quote,
            "summary": summary,
            "note": note,
            "source": _source(*source),
        }
        for citation_id, supports, entry_id, partner_id, quote, summary, note, *source in citations
    ]
    source_at = 7  # where SOURCE_COLUMNS start in a citation's row
    latest = max(
        (c[source_at:] for c in citations),
        key=lambda s: (s[4].toordinal() if s[4] else 0, s[0]),
        default=None,
    )
    row["source_count"] = len({c[source_at] for c in citations})
    row["latest_source"] = (
        None
        if latest is None
        else {
            "publisher": latest[3],
            "published_on": latest[4],
            "url": latest[1],
            "title": latest[2],
            "citation": latest[5],
        }
    )
    row["confidence"] = detail_confidence(row)  # as on the PostgreSQL path
    row["sanctions_assessment"] = detail_assessment(row)
    return row
