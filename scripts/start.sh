#!/usr/bin/env bash
# The main job from a fresh clone: install when needed, then run the tsunagu CLI.
# With no arguments it serves the contact center (embedded PGlite, demo data, loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >&2
fi
# Batched RTP I/O (ADR 15), built when missing or stale; if it cannot be built the server uses
# node:dgram, so this never stops a start.
bash scripts/build-native.sh >&2 || true
# The web app (apps/web/dist, served at /), built when missing or older than its sources. A
# failed build leaves the API running; the pages then say how to build them.
bash scripts/build-web.sh || echo "start: the web app did not build; the API still runs / Web アプリをビルドできませんでした" >&2
# The demo takes calls from softphones and sipp on this machine (a loopback "trunk"); a real
# deployment names its carriers' addresses in --sip-trunks instead.
if [ "$#" -eq 0 ]; then
  set -- serve
  if [ -z "${TSUNAGU_SIP_TRUNKS:-}" ]; then
    export TSUNAGU_SIP_TRUNKS='[{"name":"loopback","inboundAddresses":["127.0.0.1","::1"]}]'
  fi
fi
exec node --import tsx apps/server/src/cli.ts "$@"
