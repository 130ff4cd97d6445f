"""The editors' admin, through its real URLs: roles, saves through the services, form errors, locking."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from projects.models import (
    Citation,
    Contribution,
    Place,
    Province,
    PublicationState,
    SourceArticle,
    StatusEntry,
    Venture,
    VenturePartner,
)
from projects.services.ventures import contribution_add, venture_part_delete, venture_update
from tests.admin_forms import add_inline_row, admin_url, errors_of, form_data
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture

pytestmark = pytest.mark.usefixtures("geo")

UIJU = "POINT (124.53167 40.19944)"
SEOUL = "POINT (126.978 37.5665)"


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft():
    return make_venture(name="Hyesan copper joint venture", state=PublicationState.DRAFT)


@pytest.fixture
def published():
    return make_venture(name="Musan iron ore joint venture", state=PublicationState.PUBLISHED)


def _new_venture_data(client, **overrides) -> dict:
    data = form_data(client.get(admin_url("venture", "add")))
    data.update(
        name="Sinuiju cosmetics joint venture",
        name_ko="신의주 화장품 합영",
        sector="manufacturing",
        province=str(Province.objects.get(code="KP-03").pk),
        location=UIJU,
        location_precision="county",
        _save="Save",
    )
    data.update(overrides)
    return data


# --- Who may do what -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [admin_url("venture", "changelist"), admin_url("venture", "add"), admin_url("place", "changelist")],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_an_editor_adds_a_draft_venture_with_its_partners_contributions_status_and_citation(
    editor_client, editor
):
    source = SourceArticleFactory(title="Chinese investors in Sinuiju")
    organization = OrganizationFactory(name="Dandong Meiyan Trading Co.")
    data = _new_venture_data(editor_client, publication_state="published")
    add_inline_row(
        data, "partners", organization=organization.pk, role="chinese_investor", stake_percent="70"
    )
    add_inline_row(data, "contributions", side="CN", kind="capital", note="CNY 3 million")
    add_inline_row(
        data,
        "status_entries",
        status="contract_signed",
        date="2025-03-01",
        date_precision="month",
        source=source.pk,
    )
    add_inline_row(data, "citations", source=source.pk, quote="The two sides signed a contract in March.")

    response = editor_client.post(admin_url("venture", "add"), data)

    assert response.status_code == 302, errors_of(response)
    venture = Venture.objects.get(name="Sinuiju cosmetics joint venture")
    assert venture.public_id.startswith("JV-")
    # Editors cannot publish: the field is read-only for them, whatever the POST says.
    assert venture.publication_state == PublicationState.DRAFT
    assert venture.location_precision == "county"
    assert venture.name_ko == "신의주 화장품 합영"
    partner = VenturePartner.objects.get(venture=venture)
    assert (partner.organization, partner.stake_percent) == (organization, 70)
    assert Contribution.objects.get(venture=venture).note == "CNY 3 million"
    entry = StatusEntry.objects.get(venture=venture)
    assert (entry.status, entry.date) == ("contract_signed", datetime.date(2025, 3, 1))
    assert Citation.objects.get(venture=venture).source == source
    assert venture.history.earliest().history_user == editor


def test_an_editor_changes_a_draft(editor_client, draft):
    data = form_data(editor_client.get(admin_url("venture", "change", draft.pk)))
    data.update(description="Copper concentrate shipped to Changbai.", _save="Save")

    response = editor_client.post(admin_url("venture", "change", draft.pk), data)

    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert draft.description == "Copper concentrate shipped to Changbai."
    assert draft.publication_state == PublicationState.DRAFT


def test_an_editor_sees_a_published_venture_read_only_and_cannot_change_it(editor_client, published):
    page = editor_client.get(admin_url("venture", "change", published.pk))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]

    response = editor_client.post(
        admin_url("venture", "change", published.pk), {"name": "Renamed by an editor", "_save": "Save"}
    )

    assert response.status_code == 403
    published.refresh_from_db()
    assert published.name == "Musan iron ore joint venture"


def test_a_reviewer_publishes_a_draft_from_its_form(reviewer_client, draft):
    data = form_data(reviewer_client.get(admin_url("venture", "change", draft.pk)))
    data.update(publication_state="published", _save="Save")

    response = reviewer_client.post(admin_url("venture", "change", draft.pk), data)

    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert draft.publication_state == PublicationState.PUBLISHED
    assert draft.published_at is not None


def test_a_reviewer_publishes_and_unpublishes_with_the_list_actions(reviewer_client, draft, published):
    changelist = admin_url("venture", "changelist")

    reviewer_client.post(changelist, {"action": "publish_selected", "_selected_action": [draft.pk]})
    reviewer_client.post(changelist, {"action": "unpublish_selected", "_selected_action": [published.pk]})

    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.publication_state == PublicationState.PUBLISHED
    assert published.publication_state == PublicationState.UNPUBLISHED


def test_an_editor_is_refused_publishing(editor_client, draft):
    changelist = editor_client.get(admin_url("venture", "changelist"))
    assert "publish_selected" not in changelist.content.decode()

    editor_client.post(
        admin_url("venture", "changelist"), {"action": "publish_selected", "_selected_action": [draft.pk]}
    )
    data = form_data(editor_client.get(admin_url("venture", "change", draft.pk)))
    data.update(publication_state="published", _save="Save")
    editor_client.post(admin_url("venture", "change", draft.pk), data)

    draft.refresh_from_db()
    assert draft.publication_state == PublicationState.DRAFT


def test_only_superusers_delete_ventures(editor, reviewer, superuser, draft):
    for user in (editor, reviewer):
        client = _client_for(user)
        assert client.get(admin_url("venture", "delete", draft.pk)).status_code == 403
        assert client.post(admin_url("venture", "delete", draft.pk), {"post": "yes"}).status_code == 403
    assert Venture.objects.filter(pk=draft.pk).exists()

    response = _client_for(superuser).post(admin_url("venture", "delete", draft.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Venture.objects.filter(pk=draft.pk).exists()


PART_PREFIXES = {
    "partners": VenturePartner,
    "contributions": Contribution,
    "status_entries": StatusEntry,
    "citations": Citation,
}


def _with_contribution(venture):
    contribution_add(venture=venture, side="CN", kind="capital", note="CNY 3 million")
    return venture


@pytest.mark.parametrize("prefix", PART_PREFIXES)
def test_an_editor_deletes_a_wrong_part_of_a_draft_from_its_form_and_history_records_it(
    editor, editor_client, draft, prefix
):
    _with_contribution(draft)
    model = PART_PREFIXES[prefix]
    part = model.objects.get(venture=draft)
    version = Venture.objects.get(pk=draft.pk).version
    data = form_data(editor_client.get(admin_url("venture", "change", draft.pk)))
    data.update({f"{prefix}-0-DELETE": "on", "_save": "Save"})

    response = editor_client.post(admin_url("venture", "change", draft.pk), data)

    assert response.status_code == 302, errors_of(response)
    assert not model.objects.filter(pk=part.pk).exists()
    deletion = model.history.filter(id=part.pk).latest()
    assert (deletion.history_type, deletion.history_user) == ("-", editor)
    assert Venture.objects.get(pk=draft.pk).version > version


def test_an_editor_cannot_delete_parts_of_a_published_venture(editor, editor_client, reviewer, published):
    reviewer_client = _client_for(reviewer)
    data = form_data(reviewer_client.get(admin_url("venture", "change", published.pk)))
    data.update({"partners-0-DELETE": "on", "_save": "Save"})
    partner = published.partners.get()

    assert editor_client.post(admin_url("venture", "change", published.pk), data).status_code == 403
    assert editor_client.get(admin_url("venturepartner", "delete", partner.pk)).status_code == 403
    assert (
        editor_client.post(admin_url("venturepartner", "delete", partner.pk), {"post": "yes"}).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        venture_part_delete(part=partner, user=editor)
    assert VenturePartner.objects.filter(pk=partner.pk).exists()


def test_a_reviewer_deletes_a_wrong_status_entry_of_a_published_venture(reviewer, published):
    client = _client_for(reviewer)
    entry = published.status_entries.get()
    data = form_data(client.get(admin_url("venture", "change", published.pk)))
    data.update({"status_entries-0-DELETE": "on", "_save": "Save"})

    response = client.post(admin_url("venture", "change", published.pk), data)

    assert response.status_code == 302, errors_of(response)
    assert not StatusEntry.objects.filter(pk=entry.pk).exists()
    assert StatusEntry.history.filter(id=entry.pk).latest().history_user == reviewer


def test_an_editor_deletes_a_part_of_a_draft_from_its_own_page(editor, editor_client, draft):
    partner = draft.partners.get()

    assert editor_client.get(admin_url("venturepartner", "delete", partner.pk)).status_code == 200
    response = editor_client.post(admin_url("venturepartner", "delete", partner.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not VenturePartner.objects.filter(pk=partner.pk).exists()
    assert VenturePartner.history.filter(id=partner.pk).latest().history_user == editor


def test_an_editor_adds_a_status_entry_to_a_draft_but_not_to_a_published_venture(
    editor_client, draft, published
):
    source = SourceArticleFactory()
    fields = {"status": "suspended", "date": "2025-10-01", "date_precision": "day", "source": source.pk}

    refused = editor_client.post(admin_url("statusentry", "add"), {**fields, "venture": published.pk})
    accepted = editor_client.post(admin_url("statusentry", "add"), {**fields, "venture": draft.pk})

    assert refused.status_code == 200
    assert "Select a valid choice" in str(errors_of(refused))
    assert not published.status_entries.filter(status="suspended").exists()
    assert accepted.status_code == 302, errors_of(accepted)
    assert draft.status_entries.filter(status="suspended").exists()


# --- Optimistic locking --------------------------------------------------------------------------------


def test_a_stale_save_is_refused_with_a_form_error_and_changes_nothing(editor, reviewer, draft):
    editor_client = _client_for(editor)
    data = form_data(editor_client.get(admin_url("venture", "change", draft.pk)))
    assert data["expected_version"] == str(draft.version)
    # Meanwhile a reviewer saves the same venture.
    venture_update(venture=Venture.objects.get(pk=draft.pk), user=reviewer, description="Reviewer's text")
    data.update(description="Editor's text", _save="Save")

    response = editor_client.post(admin_url("venture", "change", draft.pk), data)

    assert response.status_code == 200
    assert any("Someone else changed" in message for message in errors_of(response))
    assert "Someone else changed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.description == "Reviewer's text"


def test_a_form_without_the_version_is_refused(editor_client, draft):
    data = form_data(editor_client.get(admin_url("venture", "change", draft.pk)))
    del data["expected_version"]
    data.update(description="Blind overwrite", _save="Save")

    response = editor_client.post(admin_url("venture", "change", draft.pk), data)

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.description != "Blind overwrite"


# --- Bad input becomes a form error --------------------------------------------------------------------


def _refused(client, url, data) -> list[str]:
    count = Venture.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200, "the form should have been refused"
    assert Venture.objects.count() == count
    return errors_of(response)


def test_a_point_outside_north_korea_is_refused(editor_client):
    errors = _refused(
        editor_client, admin_url("venture", "add"), _new_venture_data(editor_client, location=SEOUL)
    )

    assert any("outside North Korea" in message for message in errors)


def test_a_point_outside_the_chosen_province_is_refused(editor_client):
    pyongyang = "POINT (125.75 39.03)"
    errors = _refused(
        editor_client, admin_url("venture", "add"), _new_venture_data(editor_client, location=pyongyang)
    )

    assert any("lies in Pyongyang, not in North Pyongan" in message for message in errors)


@pytest.mark.parametrize(("town", "code"), [("Hyesan", "KP-10"), ("Musan", "KP-09")])
def test_a_riverside_town_just_outside_the_generalised_border_is_accepted_once_confirmed(
    editor_client, town, code
):
    place = Place.objects.get(name_en=town)
    data = _new_venture_data(
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
