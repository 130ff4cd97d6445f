"""Import of FollowTheMoney entities (`manage.py import_ftm FILE`), e.g. OpenSanctions' DPRK datasets
or our own `/api/v1/ventures.ftm.json`.

- Company, Organization, LegalEntity (and their kinds PublicBody, Person) become organizations: the
  name, aliases (a Hangul one as the Hangul name, a Chinese one as the Chinese name, the rest as other
  names), country, notes, topics (`sanctions_topics`) and the FtM id (`ftm_id`). An entity matching an
  existing organization (the same FtM id, our own `jvtracker-org-<id>`, or a name in any script by the
  duplicate rules of `projects.selectors.duplicates`, one name index per import) is linked to it — its new aliases, topics and
  FtM id are added — the rest are created.
- Ownership (owner → asset) and ProjectParticipant (participant → project) become partner roles of
  the venture the asset or project names, where that venture exists (our own `jvtracker-jv-0001` ids,
  an `idNumber` holding a public id, or the same name by the duplicate rules): role from the FtM role
  (or the partner's country), stake from the percentage. An entity that is the asset of an Ownership
  or the project of a ProjectParticipant is a venture, never a new organization.
- Sanction becomes a line of the organization's designations (its summary, or authority/program,
  date and reference), and the topic `sanction`.
- Other schemata (Address, Article, Documentation…) are counted as ignored.

Everything happens in one transaction: a bad line (not JSON, not an entity, an unknown schema, an
invalid value, a reference to no entity) is a `FtMImportError` naming the line, and nothing is kept.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import orjson
from django.core.exceptions import ValidationError
from django.db import transaction
from followthemoney import model
from followthemoney.exc import InvalidData

from projects.models import Country, Organization, OrganizationKind, PartnerRole, Venture, VenturePartner
from projects.models.names import NAMES_SEPARATOR, split_names
from projects.selectors.duplicates import name_keys, organization_index, organization_keys, venture_index
from projects.selectors.ftm import ID_PREFIX, SANCTION_TOPIC, designation_lines
from projects.services.records import shared_record_save
from projects.services.ventures import describe_validation_error, partner_add, venture_part_save

MAX_LINE_BYTES = 1_000_000
ORGANIZATION_SCHEMATA = ("Company", "Organization", "LegalEntity")
COUNTRIES = {"cn": Country.CHINA, "kp": Country.NORTH_KOREA}
SCHEMA_KINDS = {
    "Company": OrganizationKind.PRIVATE_COMPANY,
    "PublicBody": OrganizationKind.PARTY_OR_STATE_ORGAN,
    "Person": OrganizationKind.INDIVIDUAL_INVESTOR,
}
KIND_BY_LABEL = {str(label).casefold(): value for value, label in OrganizationKind.choices}
ROLE_BY_TEXT = {
    **{str(label).casefold(): value for value, label in PartnerRole.choices},
    **{value: value for value in PartnerRole.values},
}
ROLE_BY_COUNTRY = {
    Country.CHINA: PartnerRole.CHINESE_INVESTOR,
    Country.NORTH_KOREA: PartnerRole.NORTH_KOREAN_PARTNER,
}
OWN_VENTURE_ID = re.compile(rf"^{ID_PREFIX}-(jv-\d+)$")
OWN_ORGANIZATION_ID = re.compile(rf"^{ID_PREFIX}-org-(\d{{1,18}})$")
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
EDGE_SCHEMATA = {"Ownership": ("owner", "asset"), "ProjectParticipant": ("participant", "project")}


class FtMImportError(ValueError):
    """A line that cannot be imported; `line` is its number in the file (1-based)."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass
class FtMImportReport:
    linked: list[dict] = field(default_factory=list)
    created: list[dict] = field(default_factory=list)
    partners_created: list[dict] = field(default_factory=list)
    partners_existing: int = 0
    designations_added: int = 0
    skipped: list[dict] = field(default_factory=list)
    ignored: Counter = field(default_factory=Counter)
    dry_run: bool = False


def parse_entities(lines) -> list[tuple[int, object]]:
    """(line number, EntityProxy) for every non-blank line; FtMImportError on the first bad one."""
    entities = []
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, str):
            raw = raw.encode()
        if len(raw) > MAX_LINE_BYTES:
            raise FtMImportError(number, f"longer than {MAX_LINE_BYTES} bytes")
        if not raw.strip():
            continue
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise FtMImportError(number, f"not JSON ({error})") from None
        if not isinstance(data, dict) or not data.get("id") or not isinstance(data.get("schema"), str):
            raise FtMImportError(
                number, "not a FollowTheMoney entity: give an object with an id and a schema"
            )
        if not isinstance(data.get("properties", {}), dict):
            raise FtMImportError(number, "properties must be an object of property names to lists of values")
        try:
            entity = model.get_proxy(data, cleaned=False)
        except (InvalidData, TypeError, ValueError) as error:
            raise FtMImportError(number, f"{data['schema']}: {error}") from None
        if entity.id is None:
            raise FtMImportError(number, "the id is not a valid FollowTheMoney id")
        entities.append((number, entity))
    return entities


def _is_organization(entity) -> bool:
    return any(entity.schema.is_a(name) for name in ORGANIZATION_SCHEMATA)


def _split_aliases(names: list[str]) -> tuple[str, str, list[str]]:
    name_ko = next((name for name in names if HANGUL.search(name)), "")
    name_zh = next((name for name in names if HAN.search(name) and not HANGUL.search(name)), "")
    rest = [name for name in names if name not in (name_ko, name_zh)]
    return name_ko, name_zh, rest


def _kind(entity) -> str:
    for form in entity.get("legalForm", quiet=True):
        if form.casefold() in KIND_BY_LABEL:
            return KIND_BY_LABEL[form.casefold()]
    for schema, kind in SCHEMA_KINDS.items():
        if entity.schema.is_a(schema):
            return kind
    return OrganizationKind.OTHER


def _country(entity) -> str:
    for code in entity.get("country", quiet=True) + entity.get("jurisdiction", quiet=True):
        if code in COUNTRIES:
            return COUNTRIES[code]
    return Country.OTHER


def _topics(entity) -> list[str]:
    return entity.get("topics", quiet=True)


def _merge_names(existing: str, new: list[str], taken: set[str]) -> str:
    names = split_names(existing)
    for name in new:
        if name not in names and name not in taken:
            names.append(name)
    return NAMES_SEPARATOR.join(names)


class _Importer:
    def __init__(self, *, user, report: FtMImportReport):
        self.user = user
        self.report = report
        self.organizations: dict[str, Organization] = {}  # entity id → organization
        self.ventures: dict[str, Venture | None] = {}  # entity id → venture (None: not found)
        # The duplicate rules' name indexes, built once per import (not once per entity); every
        # organization created or linked joins the index, so two entities of one file for the
        # same organization give one.
        self.organization_names = organization_index()
        self._venture_names = None

    def save_organization(self, number: int, organization: Organization) -> Organization:
        try:
            return shared_record_save(record=organization, user=self.user)
        except ValidationError as error:
            raise FtMImportError(number, describe_validation_error(error)) from None

    # ------------------------------------------------------------------------------ organizations
    def match_organization(self, entity) -> tuple[Organization | None, str]:
        found = Organization.objects.filter(ftm_id=entity.id).order_by("pk").first()
        if found is not None:
            return found, "the same FollowTheMoney id"
        own = OWN_ORGANIZATION_ID.match(entity.id)
        if own:
            found = Organization.objects.filter(pk=int(own.group(1)), ftm_id="").first()
            if found is not None:
                return found, "our own organization id"
        name_ko, name_zh, rest = _split_aliases(entity.get("alias", quiet=True))
        country = _country(entity)
        keys = name_keys(*entity.get("name", quiet=True), name_ko, name_zh, *rest)
        matches = self.organization_names.find(keys, None if country == Country.OTHER else country)
        if matches:
            best = matches[0]  # best first
            return Organization.objects.get(pk=best.obj.pk), best.reason
        return None, ""

    def organization(self, number: int, entity) -> None:
        names = entity.get("name", quiet=True)
        if not names:
            raise FtMImportError(number, f"{entity.schema.name} {entity.id} has no name")
        aliases = [alias for alias in entity.get("alias", quiet=True) if alias not in names[1:]]
        existing, reason = self.match_organization(entity)
        topics = _topics(entity)
        if existing is not None:
            taken = {existing.name, existing.name_ko, existing.name_zh}
            existing.other_names = _merge_names(existing.other_names, names + aliases, taken)
            existing.sanctions_topics = _merge_names(existing.sanctions_topics, topics, set())
            if not existing.ftm_id:
                existing.ftm_id = entity.id
            self.organizations[entity.id] = self.save_organization(number, existing)
            self.organization_names.add(existing, organization_keys(existing), existing.country)
            self.report.linked.append(
                {
                    "line": number,
                    "id": entity.id,
                    "name": names[0],
                    "organization": existing.pk,
                    "why": reason,
                }
            )
            return
        name_ko, name_zh, rest = _split_aliases(aliases)
        organization = Organization(
            name=names[0],
            name_ko=name_ko,
            name_zh=name_zh,
            other_names=NAMES_SEPARATOR.join([*names[1:], *rest]),
            country=_country(entity),
            kind=_kind(entity),
            notes="\n".join(entity.get("notes", quiet=True)),
            sanctions_topics=NAMES_SEPARATOR.join(topics),
            ftm_id=entity.id,
        )
        self.organizations[entity.id] = self.save_organization(number, organization)
        self.organization_names.add(organization, organization_keys(organization), organization.country)
        self.report.created.append(
            {"line": number, "id": entity.id, "name": names[0], "organization": organization.pk}
        )

    def organization_for(self, number: int, entity_id: str) -> Organization:
        if entity_id in self.organizations:
            return self.organizations[entity_id]
        found = Organization.objects.filter(ftm_id=entity_id).order_by("pk").first()
        if found is None:
            raise FtMImportError(number, f"{entity_id} is no organization in the file or the database")
        self.organizations[entity_id] = found
        return found

    # ----------------------------------------------------------------------------------- ventures
    def venture_for(self, entity_id: str, entity) -> Venture | None:
        if entity_id in self.ventures:
            return self.ventures[entity_id]
        venture = None
        own = OWN_VENTURE_ID.match(entity_id)
        if own:
            venture = Venture.objects.filter(public_id=own.group(1).upper()).first()
        if venture is None and entity is not None:
            for public_id in entity.get("idNumber", quiet=True) + entity.get("projectId", quiet=True):
                venture = venture or Venture.objects.filter(public_id=public_id).first()
            if venture is None and entity.get("name", quiet=True):
                if self._venture_names is None:
                    self._venture_names = venture_index()
                name_ko, name_zh, _ = _split_aliases(entity.get("alias", quiet=True))
                keys = name_keys(entity.first("name"), name_ko, name_zh)
                exact = self._venture_names.find(keys, None, similar=False)
                venture = Venture.objects.get(pk=exact[0].obj.pk) if len(exact) == 1 else None
        self.ventures[entity_id] = venture
        return venture

    def partner(self, number: int, entity, by_id: dict) -> None:
        party, target = EDGE_SCHEMATA[entity.schema.name]
        owners, targets = entity.get(party), entity.get(target)
        if len(owners) != 1 or len(targets) != 1:
            raise FtMImportError(number, f"{entity.schema.name} needs one {party} and one {target}")
        venture = self.venture_for(targets[0], by_id.get(targets[0]))
        if venture is None:
            self.report.skipped.append(
                {"line": number, "id": entity.id, "why": f"no venture for {targets[0]}"}
            )
            return
        organization = self.organization_for(number, owners[0])
        role = next(
            (ROLE_BY_TEXT[text.casefold()] for text in entity.get("role") if text.casefold() in ROLE_BY_TEXT),
            ROLE_BY_COUNTRY.get(organization.country, PartnerRole.OTHER),
        )
        stake = None
        percentages = entity.get("percentage", quiet=True)
        if percentages:
            try:
                stake = Decimal(percentages[0])
            except InvalidOperation:
                raise FtMImportError(number, f"percentage “{percentages[0]}” is not a number") from None
        note = "\n".join(entity.get("summary", quiet=True))[:500]
        existing = VenturePartner.objects.filter(
            venture=venture, organization=organization, role=role
        ).first()
        try:
            if existing is not None:
                self.report.partners_existing += 1
                if existing.stake_percent is None and stake is not None:
                    existing.stake_percent = stake
                    venture_part_save(part=existing, user=self.user)
                return
            partner_add(
                venture=venture,
                user=self.user,
                organization=organization,
                role=role,
                stake_percent=stake,
                note=note,
            )
        except ValidationError as error:
            raise FtMImportError(number, describe_validation_error(error)) from None
        self.report.partners_created.append(
            {"line": number, "venture": venture.public_id, "organization": organization.name, "role": role}
        )

    # ---------------------------------------------------------------------------------- sanctions
    def sanction(self, number: int, entity) -> None:
        targets = entity.get("entity")
        if len(targets) != 1:
            raise FtMImportError(number, "a Sanction needs one entity")
        organization = self.organization_for(number, targets[0])
        summary = entity.first("summary")
        if summary:
            line = summary.replace("\n", " ")
        else:
            parts = [
                entity.first("authority") or entity.first("program"),
                entity.first("startDate") or entity.first("listingDate"),
                entity.first("unscId") or entity.first("authorityId") or entity.first("programId"),
            ]
            line = ", ".join(part for part in parts if part)
        if not line:
            raise FtMImportError(number, "a Sanction needs a summary, authority or program")
        lines = designation_lines(organization.sanctions_designations)
        if line not in lines:
            organization.sanctions_designations = "\n".join([*lines, line])
            self.report.designations_added += 1
        organization.sanctions_topics = _merge_names(organization.sanctions_topics, [SANCTION_TOPIC], set())
        self.organizations[targets[0]] = self.save_organization(number, organization)


@transaction.atomic
def ftm_import(*, lines, user=None, dry_run: bool = False) -> FtMImportReport:
    """Import FtM entities from `lines` (bytes or text, one entity each). `user=None`: a trusted
    system caller (the command). With `dry_run`, the report says what would happen; nothing is kept."""
    entities = parse_entities(lines)
    by_id = {entity.id: entity for _, entity in entities}
    venture_ids = set()
    for _, entity in entities:
        if entity.schema.name in EDGE_SCHEMATA:
            venture_ids.update(entity.get(EDGE_SCHEMATA[entity.schema.name][1]))
        elif entity.schema.is_a("Project") or OWN_VENTURE_ID.match(entity.id):
            venture_ids.add(entity.id)
    report = FtMImportReport(dry_run=dry_run)
    importer = _Importer(user=user, report=report)
    # Organizations first, so the edges and sanctions can name them whatever the order of the lines.
    for number, entity in entities:
        if _is_organization(entity) and entity.id not in venture_ids:
            importer.organization(number, entity)
    for number, entity in entities:
        name = entity.schema.name
        if name in EDGE_SCHEMATA:
            importer.partner(number, entity, by_id)
        elif name == "Sanction":
            importer.sanction(number, entity)
        elif not (_is_organization(entity) or entity.id in venture_ids):
            report.ignored[name] += 1
    if dry_run:
        transaction.set_rollback(True)
    return report
