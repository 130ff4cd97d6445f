"""GET /api/v1/ventures.ftm.json: FollowTheMoney entities, one per line, that the library loads back."""

import orjson
import pytest
from followthemoney import model

pytestmark = pytest.mark.django_db


def load_entities(body: bytes) -> list:
    """Each line through followthemoney as untrusted input (cleaned=False re-validates every value)."""
    return [model.get_proxy(orjson.loads(line), cleaned=False) for line in body.splitlines()]


def by_schema(entities, schema: str) -> list:
    return [entity for entity in entities if entity.schema.name == schema]


def test_the_export_is_one_valid_entity_per_line_and_loads_back(api, published_data):
    response = api.get("/api/v1/ventures.ftm.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json+ftm; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ventures.ftm.json"'
    body = response.content
    entities = load_entities(body)
    assert len(entities) == len(body.splitlines()) > 0
    for entity in entities:
        entity.schema.validate(entity.to_dict())  # raises InvalidData on a bad value
    assert len({entity.id for entity in entities}) == len(entities)  # ids unique
    ventures = {entity.id: entity for entity in by_schema(entities, "Company") if entity.has("idNumber")}
    musan = published_data["musan"]
    assert set(ventures) == {
        f"jvtracker-{musan.public_id.lower()}",
        f"jvtracker-{published_data['unlocated'].public_id.lower()}",
    }
    company = ventures[f"jvtracker-{musan.public_id.lower()}"]
    assert company.get("name") == ["Musan iron ore joint venture"]
    assert company.get("alias") == ["무산 철광 합영"]
    assert company.get("country") == ["kp"]
    assert company.get("status") == ["Operating"]


def test_partner_percentages_roles_and_start_dates_survive(api, published_data):
    entities = load_entities(api.get("/api/v1/ventures.ftm.json").content)
    names = {entity.id: entity.first("name") for entity in entities if entity.schema.is_a("LegalEntity")}
    musan_id = f"jvtracker-{published_data['musan'].public_id.lower()}"
    ownerships = {
        names[o.first("owner")]: o for o in by_schema(entities, "Ownership") if o.first("asset") == musan_id
    }
    assert {name: o.get("percentage") for name, o in ownerships.items()} == {
        "Tonghua Iron and Steel Group": ["51"],
        "Musan Mining Complex": ["49"],
    }
    assert ownerships["Musan Mining Complex"].get("role") == ["North Korean partner"]
    # The start date is the earliest entry of the status history (2024-03-01, a day-precision date).
    assert ownerships["Tonghua Iron and Steel Group"].get("startDate") == ["2024-03-01"]


def test_partners_addresses_sources_and_designations(api, published_data):
    entities = load_entities(api.get("/api/v1/ventures.ftm.json").content)
    korean = published_data["korean"]
    organization = next(e for e in entities if e.id == f"jvtracker-org-{korean.pk}")
    assert organization.schema.name == "Company"  # a state enterprise can be owned
    assert organization.get("alias") == ["무산광산연합기업소"]
    assert organization.get("topics") == ["sanction"]
    (sanction,) = by_schema(entities, "Sanction")
    assert sanction.get("entity") == [organization.id]
    assert sanction.get("startDate") == ["2017-08-05"]
    assert sanction.get("summary") == ["UN 1718 Committee, 2017-08-05, KPe.066"]
    addresses = {a.id: a for a in by_schema(entities, "Address")}
    musan_id = f"jvtracker-{published_data['musan'].public_id.lower()}"
    address = addresses[f"{musan_id}-address"]
    assert address.get("region") == ["North Hamgyong"]
    assert address.get("country") == ["kp"]
    assert address.has("latitude") and address.has("longitude")
    unlocated = addresses[f"jvtracker-{published_data['unlocated'].public_id.lower()}-address"]
    assert not unlocated.has("latitude")
    articles = {a.id: a for a in by_schema(entities, "Article")}
    documentation = [d for d in by_schema(entities, "Documentation") if d.first("entity") == musan_id]
    assert documentation and all(d.first("document") in articles for d in documentation)
    assert "Musan ore deal signed" in {a.first("title") for a in articles.values()}


def test_drafts_never_appear_and_filters_apply(api, editor_api, published_data):
    draft = published_data["draft"]
    public = api.get("/api/v1/ventures.ftm.json").content
    assert b"Secret draft venture" not in public and draft.public_id.lower().encode() not in public
    # An organization or article known only from the draft stays out too.
    draft_partner = draft.partners.get().organization
    assert draft_partner.name.encode() not in public
    # The filters of every export: only the ventures in North Hamgyong.
    filtered = load_entities(api.get("/api/v1/ventures/", {"format": "ftm", "province": "KP-09"}).content)
    ventures = [e for e in by_schema(filtered, "Company") if e.has("idNumber")]
    assert [v.first("name") for v in ventures] == ["Musan iron ore joint venture"]
    # Editors see drafts, as in every export.
    assert b"Secret draft venture" in editor_api.get("/api/v1/ventures.ftm.json").content


def test_same_data_same_bytes(api, published_data):
    assert api.get("/api/v1/ventures.ftm.json").content == api.get("/api/v1/ventures/?format=ftm").content


def test_a_bad_filter_is_a_400_naming_it(api, published_data):
    response = api.get("/api/v1/ventures.ftm.json", {"sector": "nonsense"})
    assert response.status_code == 400
    assert "sector" in response.json()


def test_the_librarys_own_validator_accepts_the_file(api, published_data, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "ventures.ftm.json"
    path.write_bytes(api.get("/api/v1/ventures.ftm.json").content)
    ftm = Path(sys.executable).parent / "ftm"
    result = subprocess.run(
        [str(ftm), "validate", "-i", str(path), "-o", str(tmp_path / "out.json")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len((tmp_path / "out.json").read_bytes().splitlines()) == len(path.read_bytes().splitlines())


def test_an_unknown_province_and_an_undated_status_leave_their_properties_out(api, geo):
    from tests.factories import make_venture

    venture = make_venture(name="Somewhere in North Korea venture", province_code=None, status_date=None)
    entities = load_entities(api.get("/api/v1/ventures.ftm.json").content)
    venture_id = f"jvtracker-{venture.public_id.lower()}"
    address = next(e for e in entities if e.id == f"{venture_id}-address")
    assert not address.has("region") and not address.has("latitude")
    assert address.get("full") == ["North Korea"]
    (ownership,) = [o for o in by_schema(entities, "Ownership") if o.first("asset") == venture_id]
    assert not ownership.has("startDate")
    company = next(e for e in entities if e.id == venture_id)
    assert company.get("status") == ["Operating"]


def test_an_entity_the_library_finds_invalid_is_never_exported():
    from projects.selectors.ftm import FtMExportError, _entity, validated

    with pytest.raises(FtMExportError, match="startDate"):
        validated(_entity("Ownership", "jvtracker-x", owner="a", asset="b", startDate="last spring"))
    with pytest.raises(FtMExportError, match="missing name"):
        validated(_entity("Company", "jvtracker-y", country="kp"))
