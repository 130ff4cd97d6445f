"""Releases in the admin: the list (read-only: a release never changes) and the reviewers' button."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from projects.models import Release
from projects.permissions import can_publish, can_see_unpublished
from projects.services.enqueue import EnqueueError
from projects.services.releases import release_enqueue


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ("number", "created_at", "created_by", "ventures", "changes", "files")
    readonly_fields = (
        "number",
        "created_at",
        "created_by",
        "folder",
        "counts",
        "sha256s",
        "sizes",
        "changelog",
    )
    exclude = ("manifest",)
    change_list_template = "admin/projects/release/change_list.html"

    def has_module_permission(self, request):
        return can_see_unpublished(request.user)

    def has_view_permission(self, request, obj=None):
        return can_see_unpublished(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("ventures"))
    def ventures(self, release):
        return release.counts.get("ventures")

    @admin.display(description=_("changes"))
    def changes(self, release):
        log = release.changelog
        return _("%(added)s added, %(changed)s changed, %(removed)s removed, %(statuses)s status changes") % {
            "added": len(log.get("added", [])),
            "changed": len(log.get("changed", [])),
            "removed": len(log.get("removed", [])),
            "statuses": len(log.get("status_changes", [])),
        }

    @admin.display(description=_("files"))
    def files(self, release):
        return format_html('<a href="{}#release-{}">on /data/</a>', reverse("projects:data"), release.number)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_release": can_publish(request.user)}
        return super().changelist_view(request, extra_context=extra_context)

    def get_urls(self):
        make = self.admin_site.admin_view(self.make_release_view)
        return [path("make/", make, name="projects_release_make"), *super().get_urls()]

    def make_release_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not can_publish(request.user):
            raise PermissionDenied(_("Only reviewers make releases."))
        latest = Release.objects.order_by("-number").values_list("number", flat=True).first() or 0
        try:
            release_enqueue(user=request.user)
        except EnqueueError:
            self.message_user(
                request, _("The task queue cannot be reached: try again later."), messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:projects_release_changelist"))
        made = Release.objects.filter(number__gt=latest).order_by("-number").first()
        if made is not None:  # run in-process (no broker configured)
            self.message_user(
                request,
                _("Release %(number)s made (%(count)s ventures).")
                % {"number": made.number, "count": made.counts.get("ventures")},
            )
        else:
            self.message_user(
                request,
                _(
                    "A release is being made in the background: it appears here when it is written "
                    "(none is made when nothing published changed since the latest)."
                ),
                messages.INFO,
            )
        return HttpResponseRedirect(reverse("admin:projects_release_changelist"))
