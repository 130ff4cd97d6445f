"""Every change is recorded with who made it, shown in the admin, and can be reverted from there."""

import pytest

from projects.models import Place, PublicationState, Venture
from projects.services.ventures import venture_update
from tests.admin_forms import admin_url, errors_of, form_data
from tests.factories import make_venture

pytestmark = pytest.mark.usefixtures("geo")


@pytest.fixture
def draft():
    return make_venture(
        name="Manpo timber joint venture",
        sector="other",
        province_code="KP-04",
        point=None,
        state=PublicationState.DRAFT,
    )


def _change_through_admin(client, venture, **changes):
    data = form_data(client.get(admin_url("venture", "change", venture.pk)))
    data.update(changes, _save="Save")
    response = client.post(admin_url("venture", "change", venture.pk), data)
    assert response.status_code == 302, errors_of(response)


def test_a_change_through_the_admin_is_recorded_with_its_user(editor_client, editor, draft):
    _change_through_admin(editor_client, draft, name="Manpo timber and sawmill joint venture")

    latest = Venture.history.filter(id=draft.pk).latest("history_date")
    assert latest.history_user == editor
    assert latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "name"] == [
        ("name", "Manpo timber joint venture", "Manpo timber and sawmill joint venture")
    ]
    page = editor_client.get(admin_url("venture", "history", draft.pk)).content.decode()
    assert "Manpo timber and sawmill joint venture" in page
    assert "editor" in page


def test_a_change_can_be_reverted_from_the_history(editor_client, editor, draft):
    original = Venture.history.filter(id=draft.pk).latest("history_date")
    _change_through_admin(editor_client, draft, name="Wrong name", description="Wrong description")

    revert_url = admin_url("venture", "simple_history", draft.pk, original.history_id)
    data = form_data(editor_client.get(revert_url))
    response = editor_client.post(revert_url, data)

    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert (draft.name, draft.description) == ("Manpo timber joint venture", "")
    assert draft.publication_state == PublicationState.DRAFT
    reverted = Venture.history.filter(id=draft.pk).latest("history_date")
    assert reverted.history_user == editor


def test_a_revert_over_a_newer_change_by_someone_else_is_refused(editor_client, draft):
    original = Venture.history.filter(id=draft.pk).latest("history_date")
    revert_url = admin_url("venture", "simple_history", draft.pk, original.history_id)
    data = form_data(editor_client.get(revert_url))
    draft_now = Venture.objects.get(pk=draft.pk)
    venture_update(venture=draft_now, user=None, description="Changed meanwhile")

    response = editor_client.post(revert_url, data)

    assert response.status_code == 200
    assert "Someone else changed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.description == "Changed meanwhile"


def test_an_editor_cannot_revert_a_published_venture(editor_client):
    published = make_venture(name="Published venture")
    first = Venture.history.filter(id=published.pk).earliest("history_date")
    revert_url = admin_url("venture", "simple_history", published.pk, first.history_id)

    data = form_data(editor_client.get(revert_url))

    response = editor_client.post(revert_url, data)

    assert response.status_code == 403
    published.refresh_from_db()
    assert published.name == "Published venture"


def test_inline_changes_and_places_keep_their_history_too(editor_client, editor, draft):
    partner = draft.partners.get()
    data = form_data(editor_client.get(admin_url("venture", "change", draft.pk)))
    data.update({"partners-0-stake_percent": "51", "_save": "Save"})
    response = editor_client.post(admin_url("venture", "change", draft.pk), data)
    assert response.status_code == 302, errors_of(response)
    assert partner.history.latest("history_date").history_user == editor

    place = Place.objects.get(name_en="Manpo")
    place_data = form_data(editor_client.get(admin_url("place", "change", place.pk)))
    place_data.update(alt_names=place.alt_names + "|Manp'o-si", _save="Save")
    response = editor_client.post(admin_url("place", "change", place.pk), place_data)

    assert response.status_code == 302, errors_of(response)
    assert place.history.latest("history_date").history_user == editor
