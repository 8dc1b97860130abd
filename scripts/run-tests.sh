#!/usr/bin/env bash
# Sets up a fresh Debian machine, builds everything and runs every test:
#   1. release build (gcc) of the server, the benchmarks (compiled, not run) and the end-to-end
#      tests (label e2e: the binary, scripts, PostgreSQL, the browser), run with ctest;
#   2. sanitizer build (clang, ASan + UBSan, unoptimised) of the unit tests (label unit), run with
#      ctest: the unit tests are built once, here, where they check the most;
#   3. the libFuzzer targets of that same build, each run briefly (STRIKELINE_FUZZ_SECONDS, 10).
# Exits non-zero when anything fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)
"$root/scripts/install-deps.sh"

echo "== release build and end-to-end tests"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSTRIKELINE_TESTS=ON -DSTRIKELINE_UNIT_TESTS=OFF -DSTRIKELINE_BENCH=ON >/dev/null
ninja -C "$root/build" -j"$jobs"
"$root/scripts/build-web.sh" "$root/build/web"  # the dashboard (served at /, tested by dashboard_e2e)
ctest --test-dir "$root/build" --output-on-failure -j"$jobs" --timeout 600

echo "== sanitizer build (clang, ASan + UBSan) of the unit tests and the fuzz targets"
# clang: it compiles this unoptimised, instrumented build about twice as fast as gcc, and libFuzzer
# needs it. The libraries the fuzz targets exercise also carry libFuzzer's coverage hooks.
CC=clang CXX=clang++ cmake -S "$root" -B "$root/build-sanitize" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DSTRIKELINE_SANITIZE=ON -DSTRIKELINE_FUZZ=ON -DSTRIKELINE_TESTS=ON -DSTRIKELINE_UNIT_TESTS=ON \
  -DSTRIKELINE_BENCH=OFF >/dev/null
ninja -C "$root/build-sanitize" -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$root/build-sanitize" --output-on-failure -j"$jobs" --timeout 900 -L unit

echo "== libFuzzer targets (brief runs)"
for target in "$root"/build-sanitize/fuzz/*_fuzz; do
  [ -x "$target" ] || continue
  corpus="$root/build-sanitize/corpus/$(basename "$target")"
  mkdir -p "$corpus"
  echo "-- $(basename "$target")"
  "$target" -max_total_time="${STRIKELINE_FUZZ_SECONDS:-10}" -timeout=10 -rss_limit_mb=2048 "$corpus" 2>&1 | tail -n 3
done
echo "all tests passed"
