"""Intake in the admin: submitting URLs, the triage queue, feeds.

The triage queue is a proxy of SourceArticle (`TriageArticle`) with its own admin, so the foundation's
SourceArticle admin stays as it is. Editors use it with their SourceArticle permissions.
"""

import mimetypes
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from projects.ingest.pasted import PASTE_MAX_CHARS
from projects.models import (
    Feed,
    FeedItem,
    FetchStatus,
    Sector,
    SourceSnapshot,
    TriageArticle,
    TriageState,
    Venture,
    VentureForm,
)
from projects.permissions import can_edit_venture
from projects.services.enqueue import EnqueueError
from projects.services.feeds import feed_poll_enqueue
from projects.services.pasted import source_paste_text
from projects.services.proposals import proposal_attach, proposal_create_draft
from projects.services.sources import enqueue_fetch, source_submit
from projects.services.triage import (
    draft_prefills,
    quote_for_venture,
    triage_attach,
    triage_create_draft,
    triage_set_state,
)
from projects.services.ventures import describe_validation_error

from .paste import PasteForm
from .proposals import build_cards

# The triage page lists this many mentions a page, and shows this much of the article's text (the
# full text is in the retrieved copies).
TRIAGE_MENTIONS_PER_PAGE = 50
TRIAGE_TEXT_PREVIEW_CHARS = 50_000


class SourcePermissionsMixin:
    """The proxy uses the permissions editors already hold on SourceArticle."""

    def _perm(self, request, action):
        return request.user.has_perm(f"projects.{action}_sourcearticle")

    def has_module_permission(self, request):
        return self._perm(request, "view") or self._perm(request, "change")

    def has_view_permission(self, request, obj=None):
        return self._perm(request, "view") or self._perm(request, "change")

    def has_change_permission(self, request, obj=None):
        return self._perm(request, "change")

    def has_add_permission(self, request):
        return self._perm(request, "add")

    def has_delete_permission(self, request, obj=None):
        return False


class SubmitUrlForm(forms.Form):
    url = forms.URLField(label=_("Article URL"), max_length=2000, assume_scheme="https")


class TriageStateFilter(admin.SimpleListFilter):
    title = _("triage")
    parameter_name = "triage"

    def lookups(self, request, model_admin):
        return [*TriageState.choices, ("none", _("No suggestions yet"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(suggestions__isnull=True)
        if self.value() in TriageState.values:
            return queryset.filter(suggestions__triage_state=self.value())
        return queryset


@admin.register(TriageArticle)
class TriageArticleAdmin(SourcePermissionsMixin, admin.ModelAdmin):
    """Per article: the mentions with their sentence, one click to draft a venture or cite it."""

    list_display = ["__str__", "publisher", "language", "fetch_status", "triage_state", "suggested"]
    list_filter = [TriageStateFilter, "fetch_status", "language"]
    search_fields = ["url", "title", "publisher"]
    list_select_related = ["suggestions"]
    actions = ["fetch_again", "mark_done", "dismiss"]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(fetch_status=FetchStatus.MANUAL)

    @admin.display(description=_("triage"))
    def triage_state(self, obj):
        suggestions = getattr(obj, "suggestions", None)
        return suggestions.get_triage_state_display() if suggestions else "—"

    @admin.display(description=_("suggested"))
    def suggested(self, obj):
        suggestions = getattr(obj, "suggestions", None)
        if not suggestions:
            return "—"
        data = suggestions.data
        return _("%(provinces)s provinces, %(places)s places, %(ventures)s candidate ventures") % {
            "provinces": len(data.get("provinces", [])),
            "places": len(data.get("places", [])),
            "ventures": len(data.get("candidate_ventures", [])),
        }

    @admin.action(description=_("Fetch again"))
    def fetch_again(self, request, queryset):
        sent = sum(enqueue_fetch(pk, force=True) for pk in queryset.values_list("pk", flat=True))
        self.message_user(request, _("%(count)s fetches queued.") % {"count": sent})

    @admin.action(description=_("Mark as triaged"))
    def mark_done(self, request, queryset):
        for source in queryset:
            triage_set_state(source=source, state=TriageState.DONE)
        self.message_user(request, _("Marked as triaged."))

    @admin.action(description=_("Dismiss (not about a venture)"))
    def dismiss(self, request, queryset):
        for source in queryset:
            triage_set_state(source=source, state=TriageState.DISMISSED)
        self.message_user(request, "Dismissed.")

    # --- views ---------------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/create-draft/", wrap(self.create_draft_view), name="projects_triage_create_draft"),
            path("<int:pk>/attach/", wrap(self.attach_view), name="projects_triage_attach"),
            path("<int:pk>/state/", wrap(self.state_view), name="projects_triage_state"),
            path("<int:pk>/proposal/<int:index>/", wrap(self.proposal_view), name="projects_triage_proposal"),
            path("<int:pk>/paste/", wrap(self.paste_view), name="projects_triage_paste"),
            path("<int:pk>/fetch-again/", wrap(self.fetch_again_view), name="projects_triage_fetch_again"),
            path("paste/", wrap(self.paste_new_view), name="projects_triage_paste_new"),
            path("snapshot/<int:snapshot_id>/", wrap(self.snapshot_view), name="projects_triage_snapshot"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        """Submitting a URL: saved at once as queued, fetched in the background."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SubmitUrlForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                source, created = source_submit(url=form.cleaned_data["url"], user=request.user)
            except ValidationError as error:
                form.add_error("url", describe_validation_error(error))
            else:
                if created:
                    self.message_user(request, _("Submitted: the article is being fetched."))
                else:
                    self.message_user(request, _("This article is already a source."), messages.WARNING)
                return HttpResponseRedirect(reverse("admin:projects_triagearticle_change", args=[source.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Submit an article"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/projects/triage_submit.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        source = get_object_or_404(self.get_queryset(request).select_related("suggestions"), pk=object_id)
        if not self.has_view_permission(request, source):
            raise PermissionDenied
        return self._triage_page(request, source)

    def _triage_page(self, request, source, *, cards=None, status=200):
        suggestions = getattr(source, "suggestions", None)
        data = suggestions.data if suggestions else {}
        # A page of mentions at a time, with the same number of queries whatever their number
        # (suggestions stored before the bounds of projects.ingest.match may hold 200,000).
        page = Paginator(range(len(data.get("mentions", []))), TRIAGE_MENTIONS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        mentions = (
            [
                {**mention, "index": index, "prefill": prefill}
                for index, mention, prefill in draft_prefills(source=source, mention_indexes=page.object_list)
            ]
            if suggestions
            else []
        )
        candidate_ids = [c["id"] for c in data.get("candidate_ventures", [])]
        ventures = Venture.objects.select_related("province").in_bulk(candidate_ids)
        candidates = [
            {
                **c,
                "quote": quote_for_venture(source=source, venture=ventures[c["id"]]),
                "can_attach": can_edit_venture(request.user, ventures[c["id"]]),
            }
            for c in data.get("candidate_ventures", [])
            if c["id"] in ventures
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Triage: {source}",
            "opts": self.model._meta,
            "original": source,
            "source": source,
            "suggestions": suggestions,
            "data": data,
            "mentions": mentions,
            "mentions_page": page,
            "candidates": candidates,
            "text_preview": source.text[:TRIAGE_TEXT_PREVIEW_CHARS],
            "text_preview_chars": TRIAGE_TEXT_PREVIEW_CHARS,
            "snapshots": source.snapshots.all(),
            "sectors": Sector.choices,
            "forms": VentureForm.choices,
            "can_change": self.has_change_permission(request, source),
            "has_view_permission": True,
            "cards": cards if cards is not None else build_cards(data=data, user=request.user),
        }
        return TemplateResponse(request, "admin/projects/triage_article.html", context, status=status)

    def _source_for_post(self, request, pk, *, needs_suggestions=True):
        if request.method != "POST":
            raise Http404
        source = get_object_or_404(self.get_queryset(request).select_related("suggestions"), pk=pk)
        if not self.has_change_permission(request, source):
            raise PermissionDenied
        if needs_suggestions and not hasattr(source, "suggestions"):
            raise PermissionDenied
        return source

    def _back(self, source):
        return HttpResponseRedirect(reverse("admin:projects_triagearticle_change", args=[source.pk]))

    def create_draft_view(self, request, pk):
        source = self._source_for_post(request, pk)
        try:
            venture = triage_create_draft(
                source=source,
                mention_index=int(request.POST.get("mention", "-1")),
                user=request.user,
                sector=request.POST.get(f"sector-{request.POST.get('mention')}") or None,
                form=request.POST.get(f"form-{request.POST.get('mention')}") or None,
            )
        except (ValidationError, ValueError) as error:
            message = describe_validation_error(error) if isinstance(error, ValidationError) else str(error)
            self.message_user(
                request, _("No draft created: %(reason)s") % {"reason": message}, messages.ERROR
            )
            return self._back(source)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return self._back(source)
        self.message_user(
            request, _("Draft %(id)s created and cited to this article.") % {"id": venture.public_id}
        )
        return HttpResponseRedirect(reverse("admin:projects_venture_change", args=[venture.pk]))

    def attach_view(self, request, pk):
        source = self._source_for_post(request, pk)
        public_id = (request.POST.get("venture") or "").strip().upper()
        venture = Venture.objects.filter(public_id=public_id).select_related("province").first()
        if venture is None:
            self.message_user(
                request, _("No venture %(id)s.") % {"id": public_id or _("(none given)")}, messages.ERROR
            )
            return self._back(source)
        quote = request.POST.get("quote") or quote_for_venture(source=source, venture=venture)
        try:
            triage_attach(source=source, venture=venture, quote=quote, user=request.user)
        except ValidationError as error:
            self.message_user(request, describe_validation_error(error), messages.ERROR)
            return self._back(source)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return self._back(source)
        self.message_user(request, _("Article cited on %(id)s.") % {"id": venture.public_id})
        return self._back(source)

    def proposal_view(self, request, pk, index):
        """A proposed venture's card submitted: "create draft", or "attach" to one of its ventures."""
        source = self._source_for_post(request, pk)
        cards = build_cards(data=source.suggestions.data, user=request.user, post=request.POST, only=index)
        if not 0 <= index < len(cards):
            self.message_user(
                request, _("This proposal is no longer among the article's suggestions."), messages.ERROR
            )
            return self._back(source)
        card = cards[index]
        attach_to = (request.POST.get("attach") or "").strip()
        try:
            if attach_to:
                return self._attach_card(request, source, card, attach_to, cards)
            if not card.is_valid():
                return self._triage_page(request, source, cards=cards, status=400)
            venture = proposal_create_draft(source=source, proposal=card.proposal(), user=request.user)
        except ValidationError as error:
            card.errors.append(describe_validation_error(error))
            return self._triage_page(request, source, cards=cards, status=400)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return self._back(source)
        self.message_user(
            request,
            _(
                "Draft %(id)s created with %(partners)s partners, %(statuses)s status entries and "
                "%(citations)s citations."
            )
            % {
                "id": venture.public_id,
                "partners": venture.partners.count(),
                "statuses": venture.status_entries.count(),
                "citations": venture.citations.count(),
            },
        )
        return HttpResponseRedirect(reverse("admin:projects_venture_change", args=[venture.pk]))

    def _attach_card(self, request, source, card, public_id, cards):
        venture = next((e["venture"] for e in card.existing if e["venture"].public_id == public_id), None)
        if venture is None:
            venture = Venture.objects.filter(public_id=public_id.upper()).select_related("province").first()
        if venture is None:
            card.errors.append(_("No venture %(id)s.") % {"id": public_id})
            return self._triage_page(request, source, cards=cards, status=400)
        if not card.status_form.is_valid():
            return self._triage_page(request, source, cards=cards, status=400)
        attached = proposal_attach(
            source=source,
            venture=venture,
            quote=card.data.get("name_sentence") or quote_for_venture(source=source, venture=venture),
            status=card.status_form.proposed(card.status_sentence),
            user=request.user,
        )
        if attached.status_entry:
            message = _("Article cited on %(id)s and its status “%(status)s”.") % {
                "id": venture.public_id,
                "status": attached.status_entry,
            }
        else:
            message = _("Article cited on %(id)s.") % {"id": venture.public_id}
        self.message_user(request, message)
        return self._back(source)

    def paste_view(self, request, pk):
        """The article's text pasted (or uploaded) by an editor, pre-read as a fetched one would be."""
        source = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, source):
            raise PermissionDenied
        form = PasteForm(request.POST or None, request.FILES or None, url_required=False)
        if request.method == "POST" and form.is_valid():
            return self._store_paste(request, form, source=source)
        return self._paste_page(request, form, source=source, status=400 if form.is_bound else 200)

    def paste_new_view(self, request):
        """A new article from its pasted text (an article that cannot be fetched, or a PDF's text)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PasteForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            return self._store_paste(request, form, url=form.cleaned_data["url"])
        return self._paste_page(request, form, status=400 if form.is_bound else 200)

    def _store_paste(self, request, form, **where):
        data = form.cleaned_data
        try:
            source = source_paste_text(
                pasted=data["pasted"],
                user=request.user,
                title=data.get("title", ""),
                publisher=data.get("publisher", ""),
                published_on=data.get("published_on"),
                citation=data.get("citation", ""),
                **where,
            )
        except ValidationError as error:
            form.add_error(None, describe_validation_error(error))
            return self._paste_page(request, form, source=where.get("source"), status=400)
        proposals = len(source.suggestions.data.get("ventures") or [])
        self.message_user(
            request, _("Text stored and pre-read: %(count)s proposed ventures.") % {"count": proposals}
        )
        return self._back(source)

    def _paste_page(self, request, form, *, source=None, status=200):
        too_large = ""
        if request.GET.get("too_large") and not form.is_bound:
            too_large = _(
                "The text sent was too large for an article (at most %(limit)s characters): "
                "nothing was stored. Paste the article itself, without the rest of the page."
            ) % {"limit": f"{PASTE_MAX_CHARS:,}"}
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": _("Paste the text of %(source)s") % {"source": source}
            if source
            else _("Paste an article"),
            "form": form,
            "too_large": too_large,
            "source": source,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/projects/triage_paste.html", context, status=status)

    def fetch_again_view(self, request, pk):
        source = self._source_for_post(request, pk, needs_suggestions=False)
        if enqueue_fetch(source.pk, force=True):
            self.message_user(request, _("Fetching again: reload this page in a moment."))
        else:
            self.message_user(
                request,
                _("The fetch could not be queued now; it will be sent again shortly."),
                messages.WARNING,
            )
        return self._back(source)

    def state_view(self, request, pk):
        source = self._source_for_post(request, pk)
        try:
            triage_set_state(source=source, state=request.POST.get("state", ""))
        except ValidationError as error:
            self.message_user(request, describe_validation_error(error), messages.ERROR)
        return self._back(source)

    def snapshot_view(self, request, snapshot_id):
        """A retrieved copy, as plain text so the archived page never runs in the admin's origin."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        snapshot = get_object_or_404(SourceSnapshot, pk=snapshot_id)
        root = Path(settings.ARCHIVE_ROOT).resolve()
        file = (root / snapshot.archive_path).resolve()
        if root not in file.parents or not file.is_file():
            raise Http404(_("The archived file is missing."))
        response = FileResponse(file.open("rb"), content_type="text/plain; charset=utf-8")
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        extension = mimetypes.guess_extension(snapshot.content_type) or ".bin"
        response["Content-Disposition"] = f'inline; filename="{snapshot.sha256}{extension}"'
        return response


class FeedItemInline(admin.TabularInline):
    model = FeedItem
    fields = ["seen_at", "title", "url", "matched", "source"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    max_num = 0
    ordering = ["-seen_at"]


@admin.register(Feed)
class FeedAdmin(SourcePermissionsMixin, SimpleHistoryAdmin):
    """Editors manage feeds with their source permissions; switch a feed off rather than delete it."""

    list_display = ["name", "url", "active", "last_polled_at", "error"]
    list_filter = ["active"]
    search_fields = ["name", "url", "keywords"]
    readonly_fields = ["last_polled_at", "last_error", "etag", "modified", "created_at"]
    inlines = [FeedItemInline]
    actions = ["poll_now"]

    @admin.display(description=_("last error"))
    def error(self, obj):
        return format_html("<span title='{}'>{}</span>", obj.last_error, obj.last_error[:60])

    @admin.action(description=_("Poll now"))
    def poll_now(self, request, queryset):
        try:
            feed_poll_enqueue(feed_ids=queryset.values_list("pk", flat=True))
        except EnqueueError as error:  # broker down: the periodic poll will do it
            self.message_user(
                request, _("Could not queue the poll: %(error)s") % {"error": error}, messages.WARNING
            )
            return
        self.message_user(request, _("Polls queued."))
