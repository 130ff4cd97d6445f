"""Each sanctions flag at its boundary days (4/5 August 2017, 8/9/10 January 2018), with month- and
year-precision dates and undated entries, read the same by the ORM, the filter, the SQL and the page."""

import pytest

from projects.models import MeasureKind, SanctionsMeasure, Sector, Status
from projects.selectors.sanctions import venture_assessment
from projects.selectors.sanctions_rules import SanctionsFlag
from projects.services.ventures import partner_add
from tests.factories import OrganizationFactory
from tests.sanctions.helpers import (
    ACTIVE,
    OPENED,
    UNDATED,
    day,
    entry,
    flags_everywhere,
    month,
    venture_with_entries,
    year,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _geo(geo):
    pass


@pytest.mark.parametrize(
    ("status", "when", "raised"),
    [
        (Status.CONTRACT_SIGNED, day(2017, 8, 4), False),
        # 2371 ¶12 "decides" on adoption: a step on the day of adoption is under the ban.
        (Status.CONTRACT_SIGNED, day(2017, 8, 5), True),
        (Status.UNDER_CONSTRUCTION, day(2017, 8, 5), True),
        (Status.EXPANDING, day(2017, 8, 5), True),
        (Status.EXPANDING, day(2017, 8, 4), False),
        # Operating is neither opening nor expanding.
        (Status.OPERATING, day(2017, 8, 5), False),
        # "2017-08" may be 1-4 August: not counted. September is wholly after.
        (Status.CONTRACT_SIGNED, month(2017, 8), False),
        (Status.CONTRACT_SIGNED, month(2017, 9), True),
        (Status.CONTRACT_SIGNED, year(2017), False),
        (Status.CONTRACT_SIGNED, year(2018), True),
        (Status.CONTRACT_SIGNED, UNDATED, False),
    ],
)
def test_opened_after_the_ban(status, when, raised):
    venture = venture_with_entries(entry(status, when))
    assert (OPENED in flags_everywhere(venture)) is raised


@pytest.mark.parametrize(
    ("status", "when", "raised"),
    [
        (Status.OPERATING, day(2018, 1, 8), False),
        # 9 January 2018 is the last of the 120 days: still allowed; the day after is not.
        (Status.OPERATING, day(2018, 1, 9), False),
        (Status.OPERATING, day(2018, 1, 10), True),
        (Status.EXPANDING, day(2018, 1, 10), True),
        (Status.SUSPENDED, day(2018, 1, 10), False),
        (Status.CLOSED, day(2019, 1, 1), False),
        (Status.OPERATING, month(2018, 1), False),
        (Status.OPERATING, month(2018, 2), True),
        (Status.OPERATING, year(2018), False),
        (Status.OPERATING, year(2019), True),
        (Status.OPERATING, UNDATED, False),
    ],
)
def test_active_after_the_deadline(status, when, raised):
    venture = venture_with_entries(entry(status, when))
    assert (ACTIVE in flags_everywhere(venture)) is raised


def test_uncertain_and_undated_entries_are_listed_not_counted():
    venture = venture_with_entries(entry(Status.OPERATING, month(2018, 1)), entry(Status.OPERATING, UNDATED))
    active = next(f for f in venture_assessment(venture) if f.flag == ACTIVE)
    assert not active.raised
    assert {e.display_date for e in active.uncertain_entries} == {"2018-01", "date unknown"}
    assert [m.key for m in active.measures] == ["unscr-2375-p18"]


def test_a_flag_names_its_status_entries_and_clause():
    venture = venture_with_entries(
        entry(Status.CONTRACT_SIGNED, day(2016, 5, 1)),
        entry(Status.EXPANDING, day(2019, 3, 1)),
        entry(Status.OPERATING, day(2020, 1, 1)),
    )
    assert flags_everywhere(venture) == [OPENED, ACTIVE]
    flags = {f.flag: f for f in venture_assessment(venture)}
    assert [e.date.isoformat() for e in flags[OPENED].status_entries] == ["2019-03-01"]
    assert [m.document_symbol for m in flags[OPENED].measures] == ["S/RES/2371 (2017)"]
    assert [e.date.isoformat() for e in flags[ACTIVE].status_entries] == ["2019-03-01", "2020-01-01"]


@pytest.mark.parametrize(
    ("sector", "paragraphs"),
    [
        (Sector.MINE, ["6"]),
        (Sector.IRONWORKS, ["7"]),
        (Sector.MANUFACTURING, ["6", "7"]),
        (Sector.AGRICULTURE, ["6"]),
        (Sector.TRADE, []),
        (Sector.ENERGY, []),
    ],
)
def test_sector_covered_by_the_2397_bans(sector, paragraphs):
    venture = venture_with_entries(sector=sector)
    assert (SanctionsFlag.SECTOR_BANNED in flags_everywhere(venture)) is bool(paragraphs)
    sector_flag = next(f for f in venture_assessment(venture) if f.flag == SanctionsFlag.SECTOR_BANNED)
    assert [m.paragraph for m in sector_flag.measures] == paragraphs


@pytest.mark.parametrize(
    ("designations", "topics", "raised"),
    [
        ("UN 1718 list, 2017-09-11, KPe.066", "", True),
        ("", "sanction", True),
        ("", "role.pep|sanction", True),
        # Linked to a sanctioned entity is not designated.
        ("", "sanction.linked", False),
        ("", "", False),
    ],
)
def test_a_partner_is_designated(designations, topics, raised):
    venture = venture_with_entries()
    organization = OrganizationFactory(sanctions_designations=designations, sanctions_topics=topics)
    partner_add(venture=venture, organization=organization, role="north_korean_partner")
    assert (SanctionsFlag.PARTNER_DESIGNATED in flags_everywhere(venture)) is raised
    flag = next(f for f in venture_assessment(venture) if f.flag == SanctionsFlag.PARTNER_DESIGNATED)
    assert [pk for pk, _name in flag.partners] == ([organization.pk] if raised else [])


def test_exemption_recorded():
    import datetime

    venture = venture_with_entries(
        exemption_reference="1718 Committee approval ref. 2018/7",
        exemption_approved_on=datetime.date(2018, 3, 1),
    )
    assert flags_everywhere(venture) == [SanctionsFlag.EXEMPTION_RECORDED]
    assert flags_everywhere(venture_with_entries(name="Another venture")) == []


def test_a_reviewers_correction_of_a_measure_moves_the_boundary():
    venture = venture_with_entries(entry(Status.CONTRACT_SIGNED, day(2017, 8, 20)))
    assert flags_everywhere(venture) == [OPENED]
    SanctionsMeasure.objects.filter(kind=MeasureKind.NEW_JV_BAN).update(effective_on="2017-09-01")
    assert flags_everywhere(venture) == []


def test_the_sql_constants_are_the_model_choices():
    from projects.models import MeasureKind, Status
    from projects.selectors import sanctions_sql

    assert tuple(SanctionsFlag.values) == sanctions_sql.FLAGS
    assert set(sanctions_sql.ACTIVE_STATUSES) <= set(Status.values)
    assert set(sanctions_sql.OPENING_STATUSES) <= set(sanctions_sql.ACTIVE_STATUSES)
    kinds = {sanctions_sql.NEW_JV_BAN, sanctions_sql.JV_CLOSURE, sanctions_sql.SECTOR_BAN}
    assert kinds <= set(MeasureKind.values)
