from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, register_converter
from django.views.decorators.cache import cache_control
from django.views.i18n import JavaScriptCatalog, set_language

from jvtracker.auth import StaffAuthenticationForm
from projects.ids import IdConverter

# The sign-in form says why a right but weak staff password is refused (jvtracker/auth.py).
admin.site.login_form = StaffAuthenticationForm

# `<id:pk>`: a row id in range, else no match (404), before any query sees it (projects/ids.py).
register_converter(IdConverter, "id")

# The scripts' strings (root catalog, djangojs domain), in the URL's language; they change only with
# a deploy.
javascript_catalog = cache_control(public=True, max_age=3600)(JavaScriptCatalog.as_view())

# /admin/, /api/ and the language switcher's endpoint keep one URL in every language.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("projects.api.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
]
# The pages: English unprefixed (their URLs as before), /ko/… and /zh-hans/… (jvtracker/locale.py).
urlpatterns += i18n_patterns(
    path("jsi18n/", javascript_catalog, name="javascript-catalog"),
    path("", include("projects.urls")),
    prefix_default_language=False,
)

# A database outage met outside a view is answered with 503 + Retry-After, not a bare 500; under
# /api/ every error page is JSON.
handler400 = "jvtracker.middleware.bad_request"
handler403 = "jvtracker.middleware.permission_denied"
handler404 = "jvtracker.middleware.page_not_found"
handler500 = "jvtracker.middleware.server_error"
