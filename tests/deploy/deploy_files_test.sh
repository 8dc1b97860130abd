#!/usr/bin/env bash
# Checks the deployment files under deploy/ with the tools that read them:
#   - promtool check rules / check config / test rules (the alert rules and their unit tests);
#   - systemd-analyze verify on the unit (ExecStart pointed at the built binary; any warning fails),
#     skipped with a message when systemd-analyze is missing;
#   - the Dockerfile builds only through the project's scripts, and every shared library the built
#     binary needs comes from a package that scripts/install-runtime-deps.sh installs (or Debian's
#     base image), so the runtime stage cannot miss one;
#   - docker-compose.yml wires strikeline on 8081 to PostgreSQL through STRIKELINE_DB (when
#     python3 has the yaml module).
# Usage: deploy_files_test.sh PATH/TO/strikeline
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
binary=${1:?usage: deploy_files_test.sh PATH/TO/strikeline}
deploy="$root/deploy"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

echo "== promtool"
command -v promtool >/dev/null || fail "promtool is missing (scripts/install-deps.sh installs prometheus)"
promtool check rules "$deploy/prometheus/alerts.yml"
promtool check config "$deploy/prometheus/prometheus.yml"
(cd "$deploy/prometheus" && promtool test rules alerts_test.yml)
# The three alerts of the runbook, on metric names /metrics exports.
for alert in FOEndpointHighLatency FOEndpointErrors OIDataMissing; do
  grep -q "alert: $alert\$" "$deploy/prometheus/alerts.yml" || fail "alerts.yml lacks $alert"
done
exported=$(grep -o '"[a-z_]*\(_total\|_seconds\)"' -rh "$root/src/api" | tr -d '"' | sort -u)
for metric in $(grep -o '[a-z_]*\(_total\|_seconds\)\(_bucket\)\?{' "$deploy/prometheus/alerts.yml" |
  sed 's/{$//; s/_bucket$//' | sort -u); do
  echo "$exported" | grep -qx "$metric" || fail "alerts.yml uses $metric, which src/api does not export"
done

echo "== systemd unit"
unit="$deploy/systemd/strikeline.service"
grep -qx 'Type=notify' "$unit" || fail "the unit is not Type=notify"
grep -qx 'Restart=on-failure' "$unit" || fail "the unit has no Restart=on-failure"
for option in ProtectSystem=strict ProtectHome=yes PrivateTmp=yes NoNewPrivileges=yes StateDirectory=strikeline; do
  grep -qx "$option" "$unit" || fail "the unit lacks $option"
done
if command -v systemd-analyze >/dev/null; then
  mkdir "$work/unit"
  sed "s|^ExecStart=/usr/local/bin/strikeline|ExecStart=$(readlink -f "$binary")|" "$unit" >"$work/unit/strikeline.service"
  (cd "$work/unit" && systemd-analyze verify ./strikeline.service) >"$work/verify.out" 2>&1 ||
    { cat "$work/verify.out"; fail "systemd-analyze verify failed"; }
  if [ -s "$work/verify.out" ]; then cat "$work/verify.out"; fail "systemd-analyze verify warned"; fi
  echo "systemd-analyze verify: clean"
else
  echo "SKIP: systemd-analyze is not installed; the unit was not verified"
fi

echo "== Dockerfile"
dockerfile="$deploy/Dockerfile"
grep -q '^FROM debian:bookworm AS build' "$dockerfile" || fail "the build stage is not Debian bookworm"
grep -q '^FROM debian:bookworm-slim AS runtime' "$dockerfile" || fail "no bookworm runtime stage"
grep -q '^RUN scripts/install-deps.sh && scripts/build.sh strikeline && scripts/build-web.sh build/web$' "$dockerfile" ||
  fail "the build stage must run scripts/install-deps.sh, scripts/build.sh and scripts/build-web.sh"
grep -q '^COPY --from=build /src/build/web ' "$dockerfile" || fail "the dashboard is not copied from build/web"
grep -q '^COPY scripts/install-runtime-deps.sh scripts/apt-install-missing.sh /usr/local/sbin/$' "$dockerfile" ||
  fail "the runtime stage must copy install-runtime-deps.sh with the apt-install-missing.sh it runs"
[ "$(grep -c '^RUN' "$dockerfile")" = 2 ] || fail "the Dockerfile has RUN steps of its own"
grep -q '^COPY --from=build /src/build/strikeline ' "$dockerfile" || fail "binary not copied from build/"
grep -q '^USER strikeline' "$dockerfile" || fail "the runtime does not run as a non-root user"
grep -q '^EXPOSE 8081' "$dockerfile" || fail "no EXPOSE 8081"
grep -q 'http://127.0.0.1:8081/health' "$dockerfile" || fail "no HEALTHCHECK on /health"
for script in install-deps.sh build.sh build-web.sh install-runtime-deps.sh apt-install-missing.sh; do
  [ -x "$root/scripts/$script" ] || fail "scripts/$script is missing or not executable"
done
grep -q 'build/strikeline' "$root/scripts/build.sh" || grep -q '"\$root/build"' "$root/scripts/build.sh" ||
  fail "scripts/build.sh no longer builds into build/"

echo "== run-time packages"
runtime=$("$root/scripts/install-runtime-deps.sh" --list)
base="libc6 libgcc-s1"
owner_of() {  # the Debian package owning a library path (usr-merged paths tried both ways)
  local path=$1 real
  real=$(readlink -f "$path")
  for candidate in "$path" "$real" "${path#/usr}" "${real#/usr}" "/usr$path" "/usr$real"; do
    dpkg -S "$candidate" 2>/dev/null | head -n1 | cut -d: -f1 && return 0
  done
  return 1
}
needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || fail "readelf found no shared libraries in $binary"
for soname in $needed; do
  path=$(ldd "$binary" | awk -v s="$soname" '$1 == s { print $3 }')
  [ -n "$path" ] || fail "ldd cannot resolve $soname"
  package=$(owner_of "$path") || fail "no Debian package owns $path"
  if ! echo "$runtime $base" | tr ' ' '\n' | grep -qx "$package"; then
    fail "$soname comes from $package, which scripts/install-runtime-deps.sh does not install"
  fi
  echo "$soname <- $package"
done

echo "== docker-compose.yml"
if python3 -c 'import yaml' 2>/dev/null; then
  python3 - "$deploy/docker-compose.yml" <<'PY'
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
s = c["services"]
app, db = s["strikeline"], s["postgres"]
assert "8081:8081" in app["ports"], app["ports"]
assert app["environment"]["STRIKELINE_DB"].startswith("postgres://"), app["environment"]
assert app["depends_on"]["postgres"]["condition"] == "service_healthy"
assert any(v.startswith("pgdata:") for v in db["volumes"]) and "pgdata" in c["volumes"]
assert s["migrate"]["build"]["dockerfile"] == "deploy/Dockerfile"
print("docker-compose.yml: strikeline:8081 -> postgres (volume pgdata)")
PY
else
  echo "SKIP: python3 has no yaml module; docker-compose.yml not parsed"
fi
echo "deploy files: passed"
