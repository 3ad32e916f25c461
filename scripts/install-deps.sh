#!/usr/bin/env bash
# Installs the Debian packages duban needs to build, run and test.
# Safe to run again: apt-get skips what is already installed.
#   bash scripts/install-deps.sh           # build and run
#   bash scripts/install-deps.sh --test    # and test: Chromium for the dashboard's browser tests
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build clang-14
  libboost1.81-dev libboost-serialization1.81-dev
  libsoci-dev libsqlite3-dev libpq-dev
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
  libssl-dev libsodium-dev libpoco-dev libexpat1-dev zlib1g-dev libxlsxwriter-dev
  python3-aiosmtpd python3-openpyxl
  libgtest-dev libgmock-dev
  sqlite3
  curl wrk  # the REST API's benchmark (bench/api_bench.sh)
)

# The tests: chromium, and a Chinese font for its screenshots; PostgreSQL (server, contrib for
# pg_trgm, psql and pg_dump) for the suite's PostgreSQL run.
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium fonts-wqy-microhei postgresql postgresql-contrib postgresql-client)
fi

# Node.js and npm (the OpenAPI lint; the dashboard's build): Debian's, unless a Node.js with npm
# is installed already (e.g. NodeSource's, which Debian's npm package would conflict with).
if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "duban: 依赖已齐全 / all packages present"
  exit 0
fi

echo "duban: 安装依赖 / installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
