"""Page-number pagination with a settable page size and strict parameters."""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def _positive_int(request, name: str, *, maximum: int | None = None) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if maximum:
        allowed = _("a whole number from 1 to %(maximum)s") % {"maximum": maximum}
    else:
        allowed = _("a whole number from 1")
    try:
        value = int(raw)
    except ValueError:
        message = _("“%(value)s” is not allowed: use %(allowed)s.") % {"value": raw, "allowed": allowed}
        raise ValidationError({name: [message]}) from None
    if value < 1 or (maximum and value > maximum):
        message = _("%(value)s is not allowed: use %(allowed)s.") % {"value": value, "allowed": allowed}
        raise ValidationError({name: [message]})
    return value


class ApiPagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return _positive_int(request, "page_size", maximum=MAX_PAGE_SIZE) or self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        _positive_int(request, "page")
        return super().paginate_queryset(queryset, request, view)

    def paginate_lazily(self, queryset, request, view=None):
        """The page's slice of `queryset`, still a QuerySet (the caller picks the columns)."""
        _positive_int(request, "page")
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage:
            raise NotFound(_("There is no page %(page)s.") % {"page": page_number}) from None
        self.request = request
        return self.page.object_list

    def get_paginated_response(self, data, extra: dict | None = None):
        body = {
            "count": self.page.paginator.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        }
        if extra:
            body.update(extra)
        return Response(body)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == "page":
                parameter["schema"] = {"type": "integer", "minimum": 1}
            if parameter["name"] == "page_size":
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
                parameter["description"] = (
                    f"Results per page (default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE})."
                )
        return parameters


class VenturePagination(ApiPagination):
    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["data_as_of"] = {
            "type": "string",
            "format": "date-time",
            "nullable": True,
            "description": "When the data last changed (the latest update of a visible venture).",
        }
        paginated["properties"]["tombstones"] = {
            "type": "array",
            "description": "Only with updated_since: ventures removed from view since then (drop them).",
            "items": {
                "type": "object",
                "required": ["public_id", "removed_at", "reason"],
                "properties": {
                    "public_id": {"type": "string"},
                    "removed_at": {"type": "string", "format": "date-time"},
                    "reason": {"type": "string", "enum": ["deleted", "unpublished", "draft"]},
                },
            },
        }
        return paginated
