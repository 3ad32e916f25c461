#!/usr/bin/env bash
# Installs what is needed, builds duban and its dashboard, creates the SQLite database under ./var,
# loads the demo county on first run (alive: dated around today, scripts/demo.sh) and starts
# `duban serve` with config/demo/duban.yaml, printing where it listens (the dashboard: /ui/).
#   bash scripts/run.sh                      # 127.0.0.1:8080 (config/demo/duban.yaml)
#   bash scripts/run.sh --listen 127.0.0.1:9000
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build-web.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs" --target duban incentive accountability email

config=config/demo/duban.yaml
mkdir -p var
# The local outbox: an SMTP sink on 127.0.0.1:2525 keeps the demo's e-mail reminders in
# var/outbox (a Maildir; each file one message). Stopped with the server.
/usr/bin/python3 -m aiosmtpd -n -c aiosmtpd.handlers.Mailbox var/outbox -l 127.0.0.1:2525 &
sink=$!
trap 'kill "$sink" 2>/dev/null || true' EXIT
# The demo county on the first run: its week of work placed before today (scripts/demo.sh;
# --original there keeps the seed's 2020 dates).
DUBAN=./build/engine/duban bash scripts/demo.sh --config "$config"
echo "duban: 浏览器打开下面的“仪表盘”地址 / open the dashboard address below in a browser"
./build/engine/duban serve --config "$config" "$@"
