"""The HTML pages: map, venture, province and partner pages, through their real routes."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from projects.models import PublicationState, SourceSnapshot, Status
from projects.services.ventures import status_entry_create
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture

pytestmark = pytest.mark.django_db

XSS = "<img src=x onerror=alert(1)>"
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def assert_no_inline_code(html: str):
    """CSP script-src 'self' / style-src 'self': only external scripts and JSON data blocks."""
    for attrs, body in SCRIPT_TAG.findall(html):
        if "src=" in attrs:
            assert not body.strip()
        else:
            assert 'type="application/json"' in attrs, f"inline script: {attrs} {body[:80]}"
    assert "<style" not in html.lower()
    assert not re.search(r"\sstyle\s*=", html, re.I), "inline style attribute"
    assert not re.search(
        r"\son[a-z]+\s*=", html.replace(XSS.replace("<", "&lt;").replace(">", "&gt;"), ""), re.I
    )


def map_config(response) -> dict:
    match = re.search(r'<script id="map-config" type="application/json">(.*?)</script>', response.text, re.S)
    return json.loads(match.group(1))


class TestMapPage:
    def test_serves_leaflet_and_its_own_scripts_from_the_site_without_inline_code(self, client, geo):
        response = client.get(reverse("projects:map"))
        assert response.status_code == 200
        html = response.text
        assert "/static/leaflet/leaflet.js" in html
        assert "/static/jvtracker/map.js" in html
        assert "cdn" not in html.lower() and "unpkg" not in html.lower()
        assert_no_inline_code(html)
        # Served under the strict policy the browser tests run against (no 'unsafe-inline').
        policy = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy

    def test_filter_controls_use_the_api_parameter_names_and_are_labelled(self, client, geo):
        html = client.get("/").text
        for name in (
            "q",
            "sector",
            "status",
            "form",
            "province",
            "partner_country",
            "status_after",
            "status_before",
        ):
            assert f'name="{name}"' in html
        for control_id in ("f-q", "f-province", "f-country", "f-after", "f-before", "f-ordering"):
            assert f'for="{control_id}"' in html
        assert 'aria-controls="side-panel"' in html  # the phone-size toggle

    def test_counts_only_published_ventures_for_visitors(self, client, geo):
        make_venture(name="Public mine")
        make_venture(name="Secret draft mine", state=PublicationState.DRAFT)
        response = client.get("/")
        config = map_config(response)
        assert config["total"] == 1
        assert config["total_is_published_only"] is True
        assert "Secret draft" not in response.text
        assert len(config["provinces"]) == 13
        nampo = next(p for p in config["provinces"] if p.get("code") == "KP-14")
        assert nampo["map_polygon"] == "KP-02"

    def test_editors_see_the_total_with_drafts(self, editor_client, geo):
        make_venture(name="Public mine")
        make_venture(name="Draft mine", state=PublicationState.DRAFT)
        assert map_config(editor_client.get("/"))["total"] == 2

    def test_tile_settings_reach_the_page(self, client, geo, settings):
        settings.MAP_TILES_URL = ""
        assert map_config(client.get("/"))["tiles_url"] == ""
        settings.MAP_TILES_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
        assert map_config(client.get("/"))["tiles_url"].startswith("http://127.0.0.1:9/")


def test_province_boundaries_are_served_with_long_cache_headers(client):
    response = client.get(reverse("projects:provinces-geojson"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "max-age=604800" in response["Cache-Control"]
    data = json.loads(response.content)
    assert len(data["features"]) == 11
    assert {f["id"] for f in data["features"]} >= {"KP-01", "KP-02", "KP-06"}


class TestVenturePage:
    def test_shows_facts_timeline_sources_and_partners(self, client, geo):
        partner = OrganizationFactory(name="Dandong Mining Co.")
        source = SourceArticleFactory(title="Mine reopens", publisher="Example News")
        venture = make_venture(
            name="Musan mine", partner=partner, source=source, status=Status.CONTRACT_SIGNED
        )
        later = SourceArticleFactory(title="Mine now operating")
        status_entry_create(
            venture=venture,
            status=Status.OPERATING,
            date=venture.status_entries.get().date.replace(day=20),
            source=later,
        )
        response = client.get(reverse("projects:venture-detail", args=[venture.public_id]))
        assert response.status_code == 200
        html = response.text
        assert "Musan mine" in html
        assert html.count('class="timeline-step"') == 2
        assert html.index("Operating") < html.index("Contract signed")  # newest first
        assert "Mine reopens" in html and "Mine now operating" in html
        assert "Musan mine is contract_signed." in html  # the quoted passage
        assert reverse("projects:partner-detail", args=[partner.pk]) in html
        assert "last updated" in html
        assert "Edit this venture" not in html
        assert_no_inline_code(html)

    def test_drafts_are_404_for_visitors_and_visible_to_editors(self, editor_client, geo):
        client = Client()  # anonymous (editor_client is the logged-in `client` fixture)
        draft = make_venture(name="Draft mine", state=PublicationState.DRAFT)
        url = reverse("projects:venture-detail", args=[draft.public_id])
        response = client.get(url)
        assert response.status_code == 404
        assert "Draft mine" not in response.text
        response = editor_client.get(url)
        assert response.status_code == 200
        assert "Draft mine" in response.text

    def test_unpublished_ventures_are_404_for_visitors(self, client, geo):
        gone = make_venture(name="Withdrawn", state=PublicationState.UNPUBLISHED)
        assert client.get(reverse("projects:venture-detail", args=[gone.public_id])).status_code == 404

    def test_editors_get_an_edit_link_and_the_retrieved_copy(self, editor_client, geo):
        source = SourceArticleFactory()
        venture = make_venture(name="Draft with copy", state=PublicationState.DRAFT, source=source)
        SourceSnapshot.objects.create(
            source=source,
            retrieved_at="2025-10-02T10:00:00Z",
            final_url=source.url,
            http_status=200,
            content_type="text/html",
            sha256="a" * 64,
            archive_path="ab/abc.html",
            size_bytes=100,
        )
        html = editor_client.get(reverse("projects:venture-detail", args=[venture.public_id])).text
        assert "Edit this venture" in html
        assert "Retrieved copy: 2025-10-02 10:00" in html

    def test_a_non_http_source_link_is_never_clickable(self, client, geo):
        source = SourceArticleFactory(title="Odd link")
        type(source).objects.filter(pk=source.pk).update(url="javascript:alert(1)")  # bypassing validation
        venture = make_venture(name="Linked", source=source)
        html = client.get(reverse("projects:venture-detail", args=[venture.public_id])).text
        assert "javascript:" not in html

    def test_user_text_is_escaped(self, client, geo):
        partner = OrganizationFactory(name=XSS)
        source = SourceArticleFactory(title=XSS)
        venture = make_venture(name=XSS, partner=partner, source=source)
        html = client.get(reverse("projects:venture-detail", args=[venture.public_id])).text
        assert XSS not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


class TestProvincePage:
    def test_counts_and_chart_of_visible_ventures(self, client, geo):
        make_venture(name="Mine A", province_code="KP-03")
        make_venture(name="Mine B", province_code="KP-03", status=Status.SUSPENDED)
        make_venture(name="Hidden draft", province_code="KP-03", state=PublicationState.DRAFT)
        response = client.get(reverse("projects:province-detail", args=["KP-03"]))
        assert response.status_code == 200
        html = response.text
        assert "North Pyongan" in html and "평안북도" in html
        assert "2 ventures" in html
        assert "Mine A" in html and "Mine B" in html
        assert "Hidden draft" not in html
        assert 'id="year-chart"' in html
        assert html.count('class="seg st-') == 2
        assert_no_inline_code(html)

    def test_applies_the_map_filters_with_the_api_filterset(self, client, geo):
        make_venture(name="Mine A", province_code="KP-03")
        make_venture(name="Farm B", province_code="KP-03", sector="agriculture")
        response = client.get(reverse("projects:province-detail", args=["KP-03"]), {"sector": "mine"})
        html = response.text
        assert "Mine A" in html and "Farm B" not in html
        assert "1 venture<" in html
        assert "sector=mine" in html
        assert "/?sector=mine&amp;province=KP-03" in html  # "Show on the map" keeps the filters

    @pytest.mark.parametrize(
        ("query", "param"),
        [
            ({"sector": "gold"}, "sector"),
            ({"status_after": "May"}, "status_after"),
            ({"colour": "x"}, "colour"),
        ],
    )
    def test_a_bad_filter_is_named_on_the_page_not_a_500(self, client, geo, query, param):
        make_venture(name="Mine A", province_code="KP-03")
        response = client.get(reverse("projects:province-detail", args=["KP-03"]), query)
        assert response.status_code == 200
        assert "These filters could not be applied" in response.text
        assert f"{param}:" in response.text
        assert "Mine A" not in response.text

    def test_nampo_says_where_it_is_drawn(self, client, geo):
        html = client.get(reverse("projects:province-detail", args=["KP-14"])).text
        assert "no boundary of its own" in html
        assert reverse("projects:province-detail", args=["KP-02"]) in html

    def test_unknown_province_is_404(self, client, geo):
        assert client.get("/provinces/KP-99/").status_code == 404


class TestPartnerPage:
    def test_lists_the_partners_visible_ventures_across_provinces(self, client, geo):
        partner = OrganizationFactory(name="Dandong Trading")
        make_venture(name="Uiju mine", province_code="KP-03", partner=partner)
        make_venture(name="Chongjin port", province_code="KP-09", partner=partner)
        make_venture(name="Draft plant", province_code="KP-08", partner=partner, state=PublicationState.DRAFT)
        html = client.get(reverse("projects:partner-detail", args=[partner.pk])).text
        assert "Dandong Trading" in html
        assert "Uiju mine" in html and "Chongjin port" in html
        assert "Draft plant" not in html and "South Hamgyong" not in html
        assert "Ventures (2)" in html

    def test_a_partner_of_drafts_only_is_404_for_visitors(self, editor_client, geo):
        client = Client()
        partner = OrganizationFactory(name="Only in drafts")
        make_venture(name="Draft plant", partner=partner, state=PublicationState.DRAFT)
        url = reverse("projects:partner-detail", args=[partner.pk])
        assert client.get(url).status_code == 404
        assert "Draft plant" in editor_client.get(url).text


class TestQueryCounts:
    """Each page costs the same number of queries for 1 venture as for many (no N+1)."""

    @staticmethod
    def count(client, url) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_province_and_partner_pages(self, client, geo):
        partner = OrganizationFactory()
        make_venture(name="First", province_code="KP-03", partner=partner)
        province_url = reverse("projects:province-detail", args=["KP-03"])
        partner_url = reverse("projects:partner-detail", args=[partner.pk])
        one = (self.count(client, province_url), self.count(client, partner_url))
        for n in range(4):
            make_venture(name=f"More {n}", province_code="KP-03", partner=partner)
        assert (self.count(client, province_url), self.count(client, partner_url)) == one

    def test_venture_page(self, client, geo):
        venture = make_venture(name="Busy venture")
        url = reverse("projects:venture-detail", args=[venture.public_id])
        one = self.count(client, url)
        from projects.models import PartnerRole
        from projects.services.ventures import citation_create, partner_add

        for n in range(3):
            source = SourceArticleFactory()
            entry = status_entry_create(
                venture=venture,
                status=Status.OPERATING,
                date=venture.status_entries.first().date,
                source=source,
            )
            citation_create(venture=venture, source=source, status_entry=entry, quote=f"quote {n}")
            partner_add(venture=venture, organization=OrganizationFactory(), role=PartnerRole.OTHER)
        assert self.count(client, url) == one

    def test_map_page(self, client, geo):
        make_venture(name="One")
        one = self.count(client, "/")
        for n in range(4):
            make_venture(name=f"More {n}")
        assert self.count(client, "/") == one
