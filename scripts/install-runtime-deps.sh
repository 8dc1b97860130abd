#!/usr/bin/env bash
# Installs the Debian packages the built `strikeline` binary needs at run time (its shared
# libraries, curl for health checks, sqlite3 and the PostgreSQL client for backups), nothing to
# build with. Used by the runtime stage of deploy/Dockerfile; the deploy_files test checks that
# every shared library the binary links comes from a package listed here or in Debian's base.
# Idempotent and quiet when everything is present. Run as root (or with sudo on PATH).
set -euo pipefail

packages=(
  libboost-json1.81.0 libboost-url1.81.0 libfmt9 libspdlog1.10 libsimdjson14 libsqlite3-0 libpq5
  libsystemd0 libssl3 zlib1g libstdc++6 ca-certificates curl sqlite3 postgresql-client-15
)

if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

exec "$(dirname "$0")/apt-install-missing.sh" install-runtime-deps "${packages[@]}"
