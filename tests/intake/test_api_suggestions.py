"""GET /api/v1/sources/{id}/ includes the suggestions for editors (token), never for anonymous visitors."""

from pathlib import Path

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from projects.models import FetchStatus, SourceArticle
from projects.services.sources import suggestions_refresh
from tests.factories import make_venture

SEED = Path(__file__).resolve().parents[2] / "projects" / "data" / "seed_article.txt"


def _fetched_seed_article():
    source = SourceArticle.objects.create(
        url="https://www.dailynk.com/english/seed",
        title="North Korea pushes joint ventures with China",
        text=SEED.read_text(encoding="utf-8"),
        fetch_status=FetchStatus.FETCHED,
    )
    suggestions_refresh(source=source)
    return source


def test_an_editor_gets_the_suggestions_with_the_source(geo, editor):
    source = _fetched_seed_article()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")

    response = client.get(f"/api/v1/sources/{source.pk}/")

    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    provinces = {m["code"] for m in suggestions["mentions"] if m["kind"] == "province"}
    assert provinces == {"KP-01", "KP-02", "KP-03", "KP-08"}
    hamju = next(m for m in suggestions["mentions"] if m["name"] == "Hamju")
    assert hamju["kind"] == "county"
    assert hamju["province"] == "KP-08"
    assert "Hamju county, South Hamgyong province" in hamju["sentence"]
    assert {"sectors", "forms", "organizations", "candidate_ventures", "triage_state"} <= suggestions.keys()


def test_anonymous_visitors_get_no_suggestions(geo, client):
    source = _fetched_seed_article()
    make_venture(source=source)  # cited by a published venture, so the source itself is public

    response = client.get(f"/api/v1/sources/{source.pk}/")

    assert response.status_code == 200
    assert "suggestions" not in response.json()
