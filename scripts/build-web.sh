#!/usr/bin/env bash
# Builds the dashboard (web/) into a folder that `strikeline serve` serves at /.
# Usage: scripts/build-web.sh [OUT]   (default: build/web, the default --web-root of build/strikeline)
# Installs web/node_modules from package-lock.json with `npm ci` when the lock file changed (or
# node_modules is missing), then bundles with esbuild. Concurrent runs wait for each other.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/web}
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
web="$root/web"
command -v npm >/dev/null || { echo "build-web: npm is missing; run scripts/install-deps.sh" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
exec 9>"$web/.build.lock"
flock 9

stamp="$web/node_modules/.strikeline-lock-stamp"
if [ ! -f "$stamp" ] || ! cmp -s "$stamp" "$web/package-lock.json"; then
  echo "build-web: npm ci" >&2
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$web/package-lock.json" "$stamp"
fi
(cd "$web" && node build.mjs "$out")
