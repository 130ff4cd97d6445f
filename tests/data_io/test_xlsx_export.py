"""GET /api/v1/ventures.xlsx and ?format=xlsx: the CSV's columns as a workbook, typed, header frozen."""

import csv
import datetime
import io

import openpyxl
import pytest

from projects.selectors.venture_row_shape import CSV_COLUMNS

pytestmark = pytest.mark.django_db


def workbook_rows(body: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    sheet = workbook.active
    return workbook, sheet, list(sheet.iter_rows(values_only=True))


def test_the_workbook_has_the_csv_columns_and_rows(api, published_data):
    response = api.get("/api/v1/ventures.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="ventures.xlsx"'
    _, _, rows = workbook_rows(response.content)
    assert rows[0] == CSV_COLUMNS
    csv_rows = list(csv.reader(io.StringIO(api.get("/api/v1/ventures.csv").content.decode())))
    assert len(rows) == len(csv_rows) == 3  # header and the two published ventures
    assert [row[0] for row in rows[1:]] == [row[0] for row in csv_rows[1:]]


def test_cells_are_typed_and_the_header_frozen(api, published_data):
    _, sheet, rows = workbook_rows(api.get("/api/v1/ventures/", {"format": "xlsx"}).content)
    assert sheet.freeze_panes == "A2"
    header = rows[0]
    musan = dict(zip(header, next(r for r in rows if r[1] == "Musan iron ore joint venture"), strict=True))
    assert isinstance(musan["longitude"], float) and isinstance(musan["latitude"], float)
    assert musan["source_count"] == 1
    assert musan["status_date"] == datetime.datetime(2025, 6, 1)  # a date cell (openpyxl reads a datetime)
    assert sheet.cell(row=2, column=header.index("status_date") + 1).is_date
    assert isinstance(musan["updated_at"], datetime.datetime)
    assert musan["status"] == "operating"
    unlocated = dict(zip(header, next(r for r in rows if r[1] == "Sinuiju garment factory"), strict=True))
    assert unlocated["longitude"] is None


def test_formula_like_text_is_defused_as_in_the_csv(api, geo):
    from tests.factories import make_venture

    make_venture(name='=HYPERLINK("http://evil")')
    _, _, rows = workbook_rows(api.get("/api/v1/ventures.xlsx").content)
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'


def test_drafts_stay_out_and_filters_apply(api, published_data):
    _, _, rows = workbook_rows(api.get("/api/v1/ventures.xlsx").content)
    assert "Secret draft venture" not in {row[1] for row in rows}
    _, _, filtered = workbook_rows(api.get("/api/v1/ventures.xlsx", {"province": "KP-03"}).content)
    assert [row[1] for row in filtered[1:]] == ["Sinuiju garment factory"]


def test_the_same_data_gives_the_same_bytes(api, published_data):
    first = api.get("/api/v1/ventures.xlsx").content
    assert api.get("/api/v1/ventures/?format=xlsx").content == first
    workbook, _, _ = workbook_rows(first)
    # No time of writing inside: the workbook's dates are the data's (latest updated_at).
    assert workbook.properties.modified == workbook.properties.created


def test_an_unknown_province_and_date_are_empty_cells(api, geo):
    from tests.factories import make_venture

    make_venture(name="Somewhere in North Korea venture", province_code=None, status_date=None)
    _, _, rows = workbook_rows(api.get("/api/v1/ventures.xlsx").content)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["province"] is None and row["status_date"] is None
    assert row["status_date_precision"] == "unknown"
