from .corrections import Correction, CorrectionField, CorrectionState
from .evidence import Citation, CitationFact, DatePrecision, Status, StatusEntry
from .exports import VentureExportFragment
from .geo import Place, PlaceKind, Province, ProvinceKind
from .imports import ImportKind, ImportLayout, ImportLog
from .intake import Feed, FeedItem, SourceSuggestions, TriageArticle, TriageState
from .releases import Release
from .sanctions import MeasureKind, SanctionsMeasure
from .sources import FetchStatus, LinkStatus, Reliability, SourceArticle, SourceSnapshot, SourceType
from .subscriptions import Frequency, Subscription
from .ventures import (
    Arrangement,
    Contribution,
    ContributionKind,
    ContributionSide,
    Country,
    LocationPrecision,
    Organization,
    OrganizationKind,
    PartnerRole,
    PublicationState,
    PublicIdSequence,
    ReviewState,
    Sector,
    Venture,
    VentureForm,
    VenturePartner,
)

__all__ = [
    "Arrangement",
    "Citation",
    "CitationFact",
    "Contribution",
    "ContributionKind",
    "ContributionSide",
    "Correction",
    "CorrectionField",
    "CorrectionState",
    "Country",
    "DatePrecision",
    "Feed",
    "FeedItem",
    "FetchStatus",
    "Frequency",
    "ImportKind",
    "ImportLayout",
    "ImportLog",
    "LinkStatus",
    "LocationPrecision",
    "MeasureKind",
    "Organization",
    "OrganizationKind",
    "PartnerRole",
    "Place",
    "PlaceKind",
    "Province",
    "ProvinceKind",
    "PublicIdSequence",
    "PublicationState",
    "Release",
    "Reliability",
    "ReviewState",
    "SanctionsMeasure",
    "Sector",
    "SourceArticle",
    "SourceSnapshot",
    "SourceSuggestions",
    "SourceType",
    "Status",
    "StatusEntry",
    "Subscription",
    "TriageArticle",
    "TriageState",
    "Venture",
    "VentureExportFragment",
    "VentureForm",
    "VenturePartner",
]
