#!/usr/bin/env bash
# Start the machine's PostgreSQL cluster if it is installed but not running.
# Exit 0 when a server answers on 127.0.0.1:5432 afterwards, 1 otherwise.
set -uo pipefail
answers() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
command -v pg_isready >/dev/null || exit 1
answers && exit 0
if command -v pg_ctlcluster >/dev/null; then
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  done
  for _ in $(seq 1 20); do answers && exit 0; sleep 0.5; done
fi
exit 1
