"""Deploy-ready security: production settings, headers, CSP, no debug pages, CSRF, throttles, logins."""

import importlib
import io
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import make_venture

ROOT = Path(django_settings.BASE_DIR)
REAL_KEY = secrets.token_urlsafe(64)
PLACEHOLDER_BROKER_URL = "redis://127.0.0.1:6379/0"
# Settings the production module hardens; applied on top of the test settings for in-process checks.
PRODUCTION_NAMES = re.compile(
    r"^(DEBUG|DEBUG_PROPAGATE_EXCEPTIONS|SECURE_.*|SESSION_COOKIE_.*|CSRF_COOKIE_.*|X_FRAME_OPTIONS)$"
)


def _run_manage(*args, env_overrides: dict, timeout=120):
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "jvtracker.settings.production",
        # Production insists on a broker; `check` never connects to it.
        "CELERY_BROKER_URL": PLACEHOLDER_BROKER_URL,
        **env_overrides,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_check_deploy_passes_with_production_settings_and_a_real_key():
    result = _run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides={"SECRET_KEY": REAL_KEY}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "key",
    ["", "short", "insecure-" + "x" * 60, "a" * 64],
    ids=["missing", "short", "insecure-default", "repetitive"],
)
def test_production_refuses_to_start_without_a_real_secret_key(key):
    result = _run_manage("check", env_overrides={"SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.fixture
def production(settings, monkeypatch):
    """The production module's hardening, applied to this test process (database stays the test one)."""
    monkeypatch.setenv("SECRET_KEY", REAL_KEY)
    monkeypatch.setenv("CELERY_BROKER_URL", PLACEHOLDER_BROKER_URL)
    module = importlib.import_module("jvtracker.settings.production")
    for name in dir(module):
        if PRODUCTION_NAMES.match(name):
            setattr(settings, name, getattr(module, name))
    settings.SECRET_KEY = REAL_KEY
    return settings


def https_client(**kwargs) -> Client:
    """A client that talks HTTPS through the proxy header, as behind the production reverse proxy."""
    return Client(headers={"X-Forwarded-Proto": "https"}, **kwargs)


@pytest.mark.django_db
def test_pages_carry_csp_hsts_frame_and_nosniff_headers_in_production(production, geo):
    venture = make_venture(name="Tokhyon Mine")
    client = https_client()
    for url in ["/", f"/ventures/{venture.public_id}/", "/provinces/KP-03/", "/api/v1/ventures/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ]:
            assert directive in csp, (url, directive)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
        assert response["X-Frame-Options"] == "DENY"
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https_in_production(production):
    response = Client().get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_csp_allows_map_tiles_from_the_configured_tile_host_only():
    from jvtracker.security import tile_source

    img_src = django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
    assert tile_source(django_settings.MAP_TILES_URL) in img_src
    assert tile_source("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert tile_source("/tiles/{z}/{x}/{y}.png") is None
    assert tile_source("") is None


TEMPLATE_DIRS = [ROOT / "templates", ROOT / "projects" / "templates"]


def _templates():
    return sorted(p for d in TEMPLATE_DIRS if d.exists() for p in d.rglob("*.html"))


def test_public_templates_have_no_inline_script_or_style_so_the_strict_csp_holds():
    offenders = []
    for path in _templates():
        if "admin" in path.parts:
            continue  # the admin is served under the relaxed policy (its map widget is inline)
        text = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, flags=re.S | re.I):
            attrs, body = match.groups()
            if "src=" not in attrs and body.strip() and "application/json" not in attrs:
                offenders.append(f"{path}: inline <script>")
        if re.search(r"<style\b", text, flags=re.I):
            offenders.append(f"{path}: <style> block")
        if re.search(r"\sstyle\s*=", text, flags=re.I):
            offenders.append(f"{path}: style= attribute")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text, flags=re.I):
            offenders.append(f"{path}: inline event handler")
    assert not offenders, offenders


def test_every_post_form_in_our_templates_carries_a_csrf_token():
    missing = []
    for path in _templates():
        for match in re.finditer(r"<form\b[^>]*>(.*?)</form>", path.read_text(), flags=re.S | re.I):
            is_post = re.search(r"method\s*=\s*[\"']?post", match.group(0)[:200], flags=re.I)
            if is_post and "{% csrf_token %}" not in match.group(1):
                missing.append(str(path))
    assert not missing, missing


# ------------------------------------------------------------------------------ errors: no debug pages


@pytest.mark.urls("tests.trust.urls")
def test_a_404_in_production_shows_no_debug_page(production, db):
    response = https_client().get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Traceback" not in body and "URLconf" not in body and "trust-boom" not in body


@pytest.mark.urls("tests.trust.urls")
def test_a_500_in_production_shows_no_traceback_or_internal_detail(production, db):
    response = https_client(raise_request_exception=False).get("/trust-boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Traceback" not in body and "hunter2" not in body and "RuntimeError" not in body


@pytest.mark.urls("tests.trust.urls")
@pytest.mark.parametrize(
    ("url", "content_type"),
    [("/trust-db-gone/", "text/html"), ("/api/trust-db-gone/", "application/json")],
)
def test_a_lost_database_is_a_503_with_retry_after_not_a_500(production, db, url, content_type):
    response = https_client(raise_request_exception=False).get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"].startswith(content_type)
    body = response.content.decode()
    assert "temporarily unavailable" in body.lower()
    assert "5432" not in body and "Traceback" not in body
    assert len(body) < 500


@pytest.mark.urls("tests.trust.urls")
def test_a_database_outage_met_outside_a_view_is_a_503_too(production, db, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.trust.urls.DatabaseGoneOutsideViewsMiddleware"]
    response = https_client(raise_request_exception=False).get("/trust-session-db-gone/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Traceback" not in response.content.decode()


# ------------------------------------------------------------------------------------------------ CSRF


@pytest.mark.django_db
def test_session_authenticated_api_write_without_csrf_token_is_refused(editor, geo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(
        "/api/v1/sources/", {"url": "https://news.example.org/csrf"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "csrf" in response.content.decode().lower()
    from projects.models import SourceArticle

    assert not SourceArticle.objects.filter(url__contains="csrf").exists()


@pytest.mark.django_db
def test_session_authenticated_api_write_with_csrf_token_passes_csrf(editor, geo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get("/admin/")  # sets the csrftoken cookie, as the editor's browser has it
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/ventures/",
        {"name": "", "sector": "mine"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 400  # got past CSRF to validation


@pytest.mark.django_db
def test_token_authenticated_api_write_needs_no_csrf_token(editor, geo):
    token = Token.objects.create(user=editor)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/ventures/",
        {"name": "Token-made draft", "sector": "mine", "province": "KP-03"},
        content_type="application/json",
        headers={"Authorization": f"Token {token.key}"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["publication_state"] == "draft"


@pytest.mark.django_db
def test_admin_login_without_csrf_token_is_refused(editor):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


# ----------------------------------------------------------------------------------------- throttling


@pytest.mark.django_db
def test_anonymous_api_use_is_throttled_at_the_configured_rate(settings, geo):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "1000/minute"},
    }
    from django.core.cache import cache

    cache.clear()
    client = Client()
    statuses = [client.get("/api/v1/ventures/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/stats/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    cache.clear()


@pytest.mark.django_db
def test_signed_in_api_users_have_their_own_higher_rate(settings, editor, geo):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": "3/minute"},
    }
    from django.core.cache import cache

    cache.clear()
    token = Token.objects.create(user=editor)
    client = Client(headers={"Authorization": f"Token {token.key}"})
    statuses = [client.get("/api/v1/ventures/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    cache.clear()


def test_throttle_rates_and_login_limits_come_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'], s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jvtracker.settings.local",
        "API_ANON_THROTTLE_RATE": "7/minute",
        "API_USER_THROTTLE_RATE": "70/minute",
        "LOGIN_FAILURE_LIMIT": "4",
        "LOGIN_COOLOFF_HOURS": "2",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'anon': '7/minute', 'user': '70/minute'} 4 2.0"


@pytest.fixture
def login_throttle(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 1
    from axes.utils import reset

    yield settings
    reset()


@pytest.mark.django_db
def test_admin_login_is_locked_after_repeated_failures_even_with_the_right_password(login_throttle, editor):
    client = Client()
    statuses = [
        client.post("/admin/login/", {"username": "editor", "password": "wrong-password-123"}).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]  # the form again with an error, then locked at the limit
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_successful_login_below_the_limit_works_and_resets_the_count(login_throttle, editor):
    client = Client()
    client.post("/admin/login/", {"username": "editor", "password": "wrong-password-123"})
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "correct-horse-battery-staple", "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


# ------------------------------------------------------------------------------------------- passwords


WEAK_PASSWORDS = ["password1234", "123456789012", "short1!"]


@pytest.mark.django_db
@pytest.mark.parametrize("weak", WEAK_PASSWORDS)
def test_admin_refuses_a_weak_password_for_a_new_editor(superuser, weak):
    client = Client()
    client.force_login(superuser)
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "neweditor", "password1": weak, "password2": weak, "usable_password": "true"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="neweditor").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("weak", WEAK_PASSWORDS)
def test_admin_refuses_a_weak_password_when_changing_an_editors_password(superuser, editor, weak):
    client = Client()
    client.force_login(superuser)
    response = client.post(
        f"/admin/auth/user/{editor.pk}/password/",
        {"password1": weak, "password2": weak, "usable_password": "true"},
    )
    assert response.status_code == 200
    editor.refresh_from_db()
    assert editor.check_password("correct-horse-battery-staple")


@pytest.mark.django_db
def test_a_strong_password_is_accepted_for_an_editor(superuser, editor):
    client = Client()
    client.force_login(superuser)
    strong = "granite-lantern-orbit-47"
    response = client.post(
        f"/admin/auth/user/{editor.pk}/password/",
        {"password1": strong, "password2": strong, "usable_password": "true"},
    )
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(strong)


@pytest.mark.django_db
def test_editors_own_password_change_refuses_weak_passwords(editor):
    client = Client()
    client.force_login(editor)
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": "correct-horse-battery-staple",
            "new_password1": "password123",
            "new_password2": "password123",
        },
    )
    assert response.status_code == 200
    editor.refresh_from_db()
    assert editor.check_password("correct-horse-battery-staple")


@pytest.mark.django_db
def test_a_staff_account_with_a_weak_password_set_outside_django_cannot_sign_in():
    """An account whose weak password predates the rule (the table written directly) cannot sign in
    with it; the sign-in page says why (tests/test_staff_passwords.py)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    user = get_user_model().objects.create_user("root2", password="granite-lantern-orbit-47", is_staff=True)
    get_user_model().objects.filter(pk=user.pk).update(password=make_password("password1234"))
    client = Client()
    response = client.post(
        "/admin/login/", {"username": "root2", "password": "password1234", "next": "/admin/"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    call_command_password = "granite-lantern-orbit-47"
    user.refresh_from_db()
    user.set_password(call_command_password)
    user.save()
    response = client.post(
        "/admin/login/", {"username": "root2", "password": call_command_password, "next": "/admin/"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_changepassword_command_validates_the_new_password(editor, monkeypatch):
    answers = iter(["password1234", "password1234"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises((CommandError, StopIteration)):
        call_command("changepassword", "editor", stdout=io.StringIO(), stderr=io.StringIO())
    editor.refresh_from_db()
    assert editor.check_password("correct-horse-battery-staple")


@pytest.mark.django_db
def test_the_api_keeps_answering_when_the_throttle_cache_is_unreachable(settings, geo):
    """Production counts throttles in Redis (CACHE_URL): Redis down must not take the API down."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/minute", "user": "100/minute"},
    }
    caches.close_all()
    try:
        assert Client().get("/api/v1/ventures/").status_code == 200
        assert Client().get("/api/v1/stats/").status_code == 200
    finally:
        caches.close_all()


@pytest.mark.django_db
def test_cookies_are_https_only_and_the_session_cookie_is_out_of_reach_of_scripts(production, editor):
    client = https_client()
    client.get("/admin/login/")
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "correct-horse-battery-staple", "next": "/admin/"}
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert int(session["max-age"]) == 8 * 3600
