#!/bin/sh
# The web container: serve. Migrations and `load_geo` ran before, in the one-off `migrate` service
# of docker-compose.yml, which the web and the workers wait for.
set -eu
exec gunicorn jvtracker.wsgi:application \
  --bind 0.0.0.0:8000 \
  --workers "${GUNICORN_WORKERS:-3}" \
  --timeout "${GUNICORN_TIMEOUT:-30}" \
  --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-*}" \
  --access-logfile -
