"""The interface's language: URL prefixes, the cookie, Accept-Language, the switcher, hreflang, caching."""

import re

import pytest
from django.test import Client

from tests.factories import make_venture

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text).group(1)


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


class TestLanguageFromTheUrl:
    @pytest.mark.parametrize(
        ("prefix", "tag", "nav_map"),
        [("", "en", "Map"), ("/ko", "ko", "지도"), ("/zh-hans", "zh-Hans", "地图")],
    )
    def test_every_page_answers_in_its_prefix_language(self, client, geo, prefix, tag, nav_map):
        venture = make_venture()
        for path in ("/", f"/ventures/{venture.public_id}/", "/provinces/KP-03/", "/data/"):
            response = client.get(prefix + path)
            assert response.status_code == 200, path
            assert html_lang(response) == tag
            assert response["Content-Language"] == tag.lower()
            assert f">{nav_map}</a>" in response.text

    def test_the_prefix_wins_over_the_cookie_and_accept_language(self, geo):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.cookies["django_language"] = "en"
        response = client.get("/ko/")
        assert response.status_code == 200
        assert html_lang(response) == "ko"

    def test_english_has_no_prefix(self, client, geo):
        assert client.get("/en/").status_code == 404
        assert client.get("/").status_code == 200


class TestPreferredLanguageAsTheDefault:
    def test_accept_language_redirects_an_unprefixed_page_keeping_its_query(self, geo):
        client = Client(HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9,en;q=0.5")
        response = client.get("/?sector=mine&status=operating")
        assert response.status_code == 302
        assert response["Location"] == "/ko/?sector=mine&status=operating"
        assert {"accept-language", "cookie"} <= vary(response)
        chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").get("/data/")
        assert chinese.status_code == 302
        assert chinese["Location"] == "/zh-hans/data/"

    def test_without_a_preference_the_page_is_english_and_varies_by_the_preference(self, client, geo):
        response = client.get("/")
        assert response.status_code == 200
        assert html_lang(response) == "en"
        assert {"accept-language", "cookie"} <= vary(response)

    def test_a_prefixed_page_does_not_vary_by_accept_language(self, client, geo):
        response = client.get("/ko/data/")
        assert "accept-language" not in vary(response)

    def test_the_cookie_beats_accept_language(self, geo):
        client = Client(HTTP_ACCEPT_LANGUAGE="ko")
        client.cookies["django_language"] = "en"
        response = client.get("/data/")
        assert response.status_code == 200
        assert html_lang(response) == "en"
        client.cookies["django_language"] = "zh-hans"
        assert client.get("/data/")["Location"] == "/zh-hans/data/"

    def test_unknown_pages_and_posts_are_not_redirected(self, geo):
        client = Client(HTTP_ACCEPT_LANGUAGE="ko")
        assert client.get("/no-such-page/").status_code == 404
        # A form posted to an English URL is answered there, not redirected (the body would be lost).
        assert client.post("/account/api-token/", {"action": "create"}).status_code == 302  # to the login
        assert "/admin/login/" in client.post("/account/api-token/")["Location"]


class TestUrlsOutsideThePages:
    def test_api_admin_and_static_keep_their_urls_in_every_language(self, geo):
        client = Client(HTTP_ACCEPT_LANGUAGE="ko")
        assert client.get("/api/v1/ventures/").status_code == 200
        assert client.get("/api/v1/ventures/?sector=mine").status_code == 200
        assert client.get("/ko/api/v1/ventures/").status_code == 404
        login = client.get("/admin/login/")
        assert login.status_code == 200
        assert 'lang="ko"' in login.text  # Django's admin, translated by Django
        assert client.get("/ko/admin/").status_code == 404

    def test_api_machine_names_do_not_change_with_the_language(self, geo):
        make_venture()
        english = Client().get("/api/v1/ventures/").json()
        korean = Client(HTTP_ACCEPT_LANGUAGE="ko").get("/api/v1/ventures/").json()
        assert english["results"][0]["sector"] == korean["results"][0]["sector"] == "mine"
        assert english["results"][0]["status"] == korean["results"][0]["status"] == "operating"


class TestSwitcherAndAlternates:
    def test_hreflang_links_name_the_same_page_in_every_language_with_its_query(self, client, geo):
        response = client.get("/ko/provinces/KP-03/?sector=mine")
        links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.text))
        assert links == {
            "en": "http://testserver/provinces/KP-03/?sector=mine",
            "x-default": "http://testserver/provinces/KP-03/?sector=mine",
            "ko": "http://testserver/ko/provinces/KP-03/?sector=mine",
            "zh-Hans": "http://testserver/zh-hans/provinces/KP-03/?sector=mine",
        }

    def test_the_switcher_offers_the_other_languages_by_their_own_names(self, client, geo):
        response = client.get("/zh-hans/data/")
        buttons = re.findall(
            r'<button type="submit" name="language" value="([^"]+)"[^>]*>([^<]+)</button>', response.text
        )
        assert buttons == [("en", "English"), ("ko", "한국어")]
        nexts = re.findall(r'<input type="hidden" name="next" value="([^"]+)">', response.text)
        assert nexts == ["/data/", "/ko/data/"]

    def test_choosing_a_language_stores_it_and_returns_to_the_page_in_it(self, geo):
        client = Client(HTTP_ACCEPT_LANGUAGE="ko")
        response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/ko/?sector=mine"})
        assert response.status_code == 302
        assert response["Location"] == "/zh-hans/?sector=mine"
        assert client.cookies["django_language"].value == "zh-hans"
        # English: the cookie now outweighs the browser's Korean on unprefixed pages.
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/?sector=mine"})
        assert response["Location"] == "/?sector=mine"
        page = client.get("/?sector=mine")
        assert page.status_code == 200
        assert html_lang(page) == "en"

    def test_a_foreign_next_url_is_not_followed(self, client, geo):
        response = client.post("/i18n/setlang/", {"language": "ko", "next": "https://example.com/"})
        assert response["Location"] == "/ko/"  # the home page, in the chosen language


class TestJavaScriptCatalog:
    @pytest.mark.parametrize("prefix", ["", "/ko", "/zh-hans"])
    def test_served_per_language(self, client, prefix):
        response = client.get(f"{prefix}/jsi18n/")
        assert response.status_code == 200
        assert "javascript" in response["Content-Type"]
        assert "django.gettext" in response.text

    def test_the_map_and_venture_pages_load_it_before_their_scripts(self, client, geo):
        venture = make_venture()
        for path in ("/ko/", f"/ko/ventures/{venture.public_id}/"):
            html = client.get(path).text
            catalog = html.index('<script src="/ko/jsi18n/">')
            assert catalog < html.index("jvtracker/symbols.js")


class TestCachedExportsAreTheSameInEveryLanguage:
    def test_csv_and_geojson_exports_do_not_change_with_the_language(self, geo):
        make_venture()
        for path in ("/api/v1/ventures.csv", "/api/v1/ventures.geojson"):
            english = Client().get(path)
            korean = Client(HTTP_ACCEPT_LANGUAGE="ko").get(path)
            chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(path)
            assert english.status_code == korean.status_code == chinese.status_code == 200, path
            # Machine values only: one cache entry and one ETag serve every language.
            assert english["ETag"] == korean["ETag"] == chinese["ETag"], path
            assert english.content == korean.content == chinese.content, path
            assert b"/ko/" not in korean.content and b"/zh-hans/" not in chinese.content


class TestMachineUrlsAreNeverRedirected:
    @pytest.mark.parametrize("path", ["/feeds/ventures.atom", "/provinces.geojson", "/jsi18n/"])
    def test_a_korean_client_gets_them_at_their_one_url(self, geo, path):
        response = Client(HTTP_ACCEPT_LANGUAGE="ko").get(path)
        assert response.status_code == 200, path
        assert {"accept-language", "cookie"} <= vary(response)
        assert Client(HTTP_ACCEPT_LANGUAGE="ko").get("/ko" + path).status_code == 200

    def test_the_feed_speaks_the_preferred_language_at_its_stable_url(self, geo):
        korean = Client(HTTP_ACCEPT_LANGUAGE="ko").get("/feeds/ventures.atom")
        english = Client().get("/feeds/ventures.atom")
        assert korean["Content-Language"] == "ko" and english["Content-Language"] == "en"


class TestThePagesAddedSinceAreTranslated:
    @pytest.mark.parametrize(
        ("path", "korean", "chinese"),
        [("/methodology/", "방법론", "方法说明"), ("/sources/", "모든 유형", "所有类型")],
    )
    def test_methodology_and_sources_in_korean_and_chinese(self, geo, path, korean, chinese):
        make_venture()
        ko = Client().get("/ko" + path)
        zh = Client().get("/zh-hans" + path)
        assert ko.status_code == zh.status_code == 200
        assert korean in ko.text and chinese in zh.text
