"""Stale saves of a venture's parts (partners, contributions, status entries, citations).

Every inline field carries the value the editor started from (a hidden "initial-" input), so a row
counts as changed only where the editor changed it. When the venture moved on since the form was
opened (its version: any change to a part bumps it), the inline's posted rows are rebased on the
stored ones before the forms are built:

- a field the other editor changed and this editor did not takes the newer value;
- a field both changed keeps this editor's input, marked as a conflict (saving again applies it);
- a row the other editor added is shown in the form;
- a row the other editor removed leaves the form, unless this editor changed it: then their copy
  stays as a new row, so no typing is lost (deleting it lets the removal stand).

What the other editor added, changed and removed is listed (`stale_parts`) beside the venture's
own differences on the refused form (templates/admin/projects/venture/change_form.html).
"""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME, INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.utils.translation import gettext_lazy as _

from projects.models import Venture

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
ACTION_LABELS = {ADDED: _("added"), CHANGED: _("changed"), REMOVED: _("removed")}


@dataclass
class PartFieldChange:
    label: str
    started: str  # what this editor's form showed when opened
    theirs: str  # the newer stored value
    yours: str  # this editor's input
    conflict: bool  # both changed it, differently: this editor's input is kept


@dataclass
class PartChange:
    """One row of an inline that someone else added, changed or removed since the form was opened."""

    kind: str
    action: str
    row: str
    fields: list = field(default_factory=list)
    note: str = ""

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    return str(value)


def _python(form_field, raw):
    try:
        return form_field.to_python(raw)
    except ValidationError:
        return raw


def _display(form_field, raw) -> str:
    """A posted value as the editor reads it (a choice's label, an organization's name)."""
    value = _python(form_field, raw)
    choices = getattr(form_field, "choices", None)
    if choices is not None and not hasattr(value, "pk"):
        labels = {str(key): label for key, label in _flat(choices)}
        return _shown(labels.get(str(value), value) if value not in (None, "") else None)
    return _shown(value)


def _flat(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat(label)
        else:
            yield getattr(key, "value", key), label


def _as_posted(value) -> list[str]:
    """A model value as a browser would post it (the values of one input name)."""
    if value is None or value is False:
        return []
    if value is True:
        return ["on"]
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(getattr(value, "pk", value))]


class StalePartsFormSetMixin:
    """For the inline formsets of the venture form (see the module's docstring)."""

    stale_parts: list

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, form_field in form.fields.items():
            if name not in self._bookkeeping_fields():
                form_field.show_hidden_initial = True

    def _bookkeeping_fields(self) -> set:
        return {self.model._meta.pk.name, self.fk.name, DELETION_FIELD_NAME, "ORDER"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale_parts = []
        if self.is_bound and self.instance.pk is not None and self._opened_an_older_version():
            self._rebase()

    def _opened_an_older_version(self) -> bool:
        try:
            expected = int(self.data.get("expected_version", ""))
        except ValueError:
            return False
        stored = Venture.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        return stored is not None and stored != expected

    # --- Rebasing the posted rows on the stored ones --------------------------------------------------

    def _editable_fields(self):
        skip = self._bookkeeping_fields()
        return {name: f for name, f in self.form.base_fields.items() if name not in skip}

    def _row(self, index: int) -> dict:
        """The posted values of row `index`: {name: [values]} and {name: [started-from values]}."""
        prefix = self.add_prefix(index)
        values, started = {}, {}
        for key in self.data:
            if key.startswith(f"{prefix}-"):
                values[key[len(prefix) + 1 :]] = self.data.getlist(key)
            elif key.startswith(f"initial-{prefix}-"):
                started[key[len(prefix) + 9 :]] = self.data.getlist(key)
        return {"values": values, "started": started}

    def _posted_rows(self):
        try:
            total = int(self.data.get(self.add_prefix(TOTAL_FORM_COUNT), 0))
            initial = int(self.data.get(self.add_prefix(INITIAL_FORM_COUNT), 0))
        except ValueError:
            return None
        return [self._row(i) for i in range(initial)], [self._row(i) for i in range(initial, total)]

    def _rebase(self):
        posted = self._posted_rows()
        if posted is None:
            return
        initial_rows, extra_rows = posted
        stored = {str(part.pk): part for part in self.get_queryset()}
        pk_name = self.model._meta.pk.name
        kind = str(self.model._meta.verbose_name)
        fields = self._editable_fields()
        kept, seen = [], set()
        for row in initial_rows:
            pk = (row["values"].get(pk_name) or [""])[0]
            seen.add(pk)
            deleted = bool(row["values"].get(DELETION_FIELD_NAME))
            part = stored.get(pk)
            if part is None:
                self._removed_by_them(row, fields, kind, deleted, extra_rows)
                continue
            change = self._merge_row(row, part, fields, kind)
            if change is not None:
                self.stale_parts.append(change)
            kept.append(row)
        for pk, part in stored.items():
            if pk in seen:
                continue
            current = self._stored_values(part, fields)
            row = {"values": {pk_name: [pk], self.fk.name: [str(self.instance.pk)], **current}}
            row["started"] = dict(current)
            kept.append(row)
            self.stale_parts.append(
                PartChange(
                    kind=kind,
                    action=ADDED,
                    row=str(part),
                    fields=[
                        PartFieldChange(
                            label=self._label(form_field, name),
                            started="—",
                            theirs=_display(form_field, self._one(form_field, current[name])),
                            yours="—",
                            conflict=False,
                        )
                        for name, form_field in fields.items()
                        if current[name]
                    ],
                )
            )
        self._write(kept, extra_rows)

    def _label(self, form_field, name) -> str:
        return str(form_field.label or name).capitalize()

    def _stored_values(self, part, fields) -> dict:
        form = self.form(instance=part)
        return {name: _as_posted(form.initial.get(name)) for name in fields}

    def _one(self, form_field, values):
        if isinstance(form_field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            return values
        return values[0] if values else None

    def _merge_row(self, row, part, fields, kind):
        stored_initial = self.form(instance=part).initial
        current = {name: _as_posted(stored_initial.get(name)) for name in fields}
        changes = []
        for name, form_field in fields.items():
            started = row["started"].get(name, [])
            yours = row["values"].get(name, [])
            theirs_value = stored_initial.get(name)
            theirs_changed = form_field.has_changed(theirs_value, self._one(form_field, started))
            if not theirs_changed:
                continue
            yours_changed = form_field.has_changed(
                _python(form_field, self._one(form_field, started)), self._one(form_field, yours)
            )
            conflict = yours_changed and form_field.has_changed(theirs_value, self._one(form_field, yours))
            if not yours_changed:
                row["values"][name] = current[name]
            # Saving again applies what the editor now sees over the newer version, knowingly.
            row["started"][name] = current[name]
            changes.append(
                PartFieldChange(
                    label=self._label(form_field, name),
                    started=_display(form_field, self._one(form_field, started)),
                    theirs=_display(form_field, self._one(form_field, current[name])),
                    yours=_display(form_field, self._one(form_field, row["values"].get(name, []))),
                    conflict=conflict,
                )
            )
        if not changes:
            return None
        note = ""
        if row["values"].get(DELETION_FIELD_NAME):
            note = str(_("You marked it for deletion: saving again deletes it with their changes."))
        return PartChange(kind=kind, action=CHANGED, row=str(part), fields=changes, note=note)

    def _removed_by_them(self, row, fields, kind, deleted, extra_rows):
        yours_changed = not deleted and any(
            form_field.has_changed(
                _python(form_field, self._one(form_field, row["started"].get(name, []))),
                self._one(form_field, row["values"].get(name, [])),
            )
            for name, form_field in fields.items()
        )
        note = ""
        if yours_changed:
            # The editor's changed copy stays in the form as a new row: nothing typed is lost.
            copy = {name: row["values"].get(name, []) for name in fields}
            extra_rows.insert(0, {"values": copy, "started": {}})
            note = str(
                _(
                    "You had changed it: your copy is kept as a new row below. Delete that row if the "
                    "removal stands."
                )
            )
        self.stale_parts.append(
            PartChange(
                kind=kind,
                action=REMOVED,
                row=" · ".join(
                    _display(f, self._one(f, row["started"].get(name) or row["values"].get(name, [])))
                    for name, f in fields.items()
                    if (row["started"].get(name) or row["values"].get(name))
                )
                or "—",
                note=note,
            )
        )

    def _write(self, initial_rows, extra_rows):
        """Replace the posted rows: the kept initial rows first, then the new ones."""
        data = self.data
        try:
            total = int(data.get(self.add_prefix(TOTAL_FORM_COUNT), 0))
        except ValueError:
            total = 0
        old_prefixes = [self.add_prefix(i) for i in range(max(total, 0))]
        for key in list(data):
            if any(key.startswith((f"{p}-", f"initial-{p}-")) for p in old_prefixes):
                del data[key]
        for row in extra_rows:
            # A new row starts from nothing: without it the re-rendered form would echo the input as
            # the start, and saving again would skip the row as unchanged.
            for name in self._editable_fields():
                row.setdefault("started", {}).setdefault(name, [""])
        for index, row in enumerate([*initial_rows, *extra_rows]):
            prefix = self.add_prefix(index)
            for name, values in row["values"].items():
                data.setlist(f"{prefix}-{name}", values)
            for name, values in row.get("started", {}).items():
                data.setlist(f"initial-{prefix}-{name}", values)
        data[self.add_prefix(INITIAL_FORM_COUNT)] = str(len(initial_rows))
        data[self.add_prefix(TOTAL_FORM_COUNT)] = str(len(initial_rows) + len(extra_rows))


class StalePartsAdminMixin:
    """Puts what others changed in the venture's parts (every inline's `stale_parts`) in the page."""

    def render_change_form(self, request, context, *args, **kwargs):
        context["stale_parts"] = [
            change
            for inline_admin_formset in context.get("inline_admin_formsets") or []
            for change in getattr(inline_admin_formset.formset, "stale_parts", [])
        ]
        return super().render_change_form(request, context, *args, **kwargs)
