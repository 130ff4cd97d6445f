"""manage.py import_ftm: organizations, partner roles and designations from FollowTheMoney entities."""

import io

import orjson
import pytest
from django.core.management import CommandError, call_command

from projects.models import Organization, VenturePartner
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def import_file(tmp_path, lines, *args) -> str:
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(
        b"".join(orjson.dumps(line) + b"\n" if isinstance(line, dict) else line for line in lines)
    )
    out = io.StringIO()
    call_command("import_ftm", str(path), *args, stdout=out)
    return out.getvalue()


def organizations_state() -> set[tuple]:
    return set(
        Organization.objects.values_list(
            "name", "name_ko", "name_zh", "other_names", "country", "kind", "notes", "sanctions_designations"
        )
    )


def partners_state() -> set[tuple]:
    return set(
        VenturePartner.objects.values_list(
            "venture__public_id", "organization__name", "role", "stake_percent", "note"
        )
    )


def company(entity_id: str, name: str, **properties) -> dict:
    return {"id": entity_id, "schema": "Company", "properties": {"name": [name], **properties}}


def test_export_then_import_into_an_empty_database_gives_the_same_organizations_and_partners(
    api, published_data, tmp_path
):
    # The draft's partner is not in the public export: leave it out of the comparison.
    draft_partner = published_data["draft"].partners.get()
    draft_partner.delete()
    draft_partner.organization.delete()
    exported = api.get("/api/v1/ventures.ftm.json").content
    organizations, partners = organizations_state(), partners_state()
    assert len(organizations) == len(partners) == 3
    VenturePartner.objects.all().delete()
    Organization.objects.all().delete()

    output = import_file(tmp_path, [exported])

    assert "3 organizations created, 0 linked" in output
    assert "3 partner roles added" in output
    assert organizations_state() == organizations
    assert partners_state() == partners  # stakes (51, 49) and roles survive
    assert Organization.objects.get(name="Musan Mining Complex").sanctions_topics == "sanction"
    # And the next export is the same, byte for byte: the organizations kept their FtM ids.
    from django.core.cache import caches

    caches["default"].clear()
    assert api.get("/api/v1/ventures.ftm.json").content == exported


def test_a_second_import_of_the_same_file_changes_nothing(api, published_data, tmp_path):
    exported = api.get("/api/v1/ventures.ftm.json").content
    organizations, partners = organizations_state(), partners_state()
    output = import_file(tmp_path, [exported])
    assert "0 organizations created, 3 linked" in output
    assert "0 partner roles added (3 already there)" in output
    assert organizations_state() == organizations
    assert partners_state() == partners


def test_an_entity_matching_an_existing_organization_in_another_script_is_linked(published_data, tmp_path):
    korean = published_data["korean"]
    output = import_file(
        tmp_path,
        [
            company("NK-musan", "Musan Mining Combine", alias=["무산광산연합기업소"], country=["kp"]),
            company("NK-new", "Korea Ryonbong General Corporation", country=["kp"], topics=["sanction"]),
            {
                "id": "NK-sanction-1",
                "schema": "Sanction",
                "properties": {"entity": ["NK-musan"], "authority": ["US OFAC"], "startDate": ["2016-12-02"]},
            },
        ],
    )
    assert "1 organizations created, 1 linked" in output
    assert f"Musan Mining Combine → organization {korean.pk}" in output
    korean.refresh_from_db()
    assert korean.ftm_id == "NK-musan"
    assert "Musan Mining Combine" in korean.other_names
    assert korean.sanctions_designations.splitlines() == [
        "UN 1718 Committee, 2017-08-05, KPe.066",
        "US OFAC, 2016-12-02",
    ]
    created = Organization.objects.get(name="Korea Ryonbong General Corporation")
    assert (created.country, created.kind, created.ftm_id, created.sanctions_topics) == (
        "KP",
        "private_company",
        "NK-new",
        "sanction",
    )


def test_ownership_of_a_venture_that_does_not_exist_is_skipped(published_data, tmp_path):
    musan = published_data["musan"]
    output = import_file(
        tmp_path,
        [
            company("OS-a", "Dandong Hongxiang Industrial Development", country=["cn"]),
            {
                "id": "own-1",
                "schema": "Ownership",
                "properties": {"owner": ["OS-a"], "asset": ["OS-elsewhere"], "percentage": ["30"]},
            },
            company("OS-elsewhere", "A company nobody tracks"),
            {
                "id": "own-2",
                "schema": "Ownership",
                "properties": {
                    "owner": ["OS-a"],
                    "asset": [f"jvtracker-{musan.public_id.lower()}"],
                    "percentage": ["12.5"],
                },
            },
        ],
    )
    assert "skipped  line 2: own-1: no venture for OS-elsewhere" in output
    partner = VenturePartner.objects.get(organization__name="Dandong Hongxiang Industrial Development")
    assert (partner.venture, partner.role, str(partner.stake_percent)) == (musan, "chinese_investor", "12.50")
    # The asset of an Ownership is a venture, never a new organization.
    assert not Organization.objects.filter(name="A company nobody tracks").exists()


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        (b"{not json\n", "line 2: not JSON"),
        (b'{"id": "x", "schema": "Spaceship", "properties": {}}\n', "line 2: Spaceship"),
        (b'["a list"]\n', "line 2: not a FollowTheMoney entity"),
        (
            b'{"id": "o", "schema": "Ownership", "properties": {"owner": ["ghost"], "asset": ["jvtracker-jv-0001"]}}\n',
            "line 2: ghost is no organization",
        ),
    ],
)
def test_a_bad_line_imports_nothing_and_is_named(published_data, tmp_path, bad_line, message):
    before = organizations_state()
    with pytest.raises(CommandError) as error:
        import_file(
            tmp_path, [company("OS-1", "Fresh Trading Co."), bad_line, company("OS-2", "Another Co.")]
        )
    assert message in str(error.value)
    assert "nothing was imported" in str(error.value)
    assert organizations_state() == before


def test_a_percentage_out_of_range_is_refused_naming_the_line(published_data, tmp_path):
    musan = published_data["musan"]
    with pytest.raises(CommandError, match="line 2: stake_percent"):
        import_file(
            tmp_path,
            [
                company("OS-1", "Fresh Trading Co.", country=["cn"]),
                {
                    "id": "own",
                    "schema": "Ownership",
                    "properties": {
                        "owner": ["OS-1"],
                        "asset": [f"jvtracker-{musan.public_id.lower()}"],
                        "percentage": ["150"],
                    },
                },
            ],
        )
    assert not Organization.objects.filter(name="Fresh Trading Co.").exists()


def test_a_dry_run_reports_and_keeps_nothing(published_data, tmp_path):
    before = organizations_state()
    output = import_file(tmp_path, [company("OS-1", "Fresh Trading Co.")], "--dry-run")
    assert "Would import: 1 organizations created" in output and "Dry run: nothing was kept." in output
    assert organizations_state() == before


def test_other_schemata_are_counted_as_ignored(geo, tmp_path):
    OrganizationFactory(name="Existing Partner")
    output = import_file(
        tmp_path, [{"id": "addr", "schema": "Address", "properties": {"full": ["Pyongyang"]}}]
    )
    assert "ignored: 1 Address" in output


def test_a_project_participant_and_the_kinds_of_legal_entities(published_data, tmp_path):
    musan = published_data["musan"]
    output = import_file(
        tmp_path,
        [
            {"id": "p-1", "schema": "Person", "properties": {"name": ["Kim Investor"], "country": ["cn"]}},
            {
                "id": "pb-1",
                "schema": "PublicBody",
                "properties": {"name": ["North Hamgyong Provincial People's Committee"], "country": ["kp"]},
            },
            {
                "id": "pp-1",
                "schema": "ProjectParticipant",
                "properties": {
                    "participant": ["pb-1"],
                    "project": [f"jvtracker-{musan.public_id.lower()}"],
                    "role": ["Managing organ"],
                },
            },
        ],
    )
    assert "2 organizations created" in output and "1 partner roles added" in output
    assert Organization.objects.get(ftm_id="p-1").kind == "individual_investor"
    body = Organization.objects.get(ftm_id="pb-1")
    assert body.kind == "party_or_state_organ"
    assert VenturePartner.objects.get(organization=body).role == "managing_organ"
