#!/usr/bin/env bash
# Builds strikeline into build/ (Release with debug info) after installing the Debian packages it needs.
# Usage: scripts/build.sh [ninja targets...]   (default: everything configured)
# A fresh build/ is configured with tests and benchmarks; an existing one keeps its settings.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
if [ ! -f "$root/build/build.ninja" ]; then
  cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$root/build" -j"$(nproc)" "$@"
