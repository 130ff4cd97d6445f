"""Merging duplicates: ventures, organizations (partners) and sources.

Nothing is lost: every citation, partner, contribution, status entry and snapshot of the merged-away
record moves to the survivor (each move is a history entry with its author), the merged record's
names join the survivor's other names, and the merged record's history stays readable:

- a merged **venture** stays as a hidden row (`merged_into` the survivor, unpublished if it was
  published, so API syncs get its tombstone); its public id redirects to the survivor's page and API
  detail, and its own history page keeps working;
- a merged **organization** or **source** is deleted once empty; django-simple-history keeps its
  records, so /admin/projects/<model>/<old id>/history/ still shows them.
Each side's history entry says what was merged into what (its change reason).

Where the survivor already has the same part (a partner with the same organization and role, a
contribution of the same side and kind, a snapshot with the same content), the survivor's copy is kept,
the merged copy's citations are pointed at it, and the merged copy's note is added to it.
Merging takes a reviewer: it changes what published ventures show.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import (
    Citation,
    Contribution,
    FeedItem,
    Organization,
    PublicationState,
    SourceArticle,
    SourceSnapshot,
    SourceSuggestions,
    StatusEntry,
    Venture,
    VenturePartner,
)
from projects.models.names import split_names
from projects.permissions import can_publish

from .ventures import _touch


def _require_reviewer(user):
    if user is not None and not can_publish(user):
        raise PermissionDenied(
            _("Only reviewers merge records: merging changes what published ventures show.")
        )


def _refuse_same(survivor, merged):
    if survivor.pk == merged.pk:
        raise ValidationError(_("Choose two different records to merge."))


def _with_names(other_names: str, *names: str, exclude=()) -> str:
    """`other_names` ("|"-separated) plus every name not already there nor in `exclude`."""
    kept = split_names(other_names)
    seen = {n.casefold() for n in [*kept, *exclude] if n}
    for value in names:
        for name in split_names(value or ""):
            if name.casefold() not in seen:
                kept.append(name)
                seen.add(name.casefold())
    return "|".join(kept)


def _joined(text: str, addition: str) -> str:
    addition = (addition or "").strip()
    if not addition or addition in (text or ""):
        return text
    return f"{text.rstrip()}\n{addition}" if text else addition


def _save(instance, user, reason=""):
    instance.full_clean()
    instance._history_user = user
    if reason:
        instance._change_reason = reason  # django-simple-history's history_change_reason
    instance.save()


def _delete(instance, user, reason=""):
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    instance.delete()


def _move_partner(partner: VenturePartner, *, user, venture=None, organization=None):
    """Give the partner row a new venture or organization, or fold it into the same row there."""
    venture_id = venture.pk if venture else partner.venture_id
    organization_id = organization.pk if organization else partner.organization_id
    twin = (
        VenturePartner.objects.filter(
            venture_id=venture_id, organization_id=organization_id, role=partner.role
        )
        .exclude(pk=partner.pk)
        .first()
    )
    if twin is None:
        if venture:
            partner.venture = venture
        if organization:
            partner.organization = organization
        _save(partner, user)
        return partner
    if twin.stake_percent is None and partner.stake_percent is not None:
        twin.stake_percent = partner.stake_percent
    twin.note = _joined(twin.note, partner.note)[:500]
    _save(twin, user)
    for citation in Citation.objects.filter(partner=partner):
        citation.partner = twin
        _save(citation, user)
    _delete(partner, user)
    return twin


@transaction.atomic
def venture_merge(*, survivor: Venture, merged: Venture, user=None) -> Venture:
    """Fold `merged` into `survivor`; `merged` stays hidden, pointing at the survivor."""
    _require_reviewer(user)
    _refuse_same(survivor, merged)
    survivor = Venture.objects.select_for_update().get(pk=survivor.pk)
    merged = Venture.objects.select_for_update().get(pk=merged.pk)
    if merged.merged_into_id or survivor.merged_into_id:
        raise ValidationError(_("One of these ventures was merged already: merge into its survivor instead."))
    for entry in StatusEntry.objects.filter(venture=merged):
        entry.venture = survivor
        _save(entry, user)
    folded = {}  # the merged venture's partner rows the survivor already has → the survivor's row
    for partner in VenturePartner.objects.filter(venture=merged):
        twin = VenturePartner.objects.filter(
            venture=survivor, organization_id=partner.organization_id, role=partner.role
        ).first()
        if twin is None:
            partner.venture = survivor
            _save(partner, user)
            continue
        if twin.stake_percent is None and partner.stake_percent is not None:
            twin.stake_percent = partner.stake_percent
        twin.note = _joined(twin.note, partner.note)[:500]
        _save(twin, user)
        folded[partner.pk] = (partner, twin)
    for contribution in Contribution.objects.filter(venture=merged):
        twin = Contribution.objects.filter(
            venture=survivor, side=contribution.side, kind=contribution.kind
        ).first()
        if twin is None:
            contribution.venture = survivor
            _save(contribution, user)
        else:
            twin.note = _joined(twin.note, contribution.note)[:500]
            _save(twin, user)
            _delete(contribution, user)
    for citation in Citation.objects.filter(venture=merged):
        citation.venture = survivor
        if citation.partner_id in folded:
            citation.partner = folded[citation.partner_id][1]
        _save(citation, user)
    for partner, _twin in folded.values():
        _delete(partner, user)
    # The survivor keeps its own values; it gains the merged venture's names and fills its blanks.
    survivor.other_names = _with_names(
        survivor.other_names,
        merged.name,
        merged.name_ko,
        merged.name_zh,
        merged.other_names,
        exclude=(survivor.name, survivor.name_ko, survivor.name_zh),
    )
    for name in ("name_ko", "name_zh", "description", "sanctions_note", "location_note"):
        if not getattr(survivor, name) and getattr(merged, name):
            setattr(survivor, name, getattr(merged, name))
    # A 1718 Committee approval recorded on the duplicate is the same venture's: kept, reference and date.
    if not survivor.exemption_reference and merged.exemption_reference:
        survivor.exemption_reference = merged.exemption_reference
        survivor.exemption_approved_on = merged.exemption_approved_on
    survivor.version += 1
    _save(survivor, user, reason=f"Merged {merged.public_id} “{merged.name}” into this venture.")
    now = timezone.now()
    if merged.publication_state == PublicationState.PUBLISHED:
        merged.publication_state = PublicationState.UNPUBLISHED
        merged.withdrawn_at = now
    merged.merged_into = survivor
    merged.review_state = ""
    merged.version += 1
    _save(merged, user, reason=f"Merged into {survivor.public_id} “{survivor.name}”.")
    return survivor


@transaction.atomic
def organization_merge(*, survivor: Organization, merged: Organization, user=None) -> Organization:
    """Fold `merged` into `survivor` (its partner roles move), then delete the empty `merged`."""
    _require_reviewer(user)
    _refuse_same(survivor, merged)
    if survivor.country != merged.country:
        raise ValidationError(
            _("“%(survivor)s” and “%(merged)s” are of different countries: they are not one organization.")
            % {"survivor": survivor, "merged": merged}
        )
    touched = set()
    for partner in VenturePartner.objects.filter(organization=merged):
        touched.add(partner.venture_id)
        _move_partner(partner, user=user, organization=survivor)
    survivor.other_names = _with_names(
        survivor.other_names,
        merged.name,
        merged.name_ko,
        merged.name_zh,
        merged.other_names,
        exclude=(survivor.name, survivor.name_ko, survivor.name_zh),
    )
    for name in ("name_ko", "name_zh"):
        if not getattr(survivor, name) and getattr(merged, name):
            setattr(survivor, name, getattr(merged, name))
    survivor.sanctions_designations = _joined(survivor.sanctions_designations, merged.sanctions_designations)
    survivor.notes = _joined(survivor.notes, merged.notes)
    _save(survivor, user, reason=f"Merged organization #{merged.pk} “{merged.name}” into this one.")
    _delete(merged, user, reason=f"Merged into organization #{survivor.pk} “{survivor.name}”.")
    for venture in Venture.objects.filter(pk__in=touched):
        _touch(venture)
    return survivor


@transaction.atomic
def source_merge(*, survivor: SourceArticle, merged: SourceArticle, user=None) -> SourceArticle:
    """Fold `merged` into `survivor` (citations, status entries, snapshots, feed items move)."""
    _require_reviewer(user)
    _refuse_same(survivor, merged)
    touched = set()
    for citation in Citation.objects.filter(source=merged):
        touched.add(citation.venture_id)
        citation.source = survivor
        _save(citation, user)
    for entry in StatusEntry.objects.filter(source=merged):
        touched.add(entry.venture_id)
        entry.source = survivor
        _save(entry, user)
    survivor_hashes = set(SourceSnapshot.objects.filter(source=survivor).values_list("sha256", flat=True))
    for snapshot in SourceSnapshot.objects.filter(source=merged):
        if snapshot.sha256 in survivor_hashes:
            snapshot.delete()  # the same bytes are archived under the survivor
        else:
            snapshot.source = survivor
            snapshot.save(update_fields=["source"])
    FeedItem.objects.filter(source=merged).update(source=survivor)
    if not SourceSuggestions.objects.filter(source=survivor).exists():
        SourceSuggestions.objects.filter(source=merged).update(source=survivor)
    for name in ("title", "publisher", "author", "language", "published_on", "text"):
        if not getattr(survivor, name) and getattr(merged, name):
            setattr(survivor, name, getattr(merged, name))
    survivor.editor_note = _joined(survivor.editor_note, merged.editor_note)
    _save(survivor, user, reason=f"Merged source #{merged.pk} {merged.url} into this one.")
    _delete(merged, user, reason=f"Merged into source #{survivor.pk} {survivor.url}.")
    for venture in Venture.objects.filter(pk__in=touched):
        _touch(venture)
    return survivor
