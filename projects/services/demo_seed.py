"""Synthetic published ventures for a local instance and the benchmarks (`manage.py seed_demo_data`).

Non-destructive: it only adds. Public ids come from the same sequence as the editors' ventures, so
nothing existing is touched or reused. Points are spread around the gazetteer's places (a few
kilometres, as county-level points are) and each is checked to lie inside its province's polygon, so
no point ever falls outside North Korea (GeoNames' Hyesan and Musan lie just across the generalised
border: their ventures are placed on the North Korean side). A fifth are known only to their province.

Bulk inserts (10,000 ventures in seconds): the rows are valid by construction (choices from the
enums, points tested in Python against the prepared province polygons) instead of `full_clean()` per
row, which would run the point-in-province query 10,000 times.
"""

import datetime
import math
import random

from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.utils import timezone

from projects.models import (
    Arrangement,
    Citation,
    Country,
    DatePrecision,
    LocationPrecision,
    Organization,
    OrganizationKind,
    PartnerRole,
    Place,
    Province,
    PublicationState,
    PublicIdSequence,
    Sector,
    SourceArticle,
    SourceType,
    Status,
    StatusEntry,
    Venture,
    VentureForm,
    VenturePartner,
)
from projects.services.ventures import PUBLIC_ID_PREFIX

ORGANIZATIONS = 400
SOURCES = 3000
SPREAD_KM = 6.0  # how far from its place a venture's point may lie
LOCATED_SHARE = 0.8
MAX_COUNT = 100_000


def _pools(rng: random.Random) -> tuple[list[Organization], list[SourceArticle]]:
    """The synthetic partners and sources, made once and reused by every later run."""
    names = [f"Demo Trading Co. {n}" for n in range(ORGANIZATIONS)]
    have = set(Organization.objects.filter(name__in=names).values_list("name", flat=True))
    Organization.objects.bulk_create(
        Organization(
            name=name,
            name_zh=f"示例贸易公司{name.rsplit(' ', 1)[1]}",
            country=rng.choice([Country.CHINA, Country.CHINA, Country.NORTH_KOREA, Country.OTHER]),
            kind=OrganizationKind.PRIVATE_COMPANY,
        )
        for name in names
        if name not in have
    )
    urls = [f"https://news.example.org/demo/{n}" for n in range(SOURCES)]
    have = set(SourceArticle.objects.filter(url__in=urls).values_list("url", flat=True))
    SourceArticle.objects.bulk_create(
        SourceArticle(
            url=url,
            title=f"Report {url.rsplit('/', 1)[1]} on a joint venture",
            publisher=rng.choice(["Daily NK", "Asia Press", "Yonhap", "KCNA"]),
            language="en",
            published_on=datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3800)),
            source_type=SourceType.NEWS_ANONYMOUS,
        )
        for url in urls
        if url not in have
    )
    return (
        list(Organization.objects.filter(name__in=names)),
        list(SourceArticle.objects.filter(url__in=urls)),
    )


def _anchors() -> list[tuple[Place, object]]:
    """Each gazetteer place with a point, with the prepared polygon its ventures must lie in."""
    polygons = {}
    for province in Province.objects.select_related("map_polygon"):
        drawn = province.map_polygon or province
        if drawn.boundary is not None:
            polygons[province.pk] = drawn.boundary.prepared
    return [
        (place, polygons[place.province_id])
        for place in Place.objects.exclude(point=None).select_related("province").order_by("pk")
        if place.province_id in polygons
    ]


def _point_near(rng: random.Random, place: Place, polygon) -> Point | None:
    """A point within SPREAD_KM of the place and inside the polygon (None if twenty tries miss)."""
    lat0, lon0 = place.point.y, place.point.x
    for attempt in range(20):
        radius = SPREAD_KM * (0.8**attempt) * math.sqrt(rng.random())
        angle = rng.uniform(0, 2 * math.pi)
        lat = lat0 + radius / 111.0 * math.sin(angle)
        lon = lon0 + radius / (111.0 * math.cos(math.radians(lat0))) * math.cos(angle)
        point = Point(round(lon, 6), round(lat, 6), srid=4326)
        if polygon.contains(point):
            return point
    return None


@transaction.atomic
def seed_demo_ventures(*, count: int, seed: int = 20251001) -> int:
    """Add `count` published synthetic ventures with partners, status entries and citations."""
    if not 0 < count <= MAX_COUNT:
        raise ValueError(f"count must be between 1 and {MAX_COUNT}")
    rng = random.Random(seed + Venture.objects.count())  # noqa: S311 (synthetic data, not secrets)
    anchors = _anchors()
    provinces = list(Province.objects.order_by("code"))
    if not anchors or not provinces:
        raise ValueError("No provinces or places: run `manage.py load_geo` first.")
    organizations, sources = _pools(rng)
    sequence, _ = PublicIdSequence.objects.select_for_update().get_or_create(prefix=PUBLIC_ID_PREFIX)
    first = sequence.last_value + 1
    sequence.last_value += count
    sequence.save(update_fields=["last_value"])
    now = timezone.now()
    ventures = []
    for number in range(first, first + count):
        point = place = None
        province = rng.choice(provinces)
        if rng.random() < LOCATED_SHARE:
            place, polygon = rng.choice(anchors)
            point = _point_near(rng, place, polygon)
            province = place.province
            if point is None:
                place = None
        sector = rng.choice(Sector.values)
        ventures.append(
            Venture(
                public_id=f"{PUBLIC_ID_PREFIX}-{number:04d}",
                name=f"{(place or province).name_en} {sector} venture {number}",
                sector=sector,
                form=rng.choice([*VentureForm.values, ""]),
                arrangement=rng.choice([*Arrangement.values, ""]),
                province=province,
                place=place,
                location=point,
                location_precision=LocationPrecision.APPROXIMATE if point else LocationPrecision.PROVINCE,
                description=f"Synthetic venture number {number} (seed_demo_data).",
                publication_state=PublicationState.PUBLISHED,
                published_at=now,
            )
        )
    ventures = Venture.objects.bulk_create(ventures, batch_size=2000)
    partners, entries = [], []
    for venture in ventures:
        chinese, korean = rng.sample(organizations, 2)
        partners.append(
            VenturePartner(venture=venture, organization=chinese, role=PartnerRole.CHINESE_INVESTOR)
        )
        partners.append(
            VenturePartner(venture=venture, organization=korean, role=PartnerRole.NORTH_KOREAN_PARTNER)
        )
        day = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randrange(3000))
        for step in range(rng.randint(1, 3)):
            entries.append(
                StatusEntry(
                    venture=venture,
                    status=rng.choice(Status.values),
                    date=day + datetime.timedelta(days=120 * step),
                    date_precision=DatePrecision.DAY,
                    source=rng.choice(sources),
                )
            )
    VenturePartner.objects.bulk_create(partners, batch_size=5000)
    entries = StatusEntry.objects.bulk_create(entries, batch_size=5000)
    Citation.objects.bulk_create(
        (
            Citation(venture_id=e.venture_id, source_id=e.source_id, status_entry=e, quote="…")
            for e in entries
        ),
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return len(ventures)
