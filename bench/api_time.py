"""`bench api`, the time filters: `as_of` and `active_during` on the 10,000 seeded ventures, each
paired with the same request without it (the ratio is the cost of the as-of status; target: within
2x of the plain request). The seed's status steps are dated 2016-2024, so `as_of=2021-12-31` keeps
most ventures with an older status, and `active_during=2019` a good part of them.

    .venv/bin/python -m bench api          # with everything else
"""

from bench.api_timing import _paired, _summary

AS_OF = "2021-12-31"
CASES = (
    ("list page of 100", "/api/v1/ventures/?page_size=100&ordering=name", "as_of=" + AS_OF),
    ("list page of 100", "/api/v1/ventures/?page_size=100&ordering=name", "active_during=2019"),
    ("GeoJSON export (all)", "/api/v1/ventures/?format=geojson", "as_of=" + AS_OF),
    ("CSV export (all)", "/api/v1/ventures/?format=csv", "as_of=" + AS_OF),
    ("province counts", "/api/v1/provinces/", "as_of=" + AS_OF),
    ("stats (with the timeline)", "/api/v1/stats/", "as_of=" + AS_OF),
)


def _get(client, url):
    def get():
        code, body = client.get(url)
        assert code == 200, (url, code, body[:300])
        return body

    return get


def measure_time_filters(client, repeat: int = 15):
    """Print, per case: the plain request's median, the time-filtered one's, and their ratio. Exports
    are uncached on both sides (`as_of` is never cached: any day is a new entry)."""
    from django.test import override_settings

    print(f"{'time filter':44} {'plain ms':>9} {'filtered ms':>12} {'ratio':>6}")
    results = []
    with override_settings(EXPORT_CACHE_ENABLED=False):
        for name, url, parameter in CASES:
            joiner = "&" if "?" in url else "?"
            filtered_url = url + joiner + parameter
            plain_times, filtered_times = _paired(_get(client, url), _get(client, filtered_url), repeat)
            plain, filtered = _summary(plain_times)[0], _summary(filtered_times)[0]
            label = f"{name}, {parameter}"
            results.append((label, plain, filtered, filtered / plain))
            print(f"{label:44} {plain:9.1f} {filtered:12.1f} {filtered / plain:6.2f}x")
    return results
