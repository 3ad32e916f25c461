#!/usr/bin/env bash
# Builds the dashboard's assets (web/ → web/dist, served by `duban serve` under /ui/): the npm
# packages exactly as web/package-lock.json pins them (ECharts, esbuild), then the bundle.
set -euo pipefail
cd "$(dirname "$0")/../web"
echo "duban: 构建仪表盘 / building the dashboard (web/)"
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
