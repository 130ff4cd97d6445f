"""On PostGIS, exports are joined from each venture's stored fragment; they stay byte for byte what
the database writes directly and what the portable renderers give, after every kind of change.

The triggers of migration 0025 mark a venture's fragment stale whenever something its row shows
changes, whoever writes it (services, bulk updates, raw SQL); a stale fragment is never served.
"""

import datetime

import psycopg
import pytest
from django.db import connection
from django.db.models import F

from projects.api.renderers import CSVRenderer, GeoJSONRenderer
from projects.models import (
    Citation,
    Organization,
    Place,
    Province,
    SanctionsMeasure,
    SourceArticle,
    StatusEntry,
    Venture,
    VentureExportFragment,
)
from projects.selectors.export_fragments import export_body_from_fragments
from projects.selectors.venture_export_sql import export_body_postgres
from projects.selectors.venture_rows import venture_export_body, venture_rows_orm, venture_url_template
from projects.selectors.ventures import visible_ventures, with_current_status
from projects.services.ventures import partner_add, status_entry_create, venture_update
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture

pytestmark = pytest.mark.postgis

RENDERERS = {"geojson": GeoJSONRenderer(), "csv": CSVRenderer()}
ABSOLUTE = "https://jv.example.org/ventures/{}/"


def ventures():
    return with_current_status(visible_ventures(user=None)).order_by("public_id")


def ids() -> list[int]:
    return list(ventures().values_list("pk", flat=True))


def assert_all_paths_agree():
    """Fragments = direct SQL = the renderers, for both formats and two URL templates."""
    for export_format, renderer in RENDERERS.items():
        for template in (venture_url_template(), ABSOLUTE):
            rendered = renderer.render(venture_rows_orm(ventures(), url_template=template))
            assert export_body_postgres(ids(), export_format, template) == rendered, export_format
            assert export_body_from_fragments(ids(), export_format, template) == rendered, export_format
        assert venture_export_body(ventures(), export_format) == renderer.render(venture_rows_orm(ventures()))


def fresh_fragments() -> int:
    return VentureExportFragment.objects.filter(built_generation=F("generation"), venture__in=ids()).count()


@pytest.fixture
def data(geo):
    source = SourceArticleFactory(title="Hoeryong coal deal", published_on=datetime.date(2025, 10, 1))
    partner = OrganizationFactory(name="Yanbian Coal Trading", name_zh="延边煤炭贸易")
    coal = make_venture(name="Hoeryong coal venture", province_code="KP-09", source=source, partner=partner)
    other = make_venture(name='Quoted "mill", with comma', province_code="KP-03")
    make_venture(name="Draft never exported", state="draft")
    return {"coal": coal, "other": other, "source": source, "partner": partner}


@pytest.mark.django_db
def test_fragments_are_built_once_and_then_only_joined(data):
    assert not VentureExportFragment.objects.filter(built_generation__gte=0).exists()
    assert_all_paths_agree()
    assert fresh_fragments() == 2  # the two published ventures; never the draft
    built = dict(VentureExportFragment.objects.values_list("venture_id", "csv_head"))
    assert_all_paths_agree()
    assert dict(VentureExportFragment.objects.values_list("venture_id", "csv_head")) == built


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        "venture service",
        "venture bulk update",
        "raw sql",
        "partner added",
        "status added",
        "citation deleted",
        "organization renamed",
        "source retitled",
        "place renamed",
        "province renamed",
        "venture deleted",
        "sanctions measure corrected",
    ],
)
def test_every_kind_of_change_is_in_the_next_export(data, change):
    assert_all_paths_agree()
    coal = Venture.objects.get(pk=data["coal"].pk)
    if change == "venture service":
        venture_update(venture=coal, expected_version=coal.version, name="Hoeryong coal venture (renamed)")
    elif change == "venture bulk update":
        Venture.objects.filter(pk=coal.pk).update(sanctions_note="Coal exports banned.")
    elif change == "raw sql":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE projects_venture SET name = 'Changed by hand' WHERE id = %s", [coal.pk])
    elif change == "partner added":
        partner_add(venture=coal, organization=OrganizationFactory(name="Second partner"), role="other")
    elif change == "status added":
        status_entry_create(
            venture=coal, status="suspended", date=datetime.date(2024, 4, 1), source=data["source"]
        )
    elif change == "citation deleted":
        Citation.objects.filter(venture=coal).delete()
    elif change == "organization renamed":
        Organization.objects.filter(pk=data["partner"].pk).update(name="Yanbian Coal Group")
    elif change == "source retitled":
        SourceArticle.objects.filter(pk=data["source"].pk).update(title="Hoeryong coal deal, updated")
    elif change == "place renamed":
        place = Place.objects.order_by("pk").first()
        Venture.objects.filter(pk=coal.pk).update(place=place)
        assert_all_paths_agree()
        Place.objects.filter(pk=place.pk).update(name_en="Renamed place")
    elif change == "province renamed":
        Province.objects.filter(code="KP-09").update(name_en="North Hamgyong (renamed)")
    elif change == "sanctions measure corrected":
        # A reviewer takes mining out of the bans: every venture's `sanctions` column can change.
        SanctionsMeasure.objects.update(sectors="")
    elif change == "venture deleted":
        StatusEntry.objects.filter(venture=coal).delete()
        coal.citations.all().delete()
        coal.partners.all().delete()
        Venture.objects.filter(pk=coal.pk).delete()
        assert not VentureExportFragment.objects.filter(venture_id=coal.pk).exists()
    assert_all_paths_agree()


@pytest.mark.django_db
def test_a_fragment_older_than_its_generation_is_never_served(data):
    assert_all_paths_agree()
    fragment = VentureExportFragment.objects.get(venture_id=data["coal"].pk)
    # As if built from a snapshot before a change (the trigger raised the generation meanwhile).
    VentureExportFragment.objects.filter(pk=fragment.pk).update(
        csv_head="STALE,", built_generation=fragment.generation - 1
    )
    assert b"STALE" not in export_body_from_fragments(ids(), "csv", ABSOLUTE)
    # And a fresh one is what is served (the body really comes from the stored fragments).
    fragment.refresh_from_db()
    VentureExportFragment.objects.filter(pk=fragment.pk).update(csv_head="FRESH,")
    assert b"FRESH," in export_body_from_fragments(ids(), "csv", ABSOLUTE)


@pytest.mark.django_db(transaction=True)
def test_a_fragment_row_locked_by_a_writer_falls_back_to_the_direct_export(data):
    assert_all_paths_agree()
    Venture.objects.filter(pk=data["coal"].pk).update(name="Renamed while locked")
    params = connection.settings_dict
    dsn = f"postgresql://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{params['NAME']}"
    with psycopg.connect(dsn) as writer:
        writer.execute(
            "SELECT 1 FROM projects_ventureexportfragment WHERE venture_id = %s FOR UPDATE", [data["coal"].pk]
        )
        # The build waits LOCK_TIMEOUT for the row, then the export is written directly: still right.
        assert export_body_from_fragments(ids(), "csv", ABSOLUTE) is None
        assert venture_export_body(ventures(), "csv") == CSVRenderer().render(venture_rows_orm(ventures()))
        writer.rollback()
    assert_all_paths_agree()
