"""Stale saves of a venture's parts (issue #11, item 15): two editors in two sessions change the same
venture's partners, contributions, status entries and citations. The later save is refused with what
the other added, changed and removed, merged into the form; saving again loses and doubles nothing."""

import pytest
from django.test import Client

from projects.models import Contribution, PublicationState, StatusEntry, VenturePartner
from projects.services.ventures import contribution_add
from tests.admin_forms import add_inline_row, admin_url, errors_of, form_data
from tests.factories import OrganizationFactory, UserFactory, make_venture

pytestmark = pytest.mark.usefixtures("geo")


@pytest.fixture
def draft():
    venture = make_venture(name="Musan iron ore joint venture", state=PublicationState.DRAFT)
    contribution_add(venture=venture, side="CN", kind="equipment", note="Two excavators")
    return venture


@pytest.fixture
def first(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def second(editor):
    other = UserFactory(is_staff=True, username="second_editor")
    other.groups.set(editor.groups.all())
    client = Client()
    client.force_login(other)
    return client


def _index(data: dict, prefix: str, pk: int) -> str:
    """The form index of the inline row of `prefix` showing the part `pk`."""
    for key, value in data.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == prefix and parts[2] == "id" and value == str(pk):
            return parts[1]
    raise AssertionError(f"no {prefix} row for {pk}")


def _open(client, venture) -> dict:
    return form_data(client.get(admin_url("venture", "change", venture.pk)))


def _save(client, venture, data):
    return client.post(admin_url("venture", "change", venture.pk), {**data, "_save": "Save"})


def _changes(response) -> dict:
    return {(c.kind, c.action): c for c in response.context["stale_parts"]}


def test_the_refused_save_lists_the_other_editors_part_changes_and_saving_again_keeps_them(
    first, second, draft
):
    partner = draft.partners.get()
    contribution = draft.contributions.get()
    mine, theirs = _open(first, draft), _open(second, draft)
    # The second editor corrects the stake, adds a status entry and removes the contribution.
    theirs[f"partners-{_index(theirs, 'partners', partner.pk)}-stake_percent"] = "70"
    add_inline_row(
        theirs,
        "status_entries",
        status="suspended",
        date="2025-09-20",
        date_precision="day",
        source=draft.status_entries.get().source_id,
    )
    theirs[f"contributions-{_index(theirs, 'contributions', contribution.pk)}-DELETE"] = "on"
    saved = _save(second, draft, theirs)
    assert saved.status_code == 302, errors_of(saved)
    # The first, unaware, changes the partner's note and the description.
    mine[f"partners-{_index(mine, 'partners', partner.pk)}-note"] = "Signed in Yanji"
    mine["description"] = "The first editor's text"

    refused = _save(first, draft, mine)

    assert refused.status_code == 200
    assert any("kept in the form" in message for message in errors_of(refused))
    changes = _changes(refused)
    stake = changes[("venture partner", "changed")].fields
    assert [(f.label, f.theirs, f.yours, f.conflict) for f in stake] == [
        ("Stake (%)", "70.00", "70.00", False)
    ]
    added = changes[("status entry", "added")]
    assert ("Status", "Suspended") in [(f.label, f.theirs) for f in added.fields]
    assert "Two excavators" in changes[("contribution", "removed")].row
    body = refused.content.decode()
    assert 'id="stale-parts"' in body and "Suspended" in body.split('id="stale-parts"')[1]
    # Nothing was saved by the refused post.
    partner.refresh_from_db()
    assert partner.note == "" and partner.stake_percent == 70

    again = _save(first, draft, form_data(refused))

    assert again.status_code == 302, errors_of(again)
    partner.refresh_from_db()
    assert (partner.stake_percent, partner.note) == (70, "Signed in Yanji")
    assert StatusEntry.objects.filter(venture=draft, status="suspended").count() == 1
    assert not Contribution.objects.filter(pk=contribution.pk).exists()
    assert VenturePartner.objects.filter(venture=draft).count() == 1
    draft.refresh_from_db()
    assert draft.description == "The first editor's text"


def test_a_field_both_editors_changed_is_a_conflict_and_saving_again_applies_the_later_input(
    first, second, draft
):
    partner = draft.partners.get()
    mine, theirs = _open(first, draft), _open(second, draft)
    theirs[f"partners-{_index(theirs, 'partners', partner.pk)}-stake_percent"] = "70"
    saved = _save(second, draft, theirs)
    assert saved.status_code == 302, errors_of(saved)
    mine[f"partners-{_index(mine, 'partners', partner.pk)}-stake_percent"] = "45"

    refused = _save(first, draft, mine)

    assert refused.status_code == 200
    (field,) = _changes(refused)[("venture partner", "changed")].fields
    assert (field.started, field.theirs, field.yours, field.conflict) == ("—", "70.00", "45", True)
    assert "conflict" in refused.content.decode().split('id="stale-parts"')[1]
    partner.refresh_from_db()
    assert partner.stake_percent == 70

    assert _save(first, draft, form_data(refused)).status_code == 302
    partner.refresh_from_db()
    assert partner.stake_percent == 45


def test_an_untouched_row_the_other_editor_changed_is_not_overwritten(first, second, draft):
    entry = draft.status_entries.get()
    mine, theirs = _open(first, draft), _open(second, draft)
    theirs[f"status_entries-{_index(theirs, 'status_entries', entry.pk)}-note"] = "Confirmed by a visitor"
    saved = _save(second, draft, theirs)
    assert saved.status_code == 302, errors_of(saved)
    mine["description"] = "Only the description changes"

    refused = _save(first, draft, mine)
    again = _save(first, draft, form_data(refused))

    assert again.status_code == 302, errors_of(again)
    entry.refresh_from_db()
    assert entry.note == "Confirmed by a visitor"
    assert draft.status_entries.count() == 1


def test_a_row_the_other_editor_removed_and_this_one_changed_stays_as_a_new_row(first, second, draft):
    contribution = draft.contributions.get()
    mine, theirs = _open(first, draft), _open(second, draft)
    theirs[f"contributions-{_index(theirs, 'contributions', contribution.pk)}-DELETE"] = "on"
    saved = _save(second, draft, theirs)
    assert saved.status_code == 302, errors_of(saved)
    mine[f"contributions-{_index(mine, 'contributions', contribution.pk)}-note"] = "Three excavators"

    refused = _save(first, draft, mine)

    removed = _changes(refused)[("contribution", "removed")]
    assert "your copy is kept as a new row" in removed.note
    assert not Contribution.objects.filter(venture=draft).exists()
    again = _save(first, draft, form_data(refused))
    assert again.status_code == 302, errors_of(again)
    assert list(Contribution.objects.filter(venture=draft).values_list("note", flat=True)) == [
        "Three excavators"
    ]


def test_both_adding_rows_keeps_both_and_the_refusal_names_the_others(first, second, draft):
    organization = OrganizationFactory(name="Dandong Hongxiang Trading")
    other = OrganizationFactory(name="Hunchun Border Logistics")
    mine, theirs = _open(first, draft), _open(second, draft)
    add_inline_row(theirs, "partners", organization=organization.pk, role="chinese_investor")
    saved = _save(second, draft, theirs)
    assert saved.status_code == 302, errors_of(saved)
    add_inline_row(mine, "partners", organization=other.pk, role="chinese_investor")

    refused = _save(first, draft, mine)

    added = _changes(refused)[("venture partner", "added")]
    assert "Dandong Hongxiang Trading" in added.row
    assert _save(first, draft, form_data(refused)).status_code == 302
    names = sorted(VenturePartner.objects.filter(venture=draft).values_list("organization__name", flat=True))
    assert names.count("Dandong Hongxiang Trading") == 1 and "Hunchun Border Logistics" in names
    assert len(names) == 3


def test_deleting_a_row_the_other_editor_changed_is_said_before_it_happens(first, second, draft):
    partner = draft.partners.get()
    mine, theirs = _open(first, draft), _open(second, draft)
    theirs[f"partners-{_index(theirs, 'partners', partner.pk)}-stake_percent"] = "70"
    assert _save(second, draft, theirs).status_code == 302
    mine[f"partners-{_index(mine, 'partners', partner.pk)}-DELETE"] = "on"

    refused = _save(first, draft, mine)

    assert "saving again deletes it" in _changes(refused)[("venture partner", "changed")].note
    assert VenturePartner.objects.filter(pk=partner.pk).exists()
    assert _save(first, draft, form_data(refused)).status_code == 302
    assert not VenturePartner.objects.filter(pk=partner.pk).exists()
