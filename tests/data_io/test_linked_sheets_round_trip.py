"""The XLSX export's linked sheets (partners, status_entries, citations) make the round trip whole:
export → import into an empty database (command line and admin) gives back every venture with its
partners and stakes, its whole status history (dated and undated) and every citation with the fact
it supports. A release's linked CSVs carry the same tables.
"""

import datetime
import hashlib
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from projects.models import (
    Citation,
    Country,
    ImportLog,
    PartnerRole,
    PublicationState,
    Status,
    Venture,
    VenturePartner,
)
from projects.models.evidence import CitationFact
from projects.services.ventures import citation_create, partner_add, status_entry_create
from tests.data_io.test_spreadsheet_round_trip import VENTURE_FIELDS, counts, wipe
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich_ventures(geo):
    """Two published ventures with several partners with stakes, dated and undated status entries,
    several sources (one not online, known by its citation) and citations of each kind of fact."""
    opening = SourceArticleFactory(
        url="https://news.example.org/hwanggumpyong-opening",
        title="Hwanggumpyong zone factory opens",
        publisher="Example Daily",
        published_on=datetime.date(2021, 6, 10),
    )
    paper = SourceArticleFactory(
        url=None, citation="Rodong Sinmun, 12 March 2015, p. 4", title="", publisher="Rodong Sinmun"
    )
    trade = SourceArticleFactory(
        url="https://trade.example.com/sinuiju-textiles",
        title="=Textile trade up",  # formula-like text survives as text
        publisher="Trade Weekly",
        published_on=datetime.date(2022, 1, 3),
        language="zh",
    )
    chinese = OrganizationFactory(name="Dandong Riverside Textiles Co., Ltd.", name_zh="丹东江畔纺织有限公司")
    second_chinese = OrganizationFactory(name="Liaoning Weaving Group", name_zh="辽宁织造集团")
    korean = OrganizationFactory(
        name="Sinuiju Clothing Factory", name_ko="신의주피복공장", country=Country.NORTH_KOREA
    )
    garments = make_venture(
        name="Sinuiju garment joint venture",
        name_ko="신의주 피복 합영",
        name_zh="新义州服装合营",
        sector="manufacturing",
        province_code="KP-03",
        source=paper,
        status=Status.REPORTED,
        status_date=None,  # undated
        partner=chinese,
        investment_amount=Decimal("1200000.00"),
        investment_currency="CNY",
    )
    garments.partners.filter(organization=chinese).update(stake_percent=Decimal("45.50"))
    north = partner_add(
        venture=garments,
        organization=korean,
        role=PartnerRole.NORTH_KOREAN_PARTNER,
        stake_percent=Decimal("30"),
    )
    partner_add(venture=garments, organization=second_chinese, role=PartnerRole.CHINESE_INVESTOR)
    signed = status_entry_create(
        venture=garments,
        status=Status.CONTRACT_SIGNED,
        date=datetime.date(2015, 3, 1),
        date_precision="month",
        source=paper,
        note="Signed in Pyongyang.",
    )
    operating = status_entry_create(
        venture=garments,
        status=Status.OPERATING,
        date=datetime.date(2021, 6, 1),
        date_precision="day",
        source=opening,
    )
    status_entry_create(
        venture=garments, status=Status.SUSPENDED, date=None, date_precision="unknown", source=trade
    )
    citation_create(venture=garments, source=paper, status_entry=signed, quote="합영계약이 체결되었다.")
    citation_create(
        venture=garments, source=opening, status_entry=operating, summary="Says the plant opened in June."
    )
    citation_create(
        venture=garments,
        source=trade,
        supports=CitationFact.STAKE,
        partner=north,
        quote="The Korean side holds 30 per cent.",
        note="Stake as reported; not confirmed elsewhere.",
    )
    citation_create(venture=garments, source=trade, supports=CitationFact.PARTNER, partner=north)
    citation_create(
        venture=garments, source=opening, supports=CitationFact.INVESTMENT, quote="CNY 1.2 million"
    )
    citation_create(
        venture=garments, source=trade, summary="Names the venture in a list of textile exporters."
    )
    mine = make_venture(
        name="Hyesan copper mine venture",
        sector="mine",
        province_code=None,  # known only to be in North Korea
        source=opening,
        status=Status.NEGOTIATING,
        status_date=datetime.date(2020, 2, 2),
        partner=second_chinese,
    )
    status_entry_create(venture=mine, status=Status.CLOSED, date=None, date_precision="unknown", source=paper)
    citation_create(venture=mine, source=paper, supports=CitationFact.LOCATION, summary="No province given.")
    return [garments, mine]


def _source(source) -> tuple:
    return (source.url, source.citation, source.title, source.publisher, source.published_on, source.language)


def _entry(entry) -> tuple | None:
    if entry is None:
        return None
    return (entry.status, entry.date, entry.date_precision, _source(entry.source), entry.note)


def _partner(partner) -> tuple | None:
    if partner is None:
        return None
    organization = partner.organization
    return (
        organization.name,
        organization.name_ko,
        organization.name_zh,
        organization.country,
        organization.kind,
        partner.role,
        partner.stake_percent,
    )


def whole(venture: Venture) -> dict:
    """Every fact of a venture that the XLSX export carries, comparable across databases."""
    return {
        **{name: getattr(venture, name) for name in VENTURE_FIELDS},
        "province": venture.province.code if venture.province else None,
        "point": venture.location.coords if venture.location else None,
        "partners": sorted((_partner(p) for p in VenturePartner.objects.filter(venture=venture)), key=repr),
        "statuses": [_entry(e) for e in venture.status_entries.select_related("source")],
        "citations": sorted(
            (
                (
                    _source(c.source),
                    c.supports,
                    _partner(c.partner),
                    _entry(c.status_entry),
                    c.quote,
                    c.summary,
                    c.note,
                )
                for c in Citation.objects.filter(venture=venture).select_related(
                    "source", "partner", "status_entry"
                )
            ),
            key=repr,
        ),
    }


def everything() -> dict:
    return {v.name: whole(v) for v in Venture.objects.all()}


def test_the_xlsx_export_has_linked_sheets_of_partners_status_entries_and_citations(rich_ventures, api):
    response = api.get("/api/v1/ventures.xlsx")

    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["ventures", "partners", "status_entries", "citations"]
    partners = [(*row, None, None)[:9] for row in book["partners"].iter_rows(values_only=True)]
    assert partners[0] == ("venture", "key", "name", "name_ko", "name_zh", "country", "kind", "role", "stake")
    assert len(partners) == 1 + 4
    stakes = {row[2]: row[8] for row in partners[1:] if row[0] == rich_ventures[0].public_id}
    assert stakes["Sinuiju Clothing Factory"] == 30
    assert len(list(book["status_entries"].iter_rows())) == 1 + 6
    citations = [(*row, *[None] * 13)[:13] for row in book["citations"].iter_rows(values_only=True)]
    assert len(citations) == 1 + 9
    stake_citation = next(row for row in citations if row[7] == "stake")
    assert stake_citation[8].startswith("p")  # the partner's key


def test_the_xlsx_export_imports_back_whole_into_an_empty_database(rich_ventures, api, tmp_path):
    before = everything()
    path = tmp_path / "ventures.xlsx"
    path.write_bytes(api.get("/api/v1/ventures.xlsx").content)
    wipe()
    assert counts()["Venture"] == 0

    call_command("import_ventures", str(path), stdout=io.StringIO())

    assert everything() == before
    assert {v.publication_state for v in Venture.objects.all()} == {PublicationState.DRAFT}
    log = ImportLog.objects.get()
    assert log.created == 2
    assert (log.counts["partners"], log.counts["statuses"], log.counts["citations"]) == (4, 6, 9)

    first = counts()
    call_command("import_ventures", str(path), stdout=io.StringIO())
    assert counts() == first  # a second import changes nothing
    assert ImportLog.objects.count() == 1


def test_the_admin_imports_the_xlsx_export_whole(rich_ventures, api, editor_client):
    before = everything()
    content = api.get("/api/v1/ventures.xlsx").content
    headers = [cell.value for cell in next(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows())]
    wipe()
    url = reverse("admin:projects_importlog_add")
    upload = io.BytesIO(content)
    upload.name = "ventures.xlsx"

    preview = editor_client.post(url, {"file": upload})
    assert preview.status_code == 200
    assert "2 to create, 0 to update" in preview.text
    assert not Venture.objects.exists()

    columns = {f"column_{i}": h for i, h in enumerate(headers)}
    confirmed = editor_client.post(
        url,
        {
            "sha256": hashlib.sha256(content).hexdigest(),
            "filename": "ventures.xlsx",
            "step": "confirm",
            **columns,
        },
    )

    assert confirmed.status_code == 302
    assert everything() == before


def test_a_citation_naming_a_partner_that_is_not_there_is_a_problem_naming_the_sheet_and_row(
    rich_ventures, api, tmp_path
):
    book = openpyxl.load_workbook(io.BytesIO(api.get("/api/v1/ventures.xlsx").content))
    sheet = book["citations"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[7].value == "stake")
    row[8].value = "p99"
    path = tmp_path / "edited.xlsx"
    book.save(path)
    wipe()

    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_ventures", str(path), stdout=out, stderr=out)

    assert f"citations, row {row[0].row}, column “partner”: No partner with key “p99”" in out.getvalue()
    assert not Venture.objects.exists()
