"""Triage of the pre-read's proposed ventures: an editor's confirmed proposal becomes a cited draft,
or the article is attached to an existing venture (with the new status it reports).

The proposal comes from the pre-read (projects.ingest.preread, `SourceSuggestions.data["ventures"]`),
edited by the editor on the triage page. Every fact that comes with a sentence is cited to the article
with that sentence as quote and says which fact it supports (Citation.supports), so the venture page
footnotes each fact with its own source. Nothing here publishes: a draft is created as a draft.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects.models import (
    CitationFact,
    LocationPrecision,
    Organization,
    OrganizationKind,
    Place,
    Province,
    PublicationState,
    SourceArticle,
    StatusEntry,
    Venture,
)
from projects.models.evidence import precise_date
from projects.services.records import shared_record_save
from projects.services.ventures import (
    citation_create,
    contribution_add,
    partner_add,
    status_entry_create,
    venture_create,
)


@dataclass
class ProposedPartner:
    """A partner as confirmed by the editor: an existing organization, or a new one to create."""

    role: str
    organization: Organization | None = None  # None: create one from name/country/kind
    name: str = ""
    country: str = ""
    kind: str = OrganizationKind.OTHER
    stake_percent: Decimal | None = None
    sentence: str = ""


@dataclass
class ProposedStatus:
    status: str
    date: object  # datetime.date | None
    date_precision: str
    sentence: str = ""
    note: str = ""


@dataclass
class ProposedContribution:
    side: str
    kind: str
    sentence: str = ""


@dataclass
class Proposal:
    """A proposed venture with typed values (what the triage card's forms clean to)."""

    name: str
    sector: str
    province: Province | None
    form: str = ""
    arrangement: str = ""
    place: Place | None = None
    location_precision: str = LocationPrecision.PROVINCE
    investment_amount: Decimal | None = None
    investment_currency: str = ""
    partners: list[ProposedPartner] = field(default_factory=list)
    contributions: list[ProposedContribution] = field(default_factory=list)
    status: ProposedStatus | None = None
    # The sentence behind each of the venture's own facts (CitationFact value -> sentence).
    sentences: dict[str, str] = field(default_factory=dict)


POINT_PRECISIONS = (LocationPrecision.EXACT, LocationPrecision.APPROXIMATE, LocationPrecision.COUNTY)


def _location_fields(proposal: Proposal) -> dict:
    """A point only from a gazetteer place that has one, never invented: without a point the precision
    is at most the county (of a place) or the province; without a province, "not known"."""
    if proposal.province is None:
        return {"location": None, "location_precision": LocationPrecision.UNKNOWN, "location_note": ""}
    place, precision = proposal.place, proposal.location_precision
    if precision == LocationPrecision.UNKNOWN:
        precision = LocationPrecision.PROVINCE
    if place is not None and place.point is not None and precision in POINT_PRECISIONS:
        return {
            "location": place.point,
            "location_precision": precision,
            "location_note": f"Point of the gazetteer entry {place.name_en}: {place.coordinate_source}",
        }
    if precision in POINT_PRECISIONS:
        precision = LocationPrecision.COUNTY if place is not None else LocationPrecision.PROVINCE
    return {"location": None, "location_precision": precision, "location_note": ""}


def _organization_for(partner: ProposedPartner, *, user) -> Organization:
    if partner.organization is not None:
        return partner.organization
    if not partner.name.strip():
        raise ValidationError({"partners": _("A new partner needs a name.")})
    return shared_record_save(
        record=Organization(name=partner.name.strip(), country=partner.country, kind=partner.kind), user=user
    )


class _Citer:
    """Cites the article once per (fact, part, quote) on one venture."""

    def __init__(self, *, venture: Venture, source: SourceArticle, user):
        self.venture, self.source, self.user = venture, source, user
        self.seen: set = set()
        self.made: list = []

    def cite(self, fact: str, sentence: str, **part):
        sentence = (sentence or "").strip()
        key = (fact, tuple(sorted((k, getattr(v, "pk", v)) for k, v in part.items())), sentence)
        if key in self.seen:
            return
        self.seen.add(key)
        self.made.append(
            citation_create(
                venture=self.venture,
                source=self.source,
                supports=fact,
                quote=sentence,
                user=self.user,
                **part,
            )
        )


@transaction.atomic
def proposal_create_draft(*, source: SourceArticle, proposal: Proposal, user=None) -> Venture:
    """Create, in one transaction, a *draft* venture from a confirmed proposal: the venture, its
    partners (and the new organizations), contributions, the status entry and one citation of the
    article per fact, quoting the sentence behind it. Any invalid part undoes the whole."""
    venture = venture_create(
        user=user,
        publication_state=PublicationState.DRAFT,
        name=proposal.name,
        sector=proposal.sector,
        form=proposal.form,
        arrangement=proposal.arrangement,
        province=proposal.province,
        place=proposal.place,
        investment_amount=proposal.investment_amount,
        investment_currency=proposal.investment_currency if proposal.investment_amount is not None else "",
        description=f"Drafted from the article “{source.title or source.url}”.",
        **_location_fields(proposal),
    )
    citer = _Citer(venture=venture, source=source, user=user)
    for fact in (CitationFact.NAME, CitationFact.SECTOR, CitationFact.LOCATION):
        if proposal.sentences.get(fact):
            citer.cite(fact, proposal.sentences[fact])
    if proposal.investment_amount is not None and proposal.sentences.get(CitationFact.INVESTMENT):
        citer.cite(CitationFact.INVESTMENT, proposal.sentences[CitationFact.INVESTMENT])
    for proposed in proposal.partners:
        partner = partner_add(
            venture=venture,
            user=user,
            organization=_organization_for(proposed, user=user),
            role=proposed.role,
            stake_percent=proposed.stake_percent,
        )
        if proposed.sentence:
            fact = CitationFact.PARTNER if proposed.stake_percent is None else CitationFact.STAKE
            citer.cite(fact, proposed.sentence, partner=partner)
    added = set()
    for proposed in proposal.contributions:
        if (proposed.side, proposed.kind) not in added:  # one contribution of a kind per side
            added.add((proposed.side, proposed.kind))
            contribution_add(venture=venture, user=user, side=proposed.side, kind=proposed.kind)
        if proposed.sentence:
            citer.cite(CitationFact.CONTRIBUTION, proposed.sentence)
    if proposal.status is not None:
        _add_status(venture=venture, source=source, status=proposal.status, citer=citer)
    if not citer.made:
        citer.cite(CitationFact.GENERAL, "")
    venture.refresh_from_db()
    return venture


def _add_status(*, venture: Venture, source: SourceArticle, status: ProposedStatus, citer: _Citer):
    entry = status_entry_create(
        venture=venture,
        user=citer.user,
        status=status.status,
        date=status.date,
        date_precision=status.date_precision,
        source=source,
        note=status.note,
    )
    citer.cite(CitationFact.STATUS, status.sentence, status_entry=entry)
    return entry


def _reports_known_status(venture: Venture, status: ProposedStatus) -> bool:
    """Whether the venture already has this step: same status, on the same date as far as both
    dates are known (a step of 2025-10 is the one of 2025-10-14)."""
    if status.date is None:
        return StatusEntry.objects.filter(venture=venture, status=status.status).exists()
    proposed = precise_date(status.date, status.date_precision)
    for entry in StatusEntry.objects.filter(venture=venture, status=status.status):
        known = entry.display_date
        length = min(len(known), len(proposed))
        if not known or known[:length] == proposed[:length]:
            return True
    return False


@dataclass
class Attached:
    citations: list
    status_entry: StatusEntry | None


@transaction.atomic
def proposal_attach(
    *,
    source: SourceArticle,
    venture: Venture,
    quote: str = "",
    status: ProposedStatus | None = None,
    user=None,
) -> Attached:
    """Cite the article on an existing venture; when it reports a status the venture does not have
    yet, add that status entry, cited with its sentence. An editor may do so on drafts only."""
    citer = _Citer(venture=venture, source=source, user=user)
    if not venture.citations.filter(source=source, supports=CitationFact.GENERAL).exists():
        citer.cite(CitationFact.GENERAL, quote)
    entry = None
    if status is not None and not _reports_known_status(venture, status):
        entry = _add_status(venture=venture, source=source, status=status, citer=citer)
    if not citer.made:
        raise ValidationError(_("This article is already cited on this venture, and reports no new status."))
    return Attached(citations=citer.made, status_entry=entry)
