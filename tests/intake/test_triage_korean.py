"""From a pasted Korean article to a cited draft, then from a second article to a new status entry on
that venture, through the real admin URLs and the real pre-read (issue #9). The articles are written
for this test."""

import datetime

import pytest
from django.urls import reverse

from projects.models import CitationFact, SourceArticle, StatusEntry, Venture
from tests.intake.test_triage_proposals import card_post

FIRST = """단둥 기업, 의주 구리광산 합영회사 설립

중국 랴오닝성 단둥의 단둥홍상실업발전유한공사가 북한 금속공업성과 함께 평안북도 의주군에 의주동광합영회사를 세웠다고 현지 소식통이 전했다.

소식통에 따르면 단둥홍상실업발전유한공사가 합영회사 지분의 70%를 가지고 있으며, 중국 측은 1500만 달러를 투자했다.

이 광산은 지난달 생산을 개시했다."""

SECOND = """의주 구리광산 가동 중단

평안북도 의주군의 의주동광합영회사가 이달 초 생산을 중단했다고 대북 소식통이 20일 전했다.

소식통은 전력 부족으로 광산 가동이 멈췄다고 말했다."""


def _paste(client, *, url, text, published_on) -> SourceArticle:
    response = client.post(
        reverse("admin:projects_triage_paste_new"), {"url": url, "text": text, "published_on": published_on}
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return SourceArticle.objects.get(url=url)


def _page(client, source):
    response = client.get(reverse("admin:projects_triagearticle_change", args=[source.pk]))
    assert response.status_code == 200
    return response


@pytest.fixture
def draft_from_first_article(editor_client, geo):
    source = _paste(
        editor_client,
        url="https://news.example.kr/2025/10/uiju-copper",
        text=FIRST,
        published_on="2025-10-15",
    )
    page = _page(editor_client, source)
    assert len(page.context["cards"]) == 1
    response = editor_client.post(
        reverse("admin:projects_triage_proposal", args=[source.pk, 0]), card_post(page)
    )
    assert response.status_code == 302
    return source, Venture.objects.get()


def test_a_pasted_korean_article_becomes_a_draft_with_partners_a_status_and_citations(
    editor, draft_from_first_article
):
    source, venture = draft_from_first_article

    assert source.language == "ko"
    assert venture.name == "의주동광합영회사"
    assert venture.publication_state == "draft"
    assert (venture.province.code, venture.place.name_en, venture.sector) == ("KP-03", "Uiju", "mine")
    assert (venture.investment_amount, venture.investment_currency) == (15_000_000, "USD")
    partners = {
        p.organization.name: p.organization.country for p in venture.partners.select_related("organization")
    }
    assert partners == {"단둥홍상실업발전유한공사": "CN", "금속공업성": "KP"}
    entry = venture.status_entries.get()
    assert (entry.status, entry.date, entry.date_precision, entry.source) == (
        "operating",
        datetime.date(2025, 9, 1),
        "month",
        source,
    )
    citations = list(venture.citations.all())
    assert {c.source_id for c in citations} == {source.pk}
    by_fact = {c.supports: c for c in citations}
    assert by_fact[CitationFact.STATUS].status_entry == entry
    assert by_fact[CitationFact.STATUS].quote == "이 광산은 지난달 생산을 개시했다."
    assert "1500만 달러를 투자했다" in by_fact[CitationFact.INVESTMENT].quote
    partner_citations = [c for c in citations if c.supports in (CitationFact.PARTNER, CitationFact.STAKE)]
    assert {c.partner.organization.name for c in partner_citations} == set(partners)
    assert all(c.quote and c.quote in FIRST for c in citations)
    assert venture.history.first().history_user == editor


def test_a_second_korean_article_attached_adds_its_new_status(editor_client, draft_from_first_article):
    _first, venture = draft_from_first_article
    source = _paste(
        editor_client, url="https://news.example.kr/2025/11/uiju-halt", text=SECOND, published_on="2025-11-20"
    )
    page = _page(editor_client, source)
    card = page.context["cards"][0]
    assert [e["venture"] for e in card.existing] == [venture]
    assert f'name="attach" value="{venture.public_id}"' in page.content.decode()

    response = editor_client.post(
        reverse("admin:projects_triage_proposal", args=[source.pk, 0]),
        {**card_post(page), "attach": venture.public_id},
    )

    assert response.status_code == 302
    assert Venture.objects.count() == 1
    entry = StatusEntry.objects.get(venture=venture, source=source)
    assert (entry.status, entry.date_precision) == ("suspended", "month")
    assert entry.date == datetime.date(2025, 11, 1)
    assert venture.citations.get(source=source, supports=CitationFact.STATUS).status_entry == entry
    assert venture.citations.filter(source=source, supports=CitationFact.GENERAL).exists()
    assert [e.status for e in venture.status_entries.order_by("date")] == ["operating", "suspended"]
