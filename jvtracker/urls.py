from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("projects.api.urls")),
    path("", include("projects.urls")),
]

# A database outage met outside a view is answered with 503 + Retry-After, not a bare 500.
handler500 = "jvtracker.middleware.server_error"
