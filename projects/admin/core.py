"""The editors' admin. Thin: every write goes through projects.services, every read of ventures
through projects.selectors, every permission through projects.permissions."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from projects.exceptions import VersionConflict
from projects.models import (
    Citation,
    Contribution,
    Organization,
    Place,
    Province,
    PublicationState,
    SourceArticle,
    SourceSnapshot,
    Status,
    StatusEntry,
    Venture,
    VenturePartner,
)
from projects.models.geo import location_warning
from projects.models.names import NameVariantsMixin
from projects.permissions import can_delete_venture, can_edit_record, can_edit_venture, can_publish
from projects.selectors.ventures import visible_ventures, with_current_status
from projects.services.merge import organization_merge, source_merge, venture_merge
from projects.services.records import published_content_message, shared_record_save
from projects.services.ventures import (
    describe_validation_error,
    venture_create,
    venture_delete,
    venture_part_delete,
    venture_part_save,
    venture_set_publication_state,
    venture_update,
)

from .forms import (
    ChangeReasonFormSet,
    CitationInlineFormSet,
    OrganizationAdminForm,
    PlaceAdminForm,
    SharedRecordAdminForm,
    SourceArticleAdminForm,
    VentureAdminForm,
)
from .location import LocationAdminMixin
from .merge import MergeAdminMixin
from .review import ReviewAdminMixin
from .stale_parts import StalePartsAdminMixin

NAME_FIELDS = NameVariantsMixin.NAME_FIELDS
EXEMPTION_FIELDS = ["exemption_reference", "exemption_approved_on"]
ORGANIZATION_NAME_FIELDS = Organization.NAME_FIELDS


def _prefixed(prefix: str, fields) -> list[str]:
    return [f"{prefix}__{field}" for field in fields]


class RevertNeedsChangePermission:
    """simple_history only checks view permission for its revert form; reverting is a change."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            record = self.get_object(request, unquote(object_id))
            if record is None or not self.has_change_permission(request, record):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class SharedRecordAdmin(RevertNeedsChangePermission, SimpleHistoryAdmin):
    """Partners, sources and places: what a published venture shows is read-only for editors (a
    reviewer changes it), and every save goes through projects.services.records."""

    form = SharedRecordAdminForm

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or can_edit_record(request.user, obj)
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if (
            record is not None
            and super().has_change_permission(request, record)
            and not self.has_change_permission(request, record)
        ):
            self.message_user(request, published_content_message(record), messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        shared_record_save(record=obj, user=request.user)


# --- Gazetteer ---------------------------------------------------------------------------------------


@admin.register(Province)
class ProvinceAdmin(LeafletGeoAdmin):
    list_display = ["code", "name_en", "name_ko", "name_zh", "kind", "map_polygon"]
    list_filter = ["kind"]
    search_fields = ["code", *NAME_FIELDS]
    ordering = ["code"]
    list_select_related = ["map_polygon"]


@admin.register(Place)
class PlaceAdmin(LocationAdminMixin, SharedRecordAdmin):
    form = PlaceAdminForm
    list_display = ["name_en", "name_ko", "name_zh", "kind", "province", "has_point"]
    list_filter = ["kind", "province"]
    search_fields = [*NAME_FIELDS, *_prefixed("province", ["code", *NAME_FIELDS])]
    autocomplete_fields = ["province"]
    list_select_related = ["province"]

    @admin.display(boolean=True, description=_("point"))
    def has_point(self, place):
        return place.point is not None


# --- Partners and sources ------------------------------------------------------------------------------


@admin.register(Organization)
class OrganizationAdmin(MergeAdminMixin, SharedRecordAdmin):
    form = OrganizationAdminForm
    merge_service = staticmethod(organization_merge)
    actions = MergeAdminMixin.merge_actions
    list_display = ["name", "name_ko", "name_zh", "country", "kind"]
    list_filter = ["country", "kind"]
    search_fields = list(ORGANIZATION_NAME_FIELDS)


class SourceSnapshotInline(admin.TabularInline):
    model = SourceSnapshot
    fields = ["retrieved_at", "final_url", "http_status", "content_type", "size_bytes", "sha256"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SourceArticle)
class SourceArticleAdmin(MergeAdminMixin, SharedRecordAdmin):
    """Sources entered by hand. The URL is normalised by the model, so a duplicate is a form error.

    Intake may subclass this (unregister, then register its subclass) to add submitting and triage.
    """

    list_display = ["__str__", "publisher", "published_on", "source_type", "reliability", "fetch_status"]
    form = SourceArticleAdminForm
    merge_service = staticmethod(source_merge)
    actions = MergeAdminMixin.merge_actions
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["source_type", "reliability", "fetch_status", "link_status", "language"]
    search_fields = ["url", "citation", "title", "publisher", "author"]
    date_hierarchy = "published_on"
    readonly_fields = [
        "fetch_status",
        "fetch_error",
        "fetch_attempts",
        "retrieved_at",
        "link_status",
        "link_checked_at",
        "created_at",
        "updated_at",
    ]
    inlines = [SourceSnapshotInline]


@admin.register(SourceSnapshot)
class SourceSnapshotAdmin(admin.ModelAdmin):
    """Retrieved copies are evidence: nobody edits them."""

    list_display = ["source", "retrieved_at", "http_status", "content_type", "size_bytes"]
    list_select_related = ["source"]
    search_fields = ["source__url", "source__title", "final_url", "sha256"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Ventures ------------------------------------------------------------------------------------------


class CurrentStatusFilter(admin.SimpleListFilter):
    """The status derived from each venture's status series (its latest entry)."""

    title = _("current status")
    parameter_name = "current_status"
    NO_STATUS = "none"

    def lookups(self, request, model_admin):
        return [*Status.choices, (self.NO_STATUS, _("No status yet"))]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if "current_status" not in queryset.query.annotations:
            queryset = with_current_status(queryset)
        if value == self.NO_STATUS:
            return queryset.filter(current_status__isnull=True)
        return queryset.filter(current_status=value)


class VenturePartInline:
    """A venture's parts follow the venture's rules: changeable while the user may change the venture."""

    extra = 0
    autocomplete_fields = ["source"]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and can_edit_venture(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or can_edit_venture(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or can_edit_venture(request.user, obj)
        )


class VenturePartnerInline(VenturePartInline, admin.TabularInline):
    model = VenturePartner
    formset = ChangeReasonFormSet
    fields = ["organization", "role", "stake_percent", "note"]
    autocomplete_fields = ["organization"]


class ContributionInline(VenturePartInline, admin.TabularInline):
    model = Contribution
    formset = ChangeReasonFormSet
    fields = ["side", "kind", "note"]
    autocomplete_fields = []


class StatusEntryInline(VenturePartInline, admin.TabularInline):
    model = StatusEntry
    formset = ChangeReasonFormSet
    fields = ["status", "date", "date_precision", "source", "note"]


class CitationInline(VenturePartInline, admin.StackedInline):
    model = Citation
    formset = CitationInlineFormSet
    fields = ["source", "supports", "status_entry", "partner", "quote", "summary", "note"]


@admin.register(Venture)
class VentureAdmin(
    StalePartsAdminMixin,
    MergeAdminMixin,
    ReviewAdminMixin,
    LocationAdminMixin,
    RevertNeedsChangePermission,
    SimpleHistoryAdmin,
):
    form = VentureAdminForm
    inlines = [VenturePartnerInline, ContributionInline, StatusEntryInline, CitationInline]
    autocomplete_fields = ["province", "place"]
    list_display = [
        "public_id",
        "name",
        "province",
        "sector",
        "form",
        "current_status_display",
        "publication_state",
        "review_state",
        "updated_at",
    ]
    list_display_links = ["public_id", "name"]
    list_filter = [
        "publication_state",
        "review_state",
        "province",
        "sector",
        CurrentStatusFilter,
        "form",
        "arrangement",
        "location_precision",
        "is_reference",
    ]
    list_select_related = ["province"]
    search_fields = [
        "public_id",
        "name",
        "name_ko",
        "name_zh",
        "other_names",
        *_prefixed("province", ["code", *NAME_FIELDS]),
        *_prefixed("place", NAME_FIELDS),
        *_prefixed("partners__organization", ORGANIZATION_NAME_FIELDS),
    ]
    readonly_fields = [
        "public_id",
        "version",
        "published_at",
        "review_state",
        "review_requested_at",
        "review_note",
        "created_at",
        "updated_at",
    ]
    actions = [
        *ReviewAdminMixin.review_actions,
        "publish_selected",
        "unpublish_selected",
        *MergeAdminMixin.merge_actions,
    ]
    merge_service = staticmethod(venture_merge)
    fieldsets = [
        (
            None,
            {"fields": ["public_id", "name", "name_ko", "name_zh", "other_names", "confirm_not_duplicate"]},
        ),
        ("What", {"fields": ["sector", "form", "arrangement", "investment_amount", "investment_currency"]}),
        (
            "Where",
            {
                "fields": [
                    "province",
                    "place",
                    "location",
                    "coordinates",
                    "confirm_location",
                    "location_precision",
                    "location_note",
                ]
            },
        ),
        ("Notes", {"fields": ["description", "sanctions_note", "editor_note", "is_reference"]}),
        # Filled by reviewers only (get_readonly_fields): the sanctions assessment reads them.
        (_("1718 Committee exemption"), {"fields": EXEMPTION_FIELDS}),
        (
            "Publication",
            {
                "fields": [
                    "publication_state",
                    "published_at",
                    "review_state",
                    "review_requested_at",
                    "review_note",
                    "version",
                    "expected_version",
                    "change_reason",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    # Reads: the one visibility selector, annotated with the current status in the same query.
    def get_queryset(self, request):
        ventures = visible_ventures(user=request.user)
        ordering = self.get_ordering(request)
        if ordering:
            ventures = ventures.order_by(*ordering)
        return with_current_status(ventures)

    @admin.display(description=_("current status"), ordering="current_status")
    def current_status_display(self, venture):
        if not venture.current_status:
            return "—"
        entry = StatusEntry(
            status=venture.current_status,
            date=venture.current_status_date,
            date_precision=venture.current_status_date_precision,
        )
        return f"{entry.get_status_display()} ({entry.display_date})"

    # Roles: editors add and change drafts (deleting their parts), reviewers also publish, unpublish and
    # change published ventures; only superusers delete ventures.
    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            readonly += ["publication_state", *EXEMPTION_FIELDS]
        return readonly

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or can_edit_venture(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return can_delete_venture(request.user)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    # Writes: through the services, which validate, check permissions and the version, and keep history.
    def save_model(self, request, obj, form, change):
        model_fields = {field.name for field in Venture._meta.concrete_fields if field.editable}
        fields = {name: value for name, value in form.cleaned_data.items() if name in model_fields}
        confirm_location = bool(form.cleaned_data.get("confirm_location"))
        if confirm_location and obj.location is not None and (warning := location_warning(obj.location)):
            self.message_user(
                request,
                _("Saved with the location you confirmed: %(warning)s") % {"warning": warning},
                messages.WARNING,
            )
        if not change:
            created = venture_create(user=request.user, confirm_location=confirm_location, **fields)
            for field in Venture._meta.concrete_fields:
                setattr(obj, field.attname, getattr(created, field.attname))
            obj._state.adding, obj._state.db = False, created._state.db
            return
        # Fields outside the form keep their stored values (the revert form starts from an old copy).
        stored = Venture.objects.get(pk=obj.pk)
        kept = ["public_id", "published_at", "created_at"]
        kept += [name for name in ("publication_state", *EXEMPTION_FIELDS) if name not in form.fields]
        for name in kept:
            setattr(obj, name, getattr(stored, name))
        venture_update(
            venture=obj,
            user=request.user,
            expected_version=form.cleaned_data.get("expected_version"),
            confirm_location=confirm_location,
            **fields,
        )

    def save_formset(self, request, form, formset, change):
        parts = formset.save(commit=False)
        for part in formset.deleted_objects:
            venture_part_delete(part=part, user=request.user)
        for part in parts:
            venture_part_save(part=part, user=request.user)

    def delete_model(self, request, obj):
        venture_delete(venture=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for venture in queryset:
            venture_delete(venture=venture, user=request.user)

    # A save that lost the race after the form's own version check: refuse it, keep nothing.
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except VersionConflict as conflict:
            self.message_user(request, str(conflict), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except VersionConflict as conflict:
            self.message_user(request, str(conflict), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    @admin.action(description=_("Publish the selected ventures"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._set_publication_state(request, queryset, PublicationState.PUBLISHED)

    @admin.action(description=_("Unpublish the selected ventures"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._set_publication_state(request, queryset, PublicationState.UNPUBLISHED)

    def _set_publication_state(self, request, queryset, state):
        changed = 0
        for venture in queryset:
            if venture.publication_state == state:
                continue
            try:
                venture_set_publication_state(venture=venture, user=request.user, state=state)
            except ValidationError as error:
                self.message_user(
                    request, f"{venture.public_id}: {describe_validation_error(error)}", messages.ERROR
                )
                continue
            changed += 1
        label = PublicationState(state).label.lower()
        self.message_user(request, f"{changed} venture(s) {label}.", messages.SUCCESS)
