"""Forms of the public pages (below the views, so every page module may use them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import CorrectionField
from projects.models.corrections import FIELD_NOTE_MAX, TEXT_MAX

# The honeypot field's name: one a bot is tempted to fill, hidden from people.
HONEYPOT = "website"


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=_("Which fact"), choices=[("", _("Choose…")), *CorrectionField.choices])
    field_detail = forms.CharField(
        label=_("Which one exactly (optional)"),
        required=False,
        max_length=FIELD_NOTE_MAX,
        help_text=_("E.g. the partner's name or the status date."),
    )
    problem = forms.CharField(
        label=_("What is wrong"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    suggestion = forms.CharField(
        label=_("Suggested correction"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    source_url = forms.URLField(
        label=_("Source URL (optional)"),
        required=False,
        max_length=2000,
        help_text=_("Where you read it: it helps the editors check."),
    )
    email = forms.EmailField(
        label=_("Your e-mail (optional)"),
        required=False,
        help_text=_("Only if the editors may ask you about it. Never shown or shared."),
    )
    # The honeypot: hidden from people (CSS, aria-hidden, no tab stop); bots fill every field.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_problem(self):
        return self.cleaned_data["problem"].strip()

    def clean_suggestion(self):
        return self.cleaned_data["suggestion"].strip()
