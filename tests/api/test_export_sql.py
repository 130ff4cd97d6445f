"""On PostGIS, the hand-written SQL gives exactly what the portable ORM path gives.

Generated data (the benchmark's seed, 1,200 ventures: more than FEW_IDS and ID_LIST_LIMIT, so every
branch runs) with hostile text in every free-text field: quotes, commas, line breaks, control
characters, backslashes, formula prefixes, non-Latin scripts; whole-number coordinates, times with and
without microseconds, ventures without partners, sources or status.
"""

import datetime
import random

import orjson
import pytest
from django.contrib.gis.geos import Point

from bench.api import seed
from projects.api.renderers import CSVRenderer, GeoJSONRenderer
from projects.models import Citation, Organization, Place, SourceArticle, StatusEntry, Venture, VenturePartner
from projects.selectors.venture_rows import (
    ID_LIST_LIMIT,
    venture_export_body,
    venture_rows,
    venture_rows_orm,
    venture_url_template,
)
from projects.selectors.venture_sql import FEW_IDS, venture_rows_postgres
from projects.selectors.ventures import visible_ventures, with_current_status

pytestmark = [pytest.mark.django_db, pytest.mark.postgis]

VENTURES = 1200
HOSTILE = [
    'Quoted "name", with comma',
    "Line\nbreak and\r\ncarriage return",
    '=HYPERLINK("http://evil")',
    "+plus",
    "-minus",
    "@at",
    "\ttab first",
    "\rreturn first",
    "back\\slash \\n not a newline",
    "control \x01\x1f\x7f chars",
    "무산광산 茂山铁矿 ünïcødé \u2028 separator",
    "",
    " leading and trailing space ",
    "semi; colon",
]


@pytest.fixture
def generated(geo):
    seed(VENTURES)
    rng = random.Random(14)
    ventures = list(Venture.objects.order_by("pk"))
    places = list(Place.objects.all()[:5])
    for n, venture in enumerate(ventures[: len(HOSTILE) * 3]):
        venture.name = HOSTILE[n % len(HOSTILE)] + f" {n}"
        venture.form = "" if n % 2 else venture.form
        venture.place = places[n % len(places)] if n % 3 == 0 else None
        if n % 4 == 0:
            venture.location = Point(127.0, 40.0, srid=4326)  # whole numbers: written 127.0, not 127
        venture.updated_at = datetime.datetime(
            2025, 1, 2, 3, 4, 5, 0 if n % 2 else 123456, tzinfo=datetime.UTC
        )
    Venture.objects.bulk_update(
        ventures[: len(HOSTILE) * 3], ["name", "form", "place", "location", "updated_at"]
    )
    bare = ventures[-3:]  # no partners, no citations, no status
    VenturePartner.objects.filter(venture__in=bare).delete()
    Citation.objects.filter(venture__in=bare).delete()
    StatusEntry.objects.filter(venture__in=bare).delete()
    organizations = list(Organization.objects.order_by("pk")[: len(HOSTILE)])
    for organization, text in zip(organizations, HOSTILE, strict=True):
        organization.name = f"{text} {organization.pk}"
    Organization.objects.bulk_update(organizations, ["name"])
    sources = list(SourceArticle.objects.order_by("?")[:200])
    for n, source in enumerate(sources):
        source.title = rng.choice(HOSTILE) + " title"
        source.publisher = rng.choice(HOSTILE)
        source.published_on = None if rng.random() < 0.2 else source.published_on
        if n % 5 == 0:  # an article on paper or in a PDF: no URL, known by its citation
            source.url, source.citation = None, rng.choice(HOSTILE) + f" p. {n}"
    SourceArticle.objects.bulk_update(sources, ["title", "publisher", "published_on", "url", "citation"])
    return with_current_status(visible_ventures(user=None))


def as_json(rows) -> list:
    return orjson.loads(orjson.dumps(rows, option=orjson.OPT_UTC_Z))


def test_the_data_takes_every_branch(generated):
    assert generated.count() == VENTURES > max(FEW_IDS, ID_LIST_LIMIT)
    assert generated.filter(citations__source__url__isnull=True).exists()  # sources without a URL


@pytest.mark.parametrize("ordering", ["public_id", "-name", "current_status_date"])
def test_rows_from_sql_equal_the_orm_rows_for_all_and_for_a_page(generated, ordering):
    ventures = generated.order_by(ordering, "pk")
    assert as_json(venture_rows(ventures)) == as_json(
        venture_rows_orm(ventures)
    )  # more than ID_LIST_LIMIT ids
    page = ventures[100:200]
    assert as_json(venture_rows(page)) == as_json(venture_rows_orm(page))  # a page: per-venture lookups
    few = ventures.filter(pk__in=list(ventures.values_list("pk", flat=True)[:50]))
    assert as_json(venture_rows(few)) == as_json(venture_rows_orm(few))  # few ids, not sliced
    # Just past each limit, unsliced: the ORM path with the subquery, and with the id list.
    for count in (FEW_IDS + 1, ID_LIST_LIMIT + 1):
        just_over = ventures.filter(pk__in=list(ventures.values_list("pk", flat=True)[:count]))
        assert as_json(venture_rows(just_over)) == as_json(venture_rows_orm(just_over))
        assert as_json(venture_rows(just_over[:FEW_IDS])) == as_json(venture_rows_orm(just_over[:FEW_IDS]))
    # The SQL itself for all 1,200 ids too (venture_rows hands so many to the ORM path).
    every = venture_rows_postgres(list(ventures.values_list("pk", flat=True)), venture_url_template())
    assert as_json(every) == as_json(venture_rows_orm(ventures))


@pytest.mark.parametrize(
    ("export_format", "renderer"), [("geojson", GeoJSONRenderer()), ("csv", CSVRenderer())]
)
def test_exports_written_by_postgresql_are_byte_for_byte_the_rendered_ones(
    generated, export_format, renderer
):
    for ventures in (
        generated.order_by("public_id"),
        generated.filter(sector="mine").order_by("-name", "pk"),
    ):
        rendered = renderer.render(venture_rows_orm(ventures))
        assert venture_export_body(ventures, export_format) == rendered
    empty = generated.none()
    assert venture_export_body(empty, export_format) == renderer.render([])


def test_the_hostile_text_is_in_the_exports(generated):
    body = venture_export_body(generated.order_by("public_id"), "csv").decode()
    assert "'=HYPERLINK" in body
    assert '"Quoted ""name"", with comma' in body
    features = orjson.loads(venture_export_body(generated.order_by("public_id"), "geojson"))["features"]
    names = {feature["properties"]["name"] for feature in features}
    assert "control \x01\x1f\x7f chars 9" in names
    assert any(
        feature["geometry"] and feature["geometry"]["coordinates"] == [127.0, 40.0] for feature in features
    )
