#!/usr/bin/env bash
# Builds the web app (apps/web -> apps/web/dist, served by the node at /) when dist is missing or
# older than its sources. A lock makes concurrent callers (test workers) wait for one build.
#
#   bash scripts/build-web.sh           # build when missing or stale
#   bash scripts/build-web.sh --force   # build anyway
set -euo pipefail
cd "$(dirname "$0")/.."

force=false
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    *) echo "usage: $0 [--force]" >&2; exit 2 ;;
  esac
done

web=apps/web
stamp=$web/dist/index.html
sources=("$web/src" "$web/public" "$web/index.html" "$web/vite.config.ts" "$web/package.json" package-lock.json)

stale() {
  $force || [ ! -f "$stamp" ] || [ -n "$(find "${sources[@]}" -newer "$stamp" -print -quit 2>/dev/null)" ]
}

stale || exit 0
mkdir -p "$web/node_modules/.cache"
if command -v flock >/dev/null; then
  exec 9>"$web/node_modules/.cache/build-web.lock"
  flock 9
fi
# Another caller may have built it while this one waited.
if ! $force && ! stale; then exit 0; fi
echo "build-web: building $web (vite)" >&2
npm run --silent --workspace @tsunagu/web build -- --logLevel warn >&2
