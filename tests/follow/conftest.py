import datetime

import pytest
from django.utils import timezone

from projects.models import DatePrecision, Status, StatusEntry, Venture
from projects.services.ventures import status_entry_create
from tests.intake.conftest import celery_configured


@pytest.fixture(autouse=True)
def eager_celery(request):
    """Tasks run in-process unless a test starts a real worker (marked `celery`)."""
    if request.node.get_closest_marker("celery"):
        yield None
        return
    with celery_configured(broker_url=None, eager=True) as app:
        yield app


def published_long_ago(venture: Venture, days: int = 30) -> Venture:
    """Move the venture's publication (and the recording of its status entries so far) back, so that
    entries added now are changes of their own."""
    then = timezone.now() - datetime.timedelta(days=days)
    Venture.objects.filter(pk=venture.pk).update(published_at=then)
    StatusEntry.objects.filter(venture=venture).update(created_at=then)
    venture.refresh_from_db()
    return venture


def add_status(
    venture: Venture, *, status=Status.EXPANDING, date=datetime.date(2025, 9, 20), source=None, note=""
):
    return status_entry_create(
        venture=venture,
        status=status,
        date=date,
        date_precision=DatePrecision.DAY,
        source=source or venture.status_entries.first().source,
        note=note,
    )
