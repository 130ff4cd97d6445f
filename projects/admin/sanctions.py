"""Sanctions measures in the admin: reviewers correct them (with history); editors may only read them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projects.models import SanctionsMeasure
from projects.services.sanctions import sanctions_measure_save

from .core import RevertNeedsChangePermission


@admin.register(SanctionsMeasure)
class SanctionsMeasureAdmin(RevertNeedsChangePermission, SimpleHistoryAdmin):
    list_display = ["document_symbol", "paragraph", "kind", "adopted_on", "effective_on", "authority"]
    list_filter = ["kind", "authority"]
    search_fields = ["key", "document_symbol", "summary", "summary_ko", "summary_zh_hans"]
    readonly_fields = ["updated_at"]
    fields = [
        "key",
        "kind",
        "authority",
        "document_symbol",
        "paragraph",
        "adopted_on",
        "effective_on",
        "summary",
        "summary_ko",
        "summary_zh_hans",
        "sectors",
        "url",
        "note",
        "updated_at",
    ]

    def has_delete_permission(self, request, obj=None):
        # A measure the rules read is corrected, never deleted (only superusers may).
        return bool(request.user.is_superuser)

    def save_model(self, request, obj, form, change):
        sanctions_measure_save(measure=obj, user=request.user)
