#!/usr/bin/env bash
# Run the test suite the way CI does: on PostgreSQL when one is (or can be started) on this
# machine, and on SQLite, the embedded default. DATABASE_URL, if set, picks the server.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST=(.venv/bin/pytest -p no:cacheprovider)

status=0
if [ -n "${DATABASE_URL:-}" ] || bash scripts/ensure_postgres.sh; then
  export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/expo}"
  echo "== tests on PostgreSQL (${DATABASE_URL%%@*}@…)"
  "${PYTEST[@]}" "$@" || status=$?
  echo "== tests on SQLite (the embedded default)"
  env -u DATABASE_URL "${PYTEST[@]}" -m "not postgres_only" "$@" || status=$?
else
  echo "PostgreSQL not available: running on SQLite only."
  "${PYTEST[@]}" "$@" || status=$?
fi
exit $status
