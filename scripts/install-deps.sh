#!/usr/bin/env bash
# Installs every Debian package that strikeline's build, tests and benchmarks need.
# Idempotent and quiet when everything is already present. Run as root (or with sudo on PATH).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git clang clang-format libclang-rt-14-dev
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev libsimdjson-dev libfmt-dev libspdlog-dev libcli11-dev
  libhowardhinnant-date-dev libgtest-dev libgmock-dev libbenchmark-dev libsystemd-dev libssl-dev ca-certificates
  curl python3 sqlite3 postgresql-15 prometheus wrk
  chromium
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The dashboard's build (web/, scripts/build-web.sh) needs node and npm. A machine may have them
# from elsewhere (NodeSource's nodejs bundles npm), so only their absence installs Debian's.
if ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi

if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
