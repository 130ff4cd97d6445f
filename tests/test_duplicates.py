"""Likely duplicates by name in any script, and one source for the scheme and www. variants of a URL."""

import pytest

from projects.selectors.duplicates import (
    likely_duplicate_organizations,
    likely_duplicate_ventures,
    name_key,
    source_for_url,
)
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture, province

pytestmark = pytest.mark.usefixtures("geo")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (
            "Dandong Hongxiang Industrial Development Co., Ltd.",
            "DANDONG HONGXIANG INDUSTRIAL DEVELOPMENT CO LTD",
        ),
        ("ＡＢＣ　Mining Company Limited", "abc mining"),  # full-width letters and space
        ("北京寶源恒昌國際貿易有限公司", "北京宝源恒昌国际贸易公司"),  # traditional vs simplified, legal form
        ("주식회사 조선광업회사", "조선광업"),
        ("(주)평양무역", "평양무역 회사"),
        ("Musan  mine – joint venture", "Musan mine joint-venture"),
    ],
)
def test_names_that_differ_only_in_case_width_script_punctuation_or_legal_form_share_a_key(one, other):
    assert name_key(one) == name_key(other) != ""


def test_different_names_have_different_keys():
    assert name_key("Musan mine") != name_key("Hyesan mine")
    assert name_key("Co., Ltd.") == ""  # nothing but a legal form


def test_a_venture_of_the_same_name_in_the_same_province_is_a_likely_duplicate():
    existing = make_venture(name="Musan Iron Ore Joint Venture", province_code="KP-09", point=None)

    (match,) = likely_duplicate_ventures(
        name="musan iron-ore joint venture", province_id=province("KP-09").pk
    )

    assert match.obj.pk == existing.pk
    assert match.score == 1.0
    assert "same name" in match.reason


def test_a_similar_name_is_reported_with_a_lower_score():
    existing = make_venture(name="Chongjin port piers 3 and 4", province_code="KP-09", point=None)

    (match,) = likely_duplicate_ventures(name="Chongjin port pier 3 and 4", province_id=province("KP-09").pk)

    assert match.obj.pk == existing.pk
    assert 0.7 < match.score < 1.0
    assert "similar name" in match.reason


def test_the_same_name_in_another_province_is_not_a_duplicate_but_an_unknown_province_is():
    make_venture(name="Rason port venture", province_code="KP-09", point=None)

    assert likely_duplicate_ventures(name="Rason port venture", province_id=province("KP-01").pk) == []
    assert len(likely_duplicate_ventures(name="Rason port venture", province_id=None)) == 1


def test_a_venture_matches_by_its_hangul_or_chinese_name_and_not_itself():
    existing = make_venture(
        name="Tumen river bridge", name_ko="두만강다리", province_code="KP-09", point=None
    )

    assert [m.obj.pk for m in likely_duplicate_ventures(name="Another spelling", name_ko="두만강 다리")] == [
        existing.pk
    ]
    assert likely_duplicate_ventures(name="Tumen river bridge", exclude_pk=existing.pk) == []


def test_organizations_match_in_any_script_and_by_other_names_within_a_country():
    existing = OrganizationFactory(
        name="Baoyuanhengchang",
        name_zh="北京寶源恒昌國際貿易有限公司",
        country="CN",
        other_names="BYHC|Bao Yuan",
    )

    by_chinese = likely_duplicate_organizations(
        name="Beijing trader", name_zh="北京宝源恒昌国际贸易公司", country="CN"
    )
    by_bracket = likely_duplicate_organizations(
        name="Baoyuanhengchang (Beijing Baoyuanhengchang International Trade Co., Ltd.)", country="CN"
    )
    by_other_name = likely_duplicate_organizations(name="Bao Yuan Co.", country="")

    assert [m.obj.pk for m in by_chinese] == [existing.pk]
    assert [m.obj.pk for m in by_bracket] == [existing.pk]
    assert [m.obj.pk for m in by_other_name] == [existing.pk]
    assert likely_duplicate_organizations(name="Baoyuanhengchang", country="KP") == []


def test_a_generic_bracketed_word_makes_no_match():
    OrganizationFactory(name="Chosun Investment Office (DPRK)", country="KP")

    assert likely_duplicate_organizations(name="Ministry of Foreign Trade (DPRK)", country="KP") == []


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.example.org/news/1",
        "http://www.example.org/news/1",
        "https://example.org/news/1",
        "HTTP://EXAMPLE.ORG/news/1/?utm_source=feed#top",
    ],
)
def test_a_source_is_the_same_when_only_the_scheme_or_www_differ(variant):
    source = SourceArticleFactory(url="https://www.example.org/news/1")

    assert source_for_url(variant) == source


def test_another_path_or_an_invalid_url_is_no_source():
    SourceArticleFactory(url="https://www.example.org/news/1")

    assert source_for_url("https://www.example.org/news/2") is None
    assert source_for_url("ftp://example.org/news/1") is None
    assert source_for_url("not a url") is None


def test_the_exact_stored_url_wins_over_a_variant():
    http = SourceArticleFactory(url="http://example.org/a")
    https = SourceArticleFactory(url="https://example.org/a")

    assert source_for_url("https://example.org/a") == https
    assert source_for_url("http://example.org/a") == http


def test_two_bodies_described_alike_in_brackets_are_not_one():
    OrganizationFactory(
        name="Liaoning Provincial Government (participant in joint steering committee meetings)"
    )
    jilin = OrganizationFactory(name="Jilin provincial government")

    matches = likely_duplicate_organizations(
        name="Jilin Provincial Government (participant in joint steering committee meetings)", country="CN"
    )

    assert [m.obj.pk for m in matches] == [jilin.pk]


def test_a_bracketed_full_name_matches_the_record_of_that_name():
    full = OrganizationFactory(name="Beijing Baoyuanhengchang International Trade Co., Ltd.")

    matches = likely_duplicate_organizations(
        name="BYHC (Beijing Baoyuanhengchang International Trade)", country="CN"
    )

    assert [m.obj.pk for m in matches] == [full.pk]


def test_the_keys_of_a_record_cover_every_name_field():
    from projects.selectors.duplicates import organization_keys

    organization = OrganizationFactory(name="Dandong Co., Ltd.", name_zh="丹東公司", other_names="DD Trading")

    assert organization_keys(organization) == {"dandong", "丹东", "ddtrading"}
