"""A URL that cannot be a source is a 400 naming `url` in the API and a form error in the admin, never a 500."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from projects.models import SourceArticle

REFUSED = [
    ("http://example.org:70000/a", "port"),
    ("http://example.org:0/a", "port"),
    ("http://example.org:99999/a", "port"),
    ("http://127.0.0.1:8301\\@8.8.8.8/../secret.txt", "backslash"),
]


@pytest.fixture
def api(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return client


@pytest.mark.parametrize(("url", "reason"), REFUSED)
def test_the_api_refuses_the_url_with_a_400_naming_it(api, url, reason):
    response = api.post("/api/v1/sources/", {"url": url}, format="json")

    assert response.status_code == 400, response.content
    assert reason in " ".join(response.json()["url"])
    assert not SourceArticle.objects.exists()


@pytest.mark.parametrize(("url", "reason"), REFUSED)
def test_the_admin_shows_a_form_error(editor_client, url, reason):
    response = editor_client.post(reverse("admin:projects_triagearticle_add"), {"url": url})

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not SourceArticle.objects.exists()


def test_an_ipv6_literal_keeps_its_brackets(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = api.post("/api/v1/sources/", {"url": "http://[2001:DB8::0:1]:8080/a/"}, format="json")

    assert response.status_code == 201, response.content
    assert SourceArticle.objects.get().url == "http://[2001:db8::1]:8080/a"
