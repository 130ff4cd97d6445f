"""Which ventures use a shared record: a partner (Organization), a source (SourceArticle) or a Place.

A record that a published venture uses is published content: the public reads its name, URL or
place on the venture's page, the map and the exports. This is the one place that decides it.
"""

from django.db.models import Q, QuerySet

from . import (
    Citation,
    Organization,
    Place,
    PublicationState,
    SourceArticle,
    StatusEntry,
    Venture,
    VenturePartner,
)

SHARED_RECORD_MODELS = (Organization, SourceArticle, Place)


def ventures_using(record) -> QuerySet[Venture]:
    """Every venture (any publication state) that shows the record."""
    if record.pk is None:
        return Venture.objects.none()
    if isinstance(record, Organization):
        return Venture.objects.filter(
            pk__in=VenturePartner.objects.filter(organization=record).values("venture")
        )
    if isinstance(record, SourceArticle):
        return Venture.objects.filter(
            Q(pk__in=Citation.objects.filter(source=record).values("venture"))
            | Q(pk__in=StatusEntry.objects.filter(source=record).values("venture"))
        )
    if isinstance(record, Place):
        return Venture.objects.filter(place=record)
    raise TypeError(f"{type(record).__name__} is not a record ventures share")


def published_ventures_using(record) -> QuerySet[Venture]:
    return ventures_using(record).filter(publication_state=PublicationState.PUBLISHED)


def is_published_content(record) -> bool:
    """True when a published venture shows the record, so changing it changes what the public sees."""
    return published_ventures_using(record).exists()


def describe_ventures(ventures: QuerySet[Venture], *, limit: int = 5) -> str:
    """'JV-0001 Musan mine, JV-0002 … and 3 more': for messages that name the ventures concerned."""
    named = list(ventures.order_by("public_id").values_list("public_id", "name")[: limit + 1])
    text = ", ".join(f"{public_id} {name}" for public_id, name in named[:limit])
    if len(named) > limit:
        text += f" and {ventures.count() - limit} more"
    return text
