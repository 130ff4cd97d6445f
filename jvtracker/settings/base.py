"""Settings shared by every environment; everything that varies comes from the environment."""

from pathlib import Path

import environ
from csp import constants as csp_constants

from jvtracker.security import tile_source

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "simple_history",
    "csp",
    "axes",
    "projects",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A NUL byte in the path is a 404, in a query parameter a 400, before anything queries with it.
    "jvtracker.middleware.NullCharacterMiddleware",
    "jvtracker.middleware.ContentSecurityPolicyMiddleware",
    # Compresses pages and API bodies (the map's GeoJSON of 10,000 ventures shrinks ~10×); Django
    # pads compressed bodies against BREACH. WhiteNoise serves its own pre-compressed static files.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session (the language cookie), before CommonMiddleware (APPEND_SLASH resolves URLs in
    # the request's language). Pages: the URL prefix says the language (jvtracker/locale.py).
    "jvtracker.locale.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "jvtracker.middleware.DatabaseUnavailableMiddleware",
    "jvtracker.middleware.PrivateForSignedInMiddleware",
    # django-axes must come last: it turns a locked-out login into a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jvtracker.urls"
WSGI_APPLICATION = "jvtracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "jvtracker.locale.language_links",
            ],
        },
    },
]

# The embedded default is SpatiaLite in the project folder; PostGIS via DATABASE_URL=postgis://...
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"spatialite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.contrib.gis.db.backends.postgis":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A request must fail fast when the database is unreachable, not hang.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
if DATABASES["default"]["ENGINE"] == "django.contrib.gis.db.backends.spatialite":
    # A write transaction takes SQLite's write lock when it begins (BEGIN IMMEDIATE), waiting up to
    # the busy timeout for another writer to finish. With SQLite's default (deferred) transactions, two
    # that read and then write deadlock, and one fails at once with "database is locked" whatever the
    # timeout. Reads outside transaction.atomic() are not transactions and are not affected.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", env.float("SQLITE_BUSY_TIMEOUT", default=20.0))
SPATIALITE_LIBRARY_PATH = env("SPATIALITE_LIBRARY_PATH", default="mod_spatialite")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
# English unprefixed, Korean under /ko/, simplified Chinese under /zh-hans/ (pages only; /api/ and
# /admin/ keep their URLs and follow the cookie or Accept-Language). The switcher shows each name in
# its own language (get_language_info's name_local), so these need no translation.
LANGUAGES = [("en", "English"), ("ko", "Korean"), ("zh-hans", "Simplified Chinese")]
# The root catalog (templates, the scripts' djangojs, jvtracker/); projects/locale/ is found as the
# app's own. Compiled by `make venv` (compilemessages); the .mo files are not in the repository.
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "django_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Front-end libraries from npm (package.json, pinned in package-lock.json; `make venv` runs `npm ci`),
# served from node_modules under their own prefix, never copied into the repository.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/supercluster", BASE_DIR / "node_modules" / "supercluster" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Retrieved copies of source articles live here; backups include this folder.
ARCHIVE_ROOT = env.path("ARCHIVE_ROOT", default=BASE_DIR / "archive")
# Where `manage.py release` and the admin's release button write the releases (served under /data/).
RELEASES_ROOT = env.path("RELEASES_ROOT", default=BASE_DIR / "releases")

# The public sign-in (any active account, e.g. an analyst following views by e-mail); the admin's
# own pages still send staff to admin:login.
LOGIN_URL = "projects:login"
LOGIN_REDIRECT_URL = "projects:map"

# Map
MAP_TILES_URL = env("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env(
    "MAP_TILES_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
# The one home of what every map shows and allows (the map page, the venture page's small map and
# the admin's map widget): the pages pass it to their scripts in their JSON config.
# North Korea's extent (south-west, north-east corners, lat/lon): the first view, before the
# boundaries arrive.
MAP_BOUNDS = ((37.67, 124.18), (43.01, 130.7))
MAP_MIN_ZOOM = 4
MAP_MAX_ZOOM = 16
MAP_DEFAULT_ZOOM = 6
# The zoom at which one venture is shown (its page's small map, a venture chosen in the map's list).
MAP_VENTURE_ZOOM = 8
# Shown in every map's attribution control (HTML, from here only: never from the data).
DATA_ATTRIBUTION = (
    'Boundaries: Made with <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain); '
    'places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0), '
    '<a href="https://github.com/open-admin-data/north-korea-administrative-divisions">open-admin-data</a> '
    '(CC BY 4.0); <a href="https://leafletjs.com/">Leaflet</a>'
)
# django-leaflet reads this (the admin's map widget); derived from the values above.
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (
        (MAP_BOUNDS[0][0] + MAP_BOUNDS[1][0]) / 2,
        (MAP_BOUNDS[0][1] + MAP_BOUNDS[1][1]) / 2,
    ),
    "DEFAULT_ZOOM": MAP_DEFAULT_ZOOM,
    "MIN_ZOOM": MAP_MIN_ZOOM,
    "MAX_ZOOM": MAP_MAX_ZOOM,
    "TILES": [("OpenStreetMap", MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION})]
    if MAP_TILES_URL
    else [],
    "ATTRIBUTION_PREFIX": DATA_ATTRIBUTION,
    "RESET_VIEW": False,
}

# REST framework
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "jvtracker.throttling.AnonymousApiThrottle",
        "jvtracker.throttling.UserApiThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_THROTTLE_RATE", default="600/minute"),
        "user": env("API_USER_THROTTLE_RATE", default="3000/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "jvtracker API",
    "DESCRIPTION": "North Korea–China joint ventures, every fact cited.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs pages load Swagger UI and ReDoc from our own static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for a choice set used by several fields (status_date_precision, date_precision).
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "projects.models.evidence.DatePrecision",
        "OrganizationKindEnum": "projects.models.ventures.OrganizationKind",
        "ContributionKindEnum": "projects.models.ventures.ContributionKind",
        "SourceTypeEnum": "projects.models.sources.SourceType",
    },
    # Write bodies refuse unknown fields (StrictWriteMixin); the schema says so.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "projects.api.serializers.writes.strict_write_components",
    ],
}

# Celery. Tasks run in-process (eager) only in the local and test settings, and only without a
# broker; production refuses to start without one (jvtracker/settings/production.py).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = False
# A task past the soft limit gets SoftTimeLimitExceeded (a fetch records it as its failure reason,
# the sweeps stop and leave the rest for their next run); past the hard limit its process is killed.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=5 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=6 * 60)
# The worker logs through the site's LOGGING (below) instead of replacing the root logger's handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_TIMEZONE = TIME_ZONE
# Publishing fails fast when Redis is down: the web request still succeeds, the source stays queued,
# and the periodic sweep (or the next worker start) sends the fetch again.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": 10,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Intake schedule (Celery beat, started by `make worker`).
CELERY_BEAT_SCHEDULE = {
    "poll-feeds": {
        "task": "projects.tasks.poll_feeds",
        "schedule": env.int("FEED_POLL_SECONDS", default=15 * 60),
    },
    "check-links": {
        "task": "projects.tasks.check_links",
        "schedule": env.int("LINK_CHECK_SECONDS", default=6 * 60 * 60),
    },
    "sweep-queued-sources": {
        "task": "projects.tasks.sweep_queued_sources",
        "schedule": env.int("SWEEP_QUEUED_SECONDS", default=5 * 60),
    },
    # E-mail digests of followed views (projects/services/digests.py): which are due is checked this
    # often; a daily digest goes out at most every 24 h less this interval, a weekly one every 7 days.
    "send-due-digests": {
        "task": "projects.tasks.send_due_digests",
        "schedule": env.int("DIGEST_CHECK_SECONDS", default=60 * 60),
    },
}
DIGEST_CHECK_SECONDS = CELERY_BEAT_SCHEDULE["send-due-digests"]["schedule"]
LINK_CHECK_INTERVAL_DAYS = env.int("LINK_CHECK_INTERVAL_DAYS", default=7)

# E-mail (digests of followed views). EMAIL_URL names the backend and server in one URL:
# smtp+tls://user:password@host:587 (STARTTLS), smtp+ssl://…:465 (TLS), smtp://host:25 (plain),
# consolemail:// (printed), locmemmail:// (kept in memory). The default prints them: the embedded
# default needs no mail server. Production's default is the local MTA (settings/production.py).
EMAIL_URL_DEFAULT = "consolemail://"
vars().update(
    {k: v for k, v in env.email_url("EMAIL_URL", default=EMAIL_URL_DEFAULT).items() if v is not None}
)
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10.0)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="jvtracker <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as seen by readers: the links in e-mails (no request to take it from).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Fetching source articles
FETCH_USER_AGENT = env(
    "FETCH_USER_AGENT", default="jvtracker/1.0 (+https://github.com/jvtracker/jvtracker; source archiver)"
)
FETCH_TIMEOUT = env.float("FETCH_TIMEOUT", default=15.0)
FETCH_MAX_BYTES = env.int("FETCH_MAX_BYTES", default=5 * 1024 * 1024)
FETCH_MAX_REDIRECTS = env.int("FETCH_MAX_REDIRECTS", default=5)
# Retries of 5xx/timeouts/connection errors wait 1×, 2×, 4×, 8× this long.
FETCH_RETRY_BASE_SECONDS = env.float("FETCH_RETRY_BASE_SECONDS", default=30.0)
# Submitted URLs and feeds must not make the server fetch its own network (Redis, PostgreSQL, metadata
# services): only public addresses are connected to. On (tests, development), loopback is allowed too;
# private networks, link-local and metadata addresses stay refused. See projects/ingest/transport.py.
FETCH_ALLOW_PRIVATE_ADDRESSES = env.bool("FETCH_ALLOW_PRIVATE_ADDRESSES", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Debian 12 ships GDAL 3.6, which cannot block file and network access from spatial references.
# Geometries reach us only as GeoJSON/WKT points and polygons validated by GEOS, never as SRS strings.
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=["gis.W001"])

# --- Trust: caches, login throttling, Content-Security-Policy -------------------------------------
# API throttles count in the default cache; use Redis (CACHE_URL=redis://…) when several gunicorn
# workers must share the counts. Rendered exports go to a cache of their own (EXPORT_CACHE_URL, by
# default the same place): in production a Redis with a memory limit and LRU eviction, so that filling
# it evicts old exports and never the throttle counts or the Celery broker's queues.
CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://"),
    "exports": env.cache_url("EXPORT_CACHE_URL", default=env("CACHE_URL", default="locmemcache://")),
}
# Rendered GeoJSON/CSV exports (gzip, keyed by a fingerprint of the data and the cleaned filters: never
# stale) are kept in this cache, only for filter shapes likely to repeat; bodies larger than the limit
# are not stored. See projects/api/caching.py.
EXPORT_CACHE_ENABLED = env.bool("EXPORT_CACHE_ENABLED", default=True)
EXPORT_CACHE_ALIAS = "exports"
EXPORT_CACHE_MAX_BYTES = env.int("EXPORT_CACHE_MAX_BYTES", default=8 * 1024 * 1024)
EXPORT_CACHE_SECONDS = env.int("EXPORT_CACHE_SECONDS", default=3600)

# The client's address (throttles, lockouts, logs) comes from jvtracker.client_address: REMOTE_ADDR,
# or with N reverse proxies in front the Nth X-Forwarded-For entry from the right.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# The public correction form: submissions a client may make (a fixed window, per client address).
CORRECTION_THROTTLE_RATE = env("CORRECTION_THROTTLE_RATE", default="5/hour")

# django-axes: too many failed logins lock the account for that client (429) for a cool-off period.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "jvtracker.auth.StaffPasswordPolicyBackend",
]
AXES_ENABLED = env.bool("LOGIN_THROTTLE_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_COOLOFF_HOURS", default=0.25)
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = env.bool("LOGIN_THROTTLE_VERBOSE", default=False)
AXES_CLIENT_IP_CALLABLE = "jvtracker.client_address.client_address"
# Count failures per account *and* client address: one client guessing passwords locks only its own
# attempts at that account, so neither an attacker behind the same proxy nor one elsewhere can lock an
# editor out of the site (an address-only rule locked every editor out when all came via the proxy).
# Spreading guesses over many addresses is then limited per address, and the passwords are strong.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]

# django-csp: pages load scripts, styles and data only from the site itself; map tiles from the
# host of MAP_TILES_URL. An inline script runs only with the request's nonce (django-leaflet's admin
# widget asks for it); a page that never asks gets no nonce in its header, so public pages stay at
# 'self'. The admin (staff only) still allows inline styles (see ContentSecurityPolicyMiddleware).
_TILE_SOURCE = tile_source(MAP_TILES_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_constants.NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_TILE_SOURCE] if _TILE_SOURCE else [])],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
CSP_RELAXED_URL_PREFIXES = ("/admin/",)

# Django 6 makes https the default scheme of a scheme-less URL typed into a form; opt in now.
FORMS_URLFIELD_ASSUME_HTTPS = True
