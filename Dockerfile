# jvtracker, production image: gunicorn + GeoDjango on Debian bookworm's GIS libraries.

# The map's front-end libraries from npm, exactly as package-lock.json pins them (served from
# node_modules through STATICFILES_DIRS; nothing of them is in the repository).
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=jvtracker.settings.production

# GeoDjango needs GDAL, GEOS and PROJ; SpatiaLite keeps `manage.py` usable without PostGIS;
# gdal-bin brings ogrinfo; postgresql-client brings pg_dump/psql for `manage.py backup`/`restore`;
# gettext's msgfmt compiles the translations (the .mo files are not in the repository).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gdal-bin libgdal32 libgeos-c1v5 libproj25 libsqlite3-mod-spatialite binutils postgresql-client \
        libicu-dev pkg-config g++ gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The production lock: every package pinned with its hashes (`make lock` writes it from requirements.txt).
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY . .
COPY --from=frontend /build/node_modules ./node_modules
# collectstatic imports the production settings, which insist on a real key and a broker: give it a
# throwaway key and a broker URL it never contacts.
RUN SECRET_KEY="collectstatic-$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
        CELERY_BROKER_URL="redis://broker.invalid:6379/0" \
        sh -c 'python manage.py compilemessages --ignore=node_modules -v 0 && python manage.py collectstatic --noinput' \
    && useradd --system --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /app/media /app/archive \
    && chown -R app:app /app/media /app/archive

USER app
EXPOSE 8000
CMD ["sh", "scripts/docker_web.sh"]
