#!/usr/bin/env bash
# Builds the native RTP I/O addon (packages/telephony/native, ADR 15) when its .node file is
# missing or older than its source. Offline: node-gyp is the one bundled with npm, and the
# headers are the ones installed beside node (nothing is downloaded).
#
#   bash scripts/build-native.sh            # a failed build warns; the server then uses node:dgram
#   bash scripts/build-native.sh --strict   # a failed build fails (test-all.sh, CI)
#   bash scripts/build-native.sh --force    # rebuild even when up to date
set -uo pipefail
cd "$(dirname "$0")/.."

strict=false
force=false
for arg in "$@"; do
  case "$arg" in
    --strict) strict=true ;;
    --force) force=true ;;
    *) echo "usage: $0 [--strict] [--force]" >&2; exit 2 ;;
  esac
done

dir=packages/telephony/native
out=$dir/build/Release/tsunagu_rtp.node
log=$dir/build/build.log

give_up() {
  echo "build-native: $1; RTP goes through node:dgram instead / ネイティブ RTP I/O をビルドできません。node:dgram を使います" >&2
  if $strict; then exit 1; fi
  exit 0
}

if [ "$(uname -s)" != Linux ]; then
  echo "build-native: not Linux, skipped (RTP uses node:dgram)" >&2
  exit 0
fi

if ! $force && [ -f "$out" ] && [ -z "$(find "$dir/src" "$dir/binding.gyp" -newer "$out" -print -quit)" ]; then
  exit 0
fi

node_bin=$(command -v node) || give_up "node not found"
node_prefix=$(dirname "$(dirname "$(readlink -f "$node_bin")")")
npm_bin=$(command -v npm) || give_up "npm not found"
npm_dir=$(dirname "$(dirname "$(readlink -f "$npm_bin")")")
gyp=""
for candidate in "$npm_dir/node_modules/node-gyp/bin/node-gyp.js" \
  "$node_prefix/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"; do
  if [ -f "$candidate" ]; then gyp=$candidate; break; fi
done
[ -n "$gyp" ] || give_up "node-gyp (bundled with npm) not found"
[ -f "$node_prefix/include/node/node_api.h" ] || give_up "Node's headers not found in $node_prefix/include/node"
command -v python3 >/dev/null || give_up "python3 not found"
command -v make >/dev/null || give_up "make not found"
command -v g++ >/dev/null || command -v c++ >/dev/null || give_up "no C/C++ compiler"

# `rebuild` empties build/, so the log is written elsewhere first.
tmp_log=$(mktemp)
if ! node "$gyp" rebuild --directory "$dir" --nodedir "$node_prefix" --jobs 1 >"$tmp_log" 2>&1; then
  mkdir -p "$dir/build" && mv "$tmp_log" "$log"
  tail -n 20 "$log" >&2
  give_up "node-gyp failed (full log: $log)"
fi
mv "$tmp_log" "$log"
if ! node -e 'require(process.argv[1])' "$PWD/$out" 2>>"$log"; then
  give_up "the built addon does not load (see $log)"
fi
echo "build-native: built $out" >&2
