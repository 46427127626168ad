#!/usr/bin/env bash
# The whole test suite from a fresh clone: install, type-check, lint, format check, tests.
# Later issues add what their tests need (PostgreSQL, sipp, Chromium) here, installed when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

echo "== typecheck"
npx tsc -b
echo "== lint"
npx eslint .
echo "== format"
npx prettier --check . >/dev/null || { npx prettier --list-different .; exit 1; }
echo "== tests"
npx vitest run --reporter=default
