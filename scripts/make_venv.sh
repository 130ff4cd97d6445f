#!/usr/bin/env bash
# Create the virtual environment with a Python 3.11+ whose sqlite3 can load extensions (SpatiaLite).
# A pyenv-built python3 often cannot; Debian's /usr/bin/python3 can.
set -euo pipefail
venv="$1"
can_load_spatialite='
import sys, sqlite3
assert sys.version_info >= (3, 11)
connection = sqlite3.connect(":memory:")
connection.enable_load_extension(True)
connection.load_extension("mod_spatialite")
'
for candidate in "${PYTHON:-}" /usr/bin/python3 /usr/bin/python3.11 python3.11 python3; do
  [ -n "$candidate" ] || continue
  command -v "$candidate" >/dev/null 2>&1 || continue
  if "$candidate" -c "$can_load_spatialite" 2>/dev/null && "$candidate" -m venv --help >/dev/null 2>&1; then
    echo "Creating $venv with $candidate ($("$candidate" --version))"
    "$candidate" -m venv "$venv"
    exit 0
  fi
done
echo "No Python 3.11+ found whose sqlite3 can load SpatiaLite (mod_spatialite)." >&2
echo "On Debian/Ubuntu: apt-get install python3 python3-venv libsqlite3-mod-spatialite, or set PYTHON=/path/to/python." >&2
exit 1
