"""The shape of one venture row (list pages, GeoJSON and CSV exports), shared by both query paths."""

# The public field names, in output order (CSV columns follow it; partners and latest source flatten).
ROW_FIELDS = (
    "public_id",
    "name",
    "sector",
    "form",
    "arrangement",
    "status",
    "status_date",
    "status_date_precision",
    "province",
    "province_name",
    "place",
    "longitude",
    "latitude",
    "location_precision",
    "partners",
    "source_count",
    "latest_source",
    "updated_at",
    "url",
)
# The leading fields that both query paths select as plain columns, in this order.
SCALAR_FIELDS = ROW_FIELDS[: ROW_FIELDS.index("partners")]


def venture_row(scalars, *, partners, source_count, latest_source, updated_at, url_template: str) -> dict:
    """One row from the SCALAR_FIELDS values and the assembled parts, keys in ROW_FIELDS order."""
    row = dict(zip(SCALAR_FIELDS, scalars, strict=True))
    row["partners"] = partners
    row["source_count"] = source_count
    row["latest_source"] = latest_source
    row["updated_at"] = updated_at
    row["url"] = url_template.format(row["public_id"])
    return row
