"""Test runs (pytest). The database comes from DATABASE_URL like everywhere else."""

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, REST_FRAMEWORK, env

SECRET_KEY = env("SECRET_KEY", default="insecure-test-key")
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
# The test client's login() authenticates without a request, which django-axes refuses; the
# login-throttling tests switch it on with override_settings.
AXES_ENABLED = False
# Tests never run collectstatic: serve static files from the finders, as runserver does.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Without a broker, tasks run in-process: the embedded default needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Sent e-mail is kept in django.core.mail.outbox, whatever EMAIL_URL says.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SITE_URL = "http://testserver"
