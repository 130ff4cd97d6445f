"""Pure helpers for the security settings (importable from settings: no Django imports)."""

from urllib.parse import urlsplit


def tile_source(tiles_url: str) -> str | None:
    """The CSP source expression for a Leaflet tile URL template (`{s}` subdomains become `*`)."""
    if not tiles_url:
        return None
    parts = urlsplit(tiles_url)
    if not parts.scheme or not parts.netloc:
        return None  # relative URL: served by the site itself, covered by 'self'
    host = parts.netloc
    while "{" in host and "}" in host:
        start = host.index("{")
        host = host[:start] + "*" + host[host.index("}", start) + 1 :]
    return f"{parts.scheme}://{host}"
