"""Per-fact citations (issue #11, item 12): a citation says which fact of its venture it supports."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import Citation, CitationFact, PublicationState, StatusEntry, Venture, VenturePartner
from projects.services.ventures import (
    citation_create,
    status_entry_create,
    venture_part_delete,
    venture_part_save,
)
from tests.admin_forms import add_inline_row, admin_url, errors_of, form_data
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


# --- The venture page footnotes each fact with its own sources ------------------------------------------


def _footnotes_in(html: str, row_title: str) -> list[str]:
    """The footnote numbers in the facts-table row headed `row_title`."""
    row = html.split(f'<th scope="row">{row_title}</th>', 1)[1].split("</tr>", 1)[0]
    return re.findall(r'class="fn" href="#source-(\d+)"', row)


def test_each_fact_on_the_venture_page_shows_only_the_sources_supporting_it(client, venture):
    # make_venture cites source 1 for its status entry; each fact below gets its own article.
    sector, location, investment = (SourceArticleFactory(title=t) for t in ("Sector", "Where", "Money"))
    general = SourceArticleFactory(title="The venture in general")
    citation_create(venture=venture, source=sector, supports=CitationFact.SECTOR, quote="A copper mine.")
    citation_create(venture=venture, source=location, supports=CitationFact.LOCATION, quote="In Uiju.")
    citation_create(venture=venture, source=investment, supports=CitationFact.INVESTMENT, quote="$5m.")
    citation_create(venture=venture, source=general, quote="There is a venture.")
    stake = citation_create(
        venture=venture,
        source=investment,
        supports=CitationFact.STAKE,
        partner=venture.partners.get(),
        quote="It holds 51 %.",
    )
    VenturePartner.objects.filter(pk=stake.partner_id).update(stake_percent=51)
    Venture.objects.filter(pk=venture.pk).update(
        investment_amount=5_000_000, investment_currency="USD", description="A copper mine."
    )

    html = client.get(reverse("projects:venture-detail", args=[venture.public_id])).text

    # Footnotes number sources in citation order: status 1, sector 2, location 3, money 4, general 5.
    assert _footnotes_in(html, "Current status") == ["1"]
    assert _footnotes_in(html, "Sector") == ["2"]
    assert _footnotes_in(html, "Location") == ["3"]
    assert _footnotes_in(html, "Investment") == ["4"]
    # No citation names the description: it rests on the general citation, not on the status's.
    assert _footnotes_in(html, "Description") == ["5"]
    partners = html.split('id="partners-title"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'href="#source-(\d+)"', partners) == ["4", "4"]  # the partner, then its stake
    heading = html.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert re.findall(r'href="#source-(\d+)"', heading) == ["5"]
    assert "For a partner&#x27;s stake: " in html


def test_a_status_entry_is_footnoted_with_every_article_reporting_it(client, venture):
    entry = venture.status_entries.get()
    second = SourceArticleFactory(title="Second report")
    citation_create(venture=venture, source=second, supports=CitationFact.STATUS, status_entry=entry)

    html = client.get(reverse("projects:venture-detail", args=[venture.public_id])).text

    timeline = html.split('id="timeline"', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r'href="#source-(\d+)"', timeline) == ["1", "2"]
    assert _footnotes_in(html, "Sector") == []  # no citation supports the sector or the whole venture


# --- Editors choose the fact in the admin ------------------------------------------------------------


def test_an_editor_cites_a_partner_from_the_venture_form(editor_client, geo):
    draft = make_venture(name="Draft to cite", state=PublicationState.DRAFT)
    partner = draft.partners.get()
    source = SourceArticleFactory()
    data = form_data(editor_client.get(admin_url("venture", "change", draft.pk)))
    add_inline_row(data, "citations", source=source.pk, supports="partner", partner=partner.pk, quote="Q")
    data["_save"] = "Save"

    response = editor_client.post(admin_url("venture", "change", draft.pk), data)

    assert response.status_code == 302, errors_of(response)
    assert draft.citations.filter(source=source, supports="partner", partner=partner).exists()


def test_the_admin_says_which_partner_is_missing_and_saves_nothing(editor_client, geo):
    draft = make_venture(name="Draft to cite", state=PublicationState.DRAFT)
    source = SourceArticleFactory()
    data = form_data(editor_client.get(admin_url("venture", "change", draft.pk)))
    add_inline_row(data, "citations", source=source.pk, supports="stake", quote="Q")
    data["_save"] = "Save"

    response = editor_client.post(admin_url("venture", "change", draft.pk), data)

    assert response.status_code == 200
    assert "Choose the partner this passage supports." in errors_of(response)
    assert not draft.citations.filter(source=source).exists()


# --- A status dated after the only article reporting it ---------------------------------------------


def test_a_status_dated_after_its_only_source_was_published_is_refused(venture):
    source = SourceArticleFactory(published_on=datetime.date(2025, 10, 1))

    with pytest.raises(ValidationError) as error:
        status_entry_create(venture=venture, status="closed", date=datetime.date(2025, 10, 20), source=source)

    assert error.value.message_dict == {
        "date": [
            "This status is dated 2025-10-20, after 2025-10-01, when the only article reporting it was "
            "published. Correct the date, or say in the note why (e.g. a date announced in advance)."
        ]
    }
    assert not venture.status_entries.filter(status="closed").exists()


def test_a_note_saying_why_lets_a_later_date_stand(venture):
    source = SourceArticleFactory(published_on=datetime.date(2025, 10, 1))

    entry = status_entry_create(
        venture=venture,
        status="operating",
        date=datetime.date(2025, 11, 1),
        source=source,
        note="The article announces the opening for 1 November.",
    )

    assert entry.pk is not None


@pytest.mark.parametrize(
    ("date", "precision"),
    [
        (datetime.date(2025, 10, 1), "day"),
        (datetime.date(2025, 10, 15), "month"),
        (datetime.date(2025, 3, 3), "year"),
    ],
)
def test_a_status_on_the_publication_day_or_in_its_month_or_year_stands(venture, date, precision):
    source = SourceArticleFactory(published_on=datetime.date(2025, 10, 1))

    entry = status_entry_create(
        venture=venture, status="operating", date=date, date_precision=precision, source=source
    )

    assert entry.pk is not None


def test_a_later_second_article_reporting_the_status_lets_it_stand(venture):
    early = SourceArticleFactory(published_on=datetime.date(2025, 10, 1))
    later = SourceArticleFactory(published_on=datetime.date(2025, 12, 1))
    entry = status_entry_create(
        venture=venture, status="closed", date=datetime.date(2025, 9, 20), source=early
    )
    citation_create(venture=venture, source=later, supports=CitationFact.STATUS, status_entry=entry)
    entry.date = datetime.date(2025, 11, 20)

    venture_part_save(part=entry)

    entry.refresh_from_db()
    assert entry.date == datetime.date(2025, 11, 20)


def test_the_admin_refuses_a_status_after_its_source_with_a_form_error(editor_client, geo):
    draft = make_venture(name="Draft with a status", state=PublicationState.DRAFT)
    source = SourceArticleFactory(published_on=datetime.date(2025, 10, 1))
    data = form_data(editor_client.get(admin_url("venture", "change", draft.pk)))
    add_inline_row(
        data, "status_entries", status="closed", date="2025-10-20", date_precision="day", source=source.pk
    )
    data["_save"] = "Save"

    response = editor_client.post(admin_url("venture", "change", draft.pk), data)

    assert response.status_code == 200
    assert any("after 2025-10-01" in message for message in errors_of(response))
    assert not draft.status_entries.filter(status="closed").exists()
