#!/usr/bin/env bash
# Installs what is needed, builds duban, creates the SQLite database under ./var, loads the demo
# county on first run and starts `duban serve`, printing where it listens.
#   bash scripts/run.sh                      # 127.0.0.1:8080 (config/duban.yaml)
#   bash scripts/run.sh --listen 127.0.0.1:9000
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs" --target duban

duban() { ./build/engine/duban "$@"; }

duban init
if [ "$(duban item list --json --as office | grep -c '"id"')" = 0 ]; then
  echo "duban: 载入演示数据 / loading the demo county"
  # The seed's rectification report: 8 national, 3 provincial, 2 self-found problems.
  duban import config/demo/items.csv --as office
  # A few items further along their lifecycle.
  duban item rectify 1 --as longtan --evidence 合户识别台账.pdf \
    --result "于5月15日前对村上老人户与子女未整户识别的户,与子女合户识别,待七月动态调整进行更正"
  duban item verify 1 --as inspector
  duban item close 1 --as office
  duban item rectify 2 --as longtan --result "一帮多问题分解之后,一个干部最多帮扶5户"
  duban item reject 2 --as inspector --reason "缺少帮扶台账佐证" --due 2020-07-15
  duban item assign 3 --as office --owner 队长 --due 2020-06-30 \
    --measures "明确驻村工作队在村工作任务,加强监督考核"
  # This half year's evaluation round, with the first three steps under way.
  duban round start 2020-H1 --observation-date 2020-06-20 --as office >/dev/null
  for step in 1 2 3; do duban step open 2020-H1 "$step" --as office; done
  for unit in longtan xinmin shimen; do duban submit 2020-H1 1 --unit "$unit" --as "$unit"; done
  duban submit 2020-H1 3 --unit longtan --as longtan --note "水口村,张坪村,五龙村"
fi

exec ./build/engine/duban serve "$@"
