"""Stale saves and history (issue #11, item 15): a refused stale save keeps the editor's input beside
the newer version with the differences marked; the venture's history page shows its parts' history;
a change reason is recorded with each change."""

import re

import pytest
from django.test import Client

from projects.models import PublicationState, Venture, VenturePartner
from projects.services.ventures import venture_update
from tests.admin_forms import add_inline_row, admin_url, errors_of, form_data
from tests.factories import OrganizationFactory, make_venture

pytestmark = pytest.mark.usefixtures("geo")


@pytest.fixture
def draft():
    return make_venture(name="Musan iron ore joint venture", state=PublicationState.DRAFT)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_stale_save_keeps_the_editors_input_beside_the_newer_version(editor, reviewer, draft):
    client = _client(editor)
    data = form_data(client.get(admin_url("venture", "change", draft.pk)))
    venture_update(venture=Venture.objects.get(pk=draft.pk), user=reviewer, description="Reviewer's text")
    data.update(description="Editor's text", name="Musan iron ore mine", _save="Save")

    response = client.post(admin_url("venture", "change", draft.pk), data)

    assert response.status_code == 200
    assert any("kept in the form" in message for message in errors_of(response))
    stale = response.context["adminform"].form.stale
    rows = {row.label: row for row in stale.rows}
    assert (rows["Description"].yours, rows["Description"].theirs, rows["Description"].differs) == (
        "Editor's text",
        "Reviewer's text",
        True,
    )
    assert rows["Name"].differs and not rows["Sector"].differs
    assert stale.differences == 2
    body = response.content.decode()
    assert "2 differences" in body
    assert "<mark>Editor&#x27;s text</mark>" in body and "<mark>Reviewer&#x27;s text</mark>" in body
    # The editor's typing is still in the form, which now carries the newer version.
    assert re.search(r'<textarea name="description"[^>]*>\s*Editor&#x27;s text</textarea>', body)
    draft.refresh_from_db()
    assert draft.description == "Reviewer's text"
    assert response.context["adminform"].form["expected_version"].value() == str(draft.version)


def test_saving_again_after_comparing_applies_the_editors_input(editor, reviewer, draft):
    client = _client(editor)
    data = form_data(client.get(admin_url("venture", "change", draft.pk)))
    venture_update(venture=Venture.objects.get(pk=draft.pk), user=reviewer, description="Reviewer's text")
    data.update(description="Editor's text", _save="Save")
    refused = client.post(admin_url("venture", "change", draft.pk), data)

    again = client.post(admin_url("venture", "change", draft.pk), form_data(refused))

    assert again.status_code == 302, errors_of(again)
    draft.refresh_from_db()
    assert draft.description == "Editor's text"


def test_the_change_reason_is_recorded_with_the_venture_and_its_parts(editor_client, editor, draft):
    organization = OrganizationFactory(name="Yanbian Tianchi Industry and Trade")
    data = form_data(editor_client.get(admin_url("venture", "change", draft.pk)))
    add_inline_row(
        data, "partners", organization=organization.pk, role="chinese_investor", stake_percent="51"
    )
    data.update(
        description="Now with a partner", change_reason="Partner from the Yonhap report", _save="Save"
    )

    response = editor_client.post(admin_url("venture", "change", draft.pk), data)

    assert response.status_code == 302, errors_of(response)
    latest = Venture.history.filter(id=draft.pk).latest("history_date")
    assert latest.history_change_reason == "Partner from the Yonhap report"
    partner = VenturePartner.objects.get(venture=draft, organization=organization)
    assert partner.history.get().history_change_reason == "Partner from the Yonhap report"


def test_the_history_page_shows_the_parts_changes(editor_client, editor, draft):
    partner = draft.partners.get()
    data = form_data(editor_client.get(admin_url("venture", "change", draft.pk)))
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(partner.pk))
    data[f"partners-{index}-stake_percent"] = "60"
    data.update(change_reason="Stake corrected", _save="Save")
    assert editor_client.post(admin_url("venture", "change", draft.pk), data).status_code == 302

    page = editor_client.get(admin_url("venture", "history", draft.pk))

    body = page.content.decode()
    assert page.status_code == 200
    section = body.split('id="parts-history"', 1)[1]
    assert "Changes to its partners, contributions, status entries and citations" in body
    assert "stake (%): — → 60.00" in section
    assert "Stake corrected" in section
    assert "editor" in section
    assert "status entry" in section and "citation" in section  # made with the venture
