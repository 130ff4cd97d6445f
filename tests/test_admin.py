"""The editors' admin, through its real URLs: roles, saves through the services, form errors, locking."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from projects.models import (
    Citation,
    Contribution,
    PublicationState,
    StatusEntry,
    Venture,
    VenturePartner,
)
from projects.services.ventures import contribution_add, venture_part_delete, venture_update
from tests.admin_forms import add_inline_row, admin_url, errors_of, form_data, new_venture_data
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture

pytestmark = pytest.mark.usefixtures("geo")


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
    data = new_venture_data(editor_client, publication_state="published")
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
