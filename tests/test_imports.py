"""Spreadsheet import: preview, then one transaction; bad rows named by row and column; duplicates held."""

import csv
import hashlib
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from projects.models import (
    Citation,
    ImportLayout,
    ImportLog,
    Organization,
    PublicationState,
    SourceArticle,
    StatusEntry,
    Venture,
    VenturePartner,
)
from projects.services.imports import import_file, plan_file
from tests.factories import make_venture

pytestmark = pytest.mark.usefixtures("geo")

HEADER = [
    "name",
    "name_ko",
    "sector",
    "arrangement",
    "province",
    "location_precision",
    "status",
    "status_date",
    "status_date_precision",
    "partner_1_name",
    "partner_1_country",
    "partner_1_role",
    "partner_1_stake",
    "partner_2_name",
    "partner_2_country",
    "source_1_url",
    "source_1_publisher",
    "source_1_published_on",
    "source_1_summary",
]
GOOD_ROWS = [
    [
        "Hyesan copper joint venture",
        "혜산동광합영",
        "mine",
        "joint venture",
        "KP-10",
        "province",
        "operating",
        "2011-05",
        "month",
        "Wanxiang Resources Co., Ltd.",
        "CN",
        "chinese_investor",
        "51",
        "Hyesan Youth Copper Mine",
        "KP",
        "https://news.example.org/hyesan-copper",
        "Example News",
        "2011-06-01",
        "Says the mine runs as a joint venture with a Chinese firm holding 51%.",
    ],
    [
        "Rason fish processing",
        "",
        "fisheries",
        "",
        "",
        "unknown",
        "reported",
        "",
        "unknown",
        "Hunchun Fisheries",
        "CN",
        "",
        "",
        "",
        "",
        "http://www.example.org/rason-fish",
        "Example Weekly",
        "",
        "",
    ],
]


def csv_bytes(rows, header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def database_state():
    return (
        Venture.objects.count(),
        VenturePartner.objects.count(),
        StatusEntry.objects.count(),
        Citation.objects.count(),
        SourceArticle.objects.count(),
        Organization.objects.count(),
    )


def test_a_good_file_creates_drafts_with_partners_statuses_and_cited_sources(editor):
    plan, log = import_file(content=csv_bytes(GOOD_ROWS), filename="ventures.csv", user=editor)

    assert plan.ok and plan.counts()["create"] == 2
    hyesan = Venture.objects.get(name="Hyesan copper joint venture")
    assert hyesan.publication_state == PublicationState.DRAFT
    assert (hyesan.province.code, hyesan.arrangement, hyesan.name_ko) == (
        "KP-10",
        "joint_venture",
        "혜산동광합영",
    )
    partners = {(p.organization.name, p.role, p.stake_percent) for p in hyesan.partners.all()}
    assert ("Wanxiang Resources Co., Ltd.", "chinese_investor", 51) in partners
    assert ("Hyesan Youth Copper Mine", "north_korean_partner", None) in partners  # role from the country
    (entry,) = hyesan.status_entries.all()
    assert (entry.status, entry.date.isoformat(), entry.date_precision) == (
        "operating",
        "2011-05-01",
        "month",
    )
    (citation,) = hyesan.citations.all()
    assert citation.status_entry == entry
    assert citation.summary.startswith("Says the mine runs") and citation.quote == ""
    rason = Venture.objects.get(name="Rason fish processing")
    assert rason.province is None and rason.status_entries.get().date is None
    assert SourceArticle.objects.get(url="http://www.example.org/rason-fish")
    assert log.sha256 == hashlib.sha256(csv_bytes(GOOD_ROWS)).hexdigest()
    assert (log.user, log.created, log.rows, log.counts["partners"]) == (editor, 2, 2, 3)


def test_one_bad_row_imports_nothing_and_names_the_row_and_the_column(editor):
    bad = [*GOOD_ROWS, list(GOOD_ROWS[0])]
    bad[2][0] = "Another venture"
    bad[2][4] = "KP-99"  # no such province
    before = database_state()

    plan, log = import_file(content=csv_bytes(bad), filename="ventures.csv", user=editor)

    assert log is None and database_state() == before
    assert [str(p) for p in plan.problems] == [
        "Row 4, column “province”: No province “KP-99”: give an ISO 3166-2 code, e.g. KP-01."
    ]
    assert not ImportLog.objects.exists()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("sector", "mining", "Give a sector"),
        ("status_date", "2011-13", "Give the date as"),
        ("status_date", "1900", "before 1945"),
        ("partner_1_stake", "151", "between 0 and 100"),
        ("partner_1_country", "", "Give the partner's country"),
        ("source_1_url", "ftp://example.org/x", "Only http and https"),
        ("location_precision", "exact", "Without a point"),
    ],
)
def test_each_bad_value_is_named_by_its_column(column, value, message):
    row = list(GOOD_ROWS[0])
    row[HEADER.index(column)] = value

    plan = plan_file(content=csv_bytes([row]), filename="one.csv")

    (problem,) = plan.problems
    assert (problem.row, problem.column) == (2, column)
    assert message in problem.message


def test_a_venture_without_a_source_is_refused():
    header = ["name", "sector", "province"]
    plan = plan_file(content=csv_bytes([["Sourceless", "mine", "KP-01"]], header=header), filename="x.csv")

    (problem,) = plan.problems
    assert "at least one source" in problem.message


def test_a_dry_run_changes_nothing(editor, capsys, tmp_path):
    path = tmp_path / "ventures.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS))
    before = database_state()

    call_command("import_ventures", str(path), "--dry-run")

    assert database_state() == before and not ImportLog.objects.exists()
    assert "Dry run, nothing written: 2 to create" in capsys.readouterr().out


def test_importing_the_same_file_again_changes_nothing(editor, tmp_path, capsys):
    path = tmp_path / "ventures.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS))
    call_command("import_ventures", str(path), "--user", editor.username)
    after_first = database_state()
    versions = list(Venture.objects.order_by("pk").values_list("version", flat=True))

    call_command("import_ventures", str(path), "--user", editor.username)

    assert database_state() == after_first
    assert list(Venture.objects.order_by("pk").values_list("version", flat=True)) == versions
    assert "0 to create, 0 to update, 2 unchanged" in capsys.readouterr().out
    assert ImportLog.objects.count() == 1


def test_the_command_reports_problems_and_fails(tmp_path):
    row = list(GOOD_ROWS[0])
    row[HEADER.index("sector")] = ""
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([row]))

    with pytest.raises(CommandError, match="Nothing imported: 1 problem"):
        call_command("import_ventures", str(path))
    assert not Venture.objects.exists()


def test_a_likely_duplicate_is_held_for_a_decision_never_doubled(editor):
    existing = make_venture(name="HYESAN COPPER JOINT-VENTURE", province_code="KP-10", point=None)

    plan, _ = import_file(content=csv_bytes(GOOD_ROWS[:1]), filename="v.csv", user=editor)

    (row,) = plan.rows
    assert row.action == "skip" and plan.counts()["duplicates"] == 1
    assert f"likely duplicate of {existing.public_id}" in row.reason
    assert Venture.objects.filter(name__icontains="hyesan").count() == 1

    decided = [[*GOOD_ROWS[0], "new"]]
    plan, _ = import_file(
        content=csv_bytes(decided, header=[*HEADER, "duplicate_of"]), filename="v.csv", user=editor
    )
    assert plan.counts()["create"] == 1
    assert Venture.objects.filter(name__icontains="hyesan").count() == 2


def test_a_duplicate_can_be_chosen_as_the_venture_to_update(reviewer):
    existing = make_venture(name="Hyesan copper joint venture", province_code="KP-10", point=None)
    rows = [[*GOOD_ROWS[0], existing.public_id]]

    plan, _ = import_file(
        content=csv_bytes(rows, header=[*HEADER, "duplicate_of"]), filename="v.csv", user=reviewer
    )

    assert plan.counts()["update"] == 1
    existing.refresh_from_db()
    assert existing.name_ko == "혜산동광합영"
    assert existing.partners.filter(organization__name="Wanxiang Resources Co., Ltd.").exists()


def test_two_rows_of_one_venture_in_a_file_are_reported_not_doubled(editor):
    plan, _ = import_file(content=csv_bytes([GOOD_ROWS[0], GOOD_ROWS[0]]), filename="v.csv", user=editor)

    assert [r.action for r in plan.rows] == ["create", "skip"]
    assert "row 2 of this file" in plan.rows[1].reason
    assert Venture.objects.count() == 1


def test_partners_and_sources_are_matched_to_existing_records(editor):
    SourceArticle.objects.create(url="https://example.org/rason-fish", title="Stored")
    Organization.objects.create(name="HUNCHUN FISHERIES CO., LTD.", country="CN", kind="private_company")

    import_file(content=csv_bytes(GOOD_ROWS[1:]), filename="v.csv", user=editor)

    assert SourceArticle.objects.count() == 1  # http://www. and https:// are one source
    assert Organization.objects.count() == 1


def test_the_column_mapping_is_remembered_per_layout(editor, tmp_path):
    header = ["Venture", "sector", "province", "source_url"]
    path = tmp_path / "mine.csv"
    path.write_bytes(csv_bytes([["Musan mine", "mine", "KP-09", "https://example.org/musan"]], header=header))

    call_command("import_ventures", str(path), "--map", "Venture=name", "--user", editor.username)
    assert ImportLayout.objects.get().mapping["Venture"] == "name"

    path.write_bytes(csv_bytes([["Hoeryong mine", "mine", "KP-09", "https://example.org/h"]], header=header))
    call_command("import_ventures", str(path), "--user", editor.username)
    assert Venture.objects.filter(name="Hoeryong mine").exists()


def test_an_xlsx_file_with_linked_sheets(editor):
    book = openpyxl.Workbook()
    ventures = book.active
    ventures.title = "ventures"
    ventures.append(["ref", "name", "sector", "province"])
    ventures.append(["v1", "Sinuiju shoe factory", "manufacturing", "KP-03"])
    book.create_sheet("partners").append(["venture", "name", "country", "role", "stake"])
    book["partners"].append(["v1", "Dandong Shoes Co.", "CN", "Chinese investor", 70])
    book.create_sheet("status").append(["venture", "status", "date", "date_precision", "source"])
    book["status"].append(["v1", "operating", "2015", "year", "s1"])
    book.create_sheet("sources").append(["venture", "key", "url", "publisher", "quote"])
    book["sources"].append(["v1", "s1", "https://example.org/shoes", "Example", "The factory makes shoes."])
    buffer = io.BytesIO()
    book.save(buffer)

    plan, _ = import_file(content=buffer.getvalue(), filename="ventures.xlsx", user=editor)

    assert plan.ok, [str(p) for p in plan.problems]
    venture = Venture.objects.get(name="Sinuiju shoe factory")
    assert venture.partners.get().stake_percent == 70
    assert venture.status_entries.get().date_precision == "year"
    assert venture.citations.get().quote == "The factory makes shoes."


def test_a_file_that_is_not_a_spreadsheet_is_one_problem():
    plan = plan_file(content=b"\x00\x01garbage", filename="ventures.xlsx")

    (problem,) = plan.problems
    assert problem.column == "(file)" and "cannot be read" in problem.message


def test_a_csv_export_imports_back_into_an_empty_database(client, editor, superuser):
    venture = make_venture(name="Musan mine", province_code="KP-09", point=None)
    partner = venture.partners.get().organization.name
    exported = client.get("/api/v1/ventures/?format=csv").content
    Venture.objects.all().delete()

    plan, _ = import_file(content=exported, filename="export.csv", user=editor)

    assert plan.ok, [str(p) for p in plan.problems]
    again = Venture.objects.get(name="Musan mine")
    assert (again.province.code, again.sector) == (venture.province.code, venture.sector)
    assert again.partners.get().organization.name == partner
    assert again.status_entries.get().status == "operating"
    assert import_file(content=exported, filename="export.csv", user=editor)[0].counts()["unchanged"] == 1


# --- The admin: upload, preview, confirm -----------------------------------------------------------------


def test_the_admin_previews_then_imports_on_confirmation(editor_client):
    url = reverse("admin:projects_importlog_add")
    upload = io.BytesIO(csv_bytes(GOOD_ROWS))
    upload.name = "ventures.csv"

    preview = editor_client.post(url, {"file": upload})

    assert preview.status_code == 200
    assert "2 to create, 0 to update" in preview.text
    assert "Confirm the import" in preview.text
    assert not Venture.objects.exists()  # nothing before the confirmation

    columns = {f"column_{i}": h for i, h in enumerate(HEADER)}
    sha256 = hashlib.sha256(csv_bytes(GOOD_ROWS)).hexdigest()
    confirmed = editor_client.post(
        url, {"sha256": sha256, "filename": "ventures.csv", "step": "confirm", **columns}
    )

    assert confirmed.status_code == 302
    log = ImportLog.objects.get()
    assert confirmed["Location"] == reverse("admin:projects_importlog_change", args=[log.pk])
    assert (log.created, log.sha256, log.user.username) == (2, sha256, "editor")
    assert Venture.objects.filter(publication_state="draft").count() == 2


def test_the_admin_preview_shows_the_problems_and_offers_no_confirmation(editor_client):
    rows = [list(GOOD_ROWS[0])]
    rows[0][HEADER.index("sector")] = "mining"
    upload = io.BytesIO(csv_bytes(rows))
    upload.name = "bad.csv"

    response = editor_client.post(reverse("admin:projects_importlog_add"), {"file": upload})

    assert response.status_code == 200
    assert "Row 2, column “sector”" in response.text
    assert "Confirm the import" not in response.text


def test_the_admin_refuses_a_file_of_another_kind(editor_client):
    upload = io.BytesIO(b"{}")
    upload.name = "ventures.json"

    response = editor_client.post(reverse("admin:projects_importlog_add"), {"file": upload})

    assert response.status_code == 200
    assert "Give a .csv or .xlsx file." in response.text


def test_only_editors_import(client, django_user_model):
    staff = django_user_model.objects.create_user("staff", password="x" * 20, is_staff=True)
    client.force_login(staff)

    assert client.get(reverse("admin:projects_importlog_add")).status_code == 403
