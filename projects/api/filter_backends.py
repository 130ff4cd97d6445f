"""The API's filter backend: django-filter's, strict about the parameters it is given."""

from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from rest_framework.exceptions import ValidationError

from projects.selectors.filters import unknown_parameter_errors

# Parameters of paginated lists that are not filters.
PAGE_PARAMETERS = {"page", "page_size"}


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend, plus: a parameter the endpoint does not know is a 400, not ignored."""

    def allowed_parameters(self, request, view) -> set[str]:
        allowed = {"format", *getattr(view, "extra_query_parameters", ())}
        if getattr(view, "pagination_class", None) is not None:
            allowed |= PAGE_PARAMETERS
        filterset_class = self.get_filterset_class(view, view.get_queryset())
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        return allowed

    def filter_queryset(self, request, queryset, view):
        allowed = self.allowed_parameters(request, view)
        errors = unknown_parameter_errors(request.query_params, allowed)
        if errors:
            raise ValidationError(errors)
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        # The view may need the cleaned values (e.g. updated_since for tombstones).
        view.filterset = filterset
        return filterset.qs
