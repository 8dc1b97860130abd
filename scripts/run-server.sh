#!/usr/bin/env bash
# Sets up a fresh Debian machine, builds, and runs `strikeline serve` on its defaults:
# the embedded SQLite file ./data/strikeline.db and the built-in market simulator, on 0.0.0.0:8081.
# Extra arguments go to `strikeline serve` (e.g. --listen 127.0.0.1:9000).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh" strikeline
"$root/scripts/build-web.sh" "$root/build/web"  # the dashboard at / (serve --web-root default)
cd "$root"
exec "$root/build/strikeline" serve "$@"
