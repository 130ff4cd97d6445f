"""Reads behind the public source pages (/sources/ and /sources/<id>/).

A source is public only while a venture the visitor may see (`visible_ventures`: published ones for
the public) cites it, for the venture or one of its status entries. Its page names only those
ventures, and never the retrieved copy itself, the editors' note or the fetch details.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from projects.models import Citation, SourceArticle, SourceSnapshot, SourceType, StatusEntry
from projects.selectors.ventures import visible_ventures

SOURCES_PER_PAGE = 50
FIRST_YEAR = 1945


def visible_sources(*, user) -> QuerySet[SourceArticle]:
    """The sources cited by a venture the user may see (or by one of its status entries)."""
    ventures = visible_ventures(user=user)
    cited = Citation.objects.filter(source=OuterRef("pk"), venture__in=ventures)
    stated = StatusEntry.objects.filter(source=OuterRef("pk"), venture__in=ventures)
    return SourceArticle.objects.filter(Exists(cited) | Exists(stated))


@dataclass
class SupportedVenture:
    venture: object
    facts: list = field(default_factory=list)  # labels of the facts this source supports


@dataclass
class SourcePage:
    source: SourceArticle
    snapshot: SourceSnapshot | None  # the latest retrieved copy's date and digest (never its content)
    ventures: list  # SupportedVenture, by venture name


def source_page(*, source_id: int, user) -> SourcePage:
    """One public source with the ventures and facts it supports; 404 when no visible venture cites it."""
    try:
        source = visible_sources(user=user).get(pk=source_id)
    except SourceArticle.DoesNotExist as exc:
        raise Http404("No such source.") from exc
    ventures = visible_ventures(user=user)
    supported: dict[int, SupportedVenture] = {}

    def entry_for(venture):
        return supported.setdefault(venture.pk, SupportedVenture(venture=venture))

    citations = (
        Citation.objects.filter(source=source, venture__in=ventures)
        .select_related("venture", "status_entry", "partner__organization")
        .order_by("id")
    )
    for citation in citations:
        facts = entry_for(citation.venture).facts
        label = str(citation.get_supports_display())
        if citation.partner_id:
            label = f"{label}: {citation.partner.organization.name}"
        elif citation.status_entry_id:
            entry = citation.status_entry
            label = f"{label}: {entry.get_status_display()}, {entry.display_date}"
        if label not in facts:
            facts.append(label)
    entries = StatusEntry.objects.filter(source=source, venture__in=ventures).select_related("venture")
    for entry in entries.order_by("date", "id"):
        label = f"{_('A status entry')}: {entry.get_status_display()}, {entry.display_date}"
        facts = entry_for(entry.venture).facts
        if label not in facts:
            facts.append(label)
    snapshot = (
        SourceSnapshot.objects.filter(source=source).only("id", "source_id", "retrieved_at", "sha256").first()
    )
    return SourcePage(
        source=source,
        snapshot=snapshot,
        ventures=sorted(supported.values(), key=lambda s: (s.venture.name, s.venture.public_id)),
    )


class SourceListForm(forms.Form):
    """The sources list's filters; any other parameter is refused (`unknown_parameters`)."""

    publisher = forms.CharField(required=False, max_length=200, label=_("Publisher"))
    type = forms.ChoiceField(
        required=False, choices=[("", _("Any type")), *SourceType.choices], label=_("Type")
    )
    year = forms.IntegerField(required=False, min_value=FIRST_YEAR, label=_("Year published"))
    page = forms.IntegerField(required=False, min_value=1, label=_("Page"))

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = datetime.date.today().year
        if year is not None and year > this_year:
            raise forms.ValidationError(
                _("Give a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": this_year}
            )
        return year


@dataclass
class SourceList:
    form: SourceListForm
    page: Page | None  # None when the filters are not valid
    errors: dict  # {parameter: [message]}
    publishers: list  # the publishers of visible sources, for the filter's suggestions


def unknown_parameters(params) -> dict:
    allowed = set(SourceListForm.base_fields)
    return {
        name: [str(_("Unknown parameter. Use one of: %(names)s.") % {"names": ", ".join(sorted(allowed))})]
        for name in params
        if name not in allowed
    }


def source_list(*, params, user) -> SourceList:
    """The visible sources filtered by publisher (case-insensitive, part of the name), type and year
    of publication, newest first, SOURCES_PER_PAGE a page."""
    form = SourceListForm(params)
    sources = visible_sources(user=user)
    publishers = sorted(
        set(sources.exclude(publisher="").values_list("publisher", flat=True)), key=str.casefold
    )
    errors = unknown_parameters(params)
    if errors or not form.is_valid():
        errors.update({name: list(messages) for name, messages in form.errors.items()})
        return SourceList(form=form, page=None, errors=errors, publishers=publishers)
    data = form.cleaned_data
    if data["publisher"]:
        sources = sources.filter(publisher__icontains=data["publisher"].strip())
    if data["type"]:
        sources = sources.filter(source_type=data["type"])
    if data["year"]:
        sources = sources.filter(published_on__year=data["year"])
    sources = sources.order_by(F("published_on").desc(nulls_last=True), "id")
    paginator = Paginator(sources, SOURCES_PER_PAGE)
    number = data["page"] or 1
    if number > paginator.num_pages:
        errors = {"page": [str(_("There are only %(n)s pages.") % {"n": paginator.num_pages})]}
        return SourceList(form=form, page=None, errors=errors, publishers=publishers)
    return SourceList(form=form, page=paginator.page(number), errors={}, publishers=publishers)
