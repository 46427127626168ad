#!/usr/bin/env bash
# The whole test suite from a fresh clone: install, type-check, lint, format check, tests.
# Starts a throwaway PostgreSQL 15 (installed from Debian's packages when missing) so the
# database tests run on PGlite and on a real server; installs sipp, baresip and Chromium too.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

if [ -z "${TSUNAGU_TEST_DATABASE_URL:-}" ]; then
  eval "$(bash scripts/postgres.sh start)"
  trap 'bash scripts/postgres.sh stop "$TSUNAGU_TEST_PGDATA"' EXIT
fi
export TSUNAGU_TEST_DATABASE_URL

# The SIP integration tests (apps/server/test/sip) drive the server with SIPp (Debian sip-tester)
# and one real softphone, baresip (baresip-core: no GUI or sound-card modules needed).
if ! command -v sipp >/dev/null || ! command -v baresip >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then echo "sipp or baresip is missing and this user cannot install it" >&2; exit 1; fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends sip-tester baresip-core >/dev/null
fi

# The browser tests (apps/server/test/web) drive Debian's Chromium with playwright-core, which
# downloads no browser of its own. Screenshots show Japanese: fonts-noto-cjk draws it.
if ! command -v chromium >/dev/null || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then echo "chromium or fonts-noto-cjk is missing and this user cannot install it" >&2; exit 1; fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
fi

echo "== web app (apps/web): built once for the browser tests"
bash scripts/build-web.sh --force

echo "== native RTP addon (ADR 15): must build here"
bash scripts/build-native.sh --strict

echo "== typecheck"
npx tsc -b
echo "== lint"
npx eslint .
echo "== format"
npx prettier --check . >/dev/null || { npx prettier --list-different .; exit 1; }
echo "== tests (PostgreSQL at $TSUNAGU_TEST_DATABASE_URL and PGlite)"
npx vitest run --reporter=default
