#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 for the test suite, on 127.0.0.1 only, and prints the URL.
# Installs Debian's postgresql-15 when missing (as root). Usage:
#   eval "$(bash scripts/postgres.sh start)"   # exports TSUNAGU_TEST_DATABASE_URL and TSUNAGU_TEST_PGDATA
#   bash scripts/postgres.sh stop "$TSUNAGU_TEST_PGDATA"
set -euo pipefail

pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

start() {
  local bin
  bin=$(pgbin)
  if [ -z "$bin" ]; then
    if [ "$(id -u)" -ne 0 ]; then echo "PostgreSQL is missing and this user cannot install it" >&2; exit 1; fi
    echo "installing PostgreSQL 15 from Debian's packages" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >&2
    bin=$(pgbin)
  fi
  local port=${TSUNAGU_TEST_PG_PORT:-$((40000 + RANDOM % 20000))}
  local dir
  dir=$(mktemp -d /tmp/tsunagu-pg.XXXXXX)
  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$dir"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=off" start >/dev/null
  echo "export TSUNAGU_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres"
  echo "export TSUNAGU_TEST_PGDATA=$dir"
}

stop() {
  local dir=$1 bin run=()
  bin=$(pgbin)
  [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:?data dir}" ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
