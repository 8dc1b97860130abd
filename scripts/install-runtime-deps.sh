#!/usr/bin/env bash
# Installs the Debian packages the built `strikeline` binary needs at run time (its shared
# libraries, curl for health checks, sqlite3 and the PostgreSQL client for backups), nothing to
# build with. Used by the runtime stage of deploy/Dockerfile; the deploy_files test checks that
# every shared library the binary links comes from a package listed here or in Debian's base.
# Idempotent and quiet when everything is present. Run as root (or with sudo on PATH).
set -euo pipefail

packages=(
  libboost-json1.81.0 libboost-url1.81.0 libfmt9 libspdlog1.10 libsimdjson14 libsqlite3-0 libpq5
  libsystemd0 libssl3 libstdc++6 ca-certificates curl sqlite3 postgresql-client-15
)

if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi

echo "install-runtime-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
