"""The API benchmark's data: `count` synthetic published ventures with partners, status entries and
citations, bulk-created in seconds (also used by bench map, bench load and tests/api/test_export_sql.py)."""

import datetime
import os
import random

VENTURES = int(os.environ.get("BENCH_VENTURES", "10000"))
SEED = 20251001


def seed(count: int = VENTURES):
    """`count` published ventures with partners, status entries and citations (bulk_create: seconds)."""
    from django.contrib.gis.geos import Point
    from django.db import transaction

    from projects.models import (
        Arrangement,
        Citation,
        Country,
        DatePrecision,
        LocationPrecision,
        Organization,
        OrganizationKind,
        PartnerRole,
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
    from projects.services.geo import gazetteer_load, provinces_load

    if not Province.objects.exists():
        provinces_load()
        gazetteer_load()
    if Venture.objects.filter(publication_state=PublicationState.PUBLISHED).count() == count:
        return
    rng = random.Random(SEED)
    with transaction.atomic():
        for model in (Citation, StatusEntry, VenturePartner, Venture, SourceArticle, Organization):
            model.objects.all().delete()
        provinces = list(Province.objects.exclude(label_point=None))
        organizations = Organization.objects.bulk_create(
            Organization(
                name=f"Bench Trading Co. {n}",
                name_zh=f"测试贸易公司{n}",
                country=rng.choice([Country.CHINA, Country.CHINA, Country.NORTH_KOREA, Country.OTHER]),
                kind=OrganizationKind.PRIVATE_COMPANY,
            )
            for n in range(400)
        )
        sources = SourceArticle.objects.bulk_create(
            SourceArticle(
                url=f"https://news.example.org/bench/{n}",
                title=f"Report {n} on a joint venture",
                publisher=rng.choice(["Daily NK", "Asia Press", "Yonhap", "KCNA"]),
                language="en",
                published_on=datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3800)),
                source_type=SourceType.NEWS_ANONYMOUS,
            )
            for n in range(3000)
        )
        now = datetime.datetime.now(datetime.UTC)
        ventures = []
        for n in range(1, count + 1):
            province = rng.choice(provinces)
            located = rng.random() < 0.8
            point = None
            if located:
                point = Point(
                    province.label_point.x + rng.uniform(-0.05, 0.05),
                    province.label_point.y + rng.uniform(-0.05, 0.05),
                    srid=4326,
                )
            ventures.append(
                Venture(
                    public_id=f"JV-{n:05d}",
                    name=f"{rng.choice(['Musan', 'Hyesan', 'Tokhyon', 'Unryul', 'Sinuiju'])} venture {n}",
                    sector=rng.choice(Sector.values),
                    form=rng.choice([*VentureForm.values, ""]),
                    arrangement=rng.choice([*Arrangement.values, ""]),
                    province=province,
                    location=point,
                    location_precision=LocationPrecision.COUNTY if located else LocationPrecision.PROVINCE,
                    description=f"Synthetic venture number {n} for the benchmark.",
                    publication_state=PublicationState.PUBLISHED,
                    published_at=now,
                )
            )
        ventures = Venture.objects.bulk_create(ventures, batch_size=2000)
        PublicIdSequence.objects.update_or_create(prefix="JV", defaults={"last_value": count})
        partners, entries = [], []
        for venture in ventures:
            for organization, role in zip(
                rng.sample(organizations, 2),
                [PartnerRole.CHINESE_INVESTOR, PartnerRole.NORTH_KOREAN_PARTNER],
                strict=True,
            ):
                partners.append(VenturePartner(venture=venture, organization=organization, role=role))
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
                Citation(
                    venture_id=entry.venture_id, source_id=entry.source_id, status_entry=entry, quote="…"
                )
                for entry in entries
            ),
            batch_size=5000,
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
