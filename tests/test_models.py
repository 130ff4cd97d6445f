"""The data model's rules, exercised through the services that every surface uses."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from projects.exceptions import VersionConflict
from projects.models import (
    Citation,
    LocationPrecision,
    Place,
    PublicationState,
    SourceArticle,
    StatusEntry,
    Venture,
    VenturePartner,
)
from projects.selectors.ventures import current_status_of, visible_ventures, with_current_status
from projects.services.ventures import (
    citation_create,
    partner_add,
    status_entry_create,
    venture_create,
    venture_delete,
    venture_set_publication_state,
    venture_update,
)
from tests.factories import POINTS, OrganizationFactory, SourceArticleFactory, make_venture, province

pytestmark = pytest.mark.usefixtures("geo")


# --- Public ids -----------------------------------------------------------------------------------------


def test_public_ids_count_up_and_are_never_reused_after_a_delete(superuser):
    first = make_venture(name="First")
    second = make_venture(name="Second")
    assert (first.public_id, second.public_id) == ("JV-0001", "JV-0002")

    venture_delete(venture=second, user=superuser)
    third = make_venture(name="Third")

    assert third.public_id == "JV-0003"


def test_a_public_id_does_not_change_when_the_venture_does():
    venture = make_venture()

    venture_update(venture=venture, name="Renamed")

    assert Venture.objects.get(pk=venture.pk).public_id == venture.public_id == "JV-0001"


# --- Location -----------------------------------------------------------------------------------------


def test_a_missing_province_must_be_said_to_be_unknown_never_left_out_silently():
    with pytest.raises(ValidationError) as error:
        venture_create(name="Nowhere", sector="mine", location=None)

    assert "not known" in error.value.message_dict["location_precision"][0]


def test_the_province_is_filled_in_from_the_point_when_not_given():
    venture = venture_create(
        name="Chongjin port venture",
        sector="trade",
        location=POINTS["KP-09"],
        location_precision="approximate",
    )

    assert venture.province.code == "KP-09"


def test_a_place_must_lie_in_the_venture_province():
    with pytest.raises(ValidationError) as error:
        venture_create(
            name="Mismatch",
            sector="mine",
            province=province("KP-01"),
            place=Place.objects.get(name_en="Uiju"),
        )

    assert error.value.message_dict["place"] == ["Uiju is in North Pyongan, not in the chosen province."]


def test_without_a_point_the_precision_is_province_only():
    with pytest.raises(ValidationError) as error:
        venture_create(name="No point", sector="mine", province=province("KP-03"), location_precision="exact")

    assert "location_precision" in error.value.message_dict
    venture = venture_create(name="No point", sector="mine", province=province("KP-03"))
    assert venture.location_precision == LocationPrecision.PROVINCE


def test_investment_needs_a_three_letter_currency_code():
    fields = {"name": "Invested", "sector": "mine", "province": province("KP-03")}
    with pytest.raises(ValidationError) as error:
        venture_create(**fields, investment_amount=Decimal("1000000"))
    assert "investment_currency" in error.value.message_dict
    with pytest.raises(ValidationError):
        venture_create(**fields, investment_amount=Decimal("1000000"), investment_currency="yuan")

    venture = venture_create(**fields, investment_amount=Decimal("1000000"), investment_currency="cny")

    assert venture.investment_currency == "CNY"


# --- Status series ------------------------------------------------------------------------------------


def test_the_current_status_is_the_latest_entry_of_the_series():
    venture = make_venture(status="contract_signed", status_date=datetime.date(2024, 5, 1))
    source = SourceArticleFactory()
    status_entry_create(venture=venture, status="operating", date=datetime.date(2025, 6, 1), source=source)
    status_entry_create(venture=venture, status="negotiating", date=datetime.date(2023, 1, 1), source=source)

    annotated = with_current_status(Venture.objects.filter(pk=venture.pk)).get()

    assert annotated.current_status == "operating"
    assert annotated.current_status_date == datetime.date(2025, 6, 1)
    assert current_status_of(venture).status == "operating"


def test_a_status_date_in_the_future_is_refused():
    venture = make_venture(status=None)

    with pytest.raises(ValidationError) as error:
        status_entry_create(
            venture=venture,
            status="operating",
            date=datetime.date.today() + datetime.timedelta(days=2),
            source=SourceArticleFactory(),
        )

    assert "date" in error.value.message_dict


@pytest.mark.parametrize(
    ("precision", "stored"), [("year", datetime.date(2025, 1, 1)), ("month", datetime.date(2025, 8, 1))]
)
def test_a_year_or_month_date_is_stored_as_the_first_day_of_its_period(precision, stored):
    venture = make_venture(status=None)

    entry = status_entry_create(
        venture=venture,
        status="reported",
        date=datetime.date(2025, 8, 17),
        date_precision=precision,
        source=SourceArticleFactory(),
    )

    assert entry.date == stored
    assert entry.display_date == {"year": "2025", "month": "2025-08"}[precision]


def test_a_citation_may_only_point_at_a_status_entry_of_its_own_venture():
    one, other = make_venture(name="One"), make_venture(name="Other")
    entry_of_other = StatusEntry.objects.get(venture=other)

    with pytest.raises(ValidationError) as error:
        citation_create(venture=one, source=entry_of_other.source, status_entry=entry_of_other)

    assert "status_entry" in error.value.message_dict


# --- Partners -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("stake", [Decimal("-0.01"), Decimal("100.01")])
def test_a_stake_outside_0_to_100_is_refused(stake):
    venture = make_venture()

    with pytest.raises(ValidationError) as error:
        partner_add(
            venture=venture, organization=OrganizationFactory(), role="chinese_investor", stake_percent=stake
        )

    assert "stake_percent" in error.value.message_dict


def test_the_database_refuses_a_stake_outside_0_to_100_even_without_validation():
    partner = make_venture().partners.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        VenturePartner.objects.filter(pk=partner.pk).update(stake_percent=Decimal("150"))


# --- Sources ------------------------------------------------------------------------------------------


def test_a_source_url_is_normalised_and_unique():
    first = SourceArticle(url="HTTPS://News.Example.org/a/b/?utm_source=x#top", title="A")
    first.full_clean()
    first.save()
    assert first.url == "https://news.example.org/a/b"

    duplicate = SourceArticle(url="https://news.example.org/a/b/", title="A again")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert "url" in error.value.message_dict


# --- Roles and optimistic locking --------------------------------------------------------------------


def test_a_stale_version_is_refused_and_nothing_is_overwritten(editor):
    venture = make_venture(state=PublicationState.DRAFT)
    started_from = venture.version
    venture_update(venture=Venture.objects.get(pk=venture.pk), user=editor, description="first save")

    with pytest.raises(VersionConflict) as conflict:
        venture_update(venture=venture, user=editor, expected_version=started_from, description="second save")

    assert conflict.value.current_version == started_from + 1
    assert Venture.objects.get(pk=venture.pk).description == "first save"


def test_changing_a_part_is_a_change_of_the_venture():
    venture = make_venture()

    citation_create(venture=venture, source=SourceArticleFactory(), quote="More")

    assert Venture.objects.get(pk=venture.pk).version == venture.version + 1


def test_editors_add_and_change_drafts_but_never_publish(editor):
    venture = venture_create(user=editor, name="Editor's draft", sector="mine", province=province("KP-03"))
    venture_update(venture=venture, user=editor, description="Changed")

    with pytest.raises(PermissionDenied):
        venture_set_publication_state(venture=venture, user=editor, state=PublicationState.PUBLISHED)
    with pytest.raises(PermissionDenied):
        venture_create(
            user=editor,
            name="Sneaky",
            sector="mine",
            province=province("KP-03"),
            publication_state=PublicationState.PUBLISHED,
        )
    assert Venture.objects.get(pk=venture.pk).publication_state == PublicationState.DRAFT


def test_editors_cannot_change_a_published_venture_or_its_parts(editor):
    venture = make_venture(state=PublicationState.PUBLISHED)

    with pytest.raises(PermissionDenied):
        venture_update(venture=venture, user=editor, name="Changed by an editor")
    with pytest.raises(PermissionDenied):
        citation_create(venture=venture, user=editor, source=SourceArticleFactory())


def test_reviewers_publish_and_unpublish(reviewer):
    venture = make_venture(state=PublicationState.DRAFT)

    venture_set_publication_state(venture=venture, user=reviewer, state=PublicationState.PUBLISHED)
    assert venture.published_at is not None
    venture_set_publication_state(venture=venture, user=reviewer, state=PublicationState.UNPUBLISHED)

    assert Venture.objects.get(pk=venture.pk).publication_state == PublicationState.UNPUBLISHED


def test_only_superusers_delete(editor, reviewer, superuser):
    venture = make_venture()
    for user in (editor, reviewer):
        with pytest.raises(PermissionDenied):
            venture_delete(venture=venture, user=user)

    venture_delete(venture=venture, user=superuser)

    assert not Venture.objects.filter(pk=venture.pk).exists()
    assert not Citation.objects.filter(venture_id=venture.pk).exists()


def test_anonymous_visitors_see_only_published_ventures(editor):
    published = make_venture(name="Published", state=PublicationState.PUBLISHED)
    make_venture(name="Draft", state=PublicationState.DRAFT)
    make_venture(name="Withdrawn", state=PublicationState.UNPUBLISHED)

    assert list(visible_ventures(user=AnonymousUser())) == [published]
    assert visible_ventures(user=editor).count() == 3


def test_every_change_is_recorded_with_its_author(editor):
    venture = venture_create(user=editor, name="Recorded", sector="mine", province=province("KP-03"))
    venture_update(venture=venture, user=editor, description="Changed")

    assert [(h.history_type, h.history_user) for h in venture.history.order_by("history_date")] == [
        ("+", editor),
        ("~", editor),
    ]
