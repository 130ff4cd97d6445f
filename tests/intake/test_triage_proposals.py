"""The triage page's proposed ventures (issue #9, "Where editors see it"): one card per proposal, every
field editable with its sentence; "Create draft" makes the whole cited draft in one step, "Attach"
cites the article on an existing venture and adds the new status it reports.

The proposals here are written by hand in the shape the pre-read stores (`data["ventures"]`), so
these tests judge the page and the services, not the pre-read.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.models import (
    Citation,
    CitationFact,
    FetchStatus,
    Organization,
    Place,
    PublicationState,
    SourceArticle,
    SourceSuggestions,
    StatusEntry,
    Venture,
    VenturePartner,
)
from tests.factories import OrganizationFactory, make_venture

SENTENCES = {
    "name": "Dandong Hongxiang and the Ministry of Metal Industry set up the Uiju Copper Joint Venture Company.",
    "stake": "Dandong Hongxiang holds 70 percent of the company, the ministry 30 percent.",
    "money": "The Chinese side invested $12 million.",
    "status": "The mine began production on 3 September 2025.",
    "where": "The mine is in Uiju county, North Pyongan province.",
}


def proposal(*, existing=(), organization_id=None) -> dict:
    uiju = Place.objects.get(name_en="Uiju")
    return {
        "name": "Uiju Copper Joint Venture Company",
        "name_sentence": SENTENCES["name"],
        "sector": "mine",
        "sector_sentence": SENTENCES["status"],
        "form": "new_contract",
        "arrangement": "joint_venture",
        "province": "KP-03",
        "province_sentence": SENTENCES["where"],
        "place_id": uiju.pk,
        "place_sentence": SENTENCES["where"],
        "location_precision": "county",
        "language": "en",
        "partners": [
            {
                "name": "Dandong Hongxiang Industrial Development Co.",
                "country": "CN",
                "role": "chinese_investor",
                "stake": 70.0,
                "organization_id": organization_id,
                "sentence": SENTENCES["stake"],
            },
            {
                "name": "Ministry of Metal Industry",
                "country": "KP",
                "role": "north_korean_partner",
                "stake": None,
                "organization_id": None,
                "sentence": SENTENCES["name"],
            },
        ],
        "investment": {"amount": "12000000", "currency": "USD", "sentence": SENTENCES["money"]},
        "status": {
            "status": "operating",
            "date": "2025-09-03",
            "date_precision": "day",
            "sentence": SENTENCES["status"],
        },
        "contributions": [{"side": "CN", "kind": "capital", "sentence": SENTENCES["money"]}],
        "existing_ventures": list(existing),
    }


def article_with(*proposals, published_on=datetime.date(2025, 10, 1)) -> SourceArticle:
    source = SourceArticle.objects.create(
        url="https://news.example.org/uiju-copper",
        title="Chinese firm opens copper mine in Uiju",
        text=" ".join(SENTENCES.values()),
        published_on=published_on,
        fetch_status=FetchStatus.FETCHED,
    )
    SourceSuggestions.objects.create(
        source=source,
        data={"mentions": [], "ventures": list(proposals), "language": "en"},
        text_sha256="0" * 64,
        computed_at=timezone.now(),
    )
    return source


def card_post(response, index=0, **changes) -> dict:
    """The card's fields as the page renders them (what a browser would send), with `changes`."""
    card = response.context["cards"][index]
    data = {}
    for form in card.forms():
        for name in form.fields:
            field = form[name]
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else str(getattr(value, "pk", value))
    province = card.form["province"].value()
    data[card.form["province"].html_name] = getattr(province, "code", province)
    data.update(changes)
    return data


def _page(client, source):
    response = client.get(reverse("admin:projects_triagearticle_change", args=[source.pk]))
    assert response.status_code == 200
    return response


def _post(client, source, data, index=0):
    return client.post(reverse("admin:projects_triage_proposal", args=[source.pk, index]), data)


def test_the_page_shows_one_card_per_proposal_with_each_field_and_its_sentence(editor_client, geo):
    second = {**proposal(), "name": "Sinuiju shoe factory", "sector": "manufacturing"}
    source = article_with(proposal(), second)

    response = _page(editor_client, source)

    body = response.content.decode()
    assert len(response.context["cards"]) == 2
    assert "Proposal 1: Uiju Copper Joint Venture Company" in body
    assert "Proposal 2: Sinuiju shoe factory" in body
    assert 'value="Dandong Hongxiang Industrial Development Co."' in body
    assert 'name="v0-p0-stake" value="70.00"' in body or 'name="v0-p0-stake" value="70.0"' in body
    assert 'name="v0-investment_amount" value="12000000' in body
    for sentence in SENTENCES.values():
        assert sentence in body


def test_create_draft_makes_the_venture_its_partners_status_and_a_citation_per_fact(
    editor, editor_client, geo
):
    known = OrganizationFactory(name="Dandong Hongxiang Industrial Development Co.")
    source = article_with(proposal(organization_id=known.pk))
    data = card_post(_page(editor_client, source), **{"v0-name": "Uiju copper mine"})

    response = _post(editor_client, source, data)

    venture = Venture.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:projects_venture_change", args=[venture.pk])
    assert (venture.name, venture.publication_state, venture.sector) == (
        "Uiju copper mine",
        PublicationState.DRAFT,
        "mine",
    )
    assert venture.place == Place.objects.get(name_en="Uiju")
    assert (venture.investment_amount, venture.investment_currency) == (12_000_000, "USD")
    partners = {p.organization.name: p for p in venture.partners.select_related("organization")}
    assert partners["Dandong Hongxiang Industrial Development Co."].organization == known
    assert partners["Dandong Hongxiang Industrial Development Co."].stake_percent == 70
    ministry = Organization.objects.get(name="Ministry of Metal Industry")  # a new organization
    assert ministry.country == "KP"
    entry = venture.status_entries.get()
    assert (entry.status, entry.date, entry.source) == ("operating", datetime.date(2025, 9, 3), source)
    assert list(venture.contributions.values_list("side", "kind")) == [("CN", "capital")]
    cited = {(c.supports, c.partner_id, c.status_entry_id, c.quote) for c in venture.citations.all()}
    assert cited == {
        (CitationFact.NAME, None, None, SENTENCES["name"]),
        (CitationFact.SECTOR, None, None, SENTENCES["status"]),
        (CitationFact.LOCATION, None, None, SENTENCES["where"]),
        (CitationFact.INVESTMENT, None, None, SENTENCES["money"]),
        (
            CitationFact.STAKE,
            partners["Dandong Hongxiang Industrial Development Co."].pk,
            None,
            SENTENCES["stake"],
        ),
        (CitationFact.PARTNER, partners["Ministry of Metal Industry"].pk, None, SENTENCES["name"]),
        (CitationFact.CONTRIBUTION, None, None, SENTENCES["money"]),
        (CitationFact.STATUS, None, entry.pk, SENTENCES["status"]),
    }
    assert {c.source_id for c in venture.citations.all()} == {source.pk}
    assert venture.history.first().history_user == editor


def test_an_unticked_partner_is_left_out(editor_client, geo):
    source = article_with(proposal())
    data = card_post(_page(editor_client, source))
    del data["v0-p1-include"]

    _post(editor_client, source, data)

    venture = Venture.objects.get()
    assert list(venture.partners.values_list("organization__name", flat=True)) == [
        "Dandong Hongxiang Industrial Development Co."
    ]
    assert not Organization.objects.filter(name="Ministry of Metal Industry").exists()


def test_a_bad_field_is_a_form_error_on_its_card_and_creates_nothing(editor_client, geo):
    source = article_with(proposal())
    data = card_post(_page(editor_client, source), **{"v0-p0-stake": "170", "v0-investment_currency": ""})

    response = _post(editor_client, source, data)

    assert response.status_code == 400
    card = response.context["cards"][0]
    assert card.partner_forms[0][0].errors["stake"] == ["Ensure this value is less than or equal to 100."]
    assert card.form.errors["investment_currency"] == ["Give the currency of the investment amount."]
    assert not Venture.objects.exists()
    assert not Organization.objects.exists()


def test_what_the_models_refuse_undoes_the_whole_draft(editor_client, geo):
    # A status dated after the article came out, with no note saying why: refused, nothing kept.
    source = article_with(proposal())
    data = card_post(_page(editor_client, source), **{"v0-s-status_date": "2025-12-01"})

    response = _post(editor_client, source, data)

    assert response.status_code == 400
    assert "after 2025-10-01" in " ".join(response.context["cards"][0].errors)
    assert not Venture.objects.exists()
    assert not Organization.objects.exists()
    assert not Citation.objects.exists()


def test_attach_cites_the_article_and_adds_the_new_status(editor_client, geo):
    draft = make_venture(name="Uiju copper", state=PublicationState.DRAFT, status="contract_signed")
    source = article_with(
        proposal(
            existing=[
                {
                    "id": draft.pk,
                    "public_id": draft.public_id,
                    "name": draft.name,
                    "why": "same place and sector",
                }
            ]
        )
    )
    page = _page(editor_client, source)
    assert f'name="attach" value="{draft.public_id}"' in page.content.decode()

    response = _post(editor_client, source, {**card_post(page), "attach": draft.public_id})

    assert response.status_code == 302
    entry = draft.status_entries.get(source=source)
    assert (entry.status, entry.date) == ("operating", datetime.date(2025, 9, 3))
    assert Citation.objects.filter(venture=draft, source=source, supports="").exists()
    assert Citation.objects.get(venture=draft, source=source, supports="status").status_entry == entry
    assert Venture.objects.count() == 1


def test_attaching_again_adds_nothing_twice(editor_client, geo):
    draft = make_venture(name="Uiju copper", state=PublicationState.DRAFT, status="contract_signed")
    existing = [{"id": draft.pk, "public_id": draft.public_id, "name": draft.name, "why": "a name"}]
    source = article_with(proposal(existing=existing))
    data = {**card_post(_page(editor_client, source)), "attach": draft.public_id}
    _post(editor_client, source, data)

    again = _post(editor_client, source, data)

    assert again.status_code == 400
    assert "already cited" in " ".join(again.context["cards"][0].errors)
    assert StatusEntry.objects.filter(venture=draft, source=source).count() == 1


def test_editors_see_no_attach_for_a_published_venture_and_cannot_post_one(editor_client, geo):
    published = make_venture(name="Uiju copper", state=PublicationState.PUBLISHED)
    existing = [
        {"id": published.pk, "public_id": published.public_id, "name": published.name, "why": "a name"}
    ]
    source = article_with(proposal(existing=existing))
    page = _page(editor_client, source)

    response = _post(editor_client, source, {**card_post(page), "attach": published.public_id}, 0)

    assert f'name="attach" value="{published.public_id}"' not in page.content.decode()
    assert "a reviewer attaches to it" in page.content.decode()
    assert response.status_code == 302
    assert not Citation.objects.filter(venture=published, source=source).exists()


def test_reviewers_attach_to_published_ventures(reviewer_client, geo):
    published = make_venture(name="Uiju copper", state=PublicationState.PUBLISHED)
    existing = [
        {"id": published.pk, "public_id": published.public_id, "name": published.name, "why": "a name"}
    ]
    source = article_with(proposal(existing=existing))
    page = _page(reviewer_client, source)

    _post(reviewer_client, source, {**card_post(page), "attach": published.public_id})

    assert f'name="attach" value="{published.public_id}"' in page.content.decode()
    assert Citation.objects.filter(venture=published, source=source).exists()


def test_a_proposal_index_out_of_range_changes_nothing(editor_client, geo):
    source = article_with(proposal())

    response = _post(editor_client, source, {}, index=5)

    assert response.status_code == 302
    assert not Venture.objects.exists()
    assert VenturePartner.objects.count() == 0


def test_an_unmatched_partner_offers_likely_existing_organizations_and_the_editor_picks_one(
    editor_client, geo
):
    existing = OrganizationFactory(name="Dandong Hongxiang Industrial Development Co., Ltd.", country="CN")
    source = article_with(proposal())  # the pre-read matched no organization
    page = _page(editor_client, source)
    body = page.content.decode()
    assert "possibly an existing organization" in body
    assert f'<option value="{existing.pk}"' in body

    _post(editor_client, source, card_post(page, **{"v0-p0-organization": str(existing.pk)}))

    venture = Venture.objects.get()
    assert venture.partners.filter(organization=existing, stake_percent=70).exists()
    assert Organization.objects.filter(name__startswith="Dandong Hongxiang").count() == 1


def test_the_candidates_table_shows_no_attach_to_an_editor_for_a_published_venture(editor_client, geo):
    published = make_venture(name="Uiju copper", state=PublicationState.PUBLISHED)
    draft = make_venture(name="Uiju copper draft", state=PublicationState.DRAFT)
    source = article_with(proposal())
    source.suggestions.data["candidate_ventures"] = [
        {
            "id": v.pk,
            "public_id": v.public_id,
            "name": v.name,
            "publication_state": v.publication_state,
            "reasons": ["same place"],
        }
        for v in (published, draft)
    ]
    source.suggestions.save()

    body = _page(editor_client, source).content.decode()

    assert f'name="venture" value="{published.public_id}"' not in body
    assert f'name="venture" value="{draft.public_id}"' in body
    assert "published: a reviewer attaches to it" in body


def _queries_for_page(client, source) -> int:
    with CaptureQueriesContext(connection) as queries:
        _page(client, source)
    return len(queries)


def test_the_page_costs_the_same_queries_whatever_the_number_of_cards_and_partners(editor_client, geo):
    few = article_with(proposal())
    crowded = proposal()
    crowded["partners"] = crowded["partners"] * 15
    many = SourceArticle.objects.create(url="https://news.example.org/many", fetch_status=FetchStatus.FETCHED)
    SourceSuggestions.objects.create(
        source=many,
        data={"mentions": [], "ventures": [crowded] * 10},
        text_sha256="1" * 64,
        computed_at=timezone.now(),
    )

    assert _queries_for_page(editor_client, many) == _queries_for_page(editor_client, few)


def test_a_partner_the_text_does_not_name_is_not_added_unless_the_editor_names_it(editor_client, geo):
    unnamed = proposal()
    unnamed["partners"].append(
        {
            "name": "",
            "country": "CN",
            "role": "chinese_investor",
            "stake": 51.0,
            "organization_id": None,
            "sentence": "Chinese investors own 51 percent.",
        }
    )
    unnamed["contributions"].append(dict(unnamed["contributions"][0]))  # the same contribution twice
    source = article_with(unnamed)
    page = _page(editor_client, source)
    assert "not named in the text" in page.content.decode()

    response = _post(editor_client, source, card_post(page))

    assert response.status_code == 302
    venture = Venture.objects.get()
    assert venture.partners.count() == 2
    assert venture.contributions.count() == 1
