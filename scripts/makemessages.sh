#!/usr/bin/env bash
# Update the translation catalogs (Korean, simplified Chinese) from the marked strings.
#   root: templates/, static/jvtracker/*.js (djangojs) and jvtracker/ -> locale/
#   app:  everything under projects/ (its Python and projects/templates/) -> projects/locale/
# Each run leaves the other catalog alone, so two people can update one each.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-$PWD/.venv/bin/python}"
LANGS=(-l ko -l zh_Hans)
# --no-obsolete: a string gone from the source leaves the catalog (no #~ leftovers to review).
COMMON=(--no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=media
  --ignore=archive --ignore=releases --ignore=backups --ignore=tests --ignore=bench --ignore=docs
  --ignore=scripts --ignore=test-artifacts)
case "${1:-}" in
  root)
    mkdir -p locale
    "$PY" manage.py makemessages "${LANGS[@]}" "${COMMON[@]}" --ignore='projects/?*' -d django
    "$PY" manage.py makemessages "${LANGS[@]}" "${COMMON[@]}" --ignore='projects/?*' -d djangojs
    ;;
  app)
    mkdir -p projects/locale
    (cd projects && "$PY" ../manage.py makemessages "${LANGS[@]}" "${COMMON[@]}" -d django)
    ;;
  *)
    echo "usage: $0 root|app" >&2
    exit 2
    ;;
esac
