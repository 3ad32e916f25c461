#!/usr/bin/env bash
# The dashboard's first page (interactive within 1 s on loopback with 100,000 items):
# `duban serve` on a SQLite database of N items (bench/county.sh, as the API benchmark builds it)
# and a round under way; Debian's chromium (Playwright, tests/web's) opens each first page in a
# fresh browser context (nothing cached) and times it until the page answers: its table or steps
# drawn, from the address typed to the last API answer shown.
#
#   bash bench/dashboard_bench.sh [--items 100000] [--runs 5] [--dir DIR] [--port 18490] [--keep]
#
# Pages: the leading group's landing page (round overview), its board, a township's board (its own
# items), an item page. The median of the runs, min and max, and the ratio to the 1 s limit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

items=100000 runs=5 dir=/tmp/duban-dashboard-bench port=18490 keep=0 cache_mb=64
while [ $# -gt 0 ]; do
  case "$1" in
    --items) items=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "dashboard_bench: 未知参数 / unknown option: $1 (--help)" >&2; exit 2 ;;
  esac
done
duban=$root/build/engine/duban
[ -x "$duban" ] || { echo "dashboard_bench: 先构建 / build first: cmake --build build --target duban" >&2; exit 1; }
[ -f web/dist/index.html ] || { echo "dashboard_bench: 先构建仪表盘 / build the dashboard first: bash scripts/build-web.sh" >&2; exit 1; }
[ -d tests/web/node_modules/playwright-core ] || { echo "dashboard_bench: npm ci --prefix tests/web" >&2; exit 1; }

bench_name=dashboard_bench
source "$root/bench/county.sh"
if [ "$(date +%-m)" -le 6 ]; then round="$(date +%Y)-H1"; else round="$(date +%Y)-Y"; fi
d round start "$round" --observation-date "$(date -d '+10 days' +%F)" --as office >/dev/null
for step in 1 2; do d step open "$round" "$step" --as office >/dev/null; done
d step complete "$round" 1 --override "bench" --as office >/dev/null
d step complete "$round" 2 --as office >/dev/null
d step open "$round" 3 --as office >/dev/null
township=${townships%%,*}
echo "dashboard_bench: server up ($base); round $round under way"
township_token=$(d user token "$township" --as office --days 1 --label dashboard_bench 2>/dev/null)
node bench/dashboard_bench.mjs --base "$base" --runs "$runs" --items "$items" \
  --office "$token" --township "$township_token"
