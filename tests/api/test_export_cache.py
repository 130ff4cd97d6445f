"""Repeat exports are cheap (ETag/304 and a server-side cache of the rendered bytes), never stale,
and never cross the line between what the public and what editors see."""

import datetime
import gzip

import orjson
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from projects.models import Place, Province, PublicationState, StatusEntry, VenturePartner
from projects.selectors.exports import export_data_fingerprint
from projects.services.ventures import (
    citation_create,
    partner_add,
    status_entry_create,
    venture_delete,
    venture_part_delete,
    venture_set_publication_state,
    venture_update,
)
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture

pytestmark = pytest.mark.django_db

GEOJSON = "/api/v1/ventures/?format=geojson"
EXPORTS = [GEOJSON, "/api/v1/ventures.geojson", "/api/v1/ventures/?format=csv", "/api/v1/ventures.csv"]


@pytest.fixture
def ventures(geo):
    organization = OrganizationFactory(name="Dandong Trading")
    source = SourceArticleFactory(title="Mine reopens")
    musan = make_venture(name="Musan mine", partner=organization, source=source)
    hotel = make_venture(name="Pyongyang hotel", province_code="KP-01")
    draft = make_venture(name="Secret draft", state=PublicationState.DRAFT)
    return {"musan": musan, "hotel": hotel, "draft": draft, "organization": organization, "source": source}


def features(response) -> dict[str, dict]:
    assert response.status_code == 200, response.content[:300]
    return {f["id"]: f["properties"] for f in orjson.loads(response.content)["features"]}


def uncached(client, url, **headers):
    with override_settings(EXPORT_CACHE_ENABLED=False):
        return client.get(url, **headers)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_a_repeat_export_is_served_from_the_cache_with_fewer_queries(api, ventures):
    for url in (GEOJSON, "/api/v1/ventures/?format=csv"):
        first_count, first = count_queries(api, url)
        second_count, second = count_queries(api, url)
        assert second_count < first_count
        assert second_count == 1  # the data fingerprint, nothing else
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]
        assert second["Content-Disposition"] == first["Content-Disposition"]
        assert second.content == uncached(api, url).content
    # The file-name URLs are the same exports: already cached.
    for url in ("/api/v1/ventures.geojson", "/api/v1/ventures.csv"):
        count, response = count_queries(api, url)
        assert count == 1
        assert response.content == uncached(api, url).content


def test_a_client_that_accepts_gzip_gets_the_stored_gzip_of_the_same_bytes(api, ventures):
    plain = api.get(GEOJSON).content
    for _ in range(2):  # built, then from the cache
        compressed = api.get(GEOJSON, HTTP_ACCEPT_ENCODING="gzip, deflate")
        assert compressed["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in compressed["Vary"]
        assert gzip.decompress(compressed.content) == plain


def test_an_export_first_built_for_a_gzip_client_is_served_from_the_cache_to_any_client(api, ventures):
    expected = uncached(api, GEOJSON).content
    built = api.get(GEOJSON, HTTP_ACCEPT_ENCODING="gzip")
    assert gzip.decompress(built.content) == expected
    count, plain = count_queries(api, GEOJSON)
    assert count == 1
    assert "Content-Encoding" not in plain
    assert plain.content == expected


def test_if_none_match_with_the_current_etag_is_a_304_without_a_body(api, ventures):
    for url in EXPORTS:
        first = api.get(url)
        etag = first["ETag"]
        assert etag.startswith('W/"')
        assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
        revalidated = api.get(url, HTTP_IF_NONE_MATCH=etag)
        assert revalidated.status_code == 304
        assert revalidated.content == b""
        assert revalidated["ETag"] == etag
        assert api.get(url, HTTP_IF_NONE_MATCH='W/"something-else"').status_code == 200


def test_the_etag_depends_on_the_filters_and_the_format(api, ventures):
    etags = {
        api.get(url)["ETag"]
        for url in [
            GEOJSON,
            "/api/v1/ventures/?format=csv",
            GEOJSON + "&province=KP-01",
            GEOJSON + "&province=KP-01&province=KP-03",
        ]
    }
    assert len(etags) == 4
    # The parameters' order does not matter; the file name and the format parameter are the same export.
    assert (
        api.get(GEOJSON + "&province=KP-01&sector=mine")["ETag"]
        == (api.get("/api/v1/ventures.geojson?sector=mine&province=KP-01")["ETag"])
    )


def _edit_venture(v, reviewer):
    venture_update(venture=v["musan"], user=reviewer, name="Musan iron mine")


def _publish_draft(v, reviewer):
    venture_set_publication_state(venture=v["draft"], user=reviewer, state=PublicationState.PUBLISHED)


def _unpublish(v, reviewer):
    venture_set_publication_state(venture=v["hotel"], user=reviewer, state=PublicationState.UNPUBLISHED)


def _add_status_entry(v, reviewer):
    status_entry_create(
        venture=v["musan"],
        user=reviewer,
        status="suspended",
        date=datetime.date(2025, 9, 20),  # before the source came out (2025-10-01)
        date_precision="day",
        source=v["source"],
    )


def _rename_partner(v, reviewer):
    organization = v["organization"]
    organization.name = "Dandong Trading Group"
    organization.save()  # as the admin saves it


def _retitle_source(v, reviewer):
    source = v["source"]
    source.title = "Mine reopens after floods"
    source.save()


def _cite_newer_source(v, reviewer):
    newer = SourceArticleFactory(title="Newer report", published_on=datetime.date(2026, 2, 1))
    citation_create(venture=v["musan"], user=reviewer, source=newer, quote="Still going.")


def _add_partner(v, reviewer):
    partner_add(venture=v["hotel"], user=reviewer, organization=OrganizationFactory(), role="other")


def _remove_partner(v, reviewer):
    venture_part_delete(part=VenturePartner.objects.filter(venture=v["musan"]).get(), user=reviewer)


def _delete_venture(v, reviewer, superuser):
    venture_delete(venture=v["hotel"], user=superuser)


def _rename_province(v, reviewer):
    province = Province.objects.get(code="KP-03")
    province.name_en = "North Hamgyong (renamed)"
    province.save()


def _rename_place(v, reviewer):
    place = Place.objects.filter(province__code="KP-01").first()
    place.name_en = place.name_en + " (renamed)"
    place.save()
    venture_update(venture=v["hotel"], user=reviewer, place=place)


CHANGES = [
    _edit_venture,
    _publish_draft,
    _unpublish,
    _add_status_entry,
    _rename_partner,
    _retitle_source,
    _cite_newer_source,
    _add_partner,
    _remove_partner,
    _delete_venture,
    _rename_province,
    _rename_place,
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__.strip("_") for c in CHANGES])
def test_after_a_change_every_export_says_what_an_uncached_one_says(
    change, api, editor_api, ventures, reviewer, superuser
):
    clients = {"public": api, "editor": editor_api}
    before = {}
    for name, client in clients.items():
        for url in EXPORTS:
            before[name, url] = client.get(url)
            client.get(url)  # now served from the cache
    arguments = (ventures, reviewer, superuser) if change is _delete_venture else (ventures, reviewer)
    change(*arguments)
    for name, client in clients.items():
        for url in EXPORTS:
            after = client.get(url)
            assert after.status_code == 200
            assert after.content == uncached(client, url).content, (name, url)
            etag = before[name, url]["ETag"]
            assert after["ETag"] != etag  # (the key may change even where the body does not)
            assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    public = features(api.get(GEOJSON))
    expected = {
        "_edit_venture": lambda: public[ventures["musan"].public_id]["name"] == "Musan iron mine",
        "_publish_draft": lambda: ventures["draft"].public_id in public,
        "_unpublish": lambda: ventures["hotel"].public_id not in public,
        "_add_status_entry": lambda: public[ventures["musan"].public_id]["status"] == "suspended",
        "_rename_partner": lambda: (
            public[ventures["musan"].public_id]["partners"][0]["name"] == "Dandong Trading Group"
        ),
        "_retitle_source": lambda: (
            public[ventures["musan"].public_id]["latest_source"]["title"] == "Mine reopens after floods"
        ),
        "_cite_newer_source": lambda: (
            public[ventures["musan"].public_id]["latest_source"]["title"] == "Newer report"
        ),
        "_add_partner": lambda: len(public[ventures["hotel"].public_id]["partners"]) == 2,
        "_remove_partner": lambda: public[ventures["musan"].public_id]["partners"] == [],
        "_delete_venture": lambda: ventures["hotel"].public_id not in public,
        "_rename_province": lambda: (
            public[ventures["musan"].public_id]["province_name"] == "North Hamgyong (renamed)"
        ),
        "_rename_place": lambda: public[ventures["hotel"].public_id]["place"].endswith("(renamed)"),
    }
    assert expected[change.__name__]()


def test_a_new_draft_changes_the_editors_export_but_not_what_the_public_sees(api, editor_api, ventures):
    public_before = api.get(GEOJSON)
    editor_before = editor_api.get(GEOJSON)
    draft = make_venture(name="Another draft", state=PublicationState.DRAFT)
    public_after = api.get(GEOJSON)
    assert features(public_after) == features(public_before)
    assert draft.public_id not in features(public_after)
    assert draft.public_id in features(editor_api.get(GEOJSON))
    assert draft.public_id not in features(editor_before)


def test_an_editors_cached_export_never_reaches_the_public_nor_the_reverse(api, editor_api, ventures):
    draft_id = ventures["draft"].public_id
    for url in EXPORTS:
        editor_first = editor_api.get(url)
        public = api.get(url)
        assert b"Secret draft" in editor_first.content
        assert b"Secret draft" not in public.content and draft_id.encode() not in public.content
        assert public["ETag"] != editor_first["ETag"]
        # The editor's ETag is no key to the public's 304, nor the public's to the editor's.
        assert api.get(url, HTTP_IF_NONE_MATCH=editor_first["ETag"]).status_code == 200
        assert editor_api.get(url, HTTP_IF_NONE_MATCH=public["ETag"]).status_code == 200
        assert b"Secret draft" in editor_api.get(url).content
        assert b"Secret draft" not in api.get(url).content
        assert editor_first["Cache-Control"].startswith("private")
        assert "public" not in editor_first["Cache-Control"]
        assert public["Cache-Control"] == "public, max-age=0, must-revalidate"
        for response in (editor_first, public):
            assert {"Cookie", "Authorization"} <= {v.strip() for v in response["Vary"].split(",")}


def test_a_signed_in_editor_in_the_browser_gets_private_responses_too(editor_client, ventures):
    response = editor_client.get(GEOJSON)
    assert b"Secret draft" in response.content
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


_UNREACHABLE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/14",
    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
}
UNREACHABLE_REDIS = {"default": _UNREACHABLE, "exports": _UNREACHABLE}


def test_with_the_cache_backend_down_exports_are_still_served(api, ventures, caplog):
    expected = {url: api.get(url).content for url in EXPORTS}
    with override_settings(CACHES=UNREACHABLE_REDIS), caplog.at_level("WARNING", "projects.api.caching"):
        for url in EXPORTS:
            for _ in range(2):
                response = api.get(url)
                assert response.status_code == 200
                assert response.content == expected[url]
    assert "export cache unavailable" in caplog.text


def test_an_export_too_big_for_the_cache_is_served_but_not_stored(api, ventures):
    with override_settings(EXPORT_CACHE_MAX_BYTES=10):
        api.get(GEOJSON)
        with CaptureQueriesContext(connection) as queries:
            assert api.get(GEOJSON).status_code == 200
    assert len(queries) > 1


def test_errors_are_not_conditional_nor_cached(api, ventures):
    response = api.get(GEOJSON + "&page=2")
    assert response.status_code == 400
    assert "ETag" not in response
    assert StatusEntry.objects.exists()


def test_the_fingerprint_changes_when_an_earlier_transaction_commits_after_a_later_one(ventures):
    """History ids are taken at insert time: a slow transaction can commit a row below the highest id."""
    history = VenturePartner.history.model
    latest = history.objects.order_by("-history_id").first()
    taken_by_the_slow_transaction = latest.history_id
    history.objects.filter(history_id=latest.history_id).update(history_id=latest.history_id + 1000)
    before = export_data_fingerprint()
    latest.history_id = taken_by_the_slow_transaction
    latest.save()  # the late commit: below the highest id, which stays the same
    assert history.objects.order_by("-history_id").first().history_id == taken_by_the_slow_transaction + 1000
    assert export_data_fingerprint() != before
