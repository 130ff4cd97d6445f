"""A write uses everything it is sent or refuses it: a 400 naming the field, nothing changed."""

import pytest

from projects.models import Venture
from tests.factories import POINTS, SourceArticleFactory, make_venture

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(geo):
    return make_venture(state="draft")


def _patch(api, venture, **fields):
    return api.patch(
        f"/api/v1/ventures/{venture.public_id}/", {"version": venture.version, **fields}, format="json"
    )


def _unchanged(venture):
    stored = Venture.objects.get(pk=venture.pk)
    return stored.version == venture.version and stored.name == venture.name


@pytest.mark.parametrize(
    ("field", "hint"),
    [("nmae", "Unknown field. Writable fields:"), ("public_id", "read-only"), ("updated_at", "read-only")],
)
def test_an_unknown_or_read_only_field_is_a_400_naming_it_and_changes_nothing(editor_api, draft, field, hint):
    response = _patch(editor_api, draft, **{field: "JV-9999"})

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert hint in response.json()[field][0]
    assert _unchanged(draft)


def test_a_patch_with_nothing_to_change_is_a_400_and_no_new_version(editor_api, draft):
    response = _patch(editor_api, draft)

    assert response.status_code == 400
    assert "Nothing to change" in response.json()["non_field_errors"][0]
    assert _unchanged(draft)


def test_unknown_fields_are_refused_on_create_and_on_parts_too(editor_api, draft):
    create = editor_api.post(
        "/api/v1/ventures/", {"name": "x", "sector": "mine", "province": "KP-03", "secor": "x"}, format="json"
    )
    entry = editor_api.post(
        f"/api/v1/ventures/{draft.public_id}/status-entries/",
        {"status": "operating", "date": "2020-01-01", "source": SourceArticleFactory().pk, "id": 5},
        format="json",
    )
    source = editor_api.post(
        "/api/v1/sources/", {"url": "https://example.org/a", "titel": "x"}, format="json"
    )

    assert (create.status_code, list(create.json())) == (400, ["secor"])
    assert (entry.status_code, list(entry.json())) == (400, ["id"])
    assert (source.status_code, list(source.json())) == (400, ["titel"])


def test_put_needs_the_whole_writable_representation(editor_api, draft):
    response = editor_api.put(
        f"/api/v1/ventures/{draft.public_id}/",
        {"version": draft.version, "name": "Renamed", "sector": "mine", "province": "KP-03"},
        format="json",
    )

    assert response.status_code == 400
    assert {"description", "location", "place", "investment_currency"} <= set(response.json())
    assert "required" in response.json()["description"][0]
    assert _unchanged(draft)


def test_a_full_put_replaces_the_venture(editor_api, draft):
    body = {
        "version": draft.version,
        "name": "Replaced",
        "name_ko": "",
        "name_zh": "",
        "other_names": "",
        "sector": "mine",
        "form": "",
        "arrangement": "",
        "investment_amount": None,
        "investment_currency": "",
        "province": "KP-03",
        "place": None,
        "location": {"type": "Point", "coordinates": [POINTS["KP-03"].x, POINTS["KP-03"].y]},
        "location_precision": "approximate",
        "location_note": "",
        "description": "",
        "sanctions_note": "",
        "publication_state": "draft",
    }

    response = editor_api.put(f"/api/v1/ventures/{draft.public_id}/", body, format="json")

    assert response.status_code == 200, response.content
    assert Venture.objects.get(pk=draft.pk).name == "Replaced"


@pytest.mark.parametrize("currency", ["ÄÖÜ", "ABC", "US$", "XYZ"])
def test_a_currency_not_in_iso_4217_is_a_400(editor_api, draft, currency):
    response = _patch(editor_api, draft, investment_amount="5.00", investment_currency=currency)

    assert response.status_code == 400
    assert list(response.json()) == ["investment_currency"]
    assert "ISO 4217" in response.json()["investment_currency"][0]


@pytest.mark.parametrize("currency", ["CNY", "usd", "KPW", "EUR"])
def test_real_currencies_pass(editor_api, draft, currency):
    assert (
        _patch(editor_api, draft, investment_amount="5.00", investment_currency=currency).status_code == 200
    )


@pytest.mark.parametrize("date", ["0001-01-01", "1900-06-01", "1944-12-31"])
def test_a_status_date_before_1945_is_a_400(editor_api, draft, date):
    response = editor_api.post(
        f"/api/v1/ventures/{draft.public_id}/status-entries/",
        {"status": "reported", "date": date, "source": SourceArticleFactory().pk},
        format="json",
    )

    assert response.status_code == 400
    assert "1945" in response.json()["date"][0]


def test_a_status_date_of_1945_passes(editor_api, draft):
    response = editor_api.post(
        f"/api/v1/ventures/{draft.public_id}/status-entries/",
        {"status": "reported", "date": "1945-08-15", "source": SourceArticleFactory().pk},
        format="json",
    )

    assert response.status_code == 201, response.content
