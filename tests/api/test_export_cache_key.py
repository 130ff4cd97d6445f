"""Nobody can fill the export cache: it is keyed by the cleaned filter values (two spellings of one
filter share an entry, filters that differ in meaning never do), and only exports likely to repeat
are stored."""

import pytest
from django.core.cache import caches

from projects.api.caching import CACHE_KEY_PREFIX
from tests.factories import make_venture

pytestmark = pytest.mark.django_db

GEOJSON = "/api/v1/ventures/?format=geojson"


@pytest.fixture
def ventures(geo):
    caches["exports"].clear()
    make_venture(name="Musan mine")
    make_venture(name="Pyongyang hotel", province_code="KP-01")
    yield
    caches["exports"].clear()


def etag(client, query):
    response = client.get(GEOJSON + query)
    assert response.status_code == 200, response.content[:300]
    return response["ETag"]


def stored(etag_value) -> bool:
    return caches["exports"].get(CACHE_KEY_PREFIX + etag_value) is not None


@pytest.mark.parametrize(
    ("one", "same"),
    [
        ("&province=KP-01&province=KP-03", "&province=KP-03&province=KP-01&province=KP-01"),
        ("&updated_since=2025-01-01T00:00:00Z", "&updated_since=2025-01-01T09:00:00%2B09:00"),
        ("&updated_since=2025-01-01T00:00:00Z", "&updated_since=2025-01-01T00:00:00.000000Z"),
        ("&q=musan", "&q=%20musan%20"),
        ("", "&q="),
        ("&status_after=2020-01-01", "&status_after=2020-01-01&status_before="),
    ],
)
def test_two_spellings_of_the_same_filter_share_one_etag(api, ventures, one, same):
    assert etag(api, one) == etag(api, same)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("&updated_since=2025-01-01T00:00:00.000001Z", "&updated_since=2025-01-01T00:00:00.000002Z"),
        ("&ordering=name&ordering=-updated_at", "&ordering=-updated_at&ordering=name"),
        ("&q=musan", "&q=Musan mine"),
        ("&province=KP-01", "&province=KP-01&province=KP-03"),
    ],
)
def test_filters_that_differ_in_meaning_never_share_an_etag(api, ventures, one, other):
    assert etag(api, one) != etag(api, other)


def test_invented_updated_since_values_store_nothing(api, ventures):
    etags = {etag(api, f"&updated_since=2025-01-01T00:00:00.{n:06d}Z") for n in range(1, 31)}
    assert len(etags) == 30  # each is a different filter...
    assert not any(stored(value) for value in etags)  # ...and none takes room in the cache


@pytest.mark.parametrize(
    "query",
    [
        "&q=musan",
        "&in_bbox=124,37.5,131,43",
        "&status_after=2020-01-01",
        "&status_before=2030-01-01",
        "&updated_since=2020-01-01T00:00:00Z",
        "&province=KP-01&province=KP-03",
        "&sector=mine&sector=trade",
    ],
)
def test_free_form_or_multi_valued_exports_are_served_but_not_stored(api, ventures, query):
    value = etag(api, query)
    assert not stored(value)
    assert api.get(GEOJSON + query, HTTP_IF_NONE_MATCH=value).status_code == 304  # still conditional


@pytest.mark.parametrize(
    "query",
    ["", "&province=KP-01", "&province=KP-01&sector=mine", "&ordering=-updated_at", "&status=operating"],
)
def test_the_common_views_are_stored(api, ventures, query):
    assert stored(etag(api, query))
