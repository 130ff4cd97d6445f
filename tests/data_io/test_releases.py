"""Releases: `manage.py release` and the reviewers' button write a numbered, immutable snapshot of what
is published, described by a Frictionless Data Package, byte-identical on unchanged data."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from frictionless import validate

from projects.models import Release, Status, VenturePartner
from projects.selectors.releases import build_snapshot
from projects.services.ventures import status_entry_create
from tests.factories import SourceArticleFactory, make_venture

pytestmark = pytest.mark.django_db

FILES = {
    "ventures.csv",
    "ventures.xlsx",
    "ventures.geojson",
    "ventures.ftm.json",
    "partners.csv",
    "status_entries.csv",
    "citations.csv",
    "changelog.json",
    "datapackage.json",
}


def run_release(*args) -> str:
    out = io.StringIO()
    call_command("release", *args, stdout=out)
    return out.getvalue()


def folder_of(release: Release, root: Path) -> Path:
    return Path(root) / release.folder


def test_a_release_writes_every_file_and_a_valid_data_package(published_data, releases_root):
    output = run_release()
    release = Release.objects.get()
    assert release.number == 1
    assert "Release 1 written" in output and "2 ventures" in output
    folder = folder_of(release, releases_root)
    assert {path.name for path in folder.iterdir()} == FILES
    assert release.folder.startswith(f"{release.created_at:%Y-%m-%d}-release-0001")
    descriptor = json.loads((folder / "datapackage.json").read_text())
    assert descriptor["version"] == "1"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["counts"] == {
        "ventures": 2,
        "organizations": 3,
        "sources": 2,
        "ftm_entities": release.counts["ftm_entities"],
    }
    assert any("Natural Earth" in source["title"] for source in descriptor["sources"])
    assert "https://news.example.org/musan" in {source["path"] for source in descriptor["sources"]}
    # Every file is listed with its size and sha256, as the Release row records them.
    resources = {resource["path"]: resource for resource in descriptor["resources"]}
    assert set(resources) == FILES - {"datapackage.json"}
    for name, resource in resources.items():
        assert resource["hash"] == "sha256:" + release.sha256s[name]
        assert resource["bytes"] == (folder / name).stat().st_size
    csv_fields = [field["name"] for field in resources["ventures.csv"]["schema"]["fields"]]
    assert csv_fields[0] == "public_id" and "partners" in csv_fields
    # frictionless checks the descriptor, the sizes and hashes, and the CSV and XLSX rows against the schema.
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_a_changed_file_fails_the_data_package_validation(published_data, releases_root, tmp_path):
    run_release("--output", str(tmp_path / "copy"))
    csv = tmp_path / "copy" / "ventures.csv"
    csv.write_bytes(csv.read_bytes().replace(b"Musan", b"Masan"))
    report = validate(str(tmp_path / "copy" / "datapackage.json"))
    assert not report.valid
    assert "hash-count" in {error[0] for error in report.flatten(["type"])}


def test_a_rerun_on_unchanged_data_is_byte_identical_and_makes_no_new_release(published_data, tmp_path):
    first = build_snapshot()
    assert build_snapshot().files == first.files
    run_release("--output", str(tmp_path / "a"))
    output = run_release("--output", str(tmp_path / "b"))
    assert "Nothing published changed since release 1" in output
    assert Release.objects.count() == 1
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "ventures.csv").read_bytes() == first.files["ventures.csv"]


def test_the_changelog_after_one_venture_and_one_status_entry(published_data):
    run_release()
    musan = published_data["musan"]
    added = make_venture(name="Rason fish processing venture", province_code="KP-01", status=Status.REPORTED)
    status_entry_create(
        venture=musan,
        status=Status.SUSPENDED,
        date=datetime.date(2025, 11, 1),
        date_precision="day",
        source=SourceArticleFactory(published_on=datetime.date(2025, 11, 3)),
    )
    run_release()
    release = Release.objects.get(number=2)
    log = release.changelog
    assert log["added"] == [{"public_id": added.public_id, "name": "Rason fish processing venture"}]
    assert log["removed"] == []
    assert log["changed"] == [{"public_id": musan.public_id, "name": musan.name}]
    assert log["status_changes"] == [
        {
            "public_id": musan.public_id,
            "name": musan.name,
            "from": "operating",
            "to": "suspended",
            "entries_added": [{"status": "suspended", "date": "2025-11-01", "date_precision": "day"}],
            "entries_removed": [],
        }
    ]
    written = json.loads((folder_of(release, release_root()) / "changelog.json").read_text())
    assert written["release"] == 2 and written["previous_release"] == 1
    assert written["added"] == log["added"]


def release_root():
    from django.conf import settings

    return settings.RELEASES_ROOT


def test_an_unpublished_venture_never_reaches_a_release(published_data, reviewer):
    from projects.services.ventures import venture_set_publication_state

    unlocated = published_data["unlocated"]
    run_release()
    venture_set_publication_state(venture=unlocated, user=reviewer, state="unpublished")
    run_release()
    release = Release.objects.get(number=2)
    folder = folder_of(release, release_root())
    for name in FILES:
        body = (folder / name).read_bytes()
        assert b"Secret draft venture" not in body, name
        if name != "changelog.json":
            assert unlocated.name.encode() not in body, name
    assert release.changelog["removed"] == [{"public_id": unlocated.public_id, "name": unlocated.name}]
    assert release.counts["ventures"] == 1


def test_a_release_is_immutable(published_data):
    run_release()
    release = Release.objects.get()
    release.counts = {"ventures": 99}
    with pytest.raises(ValidationError):
        release.save()
    assert Release.objects.get().counts["ventures"] == 2


def test_the_data_page_lists_releases_with_changelog_citation_and_licence(client, published_data):
    run_release()
    response = client.get("/data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Release 1" in page
    assert "Creative Commons Attribution 4.0" in page
    assert "Made with Natural Earth" in page
    assert "North Korea–China joint ventures, release 1" in page  # the suggested citation
    assert "2 added" in page
    assert "/data/releases/1/ventures.csv" in page
    # Files listed data first, the descriptor last.
    assert (
        page.index("ventures.csv</a>")
        < page.index("ventures.ftm.json</a>")
        < page.index("datapackage.json</a>")
    )


def test_release_files_are_served_as_written_with_immutable_caching(client, published_data):
    run_release()
    release = Release.objects.get()
    response = client.get("/data/releases/1/ventures.xlsx")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"] == f'"{release.sha256s["ventures.xlsx"]}"'
    body = b"".join(response.streaming_content)
    assert body == (folder_of(release, release_root()) / "ventures.xlsx").read_bytes()
    assert (
        client.head("/data/releases/1/ventures.csv")["Cache-Control"] == "public, max-age=31536000, immutable"
    )
    assert client.get("/data/releases/1/manifest.json").status_code == 404
    assert client.get("/data/releases/1/..%2Fdatapackage.json").status_code == 404
    assert client.get("/data/releases/2/ventures.csv").status_code == 404


@pytest.fixture
def tasks_in_process():
    from tests.intake.conftest import celery_configured

    with celery_configured(broker_url=None, eager=True) as app:
        yield app


def test_the_reviewers_button_makes_a_release_and_editors_cannot(
    client, published_data, reviewer, editor, tasks_in_process
):
    client.force_login(editor)
    assert client.post("/admin/projects/release/make/").status_code == 403
    assert Release.objects.count() == 0
    client.force_login(reviewer)
    listing = client.get("/admin/projects/release/")
    assert listing.status_code == 200 and "Make a release of what is published" in listing.content.decode()
    assert client.get("/admin/projects/release/make/").status_code == 405
    response = client.post("/admin/projects/release/make/", follow=True)
    assert response.status_code == 200
    assert "Release 1 made (2 ventures)" in response.content.decode()
    assert Release.objects.get().created_by == reviewer
    again = client.post("/admin/projects/release/make/", follow=True)
    assert "none is made when nothing published changed" in again.content.decode()
    assert Release.objects.count() == 1


def test_with_a_broker_the_button_queues_the_release(client, published_data, reviewer):
    from tests.intake.conftest import celery_configured

    client.force_login(reviewer)
    with celery_configured(broker_url=None, eager=False):  # an in-memory broker nobody consumes
        response = client.post("/admin/projects/release/make/", follow=True)
    assert "A release is being made in the background" in response.content.decode()
    assert Release.objects.count() == 0


def test_a_release_with_an_unknown_province_and_an_undated_entry_validates(geo, releases_root):
    make_venture(name="Somewhere in North Korea venture", province_code=None, status_date=None)
    run_release()
    release = Release.objects.get()
    assert release.manifest[next(iter(release.manifest))]["status_history"] == [
        ["operating", None, "unknown"]
    ]
    report = validate(str(folder_of(release, releases_root) / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_a_release_has_the_linked_tables_of_partners_status_entries_and_citations(
    published_data, releases_root
):
    """What ventures.csv cannot hold in a row (stakes, the whole status history, every citation) is in
    the linked CSVs, the same rows as the XLSX's sheets, described in the package with their schemas."""
    import csv

    import openpyxl

    run_release()
    folder = folder_of(Release.objects.get(), releases_root)
    descriptor = json.loads((folder / "datapackage.json").read_text())
    resources = {resource["path"]: resource for resource in descriptor["resources"]}
    book = openpyxl.load_workbook(folder / "ventures.xlsx", read_only=True)
    for table in ("partners", "status_entries", "citations"):
        schema = resources[f"{table}.csv"]["schema"]
        assert schema["foreignKeys"][0]["reference"] == {"resource": "ventures-csv", "fields": ["public_id"]}
        with (folder / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == [field["name"] for field in schema["fields"]]
        assert len(rows) == len(list(book[table].iter_rows()))
    with (folder / "partners.csv").open(newline="", encoding="utf-8") as handle:
        stakes = {row["name"]: row["stake"] for row in csv.DictReader(handle)}
    assert {name: stake for name, stake in stakes.items() if stake} == {
        partner.organization.name: f"{partner.stake_percent}"
        for partner in VenturePartner.objects.filter(venture__publication_state="published").exclude(
            stake_percent=None
        )
    }
    assert stakes  # the fixture's ventures have partners
