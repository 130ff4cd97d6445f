"""Per-fact citations (issue #11, item 12): a citation says which fact of its venture it supports."""

import pytest
from django.core.exceptions import ValidationError

from projects.models import Citation, CitationFact, StatusEntry, VenturePartner
from projects.services.ventures import citation_create, venture_part_delete
from tests.factories import SourceArticleFactory, make_venture

pytestmark = pytest.mark.django_db


@pytest.fixture
def venture(geo):
    return make_venture(name="Hyesan copper joint venture")


def test_a_citation_names_no_fact_by_default_and_supports_the_venture_in_general(venture):
    citation = citation_create(venture=venture, source=SourceArticleFactory(), quote="A venture exists.")

    assert citation.supports == CitationFact.GENERAL
    assert citation.partner is None and citation.status_entry is None


def test_a_stake_citation_names_a_partner_of_its_own_venture(venture):
    partner = venture.partners.get()

    citation = citation_create(
        venture=venture, source=SourceArticleFactory(), supports=CitationFact.STAKE, partner=partner
    )

    assert (citation.supports, citation.partner) == (CitationFact.STAKE, partner)


@pytest.mark.parametrize("fact", [CitationFact.PARTNER, CitationFact.STAKE])
def test_a_partner_or_stake_citation_without_a_partner_is_refused(venture, fact):
    with pytest.raises(ValidationError) as error:
        citation_create(venture=venture, source=SourceArticleFactory(), supports=fact)

    assert error.value.message_dict == {"partner": ["Choose the partner this passage supports."]}


def test_a_partner_of_another_venture_is_refused(venture):
    other = make_venture(name="Another venture")

    with pytest.raises(ValidationError) as error:
        citation_create(
            venture=venture,
            source=SourceArticleFactory(),
            supports=CitationFact.PARTNER,
            partner=other.partners.get(),
        )

    assert error.value.message_dict == {"partner": ["This partner belongs to another venture."]}


def test_a_partner_on_a_citation_of_another_fact_is_refused(venture):
    with pytest.raises(ValidationError) as error:
        citation_create(
            venture=venture,
            source=SourceArticleFactory(),
            supports=CitationFact.SECTOR,
            partner=venture.partners.get(),
        )

    assert list(error.value.message_dict) == ["partner"]


def test_a_status_citation_needs_a_status_entry_of_its_own_venture(venture):
    other = make_venture(name="Another venture")

    with pytest.raises(ValidationError) as missing:
        citation_create(venture=venture, source=SourceArticleFactory(), supports=CitationFact.STATUS)
    with pytest.raises(ValidationError) as foreign:
        citation_create(
            venture=venture,
            source=SourceArticleFactory(),
            supports=CitationFact.STATUS,
            status_entry=other.status_entries.get(),
        )

    assert missing.value.message_dict == {"status_entry": ["Choose the status entry this passage supports."]}
    assert foreign.value.message_dict == {"status_entry": ["This status entry belongs to another venture."]}


def test_a_citation_given_only_a_status_entry_or_a_partner_supports_that_fact(venture):
    source = SourceArticleFactory()

    by_entry = citation_create(venture=venture, source=source, status_entry=venture.status_entries.get())
    by_partner = citation_create(venture=venture, source=source, partner=venture.partners.get())

    assert by_entry.supports == CitationFact.STATUS
    assert by_partner.supports == CitationFact.PARTNER


def test_deleting_the_partner_keeps_its_citation_as_a_general_one(venture):
    partner = venture.partners.get()
    citation = citation_create(
        venture=venture, source=SourceArticleFactory(), supports=CitationFact.STAKE, partner=partner
    )

    venture_part_delete(part=partner)

    citation.refresh_from_db()
    assert not VenturePartner.objects.filter(pk=partner.pk).exists()
    assert (citation.supports, citation.partner_id) == (CitationFact.GENERAL, None)


def test_deleting_the_status_entry_keeps_its_citation_as_a_general_one(venture):
    entry = venture.status_entries.get()
    citation = Citation.objects.get(status_entry=entry)

    venture_part_delete(part=entry)

    citation.refresh_from_db()
    assert not StatusEntry.objects.filter(pk=entry.pk).exists()
    assert (citation.supports, citation.status_entry_id) == (CitationFact.GENERAL, None)
    citation.full_clean()
