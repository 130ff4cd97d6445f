import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from projects.models import Country, OrganizationKind, PartnerRole, PublicationState, Status
from projects.services.ventures import partner_add, status_entry_create
from tests.api.conftest import token_client
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.fixture
def published_data(geo):
    """Two published ventures (one with two partners and stakes, a designation and a Hangul name;
    one without a point) and a draft that must never appear."""
    source = SourceArticleFactory(title="Musan ore deal signed", url="https://news.example.org/musan")
    chinese = OrganizationFactory(
        name="Tonghua Iron and Steel Group",
        name_zh="通化钢铁集团",
        other_names="Tonghua Steel|TISCO",
        kind=OrganizationKind.STATE_ENTERPRISE,
    )
    korean = OrganizationFactory(
        name="Musan Mining Complex",
        name_ko="무산광산연합기업소",
        country=Country.NORTH_KOREA,
        kind=OrganizationKind.STATE_ENTERPRISE,
        sanctions_designations="UN 1718 Committee, 2017-08-05, KPe.066",
        sanctions_topics="sanction",
    )
    musan = make_venture(
        name="Musan iron ore joint venture",
        province_code="KP-09",
        name_ko="무산 철광 합영",
        source=source,
        status=Status.CONTRACT_SIGNED,
        status_date=datetime.date(2024, 3, 1),
        partner=chinese,
    )
    musan.partners.filter(organization=chinese).update(stake_percent=Decimal("51.00"))
    partner_add(
        venture=musan, organization=korean, role=PartnerRole.NORTH_KOREAN_PARTNER, stake_percent=Decimal("49")
    )
    status_entry_create(
        venture=musan,
        status=Status.OPERATING,
        date=datetime.date(2025, 6, 1),
        date_precision="month",
        source=source,
    )
    unlocated = make_venture(name="Sinuiju garment factory", province_code="KP-03", point=None)
    draft = make_venture(name="Secret draft venture", state=PublicationState.DRAFT)
    return {"musan": musan, "unlocated": unlocated, "draft": draft, "chinese": chinese, "korean": korean}


@pytest.fixture(autouse=True)
def releases_root(settings, tmp_path):
    settings.RELEASES_ROOT = tmp_path / "releases"
    return settings.RELEASES_ROOT
