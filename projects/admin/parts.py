"""The pages of a venture's parts (partners, contributions, status entries, citations) and of the
public id counter. Writes go through projects.services.ventures."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projects.models import (
    Citation,
    Contribution,
    PublicationState,
    PublicIdSequence,
    StatusEntry,
    Venture,
    VenturePartner,
)
from projects.permissions import can_edit_venture, can_publish
from projects.services.ventures import venture_part_delete, venture_part_save

from .core import ORGANIZATION_NAME_FIELDS, _prefixed


class VenturePartAdmin(SimpleHistoryAdmin):
    """Partners, contributions, status entries and citations edited on their own pages."""

    autocomplete_fields = ["venture"]
    list_select_related = ["venture"]
    search_fields = ["venture__public_id", "venture__name"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or can_edit_venture(request.user, obj.venture)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or can_edit_venture(request.user, obj.venture)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Editors attach parts to the ventures they may change: a published one is a form error for them.
        if db_field.name == "venture" and not can_publish(request.user):
            kwargs["queryset"] = Venture.objects.exclude(publication_state=PublicationState.PUBLISHED)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        venture_part_save(part=obj, user=request.user)

    def delete_model(self, request, obj):
        venture_part_delete(part=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for part in queryset:
            venture_part_delete(part=part, user=request.user)


@admin.register(VenturePartner)
class VenturePartnerAdmin(VenturePartAdmin):
    list_display = ["venture", "organization", "role", "stake_percent"]
    list_filter = ["role", "organization__country"]
    list_select_related = ["venture", "organization"]
    autocomplete_fields = ["venture", "organization"]
    search_fields = [*VenturePartAdmin.search_fields, *_prefixed("organization", ORGANIZATION_NAME_FIELDS)]


@admin.register(Contribution)
class ContributionAdmin(VenturePartAdmin):
    list_display = ["venture", "side", "kind", "note"]
    list_filter = ["side", "kind"]


@admin.register(StatusEntry)
class StatusEntryAdmin(VenturePartAdmin):
    list_display = ["venture", "status", "date", "date_precision", "source"]
    list_filter = ["status", "date_precision"]
    list_select_related = ["venture", "source"]
    autocomplete_fields = ["venture", "source"]


@admin.register(Citation)
class CitationAdmin(VenturePartAdmin):
    list_display = ["venture", "source", "supports", "status_entry", "partner", "created_at"]
    list_filter = ["supports"]
    list_select_related = ["venture", "source", "status_entry", "partner__organization"]
    autocomplete_fields = ["venture", "source", "status_entry", "partner"]
    search_fields = [*VenturePartAdmin.search_fields, "source__title", "source__url", "quote"]


@admin.register(PublicIdSequence)
class PublicIdSequenceAdmin(admin.ModelAdmin):
    """The counter behind JV-nnnn ids: shown, never edited, so an id is never handed out twice."""

    list_display = ["prefix", "last_value"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
