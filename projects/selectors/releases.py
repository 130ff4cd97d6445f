"""What a release holds: the files of what is published, its Data Package descriptor and its changelog.

"What is published" is the one visibility rule: the ventures `visible_ventures` shows an anonymous
visitor. The files are the exports anyone can download (CSV, GeoJSON, XLSX, FollowTheMoney), built by
the same code, unfiltered; nothing in them says when they were written, so unchanged data gives
byte-identical files. `projects/services/releases.py` writes them and records the release.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from projects.models import Release, StatusEntry
from projects.selectors.export_files import csv_cell, export_bytes
from projects.selectors.ftm import entity_line, ventures_ftm
from projects.selectors.venture_parts import PART_TABLES, part_csv_bytes, part_table_schema, venture_parts
from projects.selectors.venture_row_shape import CSV_COLUMNS, LATEST_SOURCE_FIELDS, ROW
from projects.selectors.venture_rows import venture_rows
from projects.selectors.ventures import visible_ventures, with_current_status
from projects.selectors.xlsx import XLSX_MEDIA_TYPE, xlsx_bytes

# The linked tables of the ventures' parts (venture_parts): what ventures.csv cannot hold in one row.
PART_FILES = tuple(f"{table}.csv" for table in PART_TABLES)
DATA_FILES = ("ventures.csv", "ventures.xlsx", "ventures.geojson", "ventures.ftm.json", *PART_FILES)
DESCRIPTOR = "datapackage.json"
CHANGELOG = "changelog.json"
# The files of a release in the order they are listed (the Release row's JSON does not keep one).
FILE_ORDER = (*DATA_FILES, CHANGELOG, DESCRIPTOR)

DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
# The geographic data the files carry (province names and codes, place names and points: see
# projects/data/SOURCE.md), with the credit each asks for.
GEO_SOURCES = (
    {
        "title": "Natural Earth, Admin 1 – States, Provinces 1:10m (public domain). Made with Natural Earth.",
        "path": "https://www.naturalearthdata.com/",
    },
    {"title": "GeoNames (CC BY 4.0)", "path": "https://www.geonames.org/"},
    {
        "title": "open-admin-data/north-korea-administrative-divisions (CC BY 4.0), © 2026 jakkrapongt",
        "path": "https://github.com/open-admin-data/north-korea-administrative-divisions",
    },
    {
        "title": "ISO 3166-2:KP codes from pycountry (Debian iso-codes)",
        "path": "https://pypi.org/project/pycountry/",
    },
)
ATTRIBUTION = (
    "jvtracker: North Korea–China joint ventures, CC BY 4.0. Boundaries: Made with Natural Earth (public "
    "domain); places: GeoNames (CC BY 4.0) and open-admin-data (CC BY 4.0)."
)

# Table Schema types of the CSV/XLSX columns, from the kinds of the row shape.
KIND_TYPES = {
    "date": "date",
    "timestamp": "datetime",
    "float": "number",
    "decimal": "number",
    "int": "integer",
    "source_count": "integer",
}
EXTRA_COLUMN_TYPES = {f"latest_source_{name}": kind for name, _, kind in LATEST_SOURCE_FIELDS}
COLUMN_DESCRIPTIONS = {
    "public_id": "The venture's public id (stable; never reused).",
    "partners": "Partner organizations' names, separated by “; ”.",
    "partner_countries": "Their countries (CN, KP, XX for other), in the same order.",
    "url": "The venture's page on the site (a path).",
    "updated_at": "When the venture or one of its parts last changed (UTC).",
}


def public_ventures():
    """The published ventures, as every export orders them."""
    return with_current_status(visible_ventures(user=AnonymousUser())).order_by("public_id")


def table_schema() -> dict:
    kinds = {row_field.name: row_field.kind for row_field in ROW}
    fields = []
    for name in CSV_COLUMNS:
        kind = kinds.get(name) or EXTRA_COLUMN_TYPES.get(name, "text")
        entry = {"name": name, "type": KIND_TYPES.get(kind, "string")}
        if name in COLUMN_DESCRIPTIONS:
            entry["description"] = COLUMN_DESCRIPTIONS[name]
        if name == "public_id":
            entry["constraints"] = {"required": True, "unique": True}
        fields.append(entry)
    return {"fields": fields, "primaryKey": ["public_id"], "missingValues": [""]}


@dataclass
class Snapshot:
    """The data files of one state of what is published, and what a changelog needs of it."""

    files: dict[str, bytes]
    counts: dict[str, int]
    manifest: dict[str, dict]
    sources: list[dict] = field(default_factory=list)


def file_sha256s(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(body).hexdigest() for name, body in files.items()}


def _status_histories(ventures) -> dict[int, list]:
    histories: dict[int, list] = {}
    for venture_id, status, date, precision in (
        StatusEntry.objects.filter(venture__in=ventures.order_by().values("pk"))
        .order_by("venture_id", "date", "id")
        .values_list("venture_id", "status", "date", "date_precision")
    ):
        histories.setdefault(venture_id, []).append([status, date.isoformat() if date else None, precision])
    return histories


def build_snapshot() -> Snapshot:
    """Every data file of the published ventures, with counts and a manifest for the next changelog."""
    ventures = public_ventures()
    rows = venture_rows(ventures)
    parts = venture_parts(ventures)
    entities = list(ventures_ftm(ventures))
    ftm = b"".join(entity_line(entity) for _, entity in entities)
    files = {
        "ventures.csv": export_bytes(ventures, "csv"),
        "ventures.xlsx": xlsx_bytes(rows, parts),
        "ventures.geojson": export_bytes(ventures, "geojson"),
        "ventures.ftm.json": ftm,
    }
    for table, part_rows in parts.items():
        files[f"{table}.csv"] = part_csv_bytes(table, part_rows, cell=csv_cell)
    # Per venture: a digest of its own entities, of the shared ones it links to (partners with their
    # sanctions, articles) and of its status history, so "changed" means a published fact changed.
    ids = dict(ventures.values_list("public_id", "pk"))
    histories = _status_histories(ventures)
    lines: dict[str, list[bytes]] = {public_id: [] for public_id in ids}
    links: dict[str, set[str]] = {public_id: set() for public_id in ids}
    shared: dict[str, list[bytes]] = {}
    owners, sources = set(), []
    for public_id, entity in entities:
        line = entity_line(entity)
        if public_id is not None:
            lines[public_id].append(line)
            owned = entity.get("owner", quiet=True)
            links[public_id].update(owned + entity.get("document", quiet=True))
            owners.update(owned)
            continue
        # A sanction belongs with its organization.
        anchor = entity.first("entity") if entity.schema.name == "Sanction" else entity.id
        shared.setdefault(anchor, []).append(line)
        if entity.schema.name == "Article":
            sources.append({"title": entity.first("title"), "path": entity.first("sourceUrl")})
    manifest = {}
    for row in rows:
        public_id = row["public_id"]
        digest = hashlib.sha256()
        for line in lines[public_id]:
            digest.update(line)
        for target in sorted(links[public_id]):
            digest.update(b"".join(shared.get(target, ())))
        history = histories.get(ids[public_id], [])
        digest.update(json.dumps(history).encode())
        manifest[public_id] = {
            "name": row["name"],
            "status": row["status"],
            "digest": digest.hexdigest(),
            "status_history": history,
        }
    counts = {
        "ventures": len(rows),
        "organizations": len(owners),
        "sources": len(sources),
        "ftm_entities": len(entities),
    }
    return Snapshot(files=files, counts=counts, manifest=manifest, sources=sources)


def changelog(previous: dict | None, current: dict) -> dict:
    """Ventures added, changed and removed, and status changes, between two manifests."""
    previous = previous or {}
    added = sorted(set(current) - set(previous))
    removed = sorted(set(previous) - set(current))
    kept = sorted(set(current) & set(previous))
    changed = [pid for pid in kept if current[pid]["digest"] != previous[pid]["digest"]]
    status_changes = []
    for pid in kept:
        before, after = previous[pid]["status_history"], current[pid]["status_history"]
        if before == after:
            continue
        old_entries = [tuple(entry) for entry in before]
        new_entries = [entry for entry in after if tuple(entry) not in old_entries]
        gone = [entry for entry in before if tuple(entry) not in {tuple(e) for e in after}]
        status_changes.append(
            {
                "public_id": pid,
                "name": current[pid]["name"],
                "from": previous[pid]["status"],
                "to": current[pid]["status"],
                "entries_added": [_entry(entry) for entry in new_entries],
                "entries_removed": [_entry(entry) for entry in gone],
            }
        )

    def named(ids, manifest):
        return [{"public_id": pid, "name": manifest[pid]["name"]} for pid in ids]

    return {
        "added": named(added, current),
        "changed": named(changed, current),
        "removed": named(removed, previous),
        "status_changes": status_changes,
    }


def _entry(entry) -> dict:
    status, date, precision = entry
    return {"status": status, "date": date, "date_precision": precision}


def latest_release() -> Release | None:
    return Release.objects.order_by("-number").first()


def releases_for_page() -> list[Release]:
    """Every release, newest first (the /data/ page)."""
    return list(Release.objects.order_by("-number"))


def release_files(release: Release) -> list[dict]:
    """The files of a release in FILE_ORDER: name, size, sha256, what it is."""
    order = {name: index for index, name in enumerate(FILE_ORDER)}
    return [
        {
            "name": name,
            "size": release.sizes.get(name),
            "sha256": sha256,
            "about": RESOURCE_DESCRIPTIONS.get(name, ""),
        }
        for name, sha256 in sorted(release.sha256s.items(), key=lambda item: order.get(item[0], len(order)))
    ]


RESOURCE_FORMATS = {
    "ventures.csv": {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "type": "table"},
    "ventures.xlsx": {"format": "xlsx", "mediatype": XLSX_MEDIA_TYPE, "type": "table"},
    "ventures.geojson": {"format": "geojson", "mediatype": "application/geo+json"},
    "ventures.ftm.json": {"format": "ftm", "mediatype": "application/json+ftm", "encoding": "utf-8"},
    **{
        name: {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "type": "table"}
        for name in PART_FILES
    },
    CHANGELOG: {"format": "json", "mediatype": "application/json", "encoding": "utf-8"},
}
RESOURCE_DESCRIPTIONS = {
    "ventures.csv": "One row per published venture (the columns of /api/v1/ventures.csv).",
    "ventures.xlsx": "The same rows and columns as a workbook with typed cells, and the partners, "
    "status_entries and citations sheets (the same as the CSVs of those names).",
    "partners.csv": "Every partner of each venture: organization, country, role and stake (by `venture`).",
    "status_entries.csv": "Every status entry of each venture, dated or not, with its source.",
    "citations.csv": "Every citation of each venture: the source, the fact it supports (a partner or a "
    "status entry by its key), the quotation or our summary.",
    "ventures.geojson": "The same ventures as an RFC 7946 FeatureCollection (no geometry where no point is known).",
    "ventures.ftm.json": "FollowTheMoney entities, one per line: ventures, partners, ownerships, addresses, "
    "articles, sanctions (load with alephclient write-entities).",
    CHANGELOG: "What changed since the previous release.",
    DESCRIPTOR: "The Frictionless Data Package descriptor: schema, licence, sources, counts, sha256 of every file.",
}


def suggested_citation(release: Release) -> str:
    return (
        f"jvtracker contributors ({release.created_at:%Y}). North Korea–China joint ventures, release "
        f"{release.number} ({release.created_at:%Y-%m-%d}). Dataset, CC BY 4.0."
    )


def datapackage_descriptor(
    *, release_number: int, created_at, files: dict[str, bytes], counts: dict, sources: list[dict]
) -> dict:
    """The Frictionless Data Package descriptor of a release: every file with its size and sha256,
    the table schema of the CSV and XLSX, licence, sources and counts."""
    schema = table_schema()
    resources = []
    for name, body in files.items():
        resource = {
            "name": name.replace(".", "-"),
            "path": name,
            **RESOURCE_FORMATS[name],
            "description": RESOURCE_DESCRIPTIONS[name],
            "bytes": len(body),
            "hash": "sha256:" + hashlib.sha256(body).hexdigest(),
        }
        if name in PART_FILES:
            resource["schema"] = part_table_schema(name.removesuffix(".csv"))
        elif resource.get("type") == "table":
            resource["schema"] = schema
        resources.append(resource)
    created = created_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "jvtracker-ventures",
        "title": "North Korea–China joint ventures (jvtracker)",
        "description": "Joint ventures between North Korean and Chinese partners reported in public sources, "
        "each fact cited to its article. Only published ventures are included.",
        "version": str(release_number),
        "created": created,
        "licenses": [DATA_LICENSE],
        "attribution": ATTRIBUTION,
        "sources": [*GEO_SOURCES, *sources],
        "counts": counts,
        "resources": resources,
    }


def dumps_descriptor(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
