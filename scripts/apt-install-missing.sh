#!/usr/bin/env bash
# apt-install-missing.sh WHO PACKAGE...: installs with apt-get those of the Debian packages named
# that are not installed yet; quiet, and no apt-get at all, when every one is. WHO (the calling
# script) names the one line it prints when it installs. Run as root, or with sudo on PATH.
# Shared by install-deps.sh (build and test) and install-runtime-deps.sh (the runtime image).
set -euo pipefail
who=$1
shift

missing=()
for p in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi

echo "$who: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
