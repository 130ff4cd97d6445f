"""The editors' queue of suggested corrections: read what a visitor sent, open the venture, decide.

The visitor's words are shown read-only (never edited into something they did not say); the editor
sets the state and a note. Accepting publishes nothing: the editor corrects the venture itself.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from projects.models import Correction
from projects.services.corrections import correction_decide

VISITOR_FIELDS = ("venture_link", "field", "field_detail", "problem", "suggestion", "source_url", "email")


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "venture_link", "field", "state", "short_problem", "handled_by")
    list_filter = ("state", "field")
    search_fields = ("venture__public_id", "venture__name", "problem", "suggestion")
    readonly_fields = (*VISITOR_FIELDS, "created_at", "handled_at", "handled_by")
    fields = (*VISITOR_FIELDS, "state", "editor_note", "created_at", "handled_at", "handled_by")
    list_select_related = ("venture", "handled_by")
    ordering = ("state", "-created_at")

    def has_add_permission(self, request):
        return False  # they come from the public form

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("venture"), ordering="venture__public_id")
    def venture_link(self, correction):
        venture = correction.venture
        return format_html(
            '<a href="{}">{} {}</a> (<a href="{}">{}</a>)',
            reverse("admin:projects_venture_change", args=[venture.pk]),
            venture.public_id,
            venture.name,
            reverse("projects:venture-detail", args=[venture.public_id]),
            _("public page"),
        )

    @admin.display(description=_("what is wrong"))
    def short_problem(self, correction):
        return correction.problem[:80]

    def save_model(self, request, obj, form, change):
        correction_decide(
            correction=obj, state=obj.state, user=request.user, editor_note=form.cleaned_data["editor_note"]
        )
