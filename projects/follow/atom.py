"""/feeds/ventures.atom?<the map's query string>: the view's new published ventures and status entries.

Django's syndication framework with an Atom 1.0 generator that adds, per entry, a `rel="related"`
link to the source (its URL; a source not online is named by its citation in the summary). Bad
filters are a 400 in plain text naming each parameter (a feed reader shows the status, a person the
text), never an XML 500. Conditional like the exports (projects/api/caching.py): a weak ETag of the
body and Last-Modified, `max-age=0, must-revalidate`, private for signed-in visitors.
"""

import datetime
import hashlib

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from projects.selectors.follow import (
    FEED_MAX_ENTRIES,
    InvalidView,
    describe_view,
    entry_summary,
    entry_title,
    followed_entries,
    followed_view,
    source_label,
)

# The start of the tag URIs of this site's feeds and entries (RFC 4151): stable across renames of
# the paths, and the same over http and https.
TAG_DATE = "2026"
# An empty feed has no newest entry: its `updated` is this fixed time, so its body (and ETag) stays.
EMPTY_FEED_UPDATED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


class VenturesAtomFeed(Atom1Feed):
    def latest_post_date(self):
        if not self.items:
            return EMPTY_FEED_UPDATED
        return super().latest_post_date()

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        source_url = item.get("source_url")
        if source_url:
            attrs = {"rel": "related", "href": source_url}
            if item.get("source_title"):
                attrs["title"] = item["source_title"]
            handler.addQuickElement("link", "", attrs)


def _query_suffix(query: str) -> str:
    return f"?{query}" if query else ""


def _tag(request, specific: str) -> str:
    host = request.get_host()
    if not host.endswith("]"):  # not a bare IPv6 literal: drop the port
        host = host.rsplit(":", 1)[0]
    return f"tag:{host},{TAG_DATE}:{specific}"


class VenturesFeed(Feed):
    feed_type = VenturesAtomFeed

    def __call__(self, request, *args, **kwargs):
        try:
            response = super().__call__(request, *args, **kwargs)
        except InvalidView as invalid:
            lines = [_("This feed cannot be made: the filters are not valid.")]
            lines += [f"{name}: {' '.join(errors)}" for name, errors in sorted(invalid.errors.items())]
            return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")
        response["ETag"] = f'W/"{hashlib.sha256(response.content).hexdigest()[:40]}"'
        if request.user and request.user.is_authenticated:
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        else:
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        patch_vary_headers(response, ("Cookie", "Authorization"))
        conditional = get_conditional_response(
            request, etag=response["ETag"], last_modified=None, response=response
        )
        return conditional

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return followed_view(request.GET)

    def title(self, view):
        return _("jvtracker: new ventures and status changes in “%(view)s”") % {"view": describe_view(view)}

    def subtitle(self, view):
        return _(
            "New published North Korea–China joint ventures and new status entries matching the map's "
            "filters, newest first (at most %(n)d)."
        ) % {"n": FEED_MAX_ENTRIES}

    def link(self, view):
        return reverse("projects:map") + _query_suffix(view.query)

    def feed_url(self, view):
        return reverse("projects:feed-ventures") + _query_suffix(view.query)

    def feed_guid(self, view):
        return _tag(self.request, "feeds/ventures" + _query_suffix(view.query))

    author_name = "jvtracker"

    def items(self, view):
        return followed_entries(view, limit=FEED_MAX_ENTRIES)

    def item_title(self, entry):
        return entry_title(entry)

    def item_link(self, entry):
        return reverse("projects:venture-detail", args=[entry.venture.public_id])

    def item_guid(self, entry):
        return _tag(self.request, entry.key)

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.public_at

    def item_updateddate(self, entry):
        return entry.public_at

    def item_description(self, entry):
        """HTML (Atom `summary type="html"`): every value escaped by format_html."""
        lines = [format_html("<p>{}</p>", entry_summary(entry))]
        if entry.status_entry is not None and entry.status_entry.note:
            lines.append(format_html("<p>{}</p>", entry.status_entry.note))
        source = entry.source
        if source:
            label = source_label(source)
            if source.get("url"):
                lines.append(format_html('<p>{} <a href="{}">{}</a></p>', _("Source:"), source["url"], label))
            else:
                lines.append(format_html("<p>{} {}</p>", _("Source (not online):"), label))
        return format_html_join("", "{}", ((line,) for line in lines))

    def item_extra_kwargs(self, entry):
        source = entry.source or {}
        return {"source_url": source.get("url") or "", "source_title": source_label(source)}


@require_safe
def ventures_feed(request):
    # A feed object per request: it keeps the request (for the tag URIs' host name) on itself.
    return VenturesFeed()(request)
