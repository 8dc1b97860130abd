#!/usr/bin/env bash
# Installs every Debian package that strikeline's build, tests and benchmarks need.
# Idempotent and quiet when everything is already present. Run as root (or with sudo on PATH).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git clang clang-format libclang-rt-14-dev
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev libsimdjson-dev libfmt-dev libspdlog-dev libcli11-dev
  libhowardhinnant-date-dev libgtest-dev libgmock-dev libbenchmark-dev libsystemd-dev libssl-dev zlib1g-dev ca-certificates
  curl python3 sqlite3 postgresql-15 prometheus docker-compose wrk
  chromium
)

# The dashboard's build (web/, scripts/build-web.sh) needs node and npm. A machine may have them
# from elsewhere (NodeSource's nodejs bundles npm), so only their absence installs Debian's.
node=()
if ! command -v npm >/dev/null 2>&1; then node=(nodejs npm); fi

exec "$(dirname "$0")/apt-install-missing.sh" install-deps "${packages[@]}" "${node[@]}"
