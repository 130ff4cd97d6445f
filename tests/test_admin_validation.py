"""The editors' admin, through its real URLs: what the venture form refuses, and its lists and search."""

import datetime

import pytest
from django.utils import timezone

from projects.models import (
    Place,
    Province,
    PublicationState,
    SourceArticle,
    StatusEntry,
    Venture,
)
from tests.admin_forms import add_inline_row, admin_url, errors_of, form_data, new_venture_data
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture

pytestmark = pytest.mark.usefixtures("geo")

SEOUL = "POINT (126.978 37.5665)"


@pytest.fixture
def draft():
    return make_venture(name="Hyesan copper joint venture", state=PublicationState.DRAFT)


# --- What the form refuses ------------------------------------------------------------------------------


def _refused(client, url, data) -> list[str]:
    count = Venture.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200, "the form should have been refused"
    assert Venture.objects.count() == count
    return errors_of(response)


def test_a_point_outside_north_korea_is_refused(editor_client):
    errors = _refused(
        editor_client, admin_url("venture", "add"), new_venture_data(editor_client, location=SEOUL)
    )

    assert any("outside North Korea" in message for message in errors)


def test_a_point_outside_the_chosen_province_is_refused(editor_client):
    pyongyang = "POINT (125.75 39.03)"
    errors = _refused(
        editor_client, admin_url("venture", "add"), new_venture_data(editor_client, location=pyongyang)
    )

    assert any("lies in Pyongyang, not in North Pyongan" in message for message in errors)


@pytest.mark.parametrize(("town", "code"), [("Hyesan", "KP-10"), ("Musan", "KP-09")])
def test_a_riverside_town_just_outside_the_generalised_border_is_accepted_once_confirmed(
    editor_client, town, code
):
    place = Place.objects.get(name_en=town)
    data = new_venture_data(
        editor_client,
        name=f"{town} border trade venture",
        province=str(Province.objects.get(code=code).pk),
        place=str(place.pk),
        location=place.point.wkt,
        confirm_location="on",
    )

    response = editor_client.post(admin_url("venture", "add"), data)

    assert response.status_code == 302, errors_of(response)
    assert Venture.objects.get(name=f"{town} border trade venture").location == place.point


def test_a_status_date_in_the_future_is_refused(editor_client, draft):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = form_data(editor_client.get(admin_url("venture", "change", draft.pk)))
    add_inline_row(
        data,
        "status_entries",
        status="operating",
        date=tomorrow.isoformat(),
        date_precision="day",
        source=SourceArticle.objects.first().pk,
    )
    data["_save"] = "Save"
    entries = StatusEntry.objects.count()

    response = editor_client.post(admin_url("venture", "change", draft.pk), data)

    assert response.status_code == 200
    assert f"The date {tomorrow.isoformat()} is in the future." in errors_of(response)
    assert StatusEntry.objects.count() == entries


@pytest.mark.parametrize("stake", ["100.5", "-1"])
def test_a_stake_outside_0_to_100_is_refused(editor_client, draft, stake):
    data = form_data(editor_client.get(admin_url("venture", "change", draft.pk)))
    add_inline_row(data, "partners", organization=OrganizationFactory().pk, role="other", stake_percent=stake)
    data["_save"] = "Save"

    response = editor_client.post(admin_url("venture", "change", draft.pk), data)

    assert response.status_code == 200
    assert any("Ensure this value is" in message for message in errors_of(response))
    assert draft.partners.count() == 1


@pytest.mark.parametrize(
    "duplicate",
    [
        "https://news.example.org/articles/jv-report/",
        "https://NEWS.Example.ORG/articles/jv-report?utm_source=twitter&utm_medium=social",
        "HTTPS://news.example.org/articles/jv-report#comments",
    ],
)
def test_a_source_url_duplicating_an_existing_one_after_normalisation_is_refused(editor_client, duplicate):
    SourceArticleFactory(url="https://news.example.org/articles/jv-report")
    data = form_data(editor_client.get(admin_url("sourcearticle", "add")))
    data.update(url=duplicate, title="Same article again", _save="Save")

    response = editor_client.post(admin_url("sourcearticle", "add"), data)

    assert response.status_code == 200
    assert any("already exists" in message for message in errors_of(response))
    assert SourceArticle.objects.filter(url__icontains="jv-report").count() == 1


def test_a_new_source_url_is_stored_normalised(editor_client):
    data = form_data(editor_client.get(admin_url("sourcearticle", "add")))
    data.update(url="https://WWW.Example.com/news/123/?utm_campaign=x&b=2&a=1", _save="Save")

    response = editor_client.post(admin_url("sourcearticle", "add"), data)

    assert response.status_code == 302, errors_of(response)
    assert SourceArticle.objects.filter(url="https://www.example.com/news/123?a=1&b=2").exists()


# --- Lists, search, filters, widgets -------------------------------------------------------------------


def test_the_list_shows_the_current_status_without_a_query_per_row(
    editor_client, django_assert_max_num_queries
):
    make_venture(name="Chongjin fish processing", province_code="KP-09", status="suspended")
    with django_assert_max_num_queries(12) as few:
        editor_client.get(admin_url("venture", "changelist"))
    for n in range(8):
        make_venture(name=f"Venture {n}", status="operating")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = editor_client.get(admin_url("venture", "changelist"))

    assert "Suspended (2025-09-01)" in response.content.decode()
    assert response.context["cl"].result_count == 9


def test_the_list_filters_by_current_status(editor_client):
    closed = make_venture(name="Closed mine", status="closed")
    make_venture(name="Open mine", status="operating")
    make_venture(name="Rumoured mine", status=None)

    response = editor_client.get(admin_url("venture", "changelist"), {"current_status": "closed"})
    nothing = editor_client.get(admin_url("venture", "changelist"), {"current_status": "none"})

    assert [v.pk for v in response.context["cl"].result_list] == [closed.pk]
    assert [v.name for v in nothing.context["cl"].result_list] == ["Rumoured mine"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Musan", "Musan iron ore joint venture"),  # English name
        ("무산", "Musan iron ore joint venture"),  # Hangul name
        ("茂山", "Musan iron ore joint venture"),  # Chinese name
        ("Pyeonganbuk", "Musan iron ore joint venture"),  # province, Revised Romanization
        ("Uiju", "Musan iron ore joint venture"),  # place name
        ("Tonghua Steel", "Musan iron ore joint venture"),  # partner name
        ("JV-0001", "Musan iron ore joint venture"),  # public id
    ],
)
def test_search_covers_every_name_variant(editor_client, term, expected):
    make_venture(
        name="Musan iron ore joint venture",
        name_ko="무산 철광 합영",
        name_zh="茂山铁矿合营",
        place=Place.objects.get(name_en="Uiju"),
        partner=OrganizationFactory(name="Tonghua Steel Group"),
    )
    make_venture(name="Unrelated farm", sector="agriculture", province_code="KP-08")

    response = editor_client.get(admin_url("venture", "changelist"), {"q": term})

    assert [v.name for v in response.context["cl"].result_list] == [expected]


def test_the_venture_form_has_a_leaflet_map_and_autocompletes_places(editor_client, draft):
    page = editor_client.get(admin_url("venture", "change", draft.pk)).content.decode()
    assert "leaflet" in page.lower()
    assert 'name="expected_version"' in page

    response = editor_client.get(
        "/admin/autocomplete/",
        {"app_label": "projects", "model_name": "venture", "field_name": "place", "term": "의주"},
    )

    assert response.status_code == 200
    # 의주 is Uiju, and also part of 신의주 (Sinuiju).
    assert {item["text"] for item in response.json()["results"]} == {
        str(Place.objects.get(name_en="Uiju")),
        str(Place.objects.get(name_en="Sinuiju")),
    }


@pytest.mark.parametrize(
    "model",
    ["province", "place", "organization", "sourcearticle", "venturepartner", "statusentry", "citation"],
)
def test_every_admin_list_opens_for_editors(editor_client, model):
    make_venture()

    assert editor_client.get(admin_url(model, "changelist")).status_code == 200
