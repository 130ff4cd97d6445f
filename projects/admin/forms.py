"""Admin forms: the venture form carries its version so that a stale save is refused; the forms of
shared records (partners, sources, places) show how a change would affect the ventures using them."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError

from projects.exceptions import VersionConflict
from projects.models import StatusEntry, Venture, VenturePartner
from projects.services.records import shared_record_candidate, shared_record_errors
from projects.services.ventures import venture_version_check

STALE_EDIT_MESSAGE = (
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


class VentureAdminForm(forms.ModelForm):
    """The admin builds its model and fields (VentureAdmin.fieldsets) on top of this."""

    # Optimistic locking: the version the editor started from travels with the form.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    # Recorded in the history with the change (of the venture and of the parts saved with it).
    change_reason = forms.CharField(
        max_length=100,
        required=False,
        help_text="Why you change it (e.g. “status from the 2025-10-02 Daily NK report”); shown in the history.",
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
        if self.instance.pk is None:
            return cleaned_data
        expected = cleaned_data.get("expected_version")
        if expected is None:
            raise ValidationError(
                "This form does not say which version of the venture it changes: reload the page.",
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


class ChangeReasonFormSet(forms.models.BaseInlineFormSet):
    """The parts saved with a venture carry the venture form's change reason into their history."""

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
