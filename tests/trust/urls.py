"""The site's URLs plus views that fail on purpose, to see what a visitor gets when things break."""

from django.db import OperationalError
from django.urls import path

from jvtracker.urls import handler500  # noqa: F401
from jvtracker.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("secret internal detail: DATABASE_PASSWORD=hunter2")


def database_gone(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


class DatabaseGoneOutsideViewsMiddleware:
    """Fails like SessionMiddleware saving a session while PostgreSQL is down: outside any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info == "/trust-session-db-gone/":
            raise OperationalError("server closed the connection unexpectedly")
        return response


urlpatterns = [
    path("trust-boom/", boom),
    path("trust-db-gone/", database_gone),
    path("api/trust-db-gone/", database_gone),
    *site_urlpatterns,
]
