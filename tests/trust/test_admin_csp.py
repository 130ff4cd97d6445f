"""The admin runs its inline scripts by nonce (django-csp), never by 'unsafe-inline'."""

import re

import pytest

from projects.models import PublicationState
from tests.admin_forms import admin_url
from tests.factories import make_venture

pytestmark = pytest.mark.usefixtures("geo")


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def test_the_venture_change_page_runs_its_map_widget_by_nonce(editor_client):
    venture = make_venture(name="Hyesan copper joint venture", state=PublicationState.DRAFT)

    response = editor_client.get(admin_url("venture", "change", venture.pk))

    assert response.status_code == 200
    script_src = directives(response["Content-Security-Policy"])["script-src"]
    nonces = [value for value in script_src if value.startswith("'nonce-")]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert len(nonces) == 1 and "'self'" in script_src
    nonce = nonces[0][len("'nonce-") : -1]
    page = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>", page)
    assert inline_scripts, "the Leaflet widget's inline scripts are on the page"
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline_scripts), inline_scripts


def test_each_request_gets_its_own_nonce(editor_client):
    venture = make_venture(state=PublicationState.DRAFT)
    url = admin_url("venture", "change", venture.pk)

    first, second = (editor_client.get(url)["Content-Security-Policy"] for _ in range(2))

    assert directives(first)["script-src"] != directives(second)["script-src"]


def test_pages_without_inline_scripts_get_no_nonce(client):
    policy = client.get("/")["Content-Security-Policy"]

    assert directives(policy)["script-src"] == ["'self'"]
