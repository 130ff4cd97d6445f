"""Helpers to submit admin forms the way a browser does: start from the rendered form, change fields."""

from django.contrib.gis.geos import GEOSGeometry
from django.urls import reverse

from projects.models import Province

UIJU = "POINT (124.53167 40.19944)"


def admin_url(model: str, view: str, *args) -> str:
    return reverse(f"admin:projects_{model}_{view}", args=args)


def _put(data: dict, name: str, value) -> None:
    if value is None or value is False:
        return
    if value is True:
        data[name] = "on"
    elif isinstance(value, GEOSGeometry):
        data[name] = value.geojson
    elif isinstance(value, list | tuple):
        data[name] = [str(getattr(item, "pk", item)) for item in value]
    else:
        data[name] = str(getattr(value, "pk", value))


def _add_form(data: dict, form) -> None:
    for name in form.fields:
        bound = form[name]
        _put(data, bound.html_name, bound.value())
        # What the form started from travels as a hidden input, as the browser posts it.
        if form.fields[name].show_hidden_initial:
            if form.is_bound and bound.html_initial_name in form.data:
                data[bound.html_initial_name] = form.data.getlist(bound.html_initial_name)
            else:
                _put(data, bound.html_initial_name, bound.value())


def form_data(response) -> dict:
    """The POST data of the admin form in `response` as rendered: main form, inline forms, management forms."""
    assert response.status_code == 200, response.status_code
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    return data


def add_inline_row(data: dict, prefix: str, **fields) -> dict:
    """Append one new row to the inline formset `prefix` (e.g. "partners", "status_entries")."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = str(value)
        # The browser posts what a new row started from: nothing.
        data[f"initial-{prefix}-{index}-{name}"] = ""
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    return data


def errors_of(response) -> list[str]:
    """Every error message on the admin page: main form, non-field, and inline forms."""
    messages: list[str] = []
    adminform = response.context["adminform"]
    for field_errors in adminform.form.errors.values():
        messages += list(field_errors)
    for inline in response.context.get("inline_admin_formsets") or []:
        messages += list(inline.formset.non_form_errors())
        for form_errors in inline.formset.errors:
            for field_errors in form_errors.values():
                messages += list(field_errors)
    return messages


def new_venture_data(client, **overrides) -> dict:
    """The add-venture form as rendered, filled with a valid new venture in North Pyongan, then `overrides`."""
    data = form_data(client.get(admin_url("venture", "add")))
    data.update(
        name="Sinuiju cosmetics joint venture",
        name_ko="신의주 화장품 합영",
        sector="manufacturing",
        province=str(Province.objects.get(code="KP-03").pk),
        location=UIJU,
        location_precision="county",
        _save="Save",
    )
    data.update(overrides)
    return data
