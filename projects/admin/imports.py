"""The admin's spreadsheet import: upload, map the columns (remembered per layout), preview, confirm.

Thin: reading, planning and writing are projects/services/imports.py. The uploaded file waits in a
temporary directory under its sha256 between the preview and the confirmation.
"""

import re
import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from projects.models import ImportLayout, ImportLog
from projects.services.import_rows import (
    EXPORT_COLUMNS,
    PARTNER_FIELDS,
    SINGLE_STATUS,
    SOURCE_FIELDS,
    STATUS_FIELDS,
    VENTURE_COLUMNS,
)
from projects.services.imports import ImportRefused, apply_plan, plan_file

UPLOAD_DIR = Path(tempfile.gettempdir()) / "jvtracker-imports"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SHA256 = re.compile(r"^[0-9a-f]{64}$")
GROUPS_OFFERED = 5
MAPPING_CHOICES = [
    ("", _("— ignore this column —")),
    *((c, c) for c in VENTURE_COLUMNS),
    *((c, c) for c in SINGLE_STATUS),
    *((c, c) for c in EXPORT_COLUMNS if c not in SINGLE_STATUS),
    *((f"partner_{i}_{f}", f"partner_{i}_{f}") for i in range(1, GROUPS_OFFERED + 1) for f in PARTNER_FIELDS),
    *(
        (f"status_{i}" if f == "status" else f"status_{i}_{f}",) * 2
        for i in range(1, GROUPS_OFFERED + 1)
        for f in STATUS_FIELDS
    ),
    *((f"source_{i}_{f}", f"source_{i}_{f}") for i in range(1, GROUPS_OFFERED + 1) for f in SOURCE_FIELDS),
]


class UploadForm(forms.Form):
    file = forms.FileField(help_text=_("A .csv (UTF-8) or .xlsx file; columns as in docs/import.md."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Give a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": MAX_UPLOAD_BYTES // 1024 // 1024}
            )
        return upload


def _store(content: bytes, sha256: str) -> None:
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    (UPLOAD_DIR / sha256).write_bytes(content)


def _stored(sha256: str) -> bytes | None:
    if not SHA256.match(sha256 or ""):
        return None
    path = UPLOAD_DIR / sha256
    return path.read_bytes() if path.is_file() else None


@admin.register(ImportLog)
class ImportLogAdmin(admin.ModelAdmin):
    """The log of imports; "Add" is the import itself (upload, preview, confirm)."""

    list_display = ["created_at", "kind", "filename", "user", "rows", "created", "updated", "skipped"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in ImportLog._meta.fields]

    def has_add_permission(self, request):
        return request.user.has_perm("projects.add_venture")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.has_perm("projects.view_venture")

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import ventures"),
            "opts": self.model._meta,
        }
        if request.method != "POST":
            return self._render(request, {**context, "form": UploadForm()})
        if "file" in request.FILES:
            form = UploadForm(request.POST, request.FILES)
            if not form.is_valid():
                return self._render(request, {**context, "form": form})
            upload = form.cleaned_data["file"]
            content, filename = upload.read(), upload.name
            plan = plan_file(content=content, filename=filename)
            _store(content, plan.sha256)
            return self._render(request, {**context, "plan": plan})
        sha256, filename = request.POST.get("sha256", ""), request.POST.get("filename", "")[:300]
        content = _stored(sha256)
        if content is None:
            self.message_user(
                request, _("The uploaded file is no longer available: upload it again."), messages.ERROR
            )
            return self._render(request, {**context, "form": UploadForm()})
        headers = plan_file(content=content, filename=filename).headers
        mapping = {h: request.POST.get(f"column_{i}", "") for i, h in enumerate(headers)}
        plan = plan_file(content=content, filename=filename, mapping=mapping)
        if request.POST.get("step") != "confirm" or not plan.ok:
            return self._render(request, {**context, "plan": plan})
        try:
            log = apply_plan(plan=plan, user=request.user)
        except (ImportRefused, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                self.message_user(request, str(error), messages.ERROR)
            return self._render(request, {**context, "plan": plan})
        (UPLOAD_DIR / sha256).unlink(missing_ok=True)
        counts = plan.counts()
        self.message_user(
            request,
            f"Imported {filename}: {counts['create']} created, {counts['update']} updated, "
            f"{counts['unchanged'] + counts['skip']} skipped.",
        )
        if log is None:
            return HttpResponseRedirect(reverse("admin:projects_importlog_changelist"))
        return HttpResponseRedirect(reverse("admin:projects_importlog_change", args=[log.pk]))

    def _render(self, request, context):
        plan = context.get("plan")
        if plan is not None:
            offered = dict(MAPPING_CHOICES)
            context["columns"] = [
                {
                    "index": i,
                    "header": header,
                    "mapped": plan.mapping.get(header, ""),
                    "choices": MAPPING_CHOICES
                    + (
                        [(plan.mapping[header], plan.mapping[header])]
                        if plan.mapping.get(header) not in offered
                        else []
                    ),
                }
                for i, header in enumerate(plan.headers)
            ]
            context["counts"] = plan.counts()
            context["remembered"] = (
                ImportLayout.objects.filter(headers=plan.headers).exists() if plan.headers else False
            )
        return TemplateResponse(request, "admin/projects/import_ventures.html", context)
