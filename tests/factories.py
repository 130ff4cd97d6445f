"""factory_boy factories. Ventures are built through the services, as production code does."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point

from projects.models import (
    Country,
    DatePrecision,
    LocationPrecision,
    Organization,
    OrganizationKind,
    PartnerRole,
    Province,
    PublicationState,
    Sector,
    SourceArticle,
    SourceType,
    Status,
    Venture,
)
from projects.services.geo import gazetteer_load, provinces_load
from projects.services.ventures import citation_create, partner_add, status_entry_create, venture_create


def ensure_geo():
    """Load provinces and places once per database state (transactional tests flush them)."""
    if not Province.objects.filter(code="KP-01").exists():
        provinces_load()
        gazetteer_load()


def province(code: str) -> Province:
    ensure_geo()
    return Province.objects.get(code=code)


# Points well inside their province's polygon.
POINTS = {
    "KP-01": Point(125.75, 39.03, srid=4326),  # Pyongyang
    "KP-02": Point(126.195, 39.298, srid=4326),  # Songchon
    "KP-03": Point(124.53167, 40.19944, srid=4326),  # Uiju
    "KP-08": Point(127.287, 39.899, srid=4326),  # Hamju
    "KP-09": Point(129.78, 41.79, srid=4326),  # Chongjin
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery-staple")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Liaoning Mining Investment Co. {n}")
    country = Country.CHINA
    kind = OrganizationKind.PRIVATE_COMPANY


class SourceArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceArticle

    url = factory.Sequence(lambda n: f"https://news.example.org/articles/{n}")
    title = factory.Sequence(lambda n: f"Joint venture report {n}")
    publisher = "Example News"
    language = "en"
    published_on = datetime.date(2025, 10, 1)
    source_type = SourceType.NEWS_ANONYMOUS


def make_venture(
    *,
    name: str = "Musan iron ore joint venture",
    sector: str = Sector.MINE,
    province_code: str | None = "KP-03",
    point: Point | bool | None = True,
    state: str = PublicationState.PUBLISHED,
    status: str | None = Status.OPERATING,
    status_date: datetime.date | None = datetime.date(2025, 9, 1),
    source: SourceArticle | None = None,
    partner: Organization | None = None,
    **fields,
) -> Venture:
    """A venture with one status entry, one citation and one Chinese partner, built via the services.

    province_code=None: a venture known only to be in North Korea; status_date=None: an undated entry.
    """
    if point is True:
        point = POINTS.get(province_code)
    if province_code is None:
        precision = LocationPrecision.UNKNOWN
    else:
        precision = LocationPrecision.APPROXIMATE if point else LocationPrecision.PROVINCE
    venture = venture_create(
        name=name,
        sector=sector,
        province=province(province_code) if province_code else None,
        location=point,
        location_precision=precision,
        publication_state=state,
        **fields,
    )
    source = source or SourceArticleFactory()
    if status:
        entry = status_entry_create(
            venture=venture,
            status=status,
            date=status_date,
            date_precision=DatePrecision.DAY if status_date else DatePrecision.UNKNOWN,
            source=source,
        )
        citation_create(venture=venture, source=source, status_entry=entry, quote=f"{name} is {status}.")
    partner_add(
        venture=venture, organization=partner or OrganizationFactory(), role=PartnerRole.CHINESE_INVESTOR
    )
    venture.refresh_from_db()
    return venture
