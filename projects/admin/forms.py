"""Admin forms: the venture form carries its version so that a stale save is refused; the forms of
shared records (partners, sources, places) show how a change would affect the ventures using them."""

from django import forms
from django.core.exceptions import ValidationError

from projects.exceptions import VersionConflict
from projects.models import StatusEntry, Venture, VenturePartner
from projects.services.records import shared_record_candidate, shared_record_errors
from projects.services.ventures import venture_version_check

STALE_EDIT_MESSAGE = (
    "Someone else changed %(public_id)s since you opened it (it is now at version %(current)s, "
    "you started from version %(expected)s). Your changes were not saved: reload the page, "
    "look at their change, and apply yours again."
)


class VentureAdminForm(forms.ModelForm):
    """The admin builds its model and fields (VentureAdmin.fieldsets) on top of this."""

    # Optimistic locking: the version the editor started from travels with the form.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The stored version, not the instance's: a revert form's instance is an old historical copy.
            self.fields["expected_version"].initial = (
                Venture.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            )

    def clean(self):
        cleaned_data = super().clean()
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


class CitationInlineFormSet(forms.models.BaseInlineFormSet):
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
