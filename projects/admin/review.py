"""The review step in the admin: editors mark drafts ready for review (a changelist action), reviewers
work through a queue page (/admin/projects/venture/review/) showing what changed since each venture was
last published, and publish it or send it back with a note. Writes go through projects.services.review."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from projects.exceptions import VersionConflict
from projects.ids import parse_id
from projects.models import PublicationState
from projects.permissions import can_edit_venture, can_publish
from projects.selectors.review import awaiting_review, review_queue
from projects.services.review import venture_request_review, venture_send_back
from projects.services.ventures import describe_validation_error, venture_set_publication_state

REVIEW_QUEUE_LIMIT = 50


def _describe(error) -> str:
    return describe_validation_error(error) if isinstance(error, ValidationError) else str(error)


class ReviewAdminMixin:
    """Mixed into VentureAdmin (projects/admin/core.py)."""

    review_actions = ["request_review_selected"]

    def get_urls(self):
        urls = [
            path(
                "review/",
                self.admin_site.admin_view(self.review_queue_view),
                name="projects_venture_review",
            ),
        ]
        return urls + super().get_urls()

    @admin.action(description=_("Mark the selected drafts ready for review"), permissions=["change"])
    def request_review_selected(self, request, queryset):
        marked = 0
        for venture in queryset:
            if not can_edit_venture(request.user, venture) or venture.is_published:
                continue
            try:
                venture_request_review(venture=venture, user=request.user)
            except (ValidationError, PermissionDenied, VersionConflict) as error:
                self.message_user(request, f"{venture.public_id}: {_describe(error)}", messages.ERROR)
                continue
            marked += 1
        self.message_user(
            request, _("%(count)s venture(s) marked ready for review.") % {"count": marked}, messages.SUCCESS
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "review_queue_url": reverse("admin:projects_venture_review"),
            "awaiting_review": awaiting_review(user=request.user).count(),
        }
        return super().changelist_view(request, extra_context)

    def review_queue_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        reviewer = can_publish(request.user)
        if request.method == "POST":
            if not reviewer:
                raise PermissionDenied
            return self._review_decision(request)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Ventures awaiting review"),
            "opts": self.model._meta,
            "items": review_queue(user=request.user, limit=REVIEW_QUEUE_LIMIT),
            "total": awaiting_review(user=request.user).count(),
            "limit": REVIEW_QUEUE_LIMIT,
            "is_reviewer": reviewer,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/projects/venture/review_queue.html", context)

    def _review_decision(self, request):
        venture = get_object_or_404(
            awaiting_review(user=request.user), pk=parse_id(request.POST.get("venture"))
        )
        decision = request.POST.get("decision")
        try:
            if decision == "publish":
                venture_set_publication_state(
                    venture=venture, user=request.user, state=PublicationState.PUBLISHED
                )
                self.message_user(
                    request, _("%(id)s published.") % {"id": venture.public_id}, messages.SUCCESS
                )
            elif decision == "send_back":
                venture_send_back(venture=venture, user=request.user, note=request.POST.get("note", ""))
                self.message_user(
                    request,
                    _("%(id)s sent back to its editors.") % {"id": venture.public_id},
                    messages.SUCCESS,
                )
            else:
                self.message_user(request, _("Choose “Publish” or “Send back”."), messages.ERROR)
        except (ValidationError, PermissionDenied, VersionConflict) as error:
            self.message_user(request, f"{venture.public_id}: {_describe(error)}", messages.ERROR)
        return HttpResponseRedirect(reverse("admin:projects_venture_review"))
