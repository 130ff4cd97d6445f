"""The demo data: the five ventures of the seed article, each cited to it. Idempotent."""

import datetime
from pathlib import Path

from django.db import transaction

from projects.models import (
    Arrangement,
    ContributionKind,
    ContributionSide,
    Country,
    DatePrecision,
    LocationPrecision,
    Organization,
    OrganizationKind,
    PartnerRole,
    Place,
    Province,
    PublicationState,
    Reliability,
    Sector,
    SourceArticle,
    SourceType,
    Status,
    Venture,
    VentureForm,
)
from projects.services.ventures import (
    citation_create,
    contribution_add,
    partner_add,
    status_entry_create,
    venture_create,
)

SEED_PATH = Path(__file__).resolve().parent.parent / "data" / "seed_article.txt"
SEED_URL = "https://www.dailynk.com/english/north-korea-pushes-joint-ventures-with-china-under-new-regional-development-policy/"
# The article does not print its date; it follows Kim Jong Un's September 2025 visit to Beijing.
SEED_DATE = datetime.date(2025, 1, 1)
SANCTIONS_NOTE = (
    "UN Security Council resolution 2375 (2017) §18 prohibits opening, maintaining and operating "
    "joint ventures or cooperative entities with DPRK entities or individuals."
)
GENERAL_DIVISION_OF_LABOUR = (
    "The Chinese side investing capital, technology and equipment, with the North Korean side "
    "providing the land, labor and administrative permissions."
)

ORGANIZATIONS = {
    "np_party_org": {
        "name": "North Pyongan Provincial Party Committee, Organizational Department",
        "name_ko": "평안북도당위원회 조직부",
        "country": Country.NORTH_KOREA,
        "kind": OrganizationKind.PARTY_OR_STATE_ORGAN,
        "notes": "Manages the province's mining joint venture trial projects (per the seed article).",
    },
    "cn_construction_equipment": {
        "name": "Unnamed Chinese construction equipment company",
        "country": Country.CHINA,
        "kind": OrganizationKind.PRIVATE_COMPANY,
        "notes": "Described only as “a large Chinese construction equipment company”; its name is not reported.",
    },
    "cn_private_investors": {
        "name": "Unnamed private Chinese investors",
        "country": Country.CHINA,
        "kind": OrganizationKind.INDIVIDUAL_INVESTOR,
        "notes": "Individual Chinese investors who visited the sites in person (per the seed article).",
    },
}

VENTURES = [
    {
        "name": "Tokhyon Mine joint venture",
        "sector": Sector.MINE,
        "arrangement": Arrangement.JOINT_VENTURE,
        "province": "KP-03",
        "place": ("site", "Tokhyon Mine"),
        "point_from": ("county", "Uiju"),
        "precision": LocationPrecision.COUNTY,
        "location_note": "The mine has no published coordinate; the point is the seat of Uiju county.",
        "description": "Mining operations underway with excavation equipment and supplies brought in from China.",
        "status": Status.OPERATING,
        "contributions": [(ContributionSide.CHINESE, ContributionKind.EQUIPMENT)],
        "partners": [("np_party_org", PartnerRole.MANAGING_ORGAN)],
        "quote": (
            "At Tokhyon Mine in Uiju county, North Pyongan province, mining operations are underway with "
            "excavation equipment and supplies brought in from China through a joint venture."
        ),
    },
    {
        "name": "September General Iron Enterprise technology transfer",
        "sector": Sector.IRONWORKS,
        "province": "KP-03",
        "place": ("site", "September General Iron Enterprise"),
        "point_from": None,
        "precision": LocationPrecision.PROVINCE,
        "location_note": "Located only as “connected to” Tokhyon Mine; no coordinate is known.",
        "description": "Several Chinese technicians on the ground to transfer technology to the ironworks.",
        "status": Status.OPERATING,
        "contributions": [(ContributionSide.CHINESE, ContributionKind.TECHNOLOGY)],
        "partners": [("np_party_org", PartnerRole.MANAGING_ORGAN)],
        "quote": (
            "At September General Iron Enterprise, an ironworks connected to the mine, several Chinese "
            "technicians are on the ground to transfer technology."
        ),
    },
    {
        "name": "Hyonjesan district concrete and building-supplies plant",
        "sector": Sector.CONSTRUCTION,
        "arrangement": Arrangement.JOINT_VENTURE,
        "province": "KP-01",
        "place": ("district", "Hyongjesan District"),
        "point_from": None,
        "precision": LocationPrecision.PROVINCE,
        "location_note": "Hyongjesan district has no coordinate in any source read; shown at province level.",
        "description": "Production facilities for concrete and building supplies for housing construction.",
        "status": Status.UNDER_CONSTRUCTION,
        "contributions": [(ContributionSide.CHINESE, ContributionKind.EQUIPMENT)],
        "partners": [("cn_construction_equipment", PartnerRole.CHINESE_INVESTOR)],
        "quote": (
            "In Pyongyang’s Hyonjesan district, a large Chinese construction equipment company is building "
            "production facilities for concrete and building supplies in the form of a joint venture."
        ),
    },
    {
        "name": "Songchon county private agricultural investment",
        "sector": Sector.AGRICULTURE,
        "form": VentureForm.PRIVATE_INVESTMENT,
        "province": "KP-02",
        "place": ("county", "Songchon"),
        "point_from": ("county", "Songchon"),
        "precision": LocationPrecision.COUNTY,
        "location_note": "County-level point (open-admin-data).",
        "description": "Private Chinese investors examining land to restore the soil and build supply warehouses.",
        "status": Status.REPORTED,
        "contributions": [(ContributionSide.CHINESE, ContributionKind.CAPITAL)],
        "partners": [("cn_private_investors", PartnerRole.CHINESE_INVESTOR)],
        "quote": (
            "In rural regions suffering low productivity such as Songchon county, South Pyongan province, and "
            "Hamju county, South Hamgyong province, private Chinese investors have personally visited to "
            "examine the land and are pushing projects to restore the soil and build supply warehouses."
        ),
    },
    {
        "name": "Hamju county private agricultural investment",
        "sector": Sector.AGRICULTURE,
        "form": VentureForm.PRIVATE_INVESTMENT,
        "province": "KP-08",
        "place": ("county", "Hamju"),
        "point_from": ("county", "Hamju"),
        "precision": LocationPrecision.COUNTY,
        "location_note": "County-level point (open-admin-data).",
        "description": "Private Chinese investors examining land to restore the soil and build supply warehouses.",
        "status": Status.REPORTED,
        "contributions": [(ContributionSide.CHINESE, ContributionKind.CAPITAL)],
        "partners": [("cn_private_investors", PartnerRole.CHINESE_INVESTOR)],
        "quote": (
            "In rural regions suffering low productivity such as Songchon county, South Pyongan province, and "
            "Hamju county, South Hamgyong province, private Chinese investors have personally visited to "
            "examine the land and are pushing projects to restore the soil and build supply warehouses."
        ),
    },
]


def _seed_source() -> SourceArticle:
    source, _ = SourceArticle.objects.get_or_create(
        url=SEED_URL,
        defaults={
            "title": "North Korea pushes joint ventures with China under new regional development policy",
            "publisher": "Daily NK",
            "language": "en",
            "source_type": SourceType.NEWS_ANONYMOUS,
            "reliability": Reliability.C,
            "text": SEED_PATH.read_text(encoding="utf-8"),
            "editor_note": (
                "Received as an aggregated copy naming dailynk.com as publisher, without its URL or date. "
                "The URL follows Daily NK's address pattern for the headline; the date is only known to "
                "be after Kim Jong Un's September 2025 visit to Beijing."
            ),
        },
    )
    return source


def _place(province: Province, key):
    if key is None:
        return None
    kind, name = key
    return Place.objects.get(kind=kind, name_en=name, province=province)


@transaction.atomic
def demo_load() -> int:
    """Create whatever part of the demo data is missing; returns the number of ventures created."""
    source = _seed_source()
    organizations = {
        key: Organization.objects.get_or_create(name=fields["name"], defaults=fields)[0]
        for key, fields in ORGANIZATIONS.items()
    }
    created = 0
    for spec in VENTURES:
        if Venture.objects.filter(name=spec["name"]).exists():
            continue
        province = Province.objects.get(code=spec["province"])
        point_place = _place(province, spec["point_from"])
        venture = venture_create(
            name=spec["name"],
            sector=spec["sector"],
            form=spec.get("form", ""),
            arrangement=spec.get("arrangement", ""),
            province=province,
            place=_place(province, spec["place"]),
            location=point_place.point if point_place else None,
            location_precision=spec["precision"],
            location_note=spec["location_note"],
            description=spec["description"],
            sanctions_note=SANCTIONS_NOTE,
            publication_state=PublicationState.PUBLISHED,
        )
        entry = status_entry_create(
            venture=venture,
            status=spec["status"],
            date=SEED_DATE,
            date_precision=DatePrecision.YEAR,
            source=source,
            note="Year from the article's context; its exact date is not printed.",
        )
        citation_create(venture=venture, source=source, status_entry=entry, quote=spec["quote"])
        citation_create(venture=venture, source=source, quote=GENERAL_DIVISION_OF_LABOUR)
        for side, kind in spec["contributions"]:
            contribution_add(venture=venture, side=side, kind=kind)
        for key, role in spec["partners"]:
            partner_add(venture=venture, organization=organizations[key], role=role)
        created += 1
    return created
