"""FollowTheMoney entities of ventures (`/api/v1/ventures.ftm.json` and the releases), one per line.

Built and validated with the `followthemoney` library (its schemata ship inside the package):

- each venture is a **Company** (an FtM asset, so it can be owned), in North Korea, with its names as
  aliases, sector, form and arrangement, and current status;
- its location is an **Address** (place, province, country; the point when there is one; no region
  when the province is not known);
- each partner organization is a **Company** (companies and state enterprises), a **PublicBody**
  (party and state organs, people's committees), a **Person** (individual investors) or an
  **Organization**, with an **Ownership** of the venture: percentage = stake, role, startDate = the
  earliest dated entry of the venture's status history (none when no entry has a date), endDate = the
  date of a current "closed" status;
- each designation of an organization (`Organization.sanctions_designations`, one per line) is a
  **Sanction**, and the organization gets the topic `sanction`;
- each cited article is an **Article**, linked to the venture by a **Documentation** per citation
  (the quoted passage as its summary).

Ids are stable, derived from public ids (`jvtracker-jv-0001`, the API's organization and source ids),
so the same data gives the same entities; an organization imported from FtM (e.g. OpenSanctions) keeps
its original id. Only what `ventures` holds is exported: the caller passes visible, filtered ventures,
and organizations and articles appear only through them.
"""

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator

import orjson
from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from projects.models import (
    Arrangement,
    Citation,
    Country,
    LocationPrecision,
    OrganizationKind,
    PartnerRole,
    Sector,
    Status,
    StatusEntry,
    VentureForm,
    VenturePartner,
)
from projects.models.evidence import precise_date
from projects.models.names import NAMES_SEPARATOR, split_names
from projects.selectors.venture_rows import with_coordinates
from projects.selectors.ventures import with_current_status

ID_PREFIX = "jvtracker"
FTM_MEDIA_TYPE = "application/json+ftm"
# FtM's country codes are lower-case ISO 3166-1; "Other" has none.
COUNTRY_CODES = {Country.CHINA: "cn", Country.NORTH_KOREA: "kp"}
SANCTION_TOPIC = "sanction"
DESIGNATION_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")

# The schema of a partner organization by its kind (and back, for the import: `ftm_import`).
KIND_SCHEMA = {
    OrganizationKind.STATE_ENTERPRISE: "Company",
    OrganizationKind.PRIVATE_COMPANY: "Company",
    OrganizationKind.PARTY_OR_STATE_ORGAN: "PublicBody",
    OrganizationKind.PROVINCIAL_PEOPLES_COMMITTEE: "PublicBody",
    OrganizationKind.INDIVIDUAL_INVESTOR: "Person",
    OrganizationKind.OTHER: "Organization",
}


class FtMExportError(ValueError):
    """An entity the library finds invalid: a bug in the mapping, never shipped half-valid."""


def venture_entity_id(public_id: str) -> str:
    return f"{ID_PREFIX}-{public_id.lower()}"


def organization_entity_id(organization_id: int, ftm_id: str = "") -> str:
    return ftm_id or f"{ID_PREFIX}-org-{organization_id}"


def source_entity_id(source_id: int) -> str:
    return f"{ID_PREFIX}-source-{source_id}"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


# Values of these types are written here already in the library's canonical form (entity ids, lower-
# case country codes, ISO date prefixes, numbers, URLs normalised when stored), so they are added as
# cleaned (a quarter of the export's time is the library re-cleaning them); `validated` still checks
# every value. Names and text are always cleaned by the library.
CANONICAL_TYPES = frozenset(
    {registry.entity, registry.country, registry.date, registry.number, registry.identifier, registry.url}
)


def _entity(schema: str, entity_id: str, **properties) -> EntityProxy:
    entity = model.make_entity(schema)
    entity.id = entity_id
    for name, values in properties.items():
        if values is None or values == "" or values == []:
            continue
        entity.add(name, values, cleaned=entity.schema.properties[name].type in CANONICAL_TYPES)
    return entity


def validated(entity: EntityProxy) -> EntityProxy:
    """The entity, checked by the library: every value valid for its type, required ones present
    (Documents' fileName aside: an article is a web page, not a file)."""
    data = entity.to_dict()
    try:
        entity.schema.validate(data)
    except InvalidData as error:
        details = getattr(error, "errors", None) or ""
        raise FtMExportError(f"{entity.schema.name} {entity.id}: {error} {details}") from error
    missing = [name for name in entity.schema.required if name != "fileName" and not entity.has(name)]
    if missing:
        raise FtMExportError(f"{entity.schema.name} {entity.id}: missing {', '.join(missing)}")
    return entity


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value else ""


def _stake_text(stake) -> str:
    if stake is None:
        return ""
    text = format(stake.normalize(), "f")
    return text


def designation_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _names(name_ko: str, name_zh: str, other_names: str) -> list[str]:
    return [name for name in (name_ko, name_zh, *split_names(other_names)) if name]


VENTURE_COLUMNS = (
    "pk",
    "public_id",
    "name",
    "name_ko",
    "name_zh",
    "other_names",
    "sector",
    "form",
    "arrangement",
    "description",
    "sanctions_note",
    "province__name_en",
    "place__name_en",
    "location_precision",
    "longitude",
    "latitude",
    "current_status",
    "current_status_date",
    "current_status_date_precision",
)
ORGANIZATION_COLUMNS = (
    "organization_id",
    "organization__ftm_id",
    "organization__name",
    "organization__name_ko",
    "organization__name_zh",
    "organization__other_names",
    "organization__country",
    "organization__kind",
    "organization__notes",
    "organization__sanctions_designations",
    "organization__sanctions_topics",
)


def _status_history(chosen) -> dict[int, list[tuple]]:
    history = defaultdict(list)
    rows = (
        StatusEntry.objects.filter(venture__in=chosen)
        .order_by("venture_id", "date", "id")
        .values_list("venture_id", "status", "date", "date_precision")
    )
    for venture_id, status, date, precision in rows:
        history[venture_id].append((status, date, precision))
    return history


def _dated(entries: list[tuple]) -> list[tuple]:
    return [entry for entry in entries if entry[1] is not None]


def _current(record: dict) -> tuple | None:
    """The venture's current status as every other output has it (`with_current_status`)."""
    if not record["current_status"]:
        return None
    return (record["current_status"], record["current_status_date"], record["current_status_date_precision"])


def _venture_entities(record: dict) -> list[EntityProxy]:
    venture_id = venture_entity_id(record["public_id"])
    current = _current(record)
    address_id = f"{venture_id}-address"
    place, province = record["place__name_en"], record["province__name_en"]
    full = ", ".join(part for part in (place, province, "North Korea") if part)
    located = record["longitude"] is not None
    address = _entity(
        "Address",
        address_id,
        full=full,
        city=place,
        region=province,
        country="kp",
        latitude=repr(record["latitude"]) if located else None,
        longitude=repr(record["longitude"]) if located else None,
        remarks=_label(LocationPrecision, record["location_precision"]),
    )
    company = _entity(
        "Company",
        venture_id,
        name=record["name"],
        alias=_names(record["name_ko"], record["name_zh"], record["other_names"]),
        country="kp",
        jurisdiction="kp",
        sector=_label(Sector, record["sector"]),
        classification=_label(VentureForm, record["form"]),
        legalForm=_label(Arrangement, record["arrangement"]),
        status=_label(Status, current[0]) if current else None,
        description=record["description"],
        notes=record["sanctions_note"],
        address=full,
        addressEntity=address_id,
        idNumber=record["public_id"],
        publisher="jvtracker",
    )
    return [company, address]


def _ownership(record: dict, partner: dict, history: list[tuple]) -> EntityProxy:
    venture_id = venture_entity_id(record["public_id"])
    owner_id = organization_entity_id(partner["organization_id"], partner["organization__ftm_id"])
    dated = _dated(history)
    start = precise_date(dated[0][1], dated[0][2]) if dated else None
    current = _current(record)
    end = (
        precise_date(current[1], current[2])
        if current and current[0] == Status.CLOSED and current[1] is not None
        else None
    )
    return _entity(
        "Ownership",
        f"{venture_id}-partner-{_digest(owner_id, partner['role'])}",
        owner=owner_id,
        asset=venture_id,
        role=_label(PartnerRole, partner["role"]),
        percentage=_stake_text(partner["stake_percent"]),
        startDate=start,
        endDate=end,
        summary=partner["note"],
    )


def _organization_entities(partner: dict) -> list[EntityProxy]:
    organization_id = organization_entity_id(partner["organization_id"], partner["organization__ftm_id"])
    kind = partner["organization__kind"]
    designations = designation_lines(partner["organization__sanctions_designations"])
    topics = [
        topic for topic in partner["organization__sanctions_topics"].split(NAMES_SEPARATOR) if topic.strip()
    ]
    if designations and SANCTION_TOPIC not in topics:
        topics.append(SANCTION_TOPIC)
    organization = _entity(
        KIND_SCHEMA.get(kind, "Organization"),
        organization_id,
        name=partner["organization__name"],
        alias=_names(
            partner["organization__name_ko"],
            partner["organization__name_zh"],
            partner["organization__other_names"],
        ),
        country=COUNTRY_CODES.get(partner["organization__country"]),
        legalForm=_label(OrganizationKind, kind),
        notes=partner["organization__notes"],
        topics=[topic.strip() for topic in topics],
    )
    entities = [organization]
    for line in designations:
        found = DESIGNATION_DATE.search(line)
        entities.append(
            _entity(
                "Sanction",
                f"{ID_PREFIX}-sanction-{_digest(organization_id, line)}",
                entity=organization_id,
                program=line.split(",")[0].strip(),
                summary=line,
                startDate=found.group(1) if found else None,
            )
        )
    return entities


def _article(source: dict) -> EntityProxy:
    return _entity(
        "Article",
        source_entity_id(source["source_id"]),
        # A source not online (no URL) is named by its citation.
        title=source["source__title"] or source["source__url"] or source["source__citation"],
        author=source["source__author"],
        publisher=source["source__publisher"],
        publishedAt=source["source__published_on"].isoformat() if source["source__published_on"] else None,
        sourceUrl=source["source__url"],
        language=source["source__language"] or None,
    )


SOURCE_COLUMNS = (
    "source_id",
    "source__url",
    "source__citation",
    "source__title",
    "source__author",
    "source__publisher",
    "source__published_on",
    "source__language",
)


def ventures_ftm(ventures) -> Iterator[tuple[str | None, EntityProxy]]:
    """(public id of the venture it belongs to, or None for a shared entity; entity), in a stable
    order: each venture with its address, ownerships and documentations (by public id), then the
    organizations with their sanctions (by entity id), then the articles (by entity id)."""
    if "current_status" not in ventures.query.annotations:
        ventures = with_current_status(ventures)
    records = list(with_coordinates(ventures.order_by("public_id")).values(*VENTURE_COLUMNS))
    # The parts are read by a subquery of the chosen ventures (a list of 10,000 ids is too many
    # parameters for SQLite).
    chosen = ventures.order_by().values("pk")
    history = _status_history(chosen)
    partners = defaultdict(list)
    organizations = {}
    for partner in (
        VenturePartner.objects.filter(venture__in=chosen)
        .order_by("venture_id", "role", "organization__name", "pk")
        .values("venture_id", "role", "stake_percent", "note", *ORGANIZATION_COLUMNS)
    ):
        partners[partner["venture_id"]].append(partner)
        organizations[organization_entity_id(partner["organization_id"], partner["organization__ftm_id"])] = (
            partner
        )
    citations = defaultdict(list)
    sources = {}
    for citation in (
        Citation.objects.filter(venture__in=chosen)
        .order_by("venture_id", "id")
        .values("id", "venture_id", "quote", "note", *SOURCE_COLUMNS)
    ):
        citations[citation["venture_id"]].append(citation)
        sources[citation["source_id"]] = citation
    for record in records:
        public_id, pk = record["public_id"], record["pk"]
        for entity in _venture_entities(record):
            yield public_id, validated(entity)
        for partner in partners[pk]:
            yield public_id, validated(_ownership(record, partner, history[pk]))
        venture_id = venture_entity_id(public_id)
        for citation in citations[pk]:
            documentation = _entity(
                "Documentation",
                f"{venture_id}-citation-{citation['id']}",
                document=source_entity_id(citation["source_id"]),
                entity=venture_id,
                role="source",
                summary=citation["quote"],
                notes=citation["note"],
            )
            yield public_id, validated(documentation)
    for entity_id in sorted(organizations):
        for entity in _organization_entities(organizations[entity_id]):
            yield None, validated(entity)
    for source_id in sorted(sources):
        yield None, validated(_article(sources[source_id]))


def entity_line(entity: EntityProxy) -> bytes:
    """One entity as a line of JSON, keys sorted (the same entity always gives the same bytes)."""
    return orjson.dumps(entity.to_dict(), option=orjson.OPT_SORT_KEYS) + b"\n"


def ftm_bytes(ventures) -> bytes:
    """The entities of `ventures` as FtM line-delimited JSON (what `alephclient write-entities` reads)."""
    return b"".join(entity_line(entity) for _, entity in ventures_ftm(ventures))
