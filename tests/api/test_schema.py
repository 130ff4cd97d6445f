"""The OpenAPI schema documents every endpoint, filter, enum and error; the API keeps to it."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from projects.models import PublicationState
from tests.factories import OrganizationFactory, ensure_geo, make_venture

VENTURE_FILTERS = {
    "province",
    "sector",
    "status",
    "form",
    "arrangement",
    "partner",
    "partner_country",
    "location_precision",
    "status_after",
    "status_before",
    "updated_since",
    "in_bbox",
    "q",
    "ordering",
}


@pytest.fixture
def schema(db, client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_generation_has_no_warnings(db, tmp_path):
    call_command("spectacular", "--file", str(tmp_path / "schema.yml"), "--validate", "--fail-on-warn")


def test_every_venture_filter_is_documented_with_its_enum(schema):
    for path in ("/api/v1/ventures/", "/api/v1/provinces/", "/api/v1/stats/"):
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert set(parameters) >= VENTURE_FILTERS, path
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/ventures/"]["get"]["parameters"]}
    assert "KP-03" in parameters["province"]["schema"]["items"]["enum"]
    assert "ironworks" in parameters["sector"]["schema"]["items"]["enum"]
    assert set(parameters["format"]["schema"]["enum"]) == {"json", "geojson", "csv", "xlsx", "ftm"}
    assert parameters["page_size"]["schema"]["maximum"] == 500
    assert parameters["in_bbox"]["description"]


def test_every_format_and_error_response_is_documented(schema):
    responses = schema["paths"]["/api/v1/ventures/"]["get"]["responses"]
    assert set(responses["200"]["content"]) == {
        "application/json",
        "application/geo+json",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/json+ftm",
    }
    assert "400" in responses
    patch = schema["paths"]["/api/v1/ventures/{public_id}/"]["patch"]["responses"]
    assert {"400", "401", "403", "404", "409", "428"} <= set(patch)


def test_docs_pages_serve_their_assets_from_the_site(client, db):
    for url in ("/api/docs/", "/api/redoc/"):
        page = client.get(url).content.decode()
        assert "/static/drf_spectacular_sidecar/" in page
        assert "cdn." not in page
        assert "googleapis" not in page


SCHEMATHESIS = Path(sys.executable).parent / "st"
needs_schemathesis = pytest.mark.skipif(not SCHEMATHESIS.exists(), reason="schemathesis CLI")


@pytest.fixture
def roles(transactional_db):
    """The editors/reviewers groups: a transactional test's flush removes what the migration made."""
    import importlib

    from django.apps import apps

    importlib.import_module("projects.migrations.0002_roles").create_roles(apps, None)


@pytest.fixture
def editor(roles, editor):
    return editor


@pytest.fixture
def fuzz_data(transactional_db):
    ensure_geo()
    partner = OrganizationFactory(name="Dandong partner")
    # JV-0001 (the schema's example id) is a draft, so an editor's cases reach the services.
    make_venture(name="Draft", state=PublicationState.DRAFT, partner=partner)
    make_venture(name="Musan mine", partner=partner)
    make_venture(name="Hamhung fertiliser", province_code="KP-08", point=None)


def _schemathesis(
    live_server, tmp_path, *options, phases="examples,coverage,fuzzing"
) -> subprocess.CompletedProcess:
    # SQLite's test database is one in-memory connection, shared with the live server's threads.
    # One worker: two threads of Hypothesis parse lambdas with `ast` at once, which Debian's Python
    # 3.11.2 answers with "SystemError: AST constructor recursion depth mismatch" (CPython gh-106905).
    workers = "1"
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{live_server.url}/api/schema/",
        "--url",
        live_server.url,
        *options,
        "--phases",
        phases,
        "--workers",
        workers,
        "--seed",
        "1",
        "--no-color",
        "--generation-database",
        "none",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
    ]
    # Run in tmp_path: schemathesis keeps a cache folder in its working directory.
    return subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)


@needs_schemathesis
def test_schemathesis_finds_no_server_error_and_no_schema_mismatch(
    live_server, fuzz_data, no_throttles, tmp_path
):
    """Every read endpoint, valid and invalid input (schemathesis' default mode is both), on whichever
    database the run uses: CI runs it on PostGIS and again on SpatiaLite, where e.g. an id beyond 64
    bits was a 500 that PostGIS never showed."""
    result = _schemathesis(
        live_server,
        tmp_path,
        "--include-method",
        "GET",
        "--checks",
        "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        "--max-examples",
        "30",
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


@needs_schemathesis
def test_schemathesis_as_an_editor_finds_no_server_error_on_any_operation(
    live_server, fuzz_data, editor, no_throttles, tmp_path
):
    """Every operation, writes included, with an editor's token: the coverage phase sends each body
    of the wrong type (an array, a string, null), each boundary value (an id of 2^63) and each
    schema-breaking value to a real draft (the schema's example id). tests/trust/test_fuzz_writes.py
    adds many more generated writes in-process."""
    from rest_framework.authtoken.models import Token

    token = Token.objects.get_or_create(user=editor)[0].key
    result = _schemathesis(
        live_server,
        tmp_path,
        "--header",
        f"Authorization: Token {token}",
        "--checks",
        "not_a_server_error",
        "--max-examples",
        "10",
        # Generated fuzzing of the writes is test_fuzz_writes.py's (in-process, faster).
        phases="examples,coverage",
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
