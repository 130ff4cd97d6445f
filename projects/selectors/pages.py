"""Reads behind the HTML pages: the map's configuration, venture, province and partner pages.

Every venture shown or counted here comes from `visible_ventures`, so a draft never reaches a visitor
who may not see it.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from projects.formatting import (
    INTL_AMOUNT_OPTIONS,
    INTL_DATE_OPTIONS,
    format_precise_date,
    interface_language,
)
from projects.models import (
    Citation,
    CitationFact,
    Country,
    DatePrecision,
    LocationPrecision,
    Organization,
    Province,
    Sector,
    SourceSnapshot,
    Status,
    StatusEntry,
    Venture,
    VentureForm,
    VenturePartner,
)
from projects.models.evidence import DATE_PRECISION_LENGTHS, status_order
from projects.permissions import can_see_unpublished
from projects.selectors.filters import VentureFilterSet, unknown_parameter_errors
from projects.selectors.names import display_name, name_rule
from projects.selectors.ventures import visible_ventures, with_current_status

# The order statuses are drawn in: a venture's life from first report to its end.
STATUS_ORDER = [value for value, _label in Status.choices]


def provinces_for_map() -> list[dict]:
    """The 13 provinces with their names (`name`: in the page's language), label point and the polygon
    they are drawn in."""
    provinces = Province.objects.select_related("map_polygon").order_by("code")
    return [
        {
            "code": p.code,
            "name": display_name(p),
            "name_en": p.name_en,
            "name_ko": p.name_ko,
            "name_zh": p.name_zh,
            "kind": p.kind,
            "map_polygon": p.map_polygon.code if p.map_polygon_id else p.code,
            "label": [round(p.label_point.x, 5), round(p.label_point.y, 5)] if p.label_point else None,
        }
        for p in provinces
    ]


def map_page_config(*, user) -> dict:
    """What the map script needs besides the API: choices, provinces and the total it may see."""
    return {
        "total": visible_ventures(user=user).count(),
        "total_is_published_only": not can_see_unpublished(user),
        "provinces": provinces_for_map(),
        "sectors": Sector.choices,
        "statuses": Status.choices,
        "forms": VentureForm.choices,
        "countries": Country.choices,
        "precisions": LocationPrecision.choices,
        "date_precision_lengths": DATE_PRECISION_LENGTHS,
        # Names, dates and amounts in the page's language, by the same rules as the server's pages:
        # projects/selectors/names.py and projects/formatting.py (Intl options on the same CLDR data).
        "language": interface_language(),
        "name_rule": name_rule(),
        "date_formats": INTL_DATE_OPTIONS,
        "date_unknown": format_precise_date(None, DatePrecision.UNKNOWN),
        "amount_format": INTL_AMOUNT_OPTIONS,
    }


# The facts of a venture's own fields a citation may support, as the page footnotes them: form and
# arrangement rest on the sector's sources (one "sector and form" fact).
VENTURE_FACTS = (
    CitationFact.NAME,
    CitationFact.SECTOR,
    CitationFact.LOCATION,
    CitationFact.INVESTMENT,
    CitationFact.CONTRIBUTION,
    CitationFact.DESCRIPTION,
)


@dataclass
class VenturePage:
    venture: Venture
    statuses: list  # StatusEntry rows, newest first, each with its `footnotes` (numbers)
    citations: list  # Citation rows, each with `footnote` and (for editors) `copy`: the latest snapshot
    venture_sources: list  # footnote numbers of the general citations (the venture as a whole)
    partners: list  # VenturePartner rows, each with `footnotes` and `stake_footnotes`
    contributions: list
    is_editor: bool
    # {fact: footnote numbers} for the venture's own fields (VENTURE_FACTS): the citations supporting
    # that fact, else the general ones; never those of a status entry or a partner.
    fact_sources: dict = field(default_factory=dict)


def _numbers(citations) -> list[int]:
    return sorted({c.footnote for c in citations})


def venture_page(*, public_id: str, user) -> VenturePage:
    """A visible venture's page: its parts, each distinct source numbered as a footnote, and each
    fact footnoted with the sources supporting it (Citation.supports)."""
    venture = _venture_for_page(public_id=public_id, user=user)
    is_editor = can_see_unpublished(user)
    statuses = list(venture.status_entries.all())
    citations = list(venture.citations.all())
    partners = list(venture.partners.all())
    # Each distinct source gets one number, in the order it is first cited.
    footnotes: dict[int, int] = {}
    for citation in citations:
        footnotes.setdefault(citation.source_id, len(footnotes) + 1)
    for entry in statuses:
        footnotes.setdefault(entry.source_id, len(footnotes) + 1)
    by_fact: dict[str, list] = defaultdict(list)
    for citation in citations:
        citation.footnote = footnotes[citation.source_id]
        citation.copy = next(iter(citation.source.snapshots.all()), None) if is_editor else None
        by_fact[citation.supports].append(citation)
    general = _numbers(by_fact[CitationFact.GENERAL])
    for entry in statuses:
        entry.footnote = footnotes[entry.source_id]
        own = [c for c in by_fact[CitationFact.STATUS] if c.status_entry_id == entry.pk]
        entry.footnotes = sorted({entry.footnote, *_numbers(own)})
    for partner in partners:
        named = _numbers(c for c in by_fact[CitationFact.PARTNER] if c.partner_id == partner.pk)
        stake = _numbers(c for c in by_fact[CitationFact.STAKE] if c.partner_id == partner.pk)
        partner.footnotes = sorted({*named, *stake}) or general
        partner.stake_footnotes = stake or partner.footnotes
    return VenturePage(
        venture=venture,
        statuses=list(reversed(statuses)),
        citations=citations,
        venture_sources=general,
        partners=partners,
        contributions=list(venture.contributions.all()),
        is_editor=is_editor,
        fact_sources={fact.value: _numbers(by_fact[fact]) or general for fact in VENTURE_FACTS},
    )


def _venture_for_page(*, public_id: str, user) -> Venture:
    """One visible venture with everything its page shows; 404 when the user may not see it."""
    snapshots = SourceSnapshot.objects.only("id", "source_id", "retrieved_at", "final_url", "sha256")
    ventures = (
        with_current_status(visible_ventures(user=user))
        .select_related("province", "province__map_polygon", "place")
        .prefetch_related(
            Prefetch(
                "status_entries",
                queryset=StatusEntry.objects.select_related("source").order_by(*status_order()),
            ),
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("source", "status_entry", "partner__organization")
                .prefetch_related(Prefetch("source__snapshots", queryset=snapshots))
                .order_by("id"),
            ),
            Prefetch("partners", queryset=VenturePartner.objects.select_related("organization")),
            "contributions",
        )
    )
    try:
        return ventures.get(public_id=public_id)
    except Venture.DoesNotExist as exc:
        raise Http404(gettext("No such venture.")) from exc


@dataclass
class ProvincePage:
    province: Province
    ventures: list
    by_status: list  # [(value, label, n)]
    by_sector: list
    years: list = field(default_factory=list)  # [{"year": y, "total": n, "by_status": [(value, n)]}]
    folded_into: Province | None = None  # Nampo, Kaesong: drawn inside another polygon
    folded_here: list = field(default_factory=list)  # provinces drawn inside this polygon
    filters: list = field(default_factory=list)  # [(param, value)] applied, as in the API
    filter_errors: dict = field(default_factory=dict)  # {param: [message]} when a filter is not valid


def _ventures_list(qs: QuerySet[Venture]) -> QuerySet[Venture]:
    return (
        with_current_status(qs)
        .select_related("province", "place")
        .annotate(first_reported=Min("status_entries__date"))
        .order_by("name", "public_id")
    )


def _count_rows(counter: Counter, choices) -> list[tuple[str, str, int]]:
    return [(value, label, counter[value]) for value, label in choices if counter[value]]


def years_by_status(ventures) -> list[dict]:
    """Ventures by the year they were first reported, split by their current status (for the chart)."""
    per_year: dict[int, Counter] = defaultdict(Counter)
    for venture in ventures:
        if venture.first_reported is None:
            continue
        per_year[venture.first_reported.year][venture.current_status or "unknown"] += 1
    if not per_year:
        return []
    first, last = min(per_year), max(per_year)
    return [
        {
            "year": year,
            "total": sum(per_year[year].values()),
            "by_status": [(s, per_year[year][s]) for s in STATUS_ORDER if per_year[year][s]],
        }
        for year in range(first, last + 1)
    ]


# The province comes from the path; these are the map's own, not filters.
PAGE_ONLY_PARAMETERS = {"province", "ordering", "format", "page", "page_size"}


def filter_ventures(ventures: QuerySet[Venture], params, *, user) -> tuple[QuerySet[Venture], list, dict]:
    """Apply the map/API filters (the one VentureFilterSet) to visible ventures.

    Returns the filtered queryset, the (param, value) pairs applied, and the errors by parameter when
    a value is not allowed (then nothing is filtered, and the page says why), as the API would.
    """
    data = params.copy()
    for name in PAGE_ONLY_PARAMETERS:
        data.pop(name, None)
    unknown = unknown_parameter_errors(data, VentureFilterSet.base_filters)
    if unknown:
        return ventures.none(), [], unknown
    filterset = VentureFilterSet(data, queryset=with_current_status(ventures), user=user)
    if not filterset.is_valid():
        return ventures.none(), [], {name: list(errors) for name, errors in filterset.errors.items()}
    applied = [(name, value) for name in data for value in data.getlist(name) if value]
    return filterset.qs, applied, {}


def province_for_page(*, code: str, user, params=None) -> ProvincePage:
    try:
        province = Province.objects.select_related("map_polygon").get(code=code)
    except Province.DoesNotExist as exc:
        raise Http404(gettext("No such province.")) from exc
    ventures_qs = visible_ventures(user=user).filter(province=province)
    applied, errors = [], {}
    if params:
        ventures_qs, applied, errors = filter_ventures(ventures_qs, params, user=user)
    ventures = list(_ventures_list(ventures_qs))
    folded_here = list(Province.objects.filter(map_polygon=province).exclude(pk=province.pk).order_by("code"))
    return ProvincePage(
        province=province,
        ventures=ventures,
        by_status=_count_rows(Counter(v.current_status for v in ventures), Status.choices),
        by_sector=_count_rows(Counter(v.sector for v in ventures), Sector.choices),
        years=years_by_status(ventures),
        folded_into=province.map_polygon if province.map_polygon_id not in (None, province.pk) else None,
        folded_here=folded_here,
        filters=applied,
        filter_errors=errors,
    )


@dataclass
class PartnerPage:
    organization: Organization
    roles: list  # VenturePartner rows of visible ventures, with venture annotated
    by_province: list  # [(province, n)]


def partner_for_page(*, organization_id: int, user) -> PartnerPage:
    """An organization and its visible ventures. Partners only linked to hidden ventures are 404."""
    try:
        organization = Organization.objects.get(pk=organization_id)
    except Organization.DoesNotExist as exc:
        raise Http404(gettext("No such partner.")) from exc
    visible = _ventures_list(visible_ventures(user=user).filter(partners__organization=organization))
    ventures = {v.pk: v for v in visible}
    if not ventures and not can_see_unpublished(user):
        # Its only ventures are drafts: even the partner's page would hint at them.
        raise Http404(gettext("No such partner."))
    roles = list(
        VenturePartner.objects.filter(organization=organization, venture_id__in=list(ventures)).order_by(
            "venture__name", "role"
        )
    )
    for role in roles:
        role.visible_venture = ventures[role.venture_id]
    counts = (
        Province.objects.filter(ventures__in=list(ventures))
        .annotate(n=Count("ventures", distinct=True))
        .order_by("code")
    )
    return PartnerPage(organization=organization, roles=roles, by_province=[(p, p.n) for p in counts])
