"""No edit is lost: two editors on the same venture, across the admin and the API, and rollbacks.

The second save over a stale version is refused with a message saying someone else changed it (admin:
a form error; API: 409 with the current version); nothing the first editor saved is overwritten.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from rest_framework.authtoken.models import Token

from projects.models import PublicationState, Venture
from projects.permissions import EDITORS_GROUP
from tests.admin_forms import admin_url, errors_of, form_data
from tests.factories import UserFactory, make_venture

pytestmark = pytest.mark.usefixtures("geo")


@pytest.fixture
def draft():
    return make_venture(
        name="Hyesan copper joint venture", province_code="KP-03", state=PublicationState.DRAFT
    )


@pytest.fixture
def second_editor(editor):
    user = UserFactory(username="editor2", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def _admin(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> Client:
    return Client(headers={"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"})


def _patch(client, venture, version=None, if_match=None, **fields):
    headers = {"If-Match": f'"{if_match}"'} if if_match is not None else {}
    body = {**fields, **({"version": version} if version is not None else {})}
    return client.patch(
        f"/api/v1/ventures/{venture.public_id}/", body, content_type="application/json", headers=headers
    )


def test_admin_editor_saving_after_an_api_edit_is_refused_and_the_api_edit_stays(
    editor, second_editor, draft
):
    admin = _admin(editor)
    form = form_data(admin.get(admin_url("venture", "change", draft.pk)))  # editor opens the form

    api_response = _patch(_api(second_editor), draft, version=draft.version, description="From the API.")
    assert api_response.status_code == 200, api_response.content

    form.update(name="Hyesan copper mine (admin edit)", description="From the admin.", _save="Save")
    response = admin.post(admin_url("venture", "change", draft.pk), form)
    assert response.status_code == 200
    message = " ".join(errors_of(response))
    assert "changed" in message.lower() and "someone else" in message.lower(), message

    draft.refresh_from_db()
    assert (draft.name, draft.description) == ("Hyesan copper joint venture", "From the API.")
    assert draft.version == api_response.json()["version"]


def test_api_editor_saving_after_an_admin_edit_gets_409_with_the_current_version(
    editor, second_editor, draft
):
    api = _api(second_editor)
    read = api.get(f"/api/v1/ventures/{draft.public_id}/")
    etag = read["ETag"].strip('"')

    admin = _admin(editor)
    form = form_data(admin.get(admin_url("venture", "change", draft.pk)))
    form.update(description="From the admin.", _save="Save")
    assert admin.post(admin_url("venture", "change", draft.pk), form).status_code == 302

    response = _patch(api, draft, if_match=etag, description="From the API.")
    assert response.status_code == 409
    body = response.json()
    draft.refresh_from_db()
    assert body["current_version"] == draft.version
    assert "someone else" in str(body).lower()
    assert draft.description == "From the admin."


def test_two_api_editors_second_save_refused_first_kept(editor, second_editor, draft):
    version = draft.version
    first = _patch(_api(editor), draft, version=version, name="First editor's name")
    second = _patch(_api(second_editor), draft, version=version, name="Second editor's name")
    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["current_version"] == version + 1
    draft.refresh_from_db()
    assert draft.name == "First editor's name"
    # With the current version the second editor's change goes through: refused, not lost for good.
    retry = _patch(_api(second_editor), draft, version=second.json()["current_version"], name="Agreed name")
    assert retry.status_code == 200
    assert Venture.objects.get(pk=draft.pk).name == "Agreed name"


def test_api_write_without_a_version_is_refused_rather_than_blindly_overwriting(editor, draft):
    response = _patch(_api(editor), draft, name="Blind write")
    assert response.status_code == 428
    draft.refresh_from_db()
    assert draft.name == "Hyesan copper joint venture"


def test_two_admin_editors_second_save_refused(editor, second_editor, draft):
    first, second = _admin(editor), _admin(second_editor)
    form_1 = form_data(first.get(admin_url("venture", "change", draft.pk)))
    form_2 = form_data(second.get(admin_url("venture", "change", draft.pk)))
    form_1.update(name="Editor one", _save="Save")
    form_2.update(name="Editor two", _save="Save")
    assert first.post(admin_url("venture", "change", draft.pk), form_1).status_code == 302
    response = second.post(admin_url("venture", "change", draft.pk), form_2)
    assert response.status_code == 200
    assert any("someone else" in error.lower() for error in errors_of(response))
    assert Venture.objects.get(pk=draft.pk).name == "Editor one"


def test_every_api_change_is_in_the_history_with_its_author_and_can_be_rolled_back(
    editor, second_editor, draft
):
    original = Venture.history.filter(id=draft.pk).latest("history_date")
    version = draft.version
    response = _patch(
        _api(second_editor), draft, version=version, name="Vandalised name", description="Oops."
    )
    assert response.status_code == 200

    changed = Venture.history.filter(id=draft.pk).latest("history_date")
    assert changed.history_user == second_editor
    assert (changed.name, changed.description) == ("Vandalised name", "Oops.")

    admin = _admin(editor)
    history_page = admin.get(admin_url("venture", "history", draft.pk)).content.decode()
    assert "Vandalised name" in history_page and "editor2" in history_page

    revert_url = admin_url("venture", "simple_history", draft.pk, original.history_id)
    response = admin.post(revert_url, form_data(admin.get(revert_url)))
    assert response.status_code == 302, errors_of(response)

    restored = _api(editor).get(f"/api/v1/ventures/{draft.public_id}/").json()
    assert (restored["name"], restored["description"]) == ("Hyesan copper joint venture", "")
    rollback = Venture.history.filter(id=draft.pk).latest("history_date")
    assert rollback.history_user == editor
    # The rolled-back change stays in the history: nothing is erased, it can be rolled forward again.
    assert Venture.history.filter(id=draft.pk, name="Vandalised name").exists()


def test_a_rollback_from_a_stale_history_page_is_refused(editor, second_editor, draft):
    original = Venture.history.filter(id=draft.pk).latest("history_date")
    assert _patch(_api(second_editor), draft, version=draft.version, name="Second name").status_code == 200

    admin = _admin(editor)
    revert_url = admin_url("venture", "simple_history", draft.pk, original.history_id)
    stale_form = form_data(admin.get(revert_url))  # opened now, at the current version…
    draft.refresh_from_db()
    assert _patch(_api(second_editor), draft, version=draft.version, name="Third name").status_code == 200

    response = admin.post(revert_url, stale_form)  # …submitted after someone else changed it again
    assert response.status_code in (200, 302)
    assert Venture.objects.get(pk=draft.pk).name == "Third name"
