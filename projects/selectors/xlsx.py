"""The XLSX export: the CSV's columns (`venture_row_shape.CSV_COLUMNS`) with typed cells, and the
linked sheets of the ventures' parts (`venture_parts`: partners, status entries, citations).

Numbers are numbers, dates and times are Excel dates (times in UTC: Excel has no time zones), text
that a spreadsheet would run as a formula gets the CSV's leading apostrophe, and the header row is
frozen. openpyxl writes in write-only mode (rows streamed, not kept as cell objects).

The same rows give the same bytes (a release re-run on unchanged data is byte-identical): the
workbook's created and modified dates are the latest `updated_at` of the rows, not the time of
writing, and every zip member gets one fixed timestamp.
"""

import datetime
import decimal
import io
import zipfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from projects.selectors.export_files import csv_values, defused_text
from projects.selectors.venture_parts import PART_TABLES
from projects.selectors.venture_row_shape import CSV_COLUMNS, ROW

SHEET_TITLE = "ventures"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The earliest time a zip member can carry; used for every member, and for an empty workbook.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
EMPTY_WORKBOOK_DATE = datetime.datetime(1980, 1, 1)
# Columns of the row shape's "decimal" kind come as exact text ("1500000.00"): numbers in the sheet.
DECIMAL_INDEXES = tuple(
    CSV_COLUMNS.index(field.name) for field in ROW if field.kind == "decimal" and field.name in CSV_COLUMNS
)


def _utc_naive(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value


def xlsx_value(value):
    """A cell value: text defused and stripped of characters XML cannot hold, times in naive UTC."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", defused_text(value))
    if isinstance(value, datetime.datetime):
        return _utc_naive(value)
    return value


def _stable_zip(data: bytes) -> bytes:
    """The same archive with every member's timestamp fixed (openpyxl stamps them with the clock)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def _sheet(workbook, title: str, columns):
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    return sheet


def xlsx_bytes(rows: list[dict], parts: dict[str, list[list]] | None = None) -> bytes:
    """Venture rows → an XLSX workbook, header frozen: the ventures sheet, then (with `parts`, from
    `venture_parts`) the linked sheets partners, status_entries and citations."""
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, SHEET_TITLE, CSV_COLUMNS)
    latest = None
    for row in rows:
        values = csv_values(row)
        for index in DECIMAL_INDEXES:
            if isinstance(values[index], str):
                values[index] = decimal.Decimal(values[index])
        sheet.append([xlsx_value(value) for value in values])
        updated_at = row.get("updated_at")
        if updated_at is not None and (latest is None or updated_at > latest):
            latest = updated_at
    for table, part_rows in (parts or {}).items():
        part_sheet = _sheet(workbook, table, [column.name for column in PART_TABLES[table]])
        for part_row in part_rows:
            part_sheet.append([xlsx_value(value) for value in part_row])
    stamp = _utc_naive(latest).replace(microsecond=0) if latest else EMPTY_WORKBOOK_DATE
    workbook.properties.creator = "jvtracker"
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _stable_zip(buffer.getvalue())
