"""Duplicates (issue #11 item 11): warnings the editor confirms, one source per address up to
http/https and "www.", and a merge of ventures, organizations and sources that loses nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from projects.models import (
    Citation,
    Contribution,
    Organization,
    PartnerRole,
    Province,
    PublicationState,
    SourceArticle,
    SourceSnapshot,
    StatusEntry,
    Venture,
    VenturePartner,
)
from projects.services.merge import organization_merge, source_merge, venture_merge
from projects.services.sources import source_submit
from projects.services.ventures import contribution_add, partner_add
from tests.admin_forms import admin_url, errors_of, form_data
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture

pytestmark = pytest.mark.usefixtures("geo")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


# --- Merging ventures ------------------------------------------------------------------------------------


@pytest.fixture
def twins():
    partner = OrganizationFactory(name="Dandong Hongxiang Trading Co.")
    survivor = make_venture(name="Sinuiju cosmetics joint venture", partner=partner)
    merged = make_venture(
        name="Sinuiju Cosmetics JV",
        name_ko="신의주 화장품 합영",
        partner=partner,
        state=PublicationState.PUBLISHED,
    )
    contribution_add(venture=survivor, side="CN", kind="capital", note="CNY 3 million")
    contribution_add(venture=merged, side="CN", kind="capital", note="Machinery")
    contribution_add(venture=merged, side="KP", kind="land")
    return survivor, merged


def test_a_venture_merge_keeps_every_citation_status_entry_partner_and_contribution(reviewer, twins):
    survivor, merged = twins
    citations = set(Citation.objects.values_list("pk", flat=True))
    entries = set(StatusEntry.objects.values_list("pk", flat=True))

    venture_merge(survivor=survivor, merged=merged, user=reviewer)

    assert set(Citation.objects.filter(venture=survivor).values_list("pk", flat=True)) == citations
    assert set(StatusEntry.objects.filter(venture=survivor).values_list("pk", flat=True)) == entries
    # One partner with the same organization and role: the survivor's row, with the other's note.
    assert VenturePartner.objects.filter(venture=survivor).count() == 1
    assert sorted(Contribution.objects.filter(venture=survivor).values_list("side", "kind", "note")) == [
        ("CN", "capital", "CNY 3 million\nMachinery"),
        ("KP", "land", ""),
    ]
    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert survivor.name_ko == "신의주 화장품 합영"
    assert "Sinuiju Cosmetics JV" in survivor.other_names
    assert merged.merged_into == survivor
    assert merged.publication_state == PublicationState.UNPUBLISHED
    assert not merged.citations.exists()
    # The merged venture's history stays, with the reason of the last change.
    assert (
        merged.history.first().history_change_reason == f"Merged into {survivor.public_id} “{survivor.name}”."
    )
    assert merged.history.count() >= 2


def test_citations_of_a_folded_partner_follow_it(reviewer):
    organization = OrganizationFactory()
    survivor = make_venture(name="A mine", partner=organization)
    merged = make_venture(name="A mine too", partner=organization)
    folded = VenturePartner.objects.get(venture=merged)
    cited = Citation.objects.filter(venture=merged).first()
    Citation.objects.filter(pk=cited.pk).update(partner=folded, supports="partner", status_entry=None)

    venture_merge(survivor=survivor, merged=merged, user=reviewer)

    cited.refresh_from_db()
    assert (cited.venture, cited.partner) == (survivor, VenturePartner.objects.get(venture=survivor))


def test_only_reviewers_merge_and_never_a_venture_with_itself(editor, reviewer, twins):
    survivor, merged = twins
    with pytest.raises(PermissionDenied):
        venture_merge(survivor=survivor, merged=merged, user=editor)
    with pytest.raises(ValidationError):
        venture_merge(survivor=survivor, merged=survivor, user=reviewer)


def test_a_merged_ventures_public_id_leads_to_the_survivor_on_the_page_and_in_the_api(
    client, reviewer, twins
):
    survivor, merged = twins
    venture_merge(survivor=survivor, merged=merged, user=reviewer)

    page = client.get(f"/ventures/{merged.public_id}/")
    api = client.get(f"/api/v1/ventures/{merged.public_id}/")

    assert (page.status_code, page["Location"]) == (301, f"/ventures/{survivor.public_id}/")
    assert api.status_code == 301
    assert api["Location"].endswith(f"/api/v1/ventures/{survivor.public_id}/")
    assert api.json()["merged_into"] == survivor.public_id
    assert client.get(api["Location"]).status_code == 200


def test_a_merged_published_venture_is_a_tombstone_for_syncs(client, reviewer, twins):
    survivor, merged = twins
    since = merged.updated_at

    venture_merge(survivor=survivor, merged=merged, user=reviewer)

    body = client.get("/api/v1/ventures/", {"updated_since": since.isoformat()}).json()
    assert merged.public_id in [t["public_id"] for t in body["tombstones"]]


def test_the_admin_merges_two_selected_ventures_after_the_reviewer_chooses_the_one_to_keep(reviewer, twins):
    survivor, merged = twins
    client = _client(reviewer)
    selection = {"action": "merge_selected", "_selected_action": [survivor.pk, merged.pk]}

    confirm = client.post(admin_url("venture", "changelist"), selection)

    assert confirm.status_code == 200
    assert "Choose the venture to keep" in confirm.content.decode()
    assert "citations" in confirm.content.decode()
    done = client.post(
        admin_url("venture", "changelist"),
        {**selection, "survivor": survivor.pk, "confirm_merge": "yes"},
        follow=True,
    )
    assert "merged into" in done.content.decode()
    merged.refresh_from_db()
    assert merged.merged_into_id == survivor.pk
    # The merged venture's history page still opens.
    assert client.get(admin_url("venture", "history", merged.pk)).status_code == 200


def test_editors_are_not_offered_the_merge_action(editor):
    choices = _client(editor).get(admin_url("venture", "changelist")).context["action_form"].fields["action"]

    assert "merge_selected" not in [name for name, _ in choices.choices]


# --- Merging organizations and sources ---------------------------------------------------------------------


def test_an_organization_merge_moves_its_partner_roles_and_keeps_its_history_readable(reviewer):
    survivor = OrganizationFactory(name="Liaoning Hongxiang Group")
    merged = OrganizationFactory(name="Liaoning Hong Xiang Group Co., Ltd.", name_zh="辽宁鸿祥集团")
    venture = make_venture(name="Hongxiang mine", partner=merged)
    partner_add(venture=venture, organization=survivor, role=PartnerRole.CHINESE_INVESTOR)  # the same role
    other = make_venture(name="Other mine", partner=merged)
    merged_pk = merged.pk

    organization_merge(survivor=survivor, merged=merged, user=reviewer)

    assert not Organization.objects.filter(pk=merged_pk).exists()
    assert VenturePartner.objects.filter(venture=venture).count() == 1
    assert VenturePartner.objects.get(venture=other).organization == survivor
    survivor.refresh_from_db()
    assert survivor.name_zh == "辽宁鸿祥集团"
    assert "Liaoning Hong Xiang Group Co., Ltd." in survivor.other_names
    history = _client(reviewer).get(admin_url("organization", "history", merged_pk))
    assert history.status_code == 200
    assert "Merged into organization" in history.content.decode()


def test_organizations_of_different_countries_are_not_merged(reviewer):
    with pytest.raises(ValidationError):
        organization_merge(
            survivor=OrganizationFactory(country="CN"),
            merged=OrganizationFactory(country="KP"),
            user=reviewer,
        )


def test_a_source_merge_moves_citations_status_entries_and_snapshots(reviewer):
    survivor = SourceArticleFactory(url="https://www.example.org/a", title="")
    merged = SourceArticleFactory(url="http://example.org/a", title="Joint venture report")
    venture = make_venture(name="Hyesan mine", source=merged)
    SourceSnapshot.objects.create(
        retrieved_at=timezone.now(),
        source=merged,
        final_url=merged.url,
        http_status=200,
        content_type="text/html",
        size_bytes=3,
        sha256="a" * 64,
    )

    merged_pk = merged.pk

    source_merge(survivor=survivor, merged=merged, user=reviewer)

    assert not SourceArticle.objects.filter(pk=merged_pk).exists()
    assert Citation.objects.get(venture=venture).source == survivor
    assert StatusEntry.objects.get(venture=venture).source == survivor
    assert SourceSnapshot.objects.get().source == survivor
    survivor.refresh_from_db()
    assert survivor.title == "Joint venture report"


# --- One source per address ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "http://www.example.org/news/1",
        "https://example.org/news/1",
        "HTTPS://WWW.EXAMPLE.ORG/news/1?utm_source=x#top",
    ],
)
def test_submitting_a_scheme_or_www_variant_returns_the_existing_source(variant):
    original, created = source_submit(url="https://www.example.org/news/1")
    assert created

    again, created = source_submit(url=variant)

    assert (again.pk, created) == (original.pk, False)
    assert SourceArticle.objects.count() == 1


def test_the_admin_refuses_a_source_that_is_a_variant_of_one_already_recorded(reviewer):
    existing = SourceArticleFactory(url="https://www.example.org/news/2")
    client = _client(reviewer)
    data = form_data(client.get(admin_url("sourcearticle", "add")))
    data.update(url="http://example.org/news/2", title="Again", _save="Save")

    response = client.post(admin_url("sourcearticle", "add"), data)

    assert response.status_code == 200
    assert any(f"already a source: #{existing.pk}" in e for e in errors_of(response))


# --- Warnings on likely duplicates ----------------------------------------------------------------------------


def _new_venture(client, **fields):
    data = form_data(client.get(admin_url("venture", "add")))
    data.update(
        name="Sinuiju Cosmetics Joint Venture",
        sector="manufacturing",
        province=str(Province.objects.get(code="KP-03").pk),
        location_precision="province",
        _save="Save",
        **fields,
    )
    return client.post(admin_url("venture", "add"), data)


def test_a_venture_with_the_same_name_in_the_same_province_is_saved_only_once_the_editor_confirms(editor):
    existing = make_venture(name="Sinuiju cosmetics joint venture", state=PublicationState.DRAFT)
    client = _client(editor)

    warned = _new_venture(client)

    assert warned.status_code == 200
    assert any(existing.public_id in e and "Not a duplicate" in e for e in errors_of(warned))
    assert Venture.objects.count() == 1
    saved = _new_venture(client, confirm_not_duplicate="on")
    assert saved.status_code == 302, errors_of(saved)
    assert Venture.objects.count() == 2


def test_the_same_name_in_another_province_is_no_warning(editor):
    make_venture(name="Sinuiju cosmetics joint venture", province_code="KP-09", state=PublicationState.DRAFT)

    response = _new_venture(_client(editor))

    assert response.status_code == 302, errors_of(response)


def test_a_second_copy_of_an_organization_is_warned_of_in_any_script(editor):
    existing = Organization.objects.create(
        name="Dandong Meiyan Trading", name_zh="丹東美艷貿易有限公司", country="CN", kind="private_company"
    )
    client = _client(editor)
    data = form_data(client.get(admin_url("organization", "add")))
    data.update(
        name="Meiyan (Dandong)", name_zh="丹东美艳贸易", country="CN", kind="private_company", _save="Save"
    )

    warned = client.post(admin_url("organization", "add"), data)

    assert warned.status_code == 200
    assert any(f"#{existing.pk}" in e for e in errors_of(warned))
    saved = client.post(admin_url("organization", "add"), {**data, "confirm_not_duplicate": "on"})
    assert saved.status_code == 302
    assert Organization.objects.count() == 2


def test_editing_other_fields_of_a_venture_with_a_twin_does_not_warn_again(editor):
    make_venture(name="Sinuiju cosmetics joint venture", state=PublicationState.DRAFT)
    twin = make_venture(name="Sinuiju Cosmetics JV", other_names="", state=PublicationState.DRAFT)
    Venture.objects.filter(pk=twin.pk).update(name="Sinuiju cosmetics joint venture")
    client = _client(editor)
    data = form_data(client.get(admin_url("venture", "change", twin.pk)))
    data.update(description="More detail.", _save="Save")

    response = client.post(admin_url("venture", "change", twin.pk), data)

    assert response.status_code == 302, errors_of(response)


def test_the_0011_migration_folds_stored_scheme_and_www_variants_into_one_source_keeping_citations():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("projects.migrations.0011_review_state")
    https = SourceArticleFactory(url="https://www.example.org/news/3", title="")
    http = SourceArticleFactory(url="http://example.org/news/3", title="The report")
    other = SourceArticleFactory(url="https://example.org/news/4")
    cited = make_venture(name="Musan mine", source=http)
    lines = []

    migration.fold_scheme_and_www_variants(apps, report=lines.append)

    assert list(SourceArticle.objects.order_by("pk").values_list("pk", flat=True)) == [https.pk, other.pk]
    assert Citation.objects.get(venture=cited).source_id == https.pk
    assert StatusEntry.objects.get(venture=cited).source_id == https.pk
    assert SourceArticle.objects.get(pk=https.pk).title == "The report"
    assert lines == [
        f"Source #{http.pk} (http://example.org/news/3) merged into #{https.pk} (same address up to http/https, www.)."
    ]
