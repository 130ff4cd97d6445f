"""Triage: turn an article's suggestions into a draft venture, or attach it to an existing venture.

Nothing here publishes: a draft is created as a draft, and the editor decides the rest.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects.ingest.match import FORM_REGEXES, SECTOR_REGEXES, fold
from projects.models import (
    LocationPrecision,
    Place,
    PlaceKind,
    Province,
    PublicationState,
    Sector,
    SourceArticle,
    SourceSuggestions,
    TriageState,
    Venture,
    VentureForm,
)
from projects.services.ventures import citation_create, venture_create

PARENTHESIS = re.compile(r"\s*\(.*?\)")


def _matching(regexes: dict, sentence: str) -> list[str]:
    folded = fold(sentence)
    return [value for value, regex in regexes.items() if regex.search(folded)]


def draft_prefill(*, source: SourceArticle, mention_index: int) -> dict:
    """The fields of a draft venture suggested by one mention of the article, for editors to confirm.

    Province and place come from the mention; the point only from a gazetteer place that has one
    (exact for a site, county precision for a city, county or district), never invented. Sector and
    form come from the mention's sentence, else from the article as a whole.
    """
    data = source.suggestions.data
    mentions = data.get("mentions", [])
    if not 0 <= mention_index < len(mentions):
        raise ValidationError(_("This mention is not among the article's suggestions."))
    mention = mentions[mention_index]
    province = Province.objects.filter(code=mention["province"]).first()
    if province is None:
        raise ValidationError(
            _("Province %(code)s is no longer in the gazetteer.") % {"code": mention["province"]}
        )
    place = Place.objects.filter(pk=mention["place_id"]).first() if mention.get("place_id") else None
    return _prefill(data, mention, province, place)


def draft_prefills(*, source: SourceArticle, mention_indexes) -> list[tuple[int, dict, dict]]:
    """(index, mention, prefill) for some mentions of the article, with two queries in all.

    Mentions whose province has left the gazetteer since the suggestions were made are left out.
    """
    data = source.suggestions.data
    mentions = data.get("mentions", [])
    chosen = [(index, mentions[index]) for index in mention_indexes if 0 <= index < len(mentions)]
    provinces = Province.objects.in_bulk({m["province"] for _i, m in chosen}, field_name="code")
    places = Place.objects.in_bulk({m["place_id"] for _i, m in chosen if m.get("place_id")})
    return [
        (
            index,
            mention,
            _prefill(data, mention, provinces[mention["province"]], places.get(mention.get("place_id"))),
        )
        for index, mention in chosen
        if mention["province"] in provinces
    ]


def _prefill(data: dict, mention: dict, province: Province, place: Place | None) -> dict:
    sentence = mention.get("sentence", "")
    fields = {
        "province": province,
        "place": place,
        "location": None,
        "location_precision": LocationPrecision.PROVINCE,
        "location_note": "",
    }
    if place is not None and place.point is not None:
        fields["location"] = place.point
        fields["location_precision"] = (
            LocationPrecision.EXACT if place.kind == PlaceKind.SITE else LocationPrecision.COUNTY
        )
        fields["location_note"] = f"Point of the gazetteer entry {place.name_en}: {place.coordinate_source}"
    sectors = _matching(SECTOR_REGEXES, sentence) or [s["sector"] for s in data.get("sectors", [])]
    fields["sector"] = sectors[0] if sectors else Sector.OTHER
    forms = _matching(FORM_REGEXES, sentence)
    if not forms and len(data.get("forms", [])) == 1:
        forms = [data["forms"][0]["form"]]
    fields["form"] = forms[0] if len(forms) == 1 else ""
    where = PARENTHESIS.sub("", place.name_en) if place else province.name_en
    if place is not None and place.kind == PlaceKind.SITE:
        fields["name"] = place.name_en
    else:
        fields["name"] = f"{Sector(fields['sector']).label} venture in {where}"
    fields["quote"] = sentence
    return fields


@transaction.atomic
def triage_create_draft(*, source: SourceArticle, mention_index: int, user=None, **overrides) -> Venture:
    """Create a *draft* venture from a mention, cited to the article with the mention's sentence."""
    fields = draft_prefill(source=source, mention_index=mention_index)
    fields.update({k: v for k, v in overrides.items() if v not in (None, "")})
    if fields.get("form") and fields["form"] not in VentureForm.values:
        raise ValidationError({"form": _("Unknown form.")})
    quote = fields.pop("quote")
    venture = venture_create(
        user=user,
        publication_state=PublicationState.DRAFT,
        description=f"Drafted from the article “{source.title or source.url}”.",
        **fields,
    )
    citation_create(venture=venture, source=source, quote=quote, user=user)
    return venture


@transaction.atomic
def triage_attach(*, source: SourceArticle, venture: Venture, quote: str = "", user=None):
    """Cite the article on an existing venture (an editor may do so on drafts; reviewers on any)."""
    return citation_create(venture=venture, source=source, quote=quote, user=user)


def quote_for_venture(*, source: SourceArticle, venture: Venture) -> str:
    """The sentence of the article best tied to the venture: its place, else its province."""
    mentions = source.suggestions.data.get("mentions", []) if hasattr(source, "suggestions") else []
    for test in (
        lambda m: venture.place_id and m.get("place_id") == venture.place_id,
        lambda m: m.get("province") == venture.province.code,
    ):
        for mention in mentions:
            if test(mention):
                return mention.get("sentence", "")
    return ""


def triage_set_state(*, source: SourceArticle, state: str) -> None:
    if state not in TriageState.values:
        raise ValidationError({"triage_state": _("Unknown triage state.")})
    SourceSuggestions.objects.filter(source=source).update(triage_state=state)
