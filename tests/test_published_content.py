"""Partners, sources and places that a published venture shows are published content.

Editors see them read-only and are refused in the services too; reviewers change them. A place
moves only where the ventures using it can follow.
"""

import pytest
from django.contrib.gis.geos import Point
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from projects.models import Organization, Place, Province, PublicationState, SourceArticle
from projects.models.published import is_published_content
from projects.services.records import shared_record_save
from tests.admin_forms import admin_url, errors_of, form_data
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture

pytestmark = pytest.mark.usefixtures("geo")

CHONGJIN = "POINT (129.78 41.79)"


@pytest.fixture
def partner():
    return OrganizationFactory(name="Dandong Trading Co.")


@pytest.fixture
def source():
    return SourceArticleFactory(url="https://news.example.org/musan", title="Musan mine reopens")


@pytest.fixture
def uiju():
    return Place.objects.get(name_en="Uiju")


@pytest.fixture
def published(partner, source, uiju):
    return make_venture(name="Musan iron ore joint venture", partner=partner, source=source, place=uiju)


@pytest.fixture
def draft_only_partner():
    partner = OrganizationFactory(name="Hunchun Fisheries Co.")
    make_venture(name="Rason fish farm", state=PublicationState.DRAFT, partner=partner)
    return partner


def _form_as_reviewer(reviewer, model: str, pk: int) -> dict:
    """The rendered change form as a reviewer sees it (editable), for an editor to post."""
    client = Client()
    client.force_login(reviewer)
    return form_data(client.get(admin_url(model, "change", pk)))


def _message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- One rule ------------------------------------------------------------------------------------------


def test_a_record_is_published_content_while_a_published_venture_shows_it(published, partner, source, uiju):
    unused = OrganizationFactory()

    assert is_published_content(partner) and is_published_content(source) and is_published_content(uiju)
    assert not is_published_content(unused)

    published.publication_state = PublicationState.UNPUBLISHED
    published.save()

    assert not is_published_content(partner)


# --- Editors: read-only, in the admin and in the services ----------------------------------------------


@pytest.mark.parametrize("model", ["organization", "sourcearticle", "place"])
def test_an_editor_sees_a_record_of_a_published_venture_read_only_with_the_reason(
    editor_client, published, partner, source, uiju, model
):
    record = {"organization": partner, "sourcearticle": source, "place": uiju}[model]

    response = editor_client.get(admin_url(model, "change", record.pk))

    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    (message,) = _message_texts(response)
    assert published.public_id in message and "a reviewer must do it" in message


def test_an_editor_cannot_rename_a_partner_of_a_published_venture(
    editor_client, reviewer, partner, published
):
    data = _form_as_reviewer(reviewer, "organization", partner.pk)
    data.update(name="Someone Else Ltd.", _save="Save")

    response = editor_client.post(admin_url("organization", "change", partner.pk), data)

    assert response.status_code == 403
    assert Organization.objects.get(pk=partner.pk).name == "Dandong Trading Co."


def test_an_editor_cannot_point_a_published_citation_at_another_url(
    editor_client, reviewer, source, published
):
    data = _form_as_reviewer(reviewer, "sourcearticle", source.pk)
    data.update(url="https://elsewhere.example.com/", publisher="Elsewhere", _save="Save")

    response = editor_client.post(admin_url("sourcearticle", "change", source.pk), data)

    assert response.status_code == 403
    source.refresh_from_db()
    assert (source.url, source.publisher) == ("https://news.example.org/musan", "Example News")


def test_an_editor_cannot_revert_a_partner_of_a_published_venture_from_its_history(
    editor_client, reviewer, partner, published
):
    partner.name = "Renamed by a reviewer"
    shared_record_save(record=partner, user=reviewer)
    oldest = partner.history.earliest()

    response = editor_client.post(
        admin_url("organization", "simple_history", partner.pk, oldest.history_id),
        {"name": oldest.name, "country": oldest.country, "kind": oldest.kind, "_save": "Save"},
    )

    assert response.status_code == 403
    assert Organization.objects.get(pk=partner.pk).name == "Renamed by a reviewer"


@pytest.mark.parametrize("model", ["organization", "sourcearticle", "place"])
def test_the_service_refuses_an_editor_changing_published_content_whatever_the_caller(
    editor, published, partner, source, uiju, model
):
    record = {"organization": partner, "sourcearticle": source, "place": uiju}[model]
    field = {"organization": "name", "sourcearticle": "title", "place": "name_en"}[model]
    before = getattr(record, field)
    setattr(record, field, "Changed by an editor")

    with pytest.raises(PermissionDenied, match=published.public_id):
        shared_record_save(record=record, user=editor)

    assert getattr(type(record).objects.get(pk=record.pk), field) == before


def test_an_editor_renames_a_partner_that_only_drafts_use_and_history_records_it(
    editor, editor_client, draft_only_partner
):
    data = form_data(editor_client.get(admin_url("organization", "change", draft_only_partner.pk)))
    data.update(name="Hunchun Ocean Fisheries Co.", _save="Save")

    response = editor_client.post(admin_url("organization", "change", draft_only_partner.pk), data)

    assert response.status_code == 302, errors_of(response)
    draft_only_partner.refresh_from_db()
    assert draft_only_partner.name == "Hunchun Ocean Fisheries Co."
    assert draft_only_partner.history.latest().history_user == editor


def test_an_editor_adds_a_partner_and_a_source(editor_client):
    partner = form_data(editor_client.get(admin_url("organization", "add")))
    partner.update(name="Yanbian Mining Co.", country="CN", kind="private_company", _save="Save")
    article = form_data(editor_client.get(admin_url("sourcearticle", "add")))
    article.update(url="https://news.example.org/yanbian", source_type="news", reliability="C", _save="Save")

    assert editor_client.post(admin_url("organization", "add"), partner).status_code == 302
    assert editor_client.post(admin_url("sourcearticle", "add"), article).status_code == 302
    assert Organization.objects.filter(name="Yanbian Mining Co.").exists()
    assert SourceArticle.objects.filter(url="https://news.example.org/yanbian").exists()


# --- Reviewers change published content -----------------------------------------------------------------


def test_a_reviewer_renames_a_partner_of_a_published_venture(reviewer, reviewer_client, partner, published):
    data = form_data(reviewer_client.get(admin_url("organization", "change", partner.pk)))
    data.update(name="Dandong Trading Group", _save="Save")

    response = reviewer_client.post(admin_url("organization", "change", partner.pk), data)

    assert response.status_code == 302, errors_of(response)
    partner.refresh_from_db()
    assert partner.name == "Dandong Trading Group"
    assert partner.history.latest().history_user == reviewer


# --- A moved place re-validates the ventures that use it ------------------------------------------------


def test_moving_a_place_to_another_province_is_refused_naming_the_ventures_it_would_strand(
    reviewer_client, uiju, published
):
    data = form_data(reviewer_client.get(admin_url("place", "change", uiju.pk)))
    data.update(province=str(Province.objects.get(code="KP-09").pk), point=CHONGJIN, _save="Save")

    response = reviewer_client.post(admin_url("place", "change", uiju.pk), data)

    assert response.status_code == 200
    (error,) = errors_of(response)
    assert published.public_id in error and "outside their province" in error
    uiju.refresh_from_db()
    assert uiju.province.code == "KP-03"


def test_moving_a_place_point_out_of_its_province_is_refused(reviewer_client, uiju):
    data = form_data(reviewer_client.get(admin_url("place", "change", uiju.pk)))
    data.update(point=CHONGJIN, _save="Save")

    response = reviewer_client.post(admin_url("place", "change", uiju.pk), data)

    assert response.status_code == 200
    assert any("lies in North Hamgyong, not in North Pyongan" in error for error in errors_of(response))
    assert Place.objects.get(pk=uiju.pk).point != Point(129.78, 41.79, srid=4326)


def test_the_service_refuses_the_move_for_any_caller(uiju, published):
    uiju.province = Province.objects.get(code="KP-09")
    uiju.point = Point(129.78, 41.79, srid=4326)

    with pytest.raises(ValidationError) as refused:
        shared_record_save(record=uiju, user=None)

    assert published.public_id in str(refused.value.message_dict["province"])
    assert Place.objects.get(pk=uiju.pk).province.code == "KP-03"


def test_an_editor_moves_the_point_of_a_place_no_published_venture_uses_within_its_province(
    editor_client, uiju
):
    make_venture(name="Uiju shoe factory", state=PublicationState.DRAFT, place=uiju)
    data = form_data(editor_client.get(admin_url("place", "change", uiju.pk)))
    data.update(point="POINT (124.54 40.2)", _save="Save")

    response = editor_client.post(admin_url("place", "change", uiju.pk), data)

    assert response.status_code == 302, errors_of(response)
    uiju.refresh_from_db()
    assert (round(uiju.point.x, 2), round(uiju.point.y, 2)) == (124.54, 40.2)


# --- The API has no way around it -----------------------------------------------------------------------


def test_the_api_offers_no_write_to_sources(editor, published, source):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(editor)

    for method in (client.patch, client.put, client.delete):
        response = method(f"/api/v1/sources/{source.pk}/", {"url": "https://x.example/"}, format="json")
        assert response.status_code == 405, (method, response.content)

    assert SourceArticle.objects.get(pk=source.pk).url == "https://news.example.org/musan"


def test_an_editor_cannot_change_or_delete_an_organization_of_a_published_venture_through_the_api(
    editor, published, partner
):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(editor)
    body = {"name": "x", "version": Organization.objects.get(pk=partner.pk).version}

    for method in (client.patch, client.delete):  # (no PUT: organizations change by PATCH)
        response = method(f"/api/v1/organizations/{partner.pk}/", body, format="json")
        assert response.status_code == 403, (method, response.content)

    assert Organization.objects.get(pk=partner.pk).name == "Dandong Trading Co."
