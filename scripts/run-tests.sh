#!/usr/bin/env bash
# Sets up a fresh Debian machine, builds everything and runs every test:
#   1. Release build (with benchmarks compiled) and all ctest tests;
#   2. ASan + UBSan build of the unit tests, run with ctest;
#   3. each libFuzzer target briefly (clang).
# Exits non-zero when anything fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)
"$root/scripts/install-deps.sh"

echo "== release build and tests"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSTRIKELINE_TESTS=ON -DSTRIKELINE_BENCH=ON >/dev/null
ninja -C "$root/build" -j"$jobs"
"$root/scripts/build-web.sh" "$root/build/web"  # the dashboard (served at /, tested by dashboard_e2e)
ctest --test-dir "$root/build" --output-on-failure -j"$jobs" --timeout 600

echo "== sanitizer build (ASan + UBSan) of the unit tests"
cmake -S "$root" -B "$root/build-asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSTRIKELINE_SANITIZE=ON \
  -DSTRIKELINE_TESTS=ON -DSTRIKELINE_BENCH=OFF >/dev/null
ninja -C "$root/build-asan" -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$root/build-asan" --output-on-failure -j"$jobs" --timeout 900 -L unit

if [ -f "$root/fuzz/CMakeLists.txt" ]; then
  echo "== libFuzzer targets (brief runs)"
  CC=clang CXX=clang++ cmake -S "$root" -B "$root/build-fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSTRIKELINE_FUZZ=ON -DSTRIKELINE_TESTS=OFF -DSTRIKELINE_BENCH=OFF >/dev/null
  # Only the fuzz targets (and the libraries they exercise).
  ninja -C "$root/build-fuzz" -j"$jobs" fuzz/all
  for target in "$root"/build-fuzz/fuzz/*_fuzz; do
    [ -x "$target" ] || continue
    corpus="$root/build-fuzz/corpus/$(basename "$target")"
    mkdir -p "$corpus"
    echo "-- $(basename "$target")"
    "$target" -max_total_time="${STRIKELINE_FUZZ_SECONDS:-10}" -timeout=10 -rss_limit_mb=2048 "$corpus" 2>&1 | tail -n 3
  done
fi
echo "all tests passed"
