#!/bin/sh
# The web container: apply migrations, make sure the provinces and gazetteer are loaded, then serve.
set -eu
python manage.py migrate --noinput
python manage.py load_geo
exec gunicorn jvtracker.wsgi:application \
  --bind 0.0.0.0:8000 \
  --workers "${GUNICORN_WORKERS:-3}" \
  --timeout "${GUNICORN_TIMEOUT:-30}" \
  --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-*}" \
  --access-logfile -
