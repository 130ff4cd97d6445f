"""The triage page's cards: one per venture the pre-read proposes (`SourceSuggestions.data["ventures"]`,
shape in projects.ingest.preread), every field pre-filled and editable, each with its sentence.

The forms only turn what the editor typed into typed values (`Proposal`); the rules are the models'
and the services' (projects.services.proposals). Sentences are taken from the stored suggestions, never
from the page, so a citation always quotes what the article says.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import (
    Arrangement,
    CitationFact,
    ContributionKind,
    ContributionSide,
    Country,
    DatePrecision,
    LocationPrecision,
    Organization,
    OrganizationKind,
    PartnerRole,
    Place,
    Province,
    Sector,
    Status,
    Venture,
    VentureForm,
)
from projects.permissions import can_edit_venture
from projects.selectors.duplicates import name_keys, organization_index
from projects.services.proposals import (
    Proposal,
    ProposedContribution,
    ProposedPartner,
    ProposedStatus,
)

NEW_ORGANIZATION = "new"
MAX_SIMILAR_ORGANIZATIONS = 3
BLANK = [("", "—")]


def _blank(choices) -> list:
    return BLANK + [(value, label) for value, label in choices if value != ""]


def _label_widgets(form: forms.Form, prefix_label: str = "") -> None:
    """Fields rendered side by side in a table cell are named for screen readers by aria-label."""
    for name, form_field in form.fields.items():
        label = str(form_field.label or name.replace("_", " "))
        form_field.widget.attrs.setdefault("aria-label", f"{prefix_label}{label}")


class ProposalForm(forms.Form):
    name = forms.CharField(max_length=300)
    sector = forms.ChoiceField(choices=Sector.choices)
    form = forms.ChoiceField(choices=_blank(VentureForm.choices), required=False)
    arrangement = forms.ChoiceField(choices=_blank(Arrangement.choices), required=False)
    province = forms.ChoiceField(required=False)
    place = forms.ChoiceField(required=False)
    location_precision = forms.ChoiceField(choices=LocationPrecision.choices)
    investment_amount = forms.DecimalField(max_digits=16, decimal_places=2, min_value=0, required=False)
    investment_currency = forms.CharField(max_length=3, required=False, help_text=_("ISO 4217, e.g. CNY"))

    def __init__(self, *args, provinces: dict, places: dict, **kwargs):
        """`provinces`: {code: Province}; `places`: {province code: [Place]}, read once for the page."""
        super().__init__(*args, **kwargs)
        self.provinces = provinces
        self.fields["province"].choices = [("", _("not known (only “in North Korea”)"))] + [
            (code, f"{province.name_en} ({code})") for code, province in provinces.items()
        ]
        code = self.data.get(self.add_prefix("province")) if self.is_bound else self.initial.get("province")
        self.places = {str(place.pk): place for place in places.get(code or "", [])}
        self.fields["place"].choices = BLANK + [(pk, place.name_en) for pk, place in self.places.items()]
        _label_widgets(self)

    def clean_province(self):
        code = self.cleaned_data.get("province")
        return self.provinces.get(code) if code else None

    def clean_place(self):
        pk = self.cleaned_data.get("place")
        return self.places.get(str(pk)) if pk else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("investment_amount") is not None and not cleaned.get("investment_currency"):
            self.add_error("investment_currency", _("Give the currency of the investment amount."))
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=_blank(Status.choices), required=False, label=_("status"))
    status_date = forms.DateField(
        required=False, label=_("date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    status_date_precision = forms.ChoiceField(choices=DatePrecision.choices, label=_("known to the"))
    status_note = forms.CharField(
        required=False,
        label=_("note"),
        max_length=2000,
        help_text=_("Needed when the date is after the article's publication (e.g. a date announced ahead)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_widgets(self)

    def clean(self):
        cleaned = super().clean()
        undated = cleaned.get("status_date_precision") == DatePrecision.UNKNOWN
        if cleaned.get("status") and cleaned.get("status_date") is None and not undated:
            self.add_error(
                "status_date",
                _("Give the date of this status (its year at least), or the precision “unknown”."),
            )
        if undated:
            cleaned["status_date"] = None
        return cleaned

    def proposed(self, sentence: str) -> ProposedStatus | None:
        data = self.cleaned_data
        if not data.get("status"):
            return None
        return ProposedStatus(
            status=data["status"],
            date=data["status_date"],
            date_precision=data["status_date_precision"],
            note=data.get("status_note", ""),
            sentence=sentence,
        )


class PartnerForm(forms.Form):
    include = forms.BooleanField(required=False, initial=True, label=_("add"))
    name = forms.CharField(max_length=300, required=False)
    country = forms.ChoiceField(choices=Country.choices)
    role = forms.ChoiceField(choices=PartnerRole.choices)
    stake = forms.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False)
    organization = forms.ChoiceField(required=False, label=_("organization"))
    kind = forms.ChoiceField(
        choices=OrganizationKind.choices, initial=OrganizationKind.OTHER, label=_("new as")
    )

    def __init__(self, *args, matched: Organization | None = None, similar=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The organization the pre-read matched, else those the duplicate rules find likely the same
        # (projects.selectors.duplicates), then "new".
        self.matched, self.similar = matched, list(similar)
        self.candidates = {str(o.pk): o for o in [matched] if o is not None}
        choices = (
            [(str(matched.pk), _("%(name)s (existing)") % {"name": matched})] if matched is not None else []
        )
        for match in self.similar:
            self.candidates[str(match.obj.pk)] = match.obj
            choices.append(
                (
                    str(match.obj.pk),
                    _("%(name)s — possibly the same: %(reason)s")
                    % {"name": match.obj, "reason": match.reason},
                )
            )
        choices.append((NEW_ORGANIZATION, _("a new organization")))
        self.fields["organization"].choices = choices
        _label_widgets(self, "partner ")

    def chosen_organization(self) -> Organization | None:
        return self.candidates.get(self.cleaned_data.get("organization") or "")

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("organization") in (NEW_ORGANIZATION, "", None)
        if cleaned.get("include") and new and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("A new organization needs a name."))
        return cleaned


class ContributionForm(forms.Form):
    include = forms.BooleanField(required=False, initial=True, label=_("add"))
    side = forms.ChoiceField(choices=ContributionSide.choices)
    kind = forms.ChoiceField(choices=ContributionKind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_widgets(self, "contribution ")


def _decimal(value) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except InvalidOperation:
        return None


@dataclass
class Card:
    """One proposed venture on the triage page, with its forms and the sentence behind each field."""

    index: int
    data: dict
    form: ProposalForm
    status_form: StatusForm
    partner_forms: list  # [(PartnerForm, sentence)]
    contribution_forms: list  # [(ContributionForm, sentence)]
    existing: list = field(default_factory=list)  # [{venture, why, can_attach}]
    errors: list = field(default_factory=list)  # what the service refused, in words

    @property
    def prefix(self) -> str:
        return f"v{self.index}"

    def forms(self) -> list:
        return [
            self.form,
            self.status_form,
            *(f for f, _s in self.partner_forms),
            *(f for f, _s in self.contribution_forms),
        ]

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.forms()]  # every form, so each shows its errors
        return all(results)

    def sentences(self) -> dict[str, str]:
        d = self.data
        location = d.get("place_sentence") or d.get("province_sentence") or ""
        investment = (d.get("investment") or {}).get("sentence", "")
        return {
            CitationFact.NAME: d.get("name_sentence") or "",
            CitationFact.SECTOR: d.get("sector_sentence") or "",
            CitationFact.LOCATION: location,
            CitationFact.INVESTMENT: investment,
        }

    def proposal(self) -> Proposal:
        """The confirmed proposal, from valid forms."""
        c = self.form.cleaned_data
        partners = []
        for form, sentence in self.partner_forms:
            p = form.cleaned_data
            if not p.get("include"):
                continue
            organization = form.chosen_organization()
            partners.append(
                ProposedPartner(
                    role=p["role"],
                    organization=organization,
                    name=p.get("name", ""),
                    country=p["country"],
                    kind=p["kind"],
                    stake_percent=p.get("stake"),
                    sentence=sentence,
                )
            )
        contributions = [
            ProposedContribution(side=f.cleaned_data["side"], kind=f.cleaned_data["kind"], sentence=sentence)
            for f, sentence in self.contribution_forms
            if f.cleaned_data.get("include")
        ]
        return Proposal(
            name=c["name"],
            sector=c["sector"],
            form=c.get("form", ""),
            arrangement=c.get("arrangement", ""),
            province=c["province"],
            place=c.get("place"),
            location_precision=c["location_precision"],
            investment_amount=c.get("investment_amount"),
            investment_currency=(c.get("investment_currency") or "").upper(),
            partners=partners,
            contributions=contributions,
            status=self.status_form.proposed(self.status_sentence),
            sentences=self.sentences(),
        )

    @property
    def status_sentence(self) -> str:
        return (self.data.get("status") or {}).get("sentence", "")


def _initial(proposal: dict) -> dict:
    investment = proposal.get("investment") or {}
    return {
        "name": proposal.get("name", ""),
        "sector": proposal.get("sector") or Sector.OTHER,
        "form": proposal.get("form") or "",
        "arrangement": proposal.get("arrangement") or "",
        "province": proposal.get("province") or "",
        "place": str(proposal["place_id"]) if proposal.get("place_id") else "",
        "location_precision": proposal.get("location_precision") or LocationPrecision.PROVINCE,
        "investment_amount": _decimal(investment.get("amount")),
        "investment_currency": investment.get("currency", ""),
    }


def _status_initial(proposal: dict) -> dict:
    status = proposal.get("status") or {}
    return {
        "status": status.get("status", ""),
        "status_date": status.get("date"),
        "status_date_precision": status.get("date_precision") or DatePrecision.DAY,
    }


def proposals_of(data: dict) -> list[dict]:
    return [v for v in data.get("ventures") or [] if isinstance(v, dict)]


def build_cards(*, data: dict, user, post=None, only: int | None = None) -> list[Card]:
    """The cards of the stored proposals, bound to `post` for card `only` (the one submitted)."""
    proposals = proposals_of(data)
    organization_ids = {
        p.get("organization_id")
        for v in proposals
        for p in v.get("partners") or []
        if p.get("organization_id")
    }
    organizations = Organization.objects.in_bulk(organization_ids)
    venture_ids = {e.get("id") for v in proposals for e in v.get("existing_ventures") or []}
    ventures = Venture.objects.select_related("province").in_bulk(venture_ids)
    unmatched = [p for v in proposals for p in v.get("partners") or [] if not p.get("organization_id")]
    # One index of the organizations for the whole page, only when a partner is unmatched.
    index_of_organizations = organization_index() if any(p.get("name") for p in unmatched) else None
    provinces = {p.code: p for p in Province.objects.order_by("code")}
    codes = {v.get("province") for v in proposals if v.get("province")}
    if post is not None and only is not None:
        codes.add(post.get(f"v{only}-province") or "")
    places: dict[str, list] = {}
    for place in (
        Place.objects.filter(province__code__in=codes).select_related("province").order_by("name_en")
    ):
        places.setdefault(place.province.code, []).append(place)
    cards = []
    for index, proposal in enumerate(proposals):
        bound = post if only == index else None
        prefix = f"v{index}"
        partner_forms = []
        for n, partner in enumerate(proposal.get("partners") or []):
            matched = organizations.get(partner.get("organization_id"))
            initial = {
                # A side the text does not name ("Chinese investors own 51%") is no organization to add.
                "include": bool(matched or (partner.get("name") or "").strip()),
                "name": partner.get("name", ""),
                "country": partner.get("country") or Country.OTHER,
                "role": partner.get("role") or PartnerRole.OTHER,
                "stake": _decimal(partner.get("stake")),
                "organization": str(matched.pk) if matched else NEW_ORGANIZATION,
            }
            similar = []
            if matched is None and index_of_organizations is not None and partner.get("name"):
                similar = index_of_organizations.find(
                    name_keys(partner["name"]), partner.get("country") or None
                )[:MAX_SIMILAR_ORGANIZATIONS]
            form = PartnerForm(
                bound, prefix=f"{prefix}-p{n}", initial=initial, matched=matched, similar=similar
            )
            partner_forms.append((form, partner.get("sentence", "")))
        contribution_forms = [
            (
                ContributionForm(
                    bound,
                    prefix=f"{prefix}-c{n}",
                    initial={"include": True, "side": c.get("side"), "kind": c.get("kind")},
                ),
                c.get("sentence", ""),
            )
            for n, c in enumerate(proposal.get("contributions") or [])
        ]
        existing = []
        for candidate in proposal.get("existing_ventures") or []:
            venture = ventures.get(candidate.get("id"))
            if venture is not None:
                existing.append(
                    {
                        "venture": venture,
                        "why": candidate.get("why", ""),
                        "can_attach": can_edit_venture(user, venture),
                    }
                )
        cards.append(
            Card(
                index=index,
                data=proposal,
                form=ProposalForm(
                    bound, prefix=prefix, initial=_initial(proposal), provinces=provinces, places=places
                ),
                status_form=StatusForm(bound, prefix=f"{prefix}-s", initial=_status_initial(proposal)),
                partner_forms=partner_forms,
                contribution_forms=contribution_forms,
                existing=existing,
            )
        )
    return cards
