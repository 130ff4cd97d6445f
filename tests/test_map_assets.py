"""The map's front end: its scripts, the Leaflet it is written for, and one home for its settings."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import make_venture

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static" / "jvtracker"
SCRIPT_SRC = re.compile(r'<script src="([^"]+)"></script>')


def _json_block(html: str, element_id: str) -> dict:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def _expected_view() -> dict:
    return {
        "bounds": [list(corner) for corner in settings.MAP_BOUNDS],
        "min_zoom": settings.MAP_MIN_ZOOM,
        "max_zoom": settings.MAP_MAX_ZOOM,
        "venture_zoom": settings.MAP_VENTURE_ZOOM,
    }


def _static_body(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content).decode() if response.streaming else response.text


def test_the_served_leaflet_is_the_release_the_symbol_layer_is_written_for():
    # symbols.js draws through Leaflet's private canvas fields: a new Leaflet must be a deliberate
    # change of django-leaflet's exact pin, and of LEAFLET_VERSION with it.
    pinned = re.search(r'var LEAFLET_VERSION = "([0-9.]+)";', (STATIC / "symbols.js").read_text()).group(1)
    client = Client()
    for url in ("/static/leaflet/leaflet.js", "/static/leaflet/leaflet-src.js"):  # DEBUG serves -src
        body = _static_body(client, url)
        assert f"Leaflet {pinned}," in body[:300], url
        assert re.search(r'version\s*=\s*"([0-9.]+)"', body).group(1) == pinned, url
    requirements = (ROOT / "requirements.txt").read_text()
    assert re.search(r"^django-leaflet==[0-9.]+$", requirements, re.M)


@pytest.mark.django_db
def test_the_map_page_loads_its_modules_in_order_and_each_is_served(client, geo):
    html = client.get("/").text
    scripts = [src for src in SCRIPT_SRC.findall(html) if src.startswith("/static/jvtracker/")]

    assert scripts == [
        f"/static/jvtracker/{name}.js"
        for name in (
            "dom",
            "symbols",
            "map-state",
            "map-layers",
            "map-clusters",
            "map-popups",
            "map-list",
            "map-time",
            "map-data",
            "map",
        )
    ]
    assert html.index("/static/leaflet/leaflet.js") < html.index(scripts[0])
    for src in scripts:
        assert client.get(src).status_code == 200, src


@pytest.mark.django_db
def test_both_maps_take_bounds_zooms_and_attribution_from_the_settings(client, geo):
    venture = make_venture(name="Musan Mine")
    map_config = _json_block(client.get("/").text, "map-config")
    small_map = _json_block(client.get(f"/ventures/{venture.public_id}/").text, "small-map-config")

    for config in (map_config, small_map):
        assert config["view"] == _expected_view()
        assert config["data_attribution"] == settings.DATA_ATTRIBUTION
        assert "Natural Earth" in config["data_attribution"]
    # The admin's map widget (django-leaflet) reads the same values.
    leaflet = settings.LEAFLET_CONFIG
    assert (leaflet["MIN_ZOOM"], leaflet["MAX_ZOOM"]) == (settings.MAP_MIN_ZOOM, settings.MAP_MAX_ZOOM)
    assert leaflet["ATTRIBUTION_PREFIX"] == settings.DATA_ATTRIBUTION
    (south, west), (north, east) = settings.MAP_BOUNDS
    assert south < leaflet["DEFAULT_CENTER"][0] < north and west < leaflet["DEFAULT_CENTER"][1] < east


def test_no_script_keeps_its_own_copy_of_the_map_settings_or_the_date_formats():
    scripts = {path.name: path.read_text() for path in STATIC.glob("*.js")}
    south, west = settings.MAP_BOUNDS[0]

    for name, source in scripts.items():
        assert "naturalearthdata" not in source, name
        assert str(west) not in source and str(south) not in source, name
        assert "minZoom: 4" not in source and "maxZoom: 1" not in source, name
    # One canvas painter for every symbol; the old per-page marker class is gone.
    assert [name for name, source in scripts.items() if "function paintSymbol" in source] == ["symbols.js"]
    assert not [
        name for name, source in scripts.items() if "ShapeMarker" in source or "markerOptions" in source
    ]
    # The date-precision formats live in one module, which takes the lengths from the page's config
    # (the rule's one home is projects.models.DATE_PRECISION_LENGTHS), and one venture's zoom too.
    assert [name for name, source in scripts.items() if "function preciseDate" in source] == ["dom.js"]
    for name, source in scripts.items():
        assert not re.search(r"year\W+4|month\W+7", source), name
        assert not re.search(r"setView\([^;]*, \d+[,)]|getZoom\(\), \d+\)", source), name
    # map.js hands the page's config (lengths, language, date formats) to that module in one call.
    assert "jv.format.useLanguage(config)" in scripts["map.js"]
    assert "useDatePrecisionLengths(config.date_precision_lengths)" in scripts["dom.js"]


def test_the_pages_hand_the_scripts_the_rules(client, geo):

    from projects.models.evidence import DATE_PRECISION_LENGTHS

    page = client.get("/")
    config = json.loads(re.search(rb'id="map-config"[^>]*>(.*?)</script>', page.content, re.S).group(1))
    assert config["date_precision_lengths"] == DATE_PRECISION_LENGTHS
    assert config["view"]["venture_zoom"] == settings.MAP_VENTURE_ZOOM
    assert config["data_attribution"] == settings.DATA_ATTRIBUTION


def test_every_script_stays_small():
    sizes = {path.name: len(path.read_text().splitlines()) for path in STATIC.glob("*.js")}

    assert max(sizes.values()) < 300, sizes


@pytest.mark.django_db
def test_supercluster_comes_from_npm_pinned_and_is_served_before_the_map_scripts(client, geo):
    """Installed by `npm ci` (make venv) from package-lock.json, served from node_modules, not copied."""
    root = ROOT
    pinned = json.loads((root / "package.json").read_text())["dependencies"]["supercluster"]
    locked = json.loads((root / "package-lock.json").read_text())["packages"]["node_modules/supercluster"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned) and locked["version"] == pinned
    assert locked["integrity"].startswith("sha512-")
    assert not list((root / "static").rglob("supercluster*"))  # never copied into the repository
    html = client.get("/").text
    src = "/static/vendor/supercluster/supercluster.min.js"
    assert html.index(src) < html.index("/static/jvtracker/map-clusters.js")
    assert client.get(src).status_code == 200
