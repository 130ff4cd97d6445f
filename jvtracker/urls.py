from django.contrib import admin
from django.urls import include, path, register_converter

from jvtracker.auth import StaffAuthenticationForm
from projects.ids import IdConverter

# The sign-in form says why a right but weak staff password is refused (jvtracker/auth.py).
admin.site.login_form = StaffAuthenticationForm

# `<id:pk>`: a row id in range, else no match (404), before any query sees it (projects/ids.py).
register_converter(IdConverter, "id")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("projects.api.urls")),
    path("", include("projects.urls")),
]

# A database outage met outside a view is answered with 503 + Retry-After, not a bare 500; under
# /api/ every error page is JSON.
handler400 = "jvtracker.middleware.bad_request"
handler403 = "jvtracker.middleware.permission_denied"
handler404 = "jvtracker.middleware.page_not_found"
handler500 = "jvtracker.middleware.server_error"
