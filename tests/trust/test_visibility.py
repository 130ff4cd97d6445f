"""Visibility matrix: every surface × every kind of visitor × published, draft and unpublished ventures.

A draft's (or an unpublished venture's) name, public id, partners-only-known-from-it, sources-only-
citing-it and its count never reach a visitor who may not see it: the response bodies are searched
for them. Visitors who may see drafts (editors, reviewers, superusers) do see them, so the matrix
cannot pass by showing nothing.
"""

import csv
import io
import json
import re

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from projects.services.ventures import citation_create, partner_add, venture_update
from tests.factories import OrganizationFactory, SourceArticleFactory, UserFactory, make_venture

ROLES = ["anonymous", "member", "editor", "editor_token", "reviewer", "superuser"]
PRIVILEGED = {"editor", "editor_token", "reviewer", "superuser"}
SINCE = "2000-01-01T00:00:00Z"


@pytest.fixture
def world(geo):
    shared_org = OrganizationFactory(name="Dandong Shared Trading Co.")
    draft_only_org = OrganizationFactory(name="Zzsecretorg Holdings")
    shared_source = SourceArticleFactory(title="Mines in North Pyongan")
    draft_only_source = SourceArticleFactory(title="Zzsecretsource smelter report")
    published = make_venture(
        name="Published Musan Mine", province_code="KP-03", partner=shared_org, source=shared_source
    )
    other = make_venture(name="Published Chongjin Yard", province_code="KP-09", sector="manufacturing")
    draft = make_venture(
        name="Zzdraftsecret Smelter",
        name_ko="비밀초안제련소",
        province_code="KP-03",
        state="draft",
        partner=shared_org,
        source=shared_source,
    )
    partner_add(venture=draft, organization=draft_only_org, role="north_korean_partner")
    citation_create(venture=draft, source=draft_only_source, quote="The smelter will open.")
    unpublished = make_venture(name="Formerly public mill", province_code="KP-03", source=shared_source)
    unpublished = venture_update(venture=unpublished, publication_state="unpublished")
    # Renamed after it left the public eye: the new name was never public.
    unpublished = venture_update(venture=unpublished, name="Zzunpubsecret Mill")
    draft.refresh_from_db()
    return {
        "published": published,
        "other": other,
        "draft": draft,
        "unpublished": unpublished,
        "shared_org": shared_org,
        "draft_only_org": draft_only_org,
        "shared_source": shared_source,
        "draft_only_source": draft_only_source,
    }


def _client(role, request) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    if role == "member":
        client.force_login(UserFactory(username="member"))  # signed in, but no role
        return client
    user = request.getfixturevalue("editor" if role == "editor_token" else role)
    if role == "editor_token":
        return Client(headers={"Authorization": f"Token {Token.objects.create(user=user).key}"})
    client.force_login(user)
    return client


def _surfaces(w) -> list[tuple[str, str]]:
    draft, unpublished, published = w["draft"].public_id, w["unpublished"].public_id, w["published"].public_id
    return [
        ("map page", "/"),
        ("map page, search", "/?q=Zzdraftsecret"),
        ("venture page (published)", f"/ventures/{published}/"),
        ("venture page (draft)", f"/ventures/{draft}/"),
        ("venture page (unpublished)", f"/ventures/{unpublished}/"),
        ("province page", "/provinces/KP-03/"),
        ("partner page (shared)", f"/partners/{w['shared_org'].pk}/"),
        ("partner page (draft-only)", f"/partners/{w['draft_only_org'].pk}/"),
        ("API list", "/api/v1/ventures/"),
        ("API list, province filter", "/api/v1/ventures/?province=KP-03"),
        ("API list, partner filter", f"/api/v1/ventures/?partner={w['shared_org'].pk}"),
        ("API search q", "/api/v1/ventures/?q=Zzdraftsecret"),
        ("API search q (Hangul)", "/api/v1/ventures/?q=비밀초안"),
        ("API search q (partner)", "/api/v1/ventures/?q=Zzsecretorg"),
        ("API tombstones", f"/api/v1/ventures/?updated_since={SINCE}"),
        ("GeoJSON", "/api/v1/ventures/?format=geojson"),
        ("GeoJSON file", "/api/v1/ventures.geojson"),
        ("CSV", "/api/v1/ventures/?format=csv"),
        ("CSV file", "/api/v1/ventures.csv"),
        ("API detail (draft)", f"/api/v1/ventures/{draft}/"),
        ("API detail (unpublished)", f"/api/v1/ventures/{unpublished}/"),
        ("provinces counts", "/api/v1/provinces/"),
        ("provinces counts, geometry", "/api/v1/provinces/?geometry=1&province=KP-03"),
        ("stats", "/api/v1/stats/"),
        ("organizations", "/api/v1/organizations/"),
        ("organization (shared)", f"/api/v1/organizations/{w['shared_org'].pk}/"),
        ("organization (draft-only)", f"/api/v1/organizations/{w['draft_only_org'].pk}/"),
        ("sources", "/api/v1/sources/"),
        ("source (shared)", f"/api/v1/sources/{w['shared_source'].pk}/"),
        ("source (draft-only)", f"/api/v1/sources/{w['draft_only_source'].pk}/"),
        ("places", "/api/v1/places/?province=KP-03"),
        ("source pages list", "/sources/"),
        ("source page (shared)", f"/sources/{w['shared_source'].pk}/"),
        ("source page (draft-only)", f"/sources/{w['draft_only_source'].pk}/"),
        ("methodology", "/methodology/"),
        ("admin history (draft)", f"/admin/projects/venture/{w['draft'].pk}/history/"),
        ("admin search", "/admin/projects/venture/?q=Zzdraftsecret"),
    ]


def _secrets(w, surface: str) -> list[str]:
    secrets = [
        w["draft"].name,
        w["draft"].name_ko,
        w["draft"].public_id,
        w["draft_only_org"].name,
        w["draft_only_source"].title,
        w["unpublished"].name,
    ]
    if surface != "API tombstones":
        # A once-published venture's id may be listed as a tombstone so that mirrors drop it.
        secrets.append(w["unpublished"].public_id)
    return secrets


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8", errors="replace")
    # JSON may escape non-ASCII text; decode it so a Hangul name is found either way.
    if response.get("Content-Type", "").startswith(("application/json", "application/geo+json")):
        text += json.dumps(json.loads(text), ensure_ascii=False)
    return text


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_surface_leaks_a_draft_or_unpublished_venture_to_who_may_not_see_it(role, world, request):
    client = _client(role, request)
    privileged = role in PRIVILEGED
    problems = []
    for surface, url in _surfaces(world):
        response = client.get(url)
        body = _body(response)
        if response.status_code >= 500 or response.status_code not in (200, 302, 404):
            problems.append(f"{surface}: HTTP {response.status_code}")
            continue
        if privileged:
            if any(secret in body for secret in _secrets(world, surface)):
                cache_control = response.get("Cache-Control", "")
                if "public" in cache_control or "private" not in cache_control:
                    problems.append(f"{surface}: drafts in a shared-cacheable response ({cache_control!r})")
                if "Authorization" not in response.get("Vary", "") or "Cookie" not in response.get(
                    "Vary", ""
                ):
                    problems.append(f"{surface}: drafts in a response without Vary: Cookie, Authorization")
            continue
        leaked = [secret for secret in _secrets(world, surface) if secret in body]
        if leaked:
            problems.append(f"{surface} ({url}): leaks {leaked}")
    assert not problems, "\n".join(problems)


def _count_checks(client) -> dict:
    listing = client.get("/api/v1/ventures/").json()
    provinces = client.get("/api/v1/provinces/").json()
    provinces = provinces.get("results", provinces) if isinstance(provinces, dict) else provinces
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/ventures/?format=csv").content.decode())))
    geojson = client.get("/api/v1/ventures/?format=geojson").json()
    map_page = client.get("/").content.decode()
    total = re.search(r"&quot;total&quot;:\s*(\d+)|\"total\":\s*(\d+)", map_page)
    kp03 = next(p for p in provinces if p["code"] == "KP-03")
    return {
        "list": listing["count"],
        "csv": len(rows),
        "geojson": len(geojson["features"]),
        "provinces": sum(p["venture_count"] for p in provinces),
        "KP-03": kp03["venture_count"],
        "KP-03 by status": sum(kp03["by_status"].values()),
        "stats": client.get("/api/v1/stats/").json()["total"],
        "map total": int(next(g for g in total.groups() if g)) if total else None,
        "search": client.get("/api/v1/ventures/?q=Zzdraftsecret").json()["count"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_count_counts_only_what_the_visitor_may_see(role, world, request):
    client = _client(role, request)
    if role in PRIVILEGED:
        expected = {"list": 4, "csv": 4, "geojson": 4, "provinces": 4, "KP-03": 3, "KP-03 by status": 3}
        expected |= {"stats": 4, "map total": 4, "search": 1}
    else:
        expected = {"list": 2, "csv": 2, "geojson": 2, "provinces": 2, "KP-03": 1, "KP-03 by status": 1}
        expected |= {"stats": 2, "map total": 2, "search": 0}
    if role == "editor_token":
        expected["map total"] = 2  # a token signs in API calls only; the page sees an anonymous visitor
    assert _count_checks(client) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_tombstones_name_only_once_published_ventures_and_never_a_draft(role, world, request):
    client = _client(role, request)
    data = client.get(f"/api/v1/ventures/?updated_since={SINCE}").json()
    assert [t["public_id"] for t in data["tombstones"]] == [world["unpublished"].public_id]
    assert set(data["tombstones"][0]) <= {"public_id", "removed_at", "reason"}


@pytest.mark.django_db
def test_a_published_venture_moved_back_to_draft_disappears_everywhere_at_once(world, reviewer):
    venture = world["published"]
    venture_update(venture=venture, user=reviewer, publication_state="draft", name="Zzbackto Draft")
    client = Client()
    for url in ["/", "/api/v1/ventures/", "/api/v1/ventures/?format=geojson", "/provinces/KP-03/"]:
        assert "Zzbackto Draft" not in _body(client.get(url)), url
    assert client.get(f"/ventures/{venture.public_id}/").status_code == 404
    assert client.get(f"/api/v1/ventures/{venture.public_id}/").status_code == 404


@pytest.mark.django_db
def test_a_hidden_venture_answers_exactly_like_one_that_does_not_exist(world):
    """No oracle: the 404 for a draft's id is the same as for an id that was never given out."""
    client = Client()
    for template in [
        "/api/v1/ventures/{}/",
        "/ventures/{}/",
        "/api/v1/ventures/{}/citations/",
        "/ventures/{}/correction/",
    ]:
        hidden = client.get(template.format(world["draft"].public_id))
        missing = client.get(template.format("JV-9999"))
        assert hidden.status_code == missing.status_code, template
        assert hidden.content == missing.content.replace(b"JV-9999", world["draft"].public_id.encode()), (
            template
        )
    # The same for a partner and an article known only from the draft.
    for template, hidden_id in [
        ("/api/v1/organizations/{}/", world["draft_only_org"].pk),
        ("/partners/{}/", world["draft_only_org"].pk),
        ("/api/v1/sources/{}/", world["draft_only_source"].pk),
        ("/sources/{}/", world["draft_only_source"].pk),
    ]:
        hidden, missing = client.get(template.format(hidden_id)), client.get(template.format(987654))
        assert hidden.status_code == missing.status_code == 404, template
        assert hidden.content == missing.content.replace(b"987654", str(hidden_id).encode()), template


@pytest.mark.django_db
def test_a_partner_known_only_from_drafts_is_not_revealed_by_the_partner_filter(world):
    """Filtering by a hidden partner's id answers as for an id that does not exist (400), not 200."""
    client = Client()
    hidden = client.get(f"/api/v1/ventures/?partner={world['draft_only_org'].pk}")
    missing = client.get("/api/v1/ventures/?partner=999999")
    assert hidden.status_code == missing.status_code == 400
    assert client.get(f"/api/v1/ventures/?partner={world['shared_org'].pk}").json()["count"] == 1
