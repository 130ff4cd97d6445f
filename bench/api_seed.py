"""The API benchmark's data: `count` synthetic published ventures with partners, status entries and
citations, bulk-created in seconds by `seed_demo_data`'s service (projects/services/demo_seed.py) (also used by bench map, bench load and tests/api/test_export_sql.py)."""

import os

VENTURES = int(os.environ.get("BENCH_VENTURES", "10000"))
SEED = 20251001


def seed(count: int = VENTURES):
    """`count` published ventures: what is missing is added by `manage.py seed_demo_data`'s service
    (spread around the gazetteer's places, never outside North Korea); nothing is deleted."""
    from projects.models import Province, PublicationState, Venture
    from projects.services.demo_seed import seed_demo_ventures
    from projects.services.geo import gazetteer_load, provinces_load

    if not Province.objects.exists():
        provinces_load()
        gazetteer_load()
    published = Venture.objects.filter(publication_state=PublicationState.PUBLISHED).count()
    if published < count:
        seed_demo_ventures(count=count - published, seed=SEED)
    elif published > count:
        print(f"note: {published} published ventures (more than the {count} asked for); none deleted")
