#!/usr/bin/env bash
# Run the test suite the way CI does: on PostgreSQL when one is (or can be started) on this
# machine and accepts us, and on SQLite, the embedded default. DATABASE_URL, if set, picks
# the server and makes it required; otherwise TEST_DATABASE_URL is tried and skipped (with a
# reason) when it does not answer.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST=(.venv/bin/pytest -p no:cacheprovider)
CANDIDATE="${DATABASE_URL:-${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/expo}}"

reachable() {
  .venv/bin/python - "$1" <<'PY'
import sys

import dj_database_url
import psycopg

config = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"],
        password=config["PASSWORD"] or None, dbname="postgres", connect_timeout=5,
    ).close()
except psycopg.Error as error:
    print(f"PostgreSQL at {config['HOST']}:{config['PORT']} not usable: {error}".strip())
    sys.exit(1)
PY
}

use_postgres=false
if [ -n "${DATABASE_URL:-}" ]; then
  use_postgres=true
elif bash scripts/ensure_postgres.sh && reachable "$CANDIDATE"; then
  use_postgres=true
fi

# Redis (cache, sessions, rate limits, the chat broker), when the machine runs one: the
# PostgreSQL pass is then the production configuration. Database 11 is the suite's own.
redis_url=""
if [ -z "${REDIS_URL:-}" ] && (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  redis_url="redis://127.0.0.1:6379/11"
fi

status=0
if $use_postgres; then
  export DATABASE_URL="$CANDIDATE"
  echo "== tests on PostgreSQL (${DATABASE_URL%%@*}@…)${redis_url:+ with Redis}"
  env ${redis_url:+REDIS_URL="$redis_url"} "${PYTEST[@]}" "$@" || status=$?
  echo "== tests on SQLite (the embedded default)"
  # Browser tests and the schema fuzz ran in the first pass: they test the site and the
  # API, not the database (SQLite stays covered by everything else).
  env -u DATABASE_URL -u REDIS_URL "${PYTEST[@]}" -m "not postgres_only and not once" "$@" || status=$?
else
  echo "== PostgreSQL not available: tests on SQLite only"
  "${PYTEST[@]}" "$@" || status=$?
fi
exit $status
