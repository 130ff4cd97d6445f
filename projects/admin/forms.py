"""Admin forms: the venture form carries its version so that a stale save is refused; the forms of
shared records (partners, sources, places) show how a change would affect the ventures using them."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _

from projects.exceptions import VersionConflict
from projects.models import SourceArticle, StatusEntry, Venture, VenturePartner
from projects.selectors.duplicates import (
    likely_duplicate_organizations,
    likely_duplicate_ventures,
    source_for_url,
)
from projects.services.records import shared_record_candidate, shared_record_errors
from projects.services.ventures import venture_version_check

from .location import CoordinatesFormMixin
from .stale_parts import StalePartsFormSetMixin

STALE_EDIT_MESSAGE = _(
    "Someone else changed %(public_id)s since you opened it (it is now at version %(current)s, "
    "you started from version %(expected)s). Your changes were not saved: they are kept in the form, "
    "and the table above shows them beside the newer version, differences marked. Check them, then "
    "save again to apply yours over the newer version."
)


@dataclass
class FieldDifference:
    label: str
    yours: str
    theirs: str
    differs: bool


@dataclass
class StaleEdit:
    """A refused stale save: the editor's input beside the newer stored version, field by field."""

    current_version: int
    rows: list = dataclass_field(default_factory=list)

    @property
    def differences(self) -> int:
        return sum(row.differs for row in self.rows)


def _shown(model_field, value) -> str:
    if value is None or value == "":
        return "—"
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if hasattr(value, "wkt"):
        return (
            f"{value.x:.5f}, {value.y:.5f}" if value.geom_type == "Point" and not value.empty else value.wkt
        )
    return str(value)


def _comparable(value):
    if value in (None, ""):
        return None
    if hasattr(value, "wkt"):
        return value.wkt
    return getattr(value, "pk", value)


def stale_edit(form: forms.ModelForm, stored) -> StaleEdit:
    """The fields of `form` the editor can change, their input and the stored (newer) value."""
    rows = []
    for name, form_field in form.fields.items():
        if name == "expected_version" or form_field.disabled:
            continue
        try:
            model_field = stored._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        yours = form.cleaned_data[name] if name in form.cleaned_data else form.data.get(form.add_prefix(name))
        theirs = getattr(stored, name)
        rows.append(
            FieldDifference(
                label=str(form_field.label or model_field.verbose_name).capitalize(),
                yours=_shown(model_field, yours),
                theirs=_shown(model_field, theirs),
                differs=_comparable(yours) != _comparable(theirs),
            )
        )
    return StaleEdit(current_version=stored.version, rows=rows)


CONFIRM_LOCATION_HELP = _(
    "Tick only when the form says the point lies just across North Korea's land border on the map "
    "(the map's river border is off by up to about a kilometre) and you have checked that the place is "
    "in North Korea."
)


def _confirm_location_field():
    return forms.BooleanField(
        label=_("Confirm the location"), required=False, help_text=CONFIRM_LOCATION_HELP
    )


NOT_A_DUPLICATE_HELP = _(
    "Tick only when the form warns of a likely duplicate and you have checked that this is another one."
)
DUPLICATE_WARNING = _(
    "This looks like a %(kind)s already recorded: %(matches)s. Open it and add to it (or merge the two "
    "afterwards: the list's *Merge* action), or tick “Not a duplicate” and save again."
)
MAX_DUPLICATES_SHOWN = 5


def _not_a_duplicate_field():
    return forms.BooleanField(label=_("Not a duplicate"), required=False, help_text=NOT_A_DUPLICATE_HELP)


def _warn_of_duplicates(form, matches, *, kind: str, describe, watched) -> None:
    """A form error listing the likely duplicates, unless the editor ticked “Not a duplicate”.

    Asked when the record is new or one of the `watched` fields (names, province, country) changed.
    """
    if form.cleaned_data.get("confirm_not_duplicate"):
        return
    if form.instance.pk is not None and not set(watched) & set(form.changed_data):
        return
    matches = [m for m in matches if getattr(m.obj, "merged_into_id", None) is None]
    if not matches:
        return
    shown = "; ".join(f"{describe(m.obj)} ({m.reason})" for m in matches[:MAX_DUPLICATES_SHOWN])
    if len(matches) > MAX_DUPLICATES_SHOWN:
        shown += f"; and {len(matches) - MAX_DUPLICATES_SHOWN} more"
    form.add_error(
        None,
        ValidationError(DUPLICATE_WARNING, code="likely_duplicate", params={"kind": kind, "matches": shown}),
    )


class VentureAdminForm(CoordinatesFormMixin, forms.ModelForm):
    """The admin builds its model and fields (VentureAdmin.fieldsets) on top of this."""

    # A venture with the same or a similar name in the same province is saved only once confirmed.
    confirm_not_duplicate = _not_a_duplicate_field()

    # A point just across the land border is saved only once the editor confirms it (models/geo.py).
    confirm_location = _confirm_location_field()

    # Optimistic locking: the version the editor started from travels with the form.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    # Recorded in the history with the change (of the venture and of the parts saved with it).
    change_reason = forms.CharField(
        max_length=100,
        required=False,
        help_text=_(
            "Why you change it (e.g. “status from the 2025-10-02 Daily NK report”); shown in the history."
        ),
    )
    stale: "StaleEdit | None" = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The stored version, not the instance's: a revert form's instance is an old historical copy.
            self.fields["expected_version"].initial = (
                Venture.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            )

    def clean(self):
        cleaned_data = super().clean()
        # simple-history records `_change_reason` with the save of the instance (and of its parts,
        # through ChangeReasonFormSet).
        self.instance._change_reason = cleaned_data.get("change_reason") or ""

        # Read by Venture.clean, which the ModelForm runs after this.
        self.instance.confirm_location = bool(cleaned_data.get("confirm_location"))
        if cleaned_data.get("name"):
            province = cleaned_data.get("province")
            matches = likely_duplicate_ventures(
                name=cleaned_data["name"],
                name_ko=cleaned_data.get("name_ko", ""),
                name_zh=cleaned_data.get("name_zh", ""),
                province_id=province.pk if province else None,
                exclude_pk=self.instance.pk,
            )
            _warn_of_duplicates(
                self,
                matches,
                kind="venture",
                describe=lambda v: f"{v.public_id} “{v.name}”",
                watched=("name", "name_ko", "name_zh", "province"),
            )
        if self.instance.pk is None:
            return cleaned_data
        expected = cleaned_data.get("expected_version")
        if expected is None:
            raise ValidationError(
                _("This form does not say which version of the venture it changes: reload the page."),
                code="missing_version",
            )
        try:
            # Holds the row until the admin's transaction commits, so the check and the save are one step.
            venture_version_check(venture=self.instance, expected_version=expected)
        except VersionConflict as conflict:
            stored = Venture.objects.filter(pk=self.instance.pk).first()
            if stored is not None:
                self.stale = stale_edit(self, stored)
                # The form carries the newer version from now on: saving again, after comparing,
                # applies the editor's values over it knowingly.
                data = self.data.copy()
                data[self.add_prefix("expected_version")] = str(stored.version)
                self.data = data
            raise ValidationError(
                STALE_EDIT_MESSAGE,
                code="version_conflict",
                params={
                    "public_id": self.instance.public_id,
                    "current": conflict.current_version,
                    "expected": expected,
                },
            ) from None
        return cleaned_data


class ChangeReasonFormSet(StalePartsFormSetMixin, forms.models.BaseInlineFormSet):
    """The parts saved with a venture carry the venture form's change reason into their history; a
    stale save of them is rebased on the newer version (stale_parts.py)."""

    def _with_reason(self, part):
        part._change_reason = getattr(self.instance, "_change_reason", None)
        return part

    def save_new(self, form, commit=True):
        return self._with_reason(super().save_new(form, commit=commit))

    def save_existing(self, form, obj, commit=True):
        return self._with_reason(super().save_existing(form, obj, commit=commit))

    def delete_existing(self, obj, commit=True):
        super().delete_existing(self._with_reason(obj), commit=commit)


class CitationInlineFormSet(ChangeReasonFormSet):
    """A citation says which fact it supports, and may point at a status entry or a partner of its
    own venture only (Citation.clean says so as a form error otherwise)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        saved = self.instance.pk is not None
        if "status_entry" in form.fields:
            entries = (
                StatusEntry.objects.filter(venture=self.instance) if saved else StatusEntry.objects.none()
            )
            form.fields["status_entry"].queryset = entries
        if "partner" in form.fields:
            partners = (
                VenturePartner.objects.filter(venture=self.instance).select_related("organization")
                if saved
                else VenturePartner.objects.none()
            )
            form.fields["partner"].queryset = partners


class SharedRecordAdminForm(forms.ModelForm):
    """Refuses, as form errors, the changes the service would refuse (e.g. a place moved away from
    its ventures' province), so the editor sees why instead of an error page."""

    def clean(self):
        cleaned_data = super().clean()
        fields = {field.name for field in self._meta.model._meta.concrete_fields}
        values = {name: value for name, value in cleaned_data.items() if name in fields}
        candidate = shared_record_candidate(record=self.instance, values=values)
        for field, message in shared_record_errors(record=candidate).items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned_data


class PlaceAdminForm(CoordinatesFormMixin, SharedRecordAdminForm):
    coordinates_target = "point"
    confirm_location = _confirm_location_field()

    def clean(self):
        self.instance.confirm_location = bool(self.cleaned_data.get("confirm_location"))
        return super().clean()


class OrganizationAdminForm(SharedRecordAdminForm):
    # An organization with the same or a similar name (any script) of the same country is saved only
    # once confirmed.
    confirm_not_duplicate = _not_a_duplicate_field()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("name"):
            matches = likely_duplicate_organizations(
                name=cleaned_data["name"],
                name_ko=cleaned_data.get("name_ko", ""),
                name_zh=cleaned_data.get("name_zh", ""),
                other_names=cleaned_data.get("other_names", ""),
                country=cleaned_data.get("country", ""),
                exclude_pk=self.instance.pk,
            )
            _warn_of_duplicates(
                self,
                matches,
                kind="organization",
                describe=lambda o: f"#{o.pk} “{o.name}”",
                watched=("name", "name_ko", "name_zh", "other_names", "country"),
            )
        return cleaned_data


def _normalised(url: str) -> str:
    try:
        return SourceArticle.normalized_url(url)
    except ValidationError:
        return url


class SourceArticleAdminForm(SharedRecordAdminForm):
    """The same article under http/https or with/without “www.” is one source (selectors.duplicates)."""

    def clean(self):
        cleaned_data = super().clean()
        url = cleaned_data.get("url")
        existing = source_for_url(url) if url else None
        # The very same (normalised) URL is the model's unique error; a variant of it is ours.
        if existing is not None and existing.pk != self.instance.pk and existing.url != _normalised(url):
            self.add_error(
                "url",
                ValidationError(
                    _(
                        "This article is already a source: #%(pk)s %(url)s (the same address up to http/https "
                        "or “www.”). Use that one."
                    ),
                    code="duplicate_source",
                    params={"pk": existing.pk, "url": existing.url},
                ),
            )
        return cleaned_data
