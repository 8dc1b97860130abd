#!/usr/bin/env bash
# Checks the deployment files under deploy/ with the tools that read them:
#   - promtool check rules / check config / test rules (the alert rules and their unit tests);
#   - systemd-analyze verify on the unit (ExecStart pointed at the built binary; any warning fails),
#     skipped with a message when systemd-analyze is missing;
#   - the Dockerfile builds only through the project's scripts, and every shared library the built
#     binary needs comes from a package that scripts/install-runtime-deps.sh installs (or Debian's
#     base image), so the runtime stage cannot miss one;
#   - docker-compose.yml passes `docker-compose config` (Debian's docker-compose), wires strikeline
#     on 8081 to PostgreSQL through STRIKELINE_DB and runs Prometheus beside it with prometheus/;
#   - the compose service's command line (the image's ENTRYPOINT and ENV, the service's command and
#     environment) and the systemd unit's ExecStart with its Environment= lines start the built
#     binary (database and port replaced by a temporary file and a free loopback port): /health
#     answers, with the feed the file configures.
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
# The three alerts of the runbook and the data's (their metric names are checked against a running
# server's /metrics by the monitoring test).
for alert in FOEndpointHighLatency FOEndpointErrors OIDataMissing StrikelineDown FeedStale \
  DatabaseWriteErrors ReplicaNotFollowing ReplicaLagHigh StoredOIMissing; do
  grep -q "alert: $alert\$" "$deploy/prometheus/alerts.yml" || fail "alerts.yml lacks $alert"
done
exported=$(grep -o '"[a-z_]*\(_total\|_seconds\)"' -rh "$root/src" | tr -d '"' | sort -u)
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
command -v docker-compose >/dev/null || fail "docker-compose is missing (scripts/install-deps.sh installs it)"
(cd "$deploy" && env -u POSTGRES_PASSWORD -u STRIKELINE_FEED docker-compose -f docker-compose.yml config) \
  >"$work/compose.yml" 2>"$work/compose.err" || { cat "$work/compose.err"; fail "docker-compose config refused the file"; }
# The strikeline service's command line as the image runs it: the Dockerfile's ENTRYPOINT and ENV,
# the service's command and environment, written as an `env -i` command for the built binary.
python3 - "$work/compose.yml" "$deploy/Dockerfile" "$deploy/prometheus" >"$work/compose-command" <<'PY'
import json, re, shlex, sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
s = c["services"]
app, db, prom = s["strikeline"], s["postgres"], s["prometheus"]
assert "8081:8081/tcp" in app["ports"] or any(p.get("target") == 8081 for p in app["ports"] if isinstance(p, dict)), app["ports"]
assert app["environment"]["STRIKELINE_DB"].startswith("postgres://"), app["environment"]
assert app["depends_on"]["postgres"]["condition"] == "service_healthy"
assert any(v.startswith("pgdata:") for v in db["volumes"]) and "pgdata" in c["volumes"]
assert s["migrate"]["build"]["dockerfile"] == "deploy/Dockerfile"
# Prometheus beside the server, with this repository's prometheus.yml and rules.
assert any(v.startswith(sys.argv[3] + ":/etc/prometheus") for v in prom["volumes"]), prom["volumes"]
assert "--config.file=/etc/prometheus/prometheus.yml" in prom["command"], prom["command"]
assert "strikeline" in prom["depends_on"], prom["depends_on"]
dockerfile = open(sys.argv[2]).read().replace("\\\n", " ")
entrypoint = json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", dockerfile, re.M).group(1))
env = dict(re.findall(r"(STRIKELINE_\w+)=(\S+)", re.search(r"^ENV (.*)$", dockerfile, re.M).group(1)))
env.update(app["environment"])
print(" ".join(["env", "-i"] + [shlex.quote(f"{k}={v}") for k, v in env.items()] +
               [shlex.quote(a) for a in entrypoint + app["command"]]))
PY
echo "docker-compose.yml: valid; strikeline:8081 -> postgres (volume pgdata), prometheus beside it"

# Runs a documented command line briefly: the installed binary's path replaced by the built one,
# the database and the port by a temporary file and a free loopback port; it must serve /health.
run_briefly() {  # NAME EXPECTED_FEED COMMAND...
  local name=$1 feed=$2; shift 2
  local port log
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  log="$work/$name.log"
  local args=()
  for a in "$@"; do
    case $a in
      /usr/local/bin/strikeline) args+=("$(readlink -f "$binary")") ;;
      STRIKELINE_DB=*) args+=("STRIKELINE_DB=sqlite:$work/$name.db") ;;
      STRIKELINE_LISTEN=*) args+=("STRIKELINE_LISTEN=127.0.0.1:$port") ;;
      *) args+=("$a") ;;
    esac
  done
  "${args[@]}" >"$log" 2>&1 &
  local pid=$! deadline=$((SECONDS + 30)) health=
  until health=$(curl -sf "http://127.0.0.1:$port/health"); do
    kill -0 $pid 2>/dev/null || { cat "$log"; fail "$name: the command exited: ${args[*]}"; }
    [ $SECONDS -lt $deadline ] || { kill $pid; cat "$log"; fail "$name: no /health on $port"; }
    sleep 0.2
  done
  # Stopped at once: a simulator still backfilling finishes its backfill before it exits on
  # SIGTERM (the drain itself is the sd_notify and restart tests' business).
  kill -KILL $pid
  wait $pid 2>/dev/null || true
  python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['feed']['source']==sys.argv[2], d" "$health" "$feed" ||
    fail "$name: /health's feed is not $feed: $health"
  echo "$name: $* -> serves /health ($feed feed)"
}
eval "set -- $(cat "$work/compose-command")"
compose_feed=$({ grep -o "STRIKELINE_FEED=[a-z]*" "$work/compose-command" || true; } | cut -d= -f2)
run_briefly compose "${compose_feed:-simulator}" "$@"

# The systemd unit's command line and Environment= lines (the optional EnvironmentFile absent).
unit_env=$(sed -n 's/^Environment=//p' "$unit")
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
unit_feed=$(echo "$unit_env $exec_start" | { grep -o 'STRIKELINE_FEED=[a-z]*\|--feed[ =][a-z]*' || true; } |
  tail -n1 | sed 's/.*[= ]//')
# shellcheck disable=SC2086
run_briefly systemd "${unit_feed:-simulator}" env -i $unit_env $exec_start
echo "deploy files: passed"
