"""What a view of the map follows: the ventures and status entries that became public in it.

A view is a filter state of the map (its query string), judged by the one VentureFilterSet against
what the public sees (`visible_ventures` for an anonymous visitor): a feed or a digest never shows
a draft, nor a status entry of one, whoever asks. It holds

- each matching published venture, as of its publication (`published_at`), and
- each status entry of a matching venture recorded later than PUBLICATION_FOLD after the venture's
  publication (`created_at`): publishing a venture with its history is one change, told once by the
  venture's own entry; a step added afterwards is a change of its own.

A status entry "matches" when its venture does (the FilterSet filters ventures, e.g. by current status).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Max, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import Frequency, Status, StatusEntry, Subscription, Venture
from projects.selectors.filters import VentureFilterSet, unknown_parameter_errors
from projects.selectors.venture_rows import sources_by_venture
from projects.selectors.ventures import visible_ventures, with_current_status

FEED_MAX_ENTRIES = 50
PUBLICATION_FOLD = datetime.timedelta(minutes=10)
# A feed is in the order things became public; the list's sort order means nothing to it.
NOT_FOR_FEEDS = {
    "ordering": gettext_lazy("A feed is ordered by when each change became public: leave ordering out.")
}
DIGEST_PERIODS = {Frequency.DAILY: datetime.timedelta(days=1), Frequency.WEEKLY: datetime.timedelta(days=7)}


class InvalidView(Exception):
    """The filters cannot be followed: `errors` is {parameter: [message]}, as the API's 400 says."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class FollowedView:
    query: str  # the filters, normalised: one spelling per view
    filterset: VentureFilterSet

    @property
    def ventures(self) -> QuerySet[Venture]:
        return self.filterset.qs


@dataclass
class FollowEntry:
    public_at: datetime.datetime
    venture: Venture
    status_entry: StatusEntry | None  # None: the venture's publication
    source: dict | None  # url, title, publisher, published_on, citation

    @property
    def key(self) -> str:
        """Stable over time: the same change always has the same key (a feed entry's id)."""
        if self.status_entry is not None:
            return f"status-entry:{self.status_entry.pk}"
        return f"venture:{self.venture.public_id}:{self.public_at.timestamp():.0f}"


def _public():
    return AnonymousUser()


def followed_view(params) -> FollowedView:
    """The view named by `params` (a QueryDict), or InvalidView naming each bad parameter."""
    data = params.copy()
    errors = {name: [str(message)] for name, message in NOT_FOR_FEEDS.items() if name in data}
    allowed = set(VentureFilterSet.base_filters) - set(NOT_FOR_FEEDS)
    errors.update(unknown_parameter_errors(set(data) - set(NOT_FOR_FEEDS), allowed))
    if errors:
        raise InvalidView(errors)
    queryset = with_current_status(visible_ventures(user=_public()))
    filterset = VentureFilterSet(data, queryset=queryset, user=_public())
    if not filterset.is_valid():
        raise InvalidView({name: [str(e) for e in errs] for name, errs in filterset.errors.items()})
    return FollowedView(query=normalised_query(filterset.form.cleaned_data), filterset=filterset)


def _normal_text(value) -> str:
    if hasattr(value, "pk"):  # a model instance (partner organizations)
        return str(value.pk)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def normalised_query(cleaned_data) -> str:
    """The filters in effect as a query string in one canonical spelling: empty ones left out,
    repeated values (ORed) sorted and deduplicated, a bounding box as its four numbers."""
    query = QueryDict(mutable=True)
    for name in sorted(cleaned_data):
        value = cleaned_data[name]
        if value is None or value == "" or (hasattr(value, "__len__") and len(value) == 0):
            continue
        if isinstance(value, tuple):  # a bounding box: its numbers, in their order
            query[name] = ",".join(_normal_text(item) for item in value)
        elif isinstance(value, (list, set, frozenset)) or hasattr(value, "model"):
            for text in sorted({_normal_text(item) for item in value}):
                query.appendlist(name, text)
        else:
            text = _normal_text(value)
            if text:
                query[name] = text
    return query.urlencode()


def describe_view(view: FollowedView) -> str:
    """The view in words, e.g. “sector: Mine, Farm; province: KP-03” (“all published ventures”)."""
    parts = []
    params = QueryDict(view.query)
    for name in params:
        field = view.filterset.form.fields.get(name)
        labels = dict(getattr(field, "choices", ()) or ())
        values = [str(labels.get(value, value)) for value in params.getlist(name)]
        parts.append(f"{name}: {', '.join(values)}")
    return "; ".join(parts) if parts else _("all published ventures")


def _new_ventures(view: FollowedView, since):
    ventures = view.ventures.filter(published_at__isnull=False)
    return ventures.filter(published_at__gt=since) if since is not None else ventures


def _new_status_entries(view: FollowedView, since):
    entries = StatusEntry.objects.filter(
        venture__in=view.ventures.order_by().values("pk"),
        venture__published_at__isnull=False,
        created_at__gt=F("venture__published_at") + PUBLICATION_FOLD,
    )
    return entries.filter(created_at__gt=since) if since is not None else entries


def followed_entries(view: FollowedView, *, since=None, limit: int = FEED_MAX_ENTRIES) -> list[FollowEntry]:
    """The latest `limit` changes of the view (after `since` if given), newest first."""
    # The newest ids first (no current-status columns computed for every match), then those rows.
    newest = _new_ventures(view, since).order_by("-published_at", "-pk").values_list("pk", flat=True)
    ids = list(newest[:limit])
    rows = with_current_status(Venture.objects.filter(pk__in=ids)).select_related("province")
    ventures = sorted(rows, key=lambda venture: (venture.published_at, venture.pk), reverse=True)
    statuses = list(
        _new_status_entries(view, since)
        .select_related("venture__province", "source")
        .order_by("-created_at", "-pk")[:limit]
    )
    latest_sources = sources_by_venture(Venture.objects.filter(pk__in=ids), ids)
    entries = [
        FollowEntry(venture.published_at, venture, None, latest_sources.get(venture.pk, (0, None))[1])
        for venture in ventures
    ]
    for entry in statuses:
        source = entry.source
        entries.append(
            FollowEntry(
                entry.created_at,
                entry.venture,
                entry,
                {
                    "url": source.url,
                    "title": source.title,
                    "publisher": source.publisher,
                    "published_on": source.published_on,
                    "citation": source.citation,
                },
            )
        )
    entries.sort(key=lambda e: (e.public_at, e.status_entry is not None, e.key), reverse=True)
    return entries[:limit]


@dataclass
class ViewChanges:
    entries: list[FollowEntry]  # the newest, at most the limit
    total: int  # how many changes there are in all
    latest_at: datetime.datetime | None  # when the newest became public


def changes_since(
    view: FollowedView, since: datetime.datetime, *, limit: int = FEED_MAX_ENTRIES
) -> ViewChanges:
    """What became public in the view after `since` (a digest's watermark)."""
    ventures, statuses = _new_ventures(view, since), _new_status_entries(view, since)
    total = ventures.count() + statuses.count()
    if not total:
        return ViewChanges(entries=[], total=0, latest_at=None)
    latest = [
        ventures.aggregate(latest=Max("published_at"))["latest"],
        statuses.aggregate(latest=Max("created_at"))["latest"],
    ]
    return ViewChanges(
        entries=followed_entries(view, since=since, limit=limit),
        total=total,
        latest_at=max(time for time in latest if time is not None),
    )


def subscription_is_due(subscription: Subscription, *, now, slack=datetime.timedelta(0)) -> bool:
    """Never sent, or last sent a period ago (less `slack`, the beat's interval, so that a daily digest
    does not drift by an interval every day)."""
    if subscription.last_sent_at is None:
        return True
    return subscription.last_sent_at <= now - DIGEST_PERIODS[subscription.frequency] + slack


def due_subscription_ids(*, now=None, slack=datetime.timedelta(0)) -> list[int]:
    now = now or timezone.now()
    ids = []
    for frequency, period in DIGEST_PERIODS.items():
        rows = Subscription.objects.filter(frequency=frequency, user__is_active=True).exclude(user__email="")
        rows = rows.exclude(last_sent_at__gt=now - period + slack)
        ids.extend(rows.order_by("pk").values_list("pk", flat=True))
    return sorted(ids)


def user_subscriptions(user) -> list[Subscription]:
    return list(Subscription.objects.filter(user=user).order_by("created_at", "pk"))


def entry_title(entry: FollowEntry) -> str:
    """“New venture: X” or “X: Operating (2025-09)”, for a feed entry and a digest line alike."""
    venture = entry.venture
    if entry.status_entry is None:
        return _("New venture: %(name)s") % {"name": venture.name}
    step = entry.status_entry
    return _("%(name)s: %(status)s (%(date)s)") % {
        "name": venture.name,
        "status": step.get_status_display(),
        "date": step.display_date or _("date unknown"),
    }


def entry_summary(entry: FollowEntry) -> str:
    """The venture in one line: sector, province and current status."""
    venture = entry.venture
    province = venture.province.name_en if venture.province_id else _("province not known")
    parts = [venture.get_sector_display(), province]
    if entry.status_entry is None and getattr(venture, "current_status", None):
        labels = dict(Status.choices)
        parts.append(_("status: %(status)s") % {"status": labels.get(venture.current_status, "")})
    return " · ".join(str(part) for part in parts)


def source_label(source: dict | None) -> str:
    """The source as a reader would cite it: title (or the citation of one not online), publisher, date."""
    if not source:
        return ""
    parts = [source.get("title") or source.get("citation") or source.get("url") or ""]
    if source.get("publisher"):
        parts.append(source["publisher"])
    if source.get("published_on"):
        parts.append(source["published_on"].isoformat())
    return ", ".join(part for part in parts if part)
