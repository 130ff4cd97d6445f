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

from projects.models import (
    ImportKind,
    ImportLayout,
    ImportLog,
    Organization,
    PublicationState,
    SourceArticle,
)
from projects.services.import_plan import (
    REFERENCE_PATH,
    ImportPlan,
    ImportRefused,
    Planned,
    Problem,
    RowPlan,
    changed_fields,
    missing_parts,
    plan_records,
    planned_source_url,
)
from projects.services.import_rows import (
    FileProblem,
    default_mapping,
    header_signature,
    read_sheets,
    records_from_sheets,
    reference_records,
)
from projects.services.records import shared_record_save
from projects.services.ventures import (
    citation_create,
    partner_add,
    status_entry_create,
    venture_create,
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
    fields = dict(row_plan.fields)
    if row_plan.action == "create":
        state = PublicationState.PUBLISHED if reference else PublicationState.DRAFT
        venture = venture_create(user=user, publication_state=state, is_reference=reference, **fields)
        counts["created"] += 1
    else:
        venture = row_plan.venture
        changed = changed_fields(venture, row_plan, reference=reference)
        if changed:
            venture = venture_update(venture=venture, user=user, **changed)
        counts["updated"] += 1
    missing = (
        missing_parts(venture, row_plan)
        if row_plan.action == "update"
        else {"partners": row_plan.partners, "statuses": row_plan.statuses, "citations": row_plan.citations}
    )
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
    entries = {}
    for status, date, precision, ref, note in missing.get("statuses", []):
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
        entries.setdefault(planned_source_url(source), entry)
        counts["statuses"] += 1
    for ref, quote, summary in missing.get("citations", []):
        source = row_plan.sources[ref]
        counts["sources"] += isinstance(source, Planned) and source.obj is None
        entry = entries.pop(planned_source_url(source), None)
        citation_create(
            venture=venture,
            user=user,
            source=_saved(source, user=user),
            status_entry=entry,
            quote=quote,
            summary=summary,
        )
        counts["citations"] += 1


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
        for row_plan in rows:
            try:
                _apply_row(row_plan, user=user, reference=reference, counts=counts)
            except (ValidationError, PermissionDenied) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                plan.problems.append(
                    Problem(
                        row=row_plan.record.row,
                        column="(row)",
                        message=" ".join(messages),
                        sheet=row_plan.record.sheet,
                    )
                )
                transaction.set_rollback(True)
                raise ImportRefused(plan) from error
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
