"""schemathesis over every endpoint, writes (POST, PUT, PATCH) and reads, with an editor's token:
never a 5xx.

The API's own schemathesis run covers the anonymous reads. Here the generated bodies, headers and
path parameters go to every operation in-process (WSGI), valid and invalid ones alike (schemathesis'
positive and negative modes: bodies that are no object, 3-D points, ids beyond 64 bits…), half of
them aimed at real drafts so that the writes reach the services, not only the 404. Not marked for
one database: CI runs it on PostGIS and again on SpatiaLite, with the rate limits lifted. Background fetches of submitted sources go to an
in-memory broker: nothing is fetched from the network.
"""

import collections

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from jvtracker.celery import app as celery_app
from projects.models import PublicationState, Venture
from tests.factories import make_venture


@pytest.fixture
def tasks_go_nowhere():
    names = ("broker_read_url", "broker_write_url", "task_always_eager")
    saved = {name: celery_app.conf.get(name) for name in names}
    celery_app.conf.update(broker_read_url="memory://", broker_write_url="memory://", task_always_eager=False)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield
    celery_app.conf.update(saved)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def keep_test_connection():
    """As Django's test client does: a request must not close the connection holding the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def targets(geo):
    drafts = [
        make_venture(name="Fuzz draft one", state=PublicationState.DRAFT),
        make_venture(name="Fuzz draft two", province_code="KP-09", state=PublicationState.DRAFT),
    ]
    published = make_venture(name="Fuzz published")
    return [v.public_id for v in [*drafts, published]]


WRITE_METHODS = ["POST", "PUT", "PATCH"]
# Examples per operation and mode: bounded so the run takes a couple of minutes on each database.
MAX_EXAMPLES = {"write": 40, "read": 15}


def _kind(method: str) -> str:
    return "write" if method.upper() in WRITE_METHODS else "read"


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert any(op.method.upper() in WRITE_METHODS for op in operations), "no write operation in the schema"
    return operations


@pytest.mark.django_db
def test_no_request_with_an_editor_token_causes_a_server_error(
    editor, targets, tasks_go_nowhere, keep_test_connection, no_throttles
):
    token = Token.objects.get_or_create(user=editor)[0].key
    tried = set()
    statuses = collections.Counter()
    for operation in _operations():
        cases = st.one_of(operation.as_strategy(mode) for mode in GenerationMode)

        @given(case=cases)
        @settings(
            max_examples=MAX_EXAMPLES[_kind(operation.method)] * len(GenerationMode),
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            if case.path_parameters and "public_id" in case.path_parameters:
                generated = str(case.path_parameters["public_id"])
                if sum(map(ord, generated)) % 2 == 0:
                    case.path_parameters["public_id"] = targets[len(generated) % len(targets)]
            response = case.call_and_validate(
                headers={"Authorization": f"Token {token}"}, checks=[not_a_server_error]
            )
            statuses[_kind(case.method), response.status_code] += 1
            tried.add(f"{case.method} {case.operation.path}")

        check()
    assert {
        "POST /api/v1/ventures/",
        "PUT /api/v1/ventures/{public_id}/",
        "PATCH /api/v1/ventures/{public_id}/",
        "POST /api/v1/ventures/{public_id}/status-entries/",
        "POST /api/v1/ventures/{public_id}/citations/",
        "POST /api/v1/sources/",
        "GET /api/v1/ventures/",
        "GET /api/v1/organizations/{id}/",
    } <= tried
    print(dict(statuses))
    # Some writes got through to the services.
    assert statuses["write", 200] + statuses["write", 201] > 0, statuses
    # Whatever was written went through the services: every venture still has a valid version.
    assert not Venture.objects.filter(version__lt=1).exists()
