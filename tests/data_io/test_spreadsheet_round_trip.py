"""Export → import into an empty database gives back the same facts (CSV and XLSX), and importing
the same file again changes nothing.

What the exports carry is what round-trips: each venture's own fields (names in every script,
sector, form, arrangement, province, place, point, precision, investment, sanctions note), its
partners (name and country), its current status (with its date and precision) and its latest source,
cited. Imported ventures arrive as drafts: the facts are compared, not the publication state.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from projects.models import (
    Citation,
    Country,
    ImportLog,
    Organization,
    PartnerRole,
    PublicationState,
    SourceArticle,
    Status,
    StatusEntry,
    Venture,
    VenturePartner,
)
from projects.services.ventures import partner_add, status_entry_create
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture

pytestmark = pytest.mark.django_db

VENTURE_FIELDS = (
    "name",
    "name_ko",
    "name_zh",
    "sector",
    "form",
    "arrangement",
    "location_precision",
    "investment_amount",
    "investment_currency",
    "sanctions_note",
)


@pytest.fixture
def published_ventures(geo):
    """Three published ventures named in Hangul and Chinese: partners with stakes, a status history
    with an undated entry, citations; one known only to be in North Korea."""
    hunchun = SourceArticleFactory(
        url="https://news.example.org/rason-fish",
        title="Rason seafood plant opens",
        publisher="Example Daily",
        published_on=datetime.date(2023, 5, 4),
    )
    chinese = OrganizationFactory(name="Hunchun Ocean Trading Co., Ltd.", name_zh="珲春海洋贸易有限公司")
    korean = OrganizationFactory(
        name="Rason Fisheries Company", name_ko="라선수산회사", country=Country.NORTH_KOREA
    )
    rason = make_venture(
        name="Rason seafood processing joint venture",
        name_ko="라선 수산물 가공 합영",
        name_zh="罗先水产加工合营",
        sector="fisheries",
        province_code="KP-13",
        source=hunchun,
        status=Status.REPORTED,
        status_date=None,  # an undated entry
        partner=chinese,
        investment_amount=Decimal("2500000.00"),
        investment_currency="USD",
        sanctions_note="Seafood exports banned by UNSCR 2371.",
    )
    rason.partners.filter(organization=chinese).update(stake_percent=Decimal("60.00"))
    partner_add(
        venture=rason, organization=korean, role=PartnerRole.NORTH_KOREAN_PARTNER, stake_percent=Decimal("40")
    )
    status_entry_create(
        venture=rason,
        status=Status.OPERATING,
        date=datetime.date(2023, 5, 1),
        date_precision="month",
        source=hunchun,
    )
    dandong = OrganizationFactory(name="Dandong Hongxiang Industrial", name_zh="丹东鸿祥实业发展有限公司")
    sinuiju = make_venture(
        name="Sinuiju garment factory",
        name_zh="新义州服装厂",
        sector="manufacturing",
        province_code="KP-03",
        point=None,
        partner=dandong,
        status=Status.OPERATING,
        status_date=datetime.date(2019, 11, 20),
    )
    unknown = make_venture(
        name="Unlocated coal trading venture",
        name_ko="석탄 무역 합영",
        province_code=None,
        status=Status.SUSPENDED,
        status_date=datetime.date(2017, 8, 5),
    )
    return [rason, sinuiju, unknown]


def facts(venture: Venture) -> dict:
    """What the exports carry of a venture, in a form that compares across databases."""
    current = venture.status_entries.exclude(date=None).order_by("-date").first() or (
        venture.status_entries.first()
    )
    latest = SourceArticle.objects.filter(citations__venture=venture).order_by("-published_on", "-pk").first()
    return {
        **{name: getattr(venture, name) for name in VENTURE_FIELDS},
        "province": venture.province.code if venture.province else None,
        "place": venture.place.name_en if venture.place else None,
        "point": venture.location.coords if venture.location else None,
        "partners": sorted(
            (p.organization.name, p.organization.country)
            for p in VenturePartner.objects.filter(venture=venture).select_related("organization")
        ),
        "status": (current.status, current.date, current.date_precision) if current else None,
        "latest_source": (latest.url, latest.publisher, latest.published_on, latest.title)
        if latest
        else None,
    }


def all_facts() -> dict:
    return {v.name: facts(v) for v in Venture.objects.all()}


def wipe():
    """An empty database: no ventures, organizations or sources (their history rows may stay)."""
    Citation.objects.all().delete()
    StatusEntry.objects.all().delete()
    VenturePartner.objects.all().delete()
    Venture.objects.all().delete()
    Organization.objects.all().delete()
    SourceArticle.objects.all().delete()


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Venture, Organization, SourceArticle, VenturePartner, StatusEntry, Citation)
    }


@pytest.mark.parametrize("url, suffix", [("/api/v1/ventures.csv", "csv"), ("/api/v1/ventures.xlsx", "xlsx")])
def test_an_export_imports_back_into_an_empty_database_with_the_same_facts(
    published_ventures, api, tmp_path, url, suffix
):
    before = all_facts()
    response = api.get(url)
    assert response.status_code == 200
    path = tmp_path / f"ventures.{suffix}"
    path.write_bytes(response.content)
    wipe()
    assert counts()["Venture"] == 0

    call_command("import_ventures", str(path), stdout=io.StringIO())

    after = all_facts()
    assert set(after) == set(before)
    for name, expected in before.items():
        assert after[name] == expected, name
    imported = Venture.objects.all()
    assert {v.publication_state for v in imported} == {PublicationState.DRAFT}
    assert ImportLog.objects.get().created == 3


@pytest.mark.parametrize("url, suffix", [("/api/v1/ventures.csv", "csv"), ("/api/v1/ventures.xlsx", "xlsx")])
def test_a_second_import_of_the_same_file_changes_nothing(published_ventures, api, tmp_path, url, suffix):
    path = tmp_path / f"ventures.{suffix}"
    path.write_bytes(api.get(url).content)
    wipe()
    call_command("import_ventures", str(path), stdout=io.StringIO())
    first, first_facts = counts(), all_facts()

    call_command("import_ventures", str(path), stdout=io.StringIO())

    assert counts() == first
    assert all_facts() == first_facts
    assert ImportLog.objects.count() == 1  # nothing changed: no log row either


def test_each_imported_object_has_its_creation_in_the_history(published_ventures, api, tmp_path, editor):
    path = tmp_path / "ventures.csv"
    path.write_bytes(api.get("/api/v1/ventures.csv").content)
    wipe()

    call_command("import_ventures", str(path), "--user", editor.username, stdout=io.StringIO())

    for model in (Venture, Organization, SourceArticle, VenturePartner, StatusEntry, Citation):
        for obj in model.objects.all():
            rows = list(model.history.filter(**{model._meta.pk.attname: obj.pk}))
            assert [(r.history_type, r.history_user) for r in rows] == [("+", editor)], (model, obj)
            as_saved = rows[0].instance
            for field in model._meta.concrete_fields:
                assert getattr(as_saved, field.attname) == getattr(obj, field.attname), (model, field.name)
