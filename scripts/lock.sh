#!/usr/bin/env bash
# The lock files: requirements*.txt are what people edit (direct dependencies, pinned); `make lock`
# compiles them with uv into requirements*.lock: every package, transitive ones included, pinned
# with its hashes, which `make venv`, CI and the Dockerfile install with `pip --require-hashes`.
#
#   scripts/lock.sh UV [UV_ARGS...]   compile the locks (make lock; make lock LOCK_ARGS=--upgrade)
#   scripts/lock.sh --check           fail unless the locks were compiled from today's requirements*.txt
#
# Each lock records the SHA-256 of the inputs it was compiled from; --check needs no network.
set -euo pipefail
cd "$(dirname "$0")/.."

INPUTS=(requirements.txt requirements-dev.txt)
LOCKS=(requirements.lock requirements-dev.lock)
MARK="# compiled from requirements.txt and requirements-dev.txt with sha256"

inputs_digest() { cat "${INPUTS[@]}" | sha256sum | cut -d' ' -f1; }

if [ "${1:-}" = "--check" ]; then
  expected="$MARK $(inputs_digest)"
  for lock in "${LOCKS[@]}"; do
    if [ ! -f "$lock" ] || ! grep -qxF "$expected" "$lock"; then
      echo "$lock is out of date: requirements*.txt changed since it was compiled." >&2
      echo "Run \`make lock\` and commit requirements*.lock with the change." >&2
      exit 1
    fi
  done
  exit 0
fi

uv="$1"
shift
compile=("$uv" pip compile --quiet --generate-hashes --universal --python-version 3.11
  --custom-compile-command "make lock" "$@")
# The development lock first (it holds everything); production's is then constrained to the same
# versions, so the image runs exactly what the tests ran.
"${compile[@]}" requirements-dev.txt --output-file requirements-dev.lock
"${compile[@]}" requirements.txt --constraint requirements-dev.lock --output-file requirements.lock
digest="$(inputs_digest)"
for lock in "${LOCKS[@]}"; do
  grep -v "^$MARK " "$lock" >"$lock.tmp" || true
  { echo "$MARK $digest"; cat "$lock.tmp"; } >"$lock"
  rm "$lock.tmp"
done
echo "Wrote ${LOCKS[*]}: commit them with requirements*.txt."
