"""Production: refuses to start without a real secret key; HTTPS-only and hardened."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import FETCH_ALLOW_PRIVATE_ADDRESSES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure") or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters in production "
        '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
    )
# Without a broker Celery would run every fetch inside the web request that asked for it.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
if not CELERY_BROKER_URL:
    raise ImproperlyConfigured(
        "CELERY_BROKER_URL must point to the broker in production (e.g. redis://redis:6379/0): "
        "tasks never run inside web requests here."
    )

# Letting the fetcher read private addresses opens the server's own network (Redis, PostgreSQL,
# cloud metadata) to anyone who can submit a URL or register a feed. Tests of the production stack
# need it for their local article server; nothing else may, so it takes a second, deliberate switch.
if FETCH_ALLOW_PRIVATE_ADDRESSES and not env.bool(
    "FETCH_ALLOW_PRIVATE_ADDRESSES_IN_PRODUCTION", default=False
):
    raise ImproperlyConfigured(
        "FETCH_ALLOW_PRIVATE_ADDRESSES is on with the production settings: submitted URLs could reach "
        "this server's own network. Unset it (or, for a test stack only, also set "
        "FETCH_ALLOW_PRIVATE_ADDRESSES_IN_PRODUCTION=1)."
    )

# Digests go to a real mail server: EMAIL_URL (README, "E-mail"), by default the host's own MTA.
vars().update(
    {k: v for k, v in env.email_url("EMAIL_URL", default="smtp://localhost:25").items() if v is not None}
)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Editors' sessions end after a working day; a stolen cookie is worth less.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Never a debug page: a 404 or 500 shows a short page, and tracebacks go to the log only.
DEBUG_PROPAGATE_EXCEPTIONS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
