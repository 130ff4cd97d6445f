"""Importing ventures: plan (what would be created, updated or skipped, and why), then apply in one
transaction, logged. Spreadsheets (admin, `import_ventures`) and the reference data (`load_reference`)
share this path. See docs/import.md.

- `plan_file` / `plan_records`: reads and validates everything, finds duplicates (the rules of
  projects/selectors/duplicates.py), writes nothing. Each problem names the row and the column.
- `apply_plan`: refuses a plan with problems; otherwise every write, through the venture and record
  services (full_clean each), happens in one transaction, and an ImportLog row records it.
"""

import hashlib
import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from projects.models import (
    Citation,
    ImportKind,
    ImportLayout,
    ImportLog,
    Organization,
    PublicationState,
    PublicIdSequence,
    SourceArticle,
    StatusEntry,
    Venture,
    VenturePartner,
)
from projects.permissions import can_edit_venture
from projects.services.history_rows import bulk_create_with_history_rows
from projects.services.import_compare import changed_fields, missing_parts, planned_source_key
from projects.services.import_plan import plan_records
from projects.services.import_rows import (
    FileProblem,
    default_mapping,
    header_signature,
    read_sheets,
    records_from_sheets,
    reference_records,
)
from projects.services.import_values import (
    REFERENCE_PATH,
    ImportPlan,
    ImportRefused,
    Planned,
    Problem,
    RowPlan,
)
from projects.services.records import shared_record_save
from projects.services.ventures import (
    PUBLIC_ID_PREFIX,
    citation_create,
    partner_add,
    status_entry_create,
    venture_update,
)

__all__ = ["ImportPlan", "ImportRefused", "Problem", "apply_plan", "import_file", "plan_file", "plan_records"]


def remembered_mapping(headers: list[str]) -> dict[str, str]:
    """The mapping last confirmed for this layout, else each header to the column of its name."""
    layout = ImportLayout.objects.filter(signature=header_signature(headers)).first()
    mapping = default_mapping(headers)
    if layout is not None:
        mapping.update({h: c for h, c in layout.mapping.items() if h in mapping})
    return mapping


def plan_file(*, content: bytes, filename: str, mapping: dict | None = None) -> ImportPlan:
    """Read and plan a CSV/XLSX file; nothing is written. A file-level problem is reported on row 1."""
    try:
        sheets = read_sheets(content, filename)
    except FileProblem as error:
        plan = ImportPlan(filename=filename, sha256=hashlib.sha256(content).hexdigest())
        plan.problems.append(Problem(row=1, column="(file)", message=str(error)))
        return plan
    headers = sheets[0][1]
    chosen = remembered_mapping(headers)
    if mapping:
        chosen.update({h: c for h, c in mapping.items() if h in chosen})
    plan = plan_records(records_from_sheets(sheets, chosen))
    plan.filename, plan.sha256 = filename, hashlib.sha256(content).hexdigest()
    plan.headers, plan.mapping = headers, chosen
    plan.ignored_columns = [h for h in headers if not chosen.get(h)]
    return plan


def _saved(thing, *, user):
    """The saved object of an existing record or a Planned one (saved on first use)."""
    if not isinstance(thing, Planned):
        return thing
    if thing.obj is None:
        model = SourceArticle if "url" in thing.values else Organization
        thing.obj = shared_record_save(record=model(**thing.values), user=user)
    return thing.obj


def _apply_row(row_plan: RowPlan, *, user, reference: bool, counts: dict):
    """Update one existing venture: changed fields, then the parts it lacks (nothing is deleted)."""
    venture = row_plan.venture
    changed = changed_fields(venture, row_plan, reference=reference)
    if changed:
        venture = venture_update(venture=venture, user=user, **changed)
    counts["updated"] += 1
    missing = missing_parts(venture, row_plan)
    for organization, role, stake in missing.get("partners", []):
        was_new = isinstance(organization, Planned) and organization.obj is None
        partner_add(
            venture=venture,
            user=user,
            organization=_saved(organization, user=user),
            role=role,
            stake_percent=stake,
        )
        counts["partners"] += 1
        counts["organizations"] += was_new
    entries, created = {}, {}
    for planned in missing.get("statuses", []):
        status, date, precision, ref, note = planned
        source = row_plan.sources[ref]
        counts["sources"] += isinstance(source, Planned) and source.obj is None
        entry = status_entry_create(
            venture=venture,
            user=user,
            status=status,
            date=date,
            date_precision=precision,
            source=_saved(source, user=user),
            note=note,
        )
        entries.setdefault(planned_source_key(source), entry)
        created.setdefault(planned, entry)
        counts["statuses"] += 1
    for citation in missing.get("citations", []):
        source = row_plan.sources[citation.key]
        counts["sources"] += isinstance(source, Planned) and source.obj is None
        if citation.supports is None:
            links = {"status_entry": entries.pop(planned_source_key(source), None)}
        else:
            links = _stored_links(venture, citation, row_plan, created, user=user)
        citation_create(
            venture=venture,
            user=user,
            source=_saved(source, user=user),
            quote=citation.quote,
            summary=citation.summary,
            note=citation.note,
            **links,
        )
        counts["citations"] += 1


def _stored_links(venture, citation, row_plan, created: dict, *, user) -> dict:
    """The stored partner or status entry an updating citation names (added just now, or already there)."""
    links = {"supports": citation.supports, "partner": None, "status_entry": None}
    if citation.partner is not None:
        organization, role = citation.partner
        links["partner"] = VenturePartner.objects.filter(
            venture=venture, organization=_saved(organization, user=user), role=role
        ).first()
    if citation.status_entry is not None:
        status, date, precision, ref, note = citation.status_entry
        links["status_entry"] = created.get(citation.status_entry) or (
            StatusEntry.objects.filter(
                venture=venture,
                status=status,
                date=date,
                date_precision=precision,
                source=_saved(row_plan.sources[ref], user=user),
                note=note,
            )
            .order_by("pk")
            .first()
        )
    return links


BATCH_SIZE = 1000


def _validated(objects: list, *, exclude: list[str]) -> list:
    """full_clean() each object, without the checks the planner already made against the database
    (references that exist, a unique URL or public id): the rules of the models still run."""
    for obj in objects:
        # The database enforces the check constraints; their rules also run in the fields' validators
        # and clean() (a query per object otherwise).
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    return objects


def _reserve_public_ids(n: int) -> list[str]:
    """n consecutive JV-nnnn ids in one step of the sequence (never reused, as next_public_id)."""
    sequence, _ = PublicIdSequence.objects.select_for_update().get_or_create(prefix=PUBLIC_ID_PREFIX)
    first = sequence.last_value + 1
    sequence.last_value += n
    sequence.save(update_fields=["last_value"])
    return [f"{PUBLIC_ID_PREFIX}-{value:04d}" for value in range(first, first + n)]


def _bulk_create_new(rows: list[RowPlan], *, user, reference: bool, counts: dict) -> None:
    """The new ventures of a plan with their parts, new organizations and new sources, in batches.

    The same rules as the one-at-a-time services (venture_create, partner_add, …): full_clean() of
    every object, history rows for each (by COPY on PostgreSQL, projects/services/history_rows.py), fresh public ids.
    """
    if user is not None and not can_edit_venture(user):
        raise PermissionDenied("You may not add ventures.")
    history = {"batch_size": BATCH_SIZE, "user": user if getattr(user, "pk", None) else None}
    planned_records = {}
    for row in rows:
        for organization, _, _ in row.partners:
            if isinstance(organization, Planned) and organization.obj is None:
                planned_records[id(organization)] = organization
        for source in row.sources.values():
            if isinstance(source, Planned) and source.obj is None:
                planned_records[id(source)] = source
    for model, key in ((Organization, "name"), (SourceArticle, "url")):
        planned = [p for p in planned_records.values() if (key == "url") == ("url" in p.values)]
        objects = _validated([model(**p.values) for p in planned], exclude=[])
        for thing, obj in zip(planned, bulk_create_with_history_rows(objects, model, **history), strict=True):
            thing.obj = obj
        counts["organizations" if model is Organization else "sources"] += len(objects)

    state = PublicationState.PUBLISHED if reference else PublicationState.DRAFT
    now = timezone.now()
    ventures = [
        Venture(
            **row.fields,
            public_id=public_id,
            publication_state=state,
            is_reference=reference,
            published_at=now if reference else None,
        )
        for row, public_id in zip(rows, _reserve_public_ids(len(rows)), strict=True)
    ]
    ventures = bulk_create_with_history_rows(
        _validated(ventures, exclude=["public_id", "province", "place"]), Venture, **history
    )
    counts["created"] += len(ventures)
    partners, entries, entry_rows = [], [], []
    partner_of, entry_of = {}, {}  # (row, organization, role) / (row, planned status) -> the new object
    for row, venture in zip(rows, ventures, strict=True):
        for organization, role, stake in row.partners:
            partner = VenturePartner(
                venture=venture, organization=_saved(organization, user=user), role=role, stake_percent=stake
            )
            partners.append(partner)
            partner_of[(id(row), id(organization), role)] = partner
        for planned in row.statuses:
            status, date, precision, ref, note = planned
            source = _saved(row.sources[ref], user=user)
            entries.append(
                StatusEntry(
                    venture=venture,
                    status=status,
                    date=date,
                    date_precision=precision,
                    source=source,
                    note=note,
                )
            )
            entry_rows.append((row, planned))
    part_fields = ["venture", "organization", "source", "status_entry", "partner"]
    bulk_create_with_history_rows(_validated(partners, exclude=part_fields), VenturePartner, **history)
    entries = bulk_create_with_history_rows(_validated(entries, exclude=part_fields), StatusEntry, **history)
    counts["partners"] += len(partners)
    counts["statuses"] += len(entries)
    first_entry = {}
    for entry, (row, planned) in zip(entries, entry_rows, strict=True):
        first_entry.setdefault((entry.venture_id, entry.source_id), entry)
        entry_of.setdefault((id(row), planned), entry)
    citations = []
    for row, venture in zip(rows, ventures, strict=True):
        for planned in row.citations:
            source = _saved(row.sources[planned.key], user=user)
            fields = {"quote": planned.quote, "summary": planned.summary, "note": planned.note}
            if planned.supports is None:
                fields["status_entry"] = first_entry.pop((venture.pk, source.pk), None)
            else:
                fields["supports"] = planned.supports
                if planned.partner is not None:
                    organization, role = planned.partner
                    fields["partner"] = partner_of[(id(row), id(organization), role)]
                if planned.status_entry is not None:
                    fields["status_entry"] = entry_of[(id(row), planned.status_entry)]
            citations.append(Citation(venture=venture, source=source, **fields))
    bulk_create_with_history_rows(_validated(citations, exclude=part_fields), Citation, **history)
    counts["citations"] += len(citations)


def _refuse(plan: ImportPlan, error, *, row: RowPlan | None):
    """A write the plan did not foresee failed (e.g. another editor's change meanwhile): roll back."""
    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
    plan.problems.append(
        Problem(
            row=row.record.row if row else 0,
            column="(row)",
            message=" ".join(messages),
            sheet=row.record.sheet if row else "",
        )
    )
    raise ImportRefused(plan) from error


def apply_plan(*, plan: ImportPlan, user=None) -> ImportLog | None:
    """Write a plan without problems in one transaction and log it; None when nothing changes."""
    if not plan.ok:
        raise ImportRefused(plan)
    counts = dict.fromkeys(
        ("created", "updated", "partners", "statuses", "sources", "citations", "organizations"), 0
    )
    reference = plan.kind == ImportKind.REFERENCE
    rows = [r for r in plan.rows if r.action in ("create", "update")]
    with transaction.atomic():
        try:
            # New ventures in bulk, then each update through the one-at-a-time services.
            _bulk_create_new(
                [r for r in rows if r.action == "create"], user=user, reference=reference, counts=counts
            )
        except (ValidationError, PermissionDenied) as error:
            _refuse(plan, error, row=None)
        for row_plan in (r for r in rows if r.action == "update"):
            try:
                _apply_row(row_plan, user=user, reference=reference, counts=counts)
            except (ValidationError, PermissionDenied) as error:
                _refuse(plan, error, row=row_plan)
        if plan.headers:
            ImportLayout.objects.update_or_create(
                signature=header_signature(plan.headers),
                defaults={"headers": plan.headers, "mapping": plan.mapping},
            )
        if not rows:
            return None
        summary = plan.counts()
        return ImportLog.objects.create(
            kind=plan.kind,
            user=user if getattr(user, "pk", None) else None,
            filename=plan.filename,
            sha256=plan.sha256,
            rows=len(plan.rows),
            created=counts["created"],
            updated=counts["updated"],
            skipped=summary["skip"] + summary["unchanged"],
            counts={**counts, "duplicates": summary["duplicates"], "unchanged": summary["unchanged"]},
        )


def import_file(*, content: bytes, filename: str, user=None, dry_run: bool = False, mapping=None):
    """Plan a spreadsheet and, unless `dry_run` or it has problems, apply it. Returns (plan, log)."""
    plan = plan_file(content=content, filename=filename, mapping=mapping)
    if dry_run or not plan.ok:
        return plan, None
    return plan, apply_plan(plan=plan, user=user)


def reference_load(*, path: Path = REFERENCE_PATH):
    """Load the shipped reference dataset as published reference ventures (a trusted system caller,
    like load_demo). Idempotent: a second run finds every venture unchanged. Returns (plan, log)."""
    content = path.read_bytes()
    plan = plan_records(reference_records(json.loads(content)), reference=True)
    plan.filename, plan.sha256 = path.name, hashlib.sha256(content).hexdigest()
    if not plan.ok:
        raise ImportRefused(plan)
    return plan, apply_plan(plan=plan, user=None)
