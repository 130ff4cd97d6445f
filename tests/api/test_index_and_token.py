"""A script starts at /api/v1/ (a JSON index of the endpoints), and its author gets a token from a
page where staff create, replace and revoke their own."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_the_api_root_is_a_json_index_of_the_endpoints(api, geo):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    endpoints = body["endpoints"]
    assert endpoints["ventures"]["url"] == "http://testserver/api/v1/ventures/"
    assert endpoints["venture_partners"]["url"] == "http://testserver/api/v1/ventures/{public_id}/partners/"
    assert endpoints["organization"]["url"] == "http://testserver/api/v1/organizations/{id}/"
    assert "/account/api-token/" in body["authentication"]
    # Every listed URL without a placeholder answers.
    for name, endpoint in endpoints.items():
        if "{" not in endpoint["url"]:
            assert api.get(endpoint["url"]).status_code == 200, name
    assert api.get("/api/v1/?x=1").status_code == 400


def test_staff_create_see_replace_and_revoke_their_own_token(client, editor):
    client.force_login(editor)
    page = client.get("/account/api-token/")
    assert page.status_code == 200
    assert b"You have no token." in page.content

    created = client.post("/account/api-token/", {"action": "create"})
    assert created.status_code == 200
    token = Token.objects.get(user=editor)
    assert token.key.encode() in created.content  # shown once, when made
    assert token.key.encode() not in client.get("/account/api-token/").content

    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert script.post("/api/v1/organizations/", {}, format="json").status_code == 400  # authenticated

    client.post("/account/api-token/", {"action": "replace"})
    new = Token.objects.get(user=editor)
    assert new.key != token.key
    assert script.post("/api/v1/organizations/", {}, format="json").status_code == 401

    revoked = client.post("/account/api-token/", {"action": "revoke"})
    assert b"revoked" in revoked.content
    assert not Token.objects.filter(user=editor).exists()
    assert client.post("/account/api-token/", {"action": "steal"}).status_code == 400


def test_the_token_page_is_for_signed_in_staff_only(client, db):
    response = client.get("/account/api-token/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not Token.objects.exists()


def test_the_token_page_refuses_a_post_without_csrf(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post("/account/api-token/", {"action": "create"}).status_code == 403
    assert not Token.objects.filter(user=editor).exists()
