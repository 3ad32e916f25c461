#!/usr/bin/env bash
# Installs what is needed, builds duban and its dashboard and runs the whole suite through ctest
# (GoogleTest, and the dashboard in Chromium).
# Then builds every other compiler/build-type combination with -Werror (scripts/build-matrix.sh;
# DUBAN_BUILD_MATRIX=0 skips it). DUBAN_SANITIZE=1 builds and runs the suite a second time with
# AddressSanitizer and UBSan (build-asan/).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh --test
# Redocly CLI, which lints the OpenAPI document in the suite (the version the lock file pins).
npm ci --prefix tests/api/lint --no-audit --no-fund
# The dashboard's assets, and Playwright (playwright-core: it drives Debian's chromium) for its
# end-to-end test (tests/web).
bash scripts/build-web.sh
npm ci --prefix tests/web --no-audit --no-fund
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDUBAN_BUILD_TESTS=ON
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

if [ "${DUBAN_BUILD_MATRIX:-1}" = 1 ]; then
  bash scripts/build-matrix.sh
fi

if [ "${DUBAN_SANITIZE:-0}" = 1 ]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDUBAN_SANITIZE=ON -DDUBAN_BUILD_BENCH=OFF
  cmake --build build-asan -j"$jobs"
  ctest --test-dir build-asan --output-on-failure -j"$jobs"
fi
