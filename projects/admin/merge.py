"""The *Merge* action of ventures, organizations and sources: select the two duplicates, choose the
one to keep on the confirmation page, and projects.services.merge moves everything to it."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from projects.permissions import can_publish
from projects.services.ventures import describe_validation_error


def _parts(record) -> list[str]:
    """What hangs off the record (its citations, partners…), counted: what the merge moves."""
    parts = []
    for related in record._meta.related_objects:
        if related.related_model.__module__.startswith("simple_history") or not related.related_name:
            continue
        if related.related_model._meta.model_name.startswith("historical"):
            continue
        accessor = related.get_accessor_name()
        count = int(hasattr(record, accessor)) if related.one_to_one else getattr(record, accessor).count()
        if count:
            parts.append(
                f"{count} {related.related_model._meta.verbose_name_plural if count > 1 else related.related_model._meta.verbose_name}"
            )
    return parts


class MergeAdminMixin:
    """Give a ModelAdmin `merge_service = staticmethod(service)` (survivor=, merged=, user=)."""

    merge_service = None
    merge_actions = ["merge_selected"]

    def has_merge_permission(self, request):
        return can_publish(request.user)

    @admin.action(description=_("Merge the two selected (duplicates) into one"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        records = list(queryset[:3])
        if len(records) != 2:
            self.message_user(request, _("Select exactly two records to merge."), messages.ERROR)
            return None
        chosen = request.POST.get("survivor")
        if request.POST.get("confirm_merge") and chosen in {str(r.pk) for r in records}:
            survivor = next(r for r in records if str(r.pk) == chosen)
            merged = next(r for r in records if r.pk != survivor.pk)
            try:
                type(self).merge_service(survivor=survivor, merged=merged, user=request.user)
            except ValidationError as error:
                self.message_user(request, describe_validation_error(error), messages.ERROR)
                return None
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(
                request,
                _("“%(merged)s” merged into “%(survivor)s”.") % {"merged": merged, "survivor": survivor},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge two %(records)s") % {"records": self.model._meta.verbose_name_plural},
            "opts": self.model._meta,
            "records": [{"record": r, "parts": _parts(r)} for r in records],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "merge_selected",
        }
        return TemplateResponse(request, "admin/projects/merge_confirm.html", context)
