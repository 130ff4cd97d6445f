"""Whatever the body, the API answers in JSON with a 4xx that says what is wrong: never a 500, never an
HTML page, never a library's message."""

import json

import pytest
from django.conf import settings

from tests.factories import make_venture

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(geo):
    return make_venture(state="draft")


@pytest.mark.parametrize("body", ["[1]", '"x"', "null", "3", "true", "[]"])
@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_a_body_that_is_not_an_object_is_a_400(editor_api, draft, method, body):
    response = editor_api.generic(
        method, f"/api/v1/ventures/{draft.public_id}/", body, content_type="application/json"
    )

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert "must be a JSON object" in response.json()["detail"]


@pytest.mark.parametrize(
    "url", ["/api/v1/ventures/", "/api/v1/sources/", "/api/v1/ventures/{id}/status-entries/"]
)
def test_every_write_endpoint_wants_an_object(editor_api, draft, url):
    response = editor_api.generic(
        "POST", url.format(id=draft.public_id), "[1]", content_type="application/json"
    )

    assert response.status_code == 400
    assert "must be a JSON object" in response.json()["detail"]


def test_deeply_nested_json_is_a_400(editor_api, draft):
    deep = '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"

    response = editor_api.generic(
        "PATCH", f"/api/v1/ventures/{draft.public_id}/", deep, content_type="application/json"
    )

    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]


@pytest.mark.parametrize("body", ['{"name": 1e400}', '{"name": "\\ud800"}', "{", '{"a": NaN}'])
def test_json_that_cannot_be_read_faithfully_is_a_400(editor_api, draft, body):
    response = editor_api.generic(
        "PATCH", f"/api/v1/ventures/{draft.public_id}/", body, content_type="application/json"
    )

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"


def test_a_body_over_the_size_limit_is_a_json_413(editor_api, draft):
    body = json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1), "version": draft.version})

    response = editor_api.generic(
        "PATCH", f"/api/v1/ventures/{draft.public_id}/", body, content_type="application/json"
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "too large" in response.json()["detail"]
    draft.refresh_from_db()
    assert draft.name != "x"


@pytest.mark.parametrize("url", ["/api/nope/", "/api/v2/ventures/", "/api/v1/ventures/JV-0001/nothing/"])
def test_an_unknown_api_path_is_a_json_404(api, geo, url):
    response = api.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "/api/docs/" in response.json()["detail"]


def test_an_unknown_page_of_the_site_stays_an_html_404(client, geo):
    response = client.get("/nope/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_method_an_endpoint_does_not_have_is_a_json_405(editor_api, draft):
    response = editor_api.delete(f"/api/v1/ventures/{draft.public_id}/")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"


def test_a_crash_under_the_api_is_a_json_500_without_internals(rf):
    from jvtracker.middleware import server_error

    request = rf.get("/api/v1/ventures/")
    try:
        raise RuntimeError("OGR_G_CreateGeometryFromJson failed")
    except RuntimeError:
        response = server_error(request)

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "OGR" not in response.content.decode()
    assert json.loads(response.content)["detail"].startswith("Server error")
