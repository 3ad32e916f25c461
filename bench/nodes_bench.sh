#!/usr/bin/env bash
# Several `duban serve` nodes on one PostgreSQL against one node: reminders sent per second and
# transitions per second. A durable throwaway cluster (tests/support/pg_cluster.sh), a real SMTP
# server and SMS gateway on loopback (tests/support/smtp_sink.py, http_sink.py), wrk for the API.
#
#   bash bench/nodes_bench.sh [--nodes 1,3] [--runs 3] [--reminders 3000] [--items 20000]
#                             [--seconds 10] [--connections 12] [--dir DIR] [--keep]
#
# For each run and each number of nodes, on a database of its own:
#   1. reminders: --reminders items whose 7-days-before rung falls due at 09:00 (the nodes' clock
#      starts at 09:30 that day), one reminder each by e-mail and SMS to the owner; the nodes
#      start together and sweep, claim and send; reminders/s = reminders / (the time from the
#      nodes' start until every delivery is sent);
#   2. transitions: POST /api/v1/items/{id}/events (assign) at saturation, --connections spread
#      evenly over the nodes (one wrk per node), each item once; transitions/s over all nodes.
# Then the median of the runs with min and max, and each figure's ratio to one node's in the same
# run. Everything (PostgreSQL, the nodes, the sinks, wrk) shares the machine's cores: on a 2-core
# machine three nodes do not add cores, they show what the shared database and the leases cost.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

node_counts=1,3 runs=3 reminders=3000 items=20000 seconds=10 conns=12 dir=/tmp/duban-nodes-bench keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) node_counts=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --reminders) reminders=$2; shift 2 ;;
    --items) items=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) conns=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "nodes_bench: 未知参数 / unknown option: $1 (--help)" >&2; exit 2 ;;
  esac
done
for tool in wrk curl psql; do
  command -v "$tool" >/dev/null || { echo "nodes_bench: 缺少 / missing: $tool (bash scripts/install-deps.sh)" >&2; exit 1; }
done
duban=$root/build/engine/duban
[ -x "$duban" ] || { echo "nodes_bench: 先构建 / build first: cmake --build build --target duban" >&2; exit 1; }

rm -rf "$dir" && mkdir -p "$dir"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  bash "$root/tests/support/pg_cluster.sh" stop "$dir/pg" >/dev/null 2>&1 || true
  [ "$keep" = 1 ] || rm -rf "$dir"
}
trap cleanup EXIT

PG_CLUSTER_DURABLE=1 bash tests/support/pg_cluster.sh start "$dir/pg"
admin=$(cat "$dir/pg/url")
base_url=${admin%/*}

# Waits until FILE has a line "listening PORT"; prints PORT.
listening() {
  for _ in $(seq 1 200); do
    if grep -q '^listening' "$1" 2>/dev/null; then awk '/^listening/ {print $2; exit}' "$1"; return; fi
    sleep 0.05
  done
  echo "nodes_bench: a sink did not start ($1)" >&2; exit 1
}
/usr/bin/python3 tests/support/smtp_sink.py "$dir/mail" >"$dir/smtp.out" 2>&1 &
pids+=($!)
/usr/bin/python3 tests/support/http_sink.py "$dir/sms.jsonl" >"$dir/sms.out" 2>&1 &
pids+=($!)
smtp_port=$(listening "$dir/smtp.out")
sms_port=$(listening "$dir/sms.out")

cat >"$dir/duban.yaml" <<YAML
county: 示范县
time_zone: "+08:00"
language: zh
data_dir: $dir/var
units: $root/config/demo/units.yaml
workflows: $root/workflows
calendar: $root/config/calendar
clock: {allow_pinned: true}
server: {listen: "127.0.0.1:0", requests_per_second: 1000000, burst: 1000000}
scheduler: {interval_seconds: 1}
dispatch: {interval_seconds: 1, send_timeout_seconds: 5, lease_seconds: 30, sms_quiet_hours: off}
plugins:
  - name: email
    settings: {host: 127.0.0.1, port: $smtp_port, from: duban@demo-county.example, timeout_seconds: 5}
  - name: sms
    settings: {url: "http://127.0.0.1:$sms_port/api/send", body: '{"phone": "{to}", "text": "{text}"}', success_contains: '"ok":true', timeout_seconds: 5}
YAML

# The townships' staff members (with e-mail and phone) own the reminders' items.
owners=$(awk '/^  - id:/ {id = $3} /^    kind:/ {kind = $2}
  kind == "township" && /name:/ && /phone:/ && !/head: true/ {
    match($0, /name: [^,]*/); printf "%s:%s ", id, substr($0, RSTART + 6, RLENGTH - 6) }' config/demo/units.yaml)
townships=$(awk '/^  - id:/{id=$3} /kind: township/{printf "%s ", id}' config/demo/units.yaml)
awk -v r="$reminders" -v n="$items" -v owners="$owners" -v places="$townships" 'BEGIN {
  no = split(owners, o, " "); np = split(places, p, " ")
  print "问题,责任单位,责任人,整改时限,整改措施"
  for (i = 1; i <= r; i++) { split(o[(i % no) + 1], uo, ":")
    printf "节点压测提醒事项%d,%s,%s,2026-09-30,逐户核查\n", i, uo[1], uo[2] }
  for (i = 1; i <= n; i++)
    printf "节点压测流转事项%d,%s,,2027-03-31,\n", i, p[(i % np) + 1]
}' >"$dir/items.csv"

# The nodes' clock: 2026-09-23 09:30 (+08:00) at their start, running on in real time.
offset=$(( $(date -d '2026-09-23T09:30:00+08:00' +%s) - $(date +%s) ))
export DUBAN_LANG=en
nodes=()
start_nodes() {  # N DATABASE_URL
  nodes=()
  for k in $(seq 1 "$1"); do
    DUBAN_DATABASE_URL=$2 DUBAN_CLOCK_OFFSET=$offset "$duban" --config "$dir/duban.yaml" serve \
      --listen 127.0.0.1:0 >"$dir/node$k.log" 2>&1 &
    nodes+=($!)
    pids+=($!)
  done
  bases=()
  for k in $(seq 1 "$1"); do
    for _ in $(seq 1 600); do
      grep -q 'health: http://' "$dir/node$k.log" && break
      kill -0 "${nodes[$((k - 1))]}" 2>/dev/null || { cat "$dir/node$k.log"; exit 1; }
      sleep 0.1
    done
    bases+=("$(grep -o 'health: http://[0-9.:]*' "$dir/node$k.log" | head -1 | sed 's/health: //')")
  done
}
stop_nodes() {
  for p in "${nodes[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
}
q() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -At "$1" -c "$2"; }

printf '%-4s %6s %14s %14s %14s %14s\n' run nodes "reminders/s" "vs one node" "transitions/s" "vs one node"
: >"$dir/table"
for r in $(seq 1 "$runs"); do
  one_rem="" one_tr=""
  for n in ${node_counts//,/ }; do
    name="nodes_${n}_$r"
    q "$admin" "DROP DATABASE IF EXISTS $name" >/dev/null
    q "$admin" "CREATE DATABASE $name" >/dev/null
    url="$base_url/$name"
    d() { DUBAN_DATABASE_URL=$url DUBAN_NOW=2026-09-22T10:00 "$duban" --config "$dir/duban.yaml" "$@"; }
    d init >/dev/null
    d import "$dir/items.csv" --as office >/dev/null
    rm -rf "$dir/mail" && mkdir -p "$dir/mail"

    # 1. Reminders: from the nodes' start until every delivery is sent.
    t0=$(date +%s.%N)
    start_nodes "$n" "$url"
    for _ in $(seq 1 3000); do
      queued=$(q "$url" "SELECT COUNT(*) FROM reminders")
      unsent=$(q "$url" "SELECT COUNT(*) FROM deliveries WHERE status <> 'sent'")
      [ "$queued" = "$reminders" ] && [ "$unsent" = 0 ] && break
      sleep 0.1
    done
    t1=$(date +%s.%N)
    [ "$queued" = "$reminders" ] && [ "$unsent" = 0 ] ||
      { echo "nodes_bench: not all sent ($queued queued, $unsent unsent)" >&2; exit 1; }
    rem=$(python3 -c "print(round($reminders / ($t1 - $t0)))")

    # 2. Transitions: one wrk per node, each on its own slice of the identified items' ids.
    token=$(d user token office --as office --days 1 --label nodes_bench 2>/dev/null)
    per=$(( conns / n )); [ "$per" -ge 1 ] || per=1
    slice=$(( items / n ))
    wrks=()
    for k in $(seq 1 "$n"); do
      BENCH_TOKEN=$token BENCH_LUA=$root/bench/wrk BENCH_THREADS=1 BENCH_OUT="$dir/wrk$k" \
        BENCH_FIRST_ID=$(( reminders + 1 + (k - 1) * slice )) \
        wrk -t1 -c"$per" -d"${seconds}s" --timeout 10s -s "$root/bench/wrk/events.lua" \
        "${bases[$((k - 1))]}" >"$dir/wrk$k.txt" 2>&1 &
      wrks+=($!)
    done
    for w in "${wrks[@]}"; do wait "$w"; done
    tr=$(python3 - "$dir" "$n" <<'PY'
import sys
total = errors = 0
for k in range(1, int(sys.argv[2]) + 1):
    f = dict(line.split() for line in open(f"{sys.argv[1]}/wrk{k}") if not line.startswith("q "))
    total += float(f["requests"]) / float(f["seconds"])
    errors += int(f["errors"])
if errors:
    sys.exit(f"nodes_bench: {errors} requests failed (see {sys.argv[1]}/wrk*.txt)")
print(round(total))
PY
)
    stop_nodes
    audit=$(DUBAN_DATABASE_URL=$url "$duban" --config "$dir/duban.yaml" audit verify >/dev/null 2>&1 && echo ok || echo BROKEN)
    [ "$audit" = ok ] || { echo "nodes_bench: audit verify failed on $name" >&2; exit 1; }
    [ -n "$one_rem" ] || { one_rem=$rem; one_tr=$tr; }
    rr=$(python3 -c "print(f'{$rem / $one_rem:.2f}')")
    tt=$(python3 -c "print(f'{$tr / $one_tr:.2f}')")
    printf '%-4s %6s %14s %14s %14s %14s\n' "$r" "$n" "$rem" "$rr" "$tr" "$tt" | tee -a "$dir/table"
    q "$admin" "DROP DATABASE $name" >/dev/null
  done
done

/usr/bin/python3 - "$dir/table" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
print("median of the runs (min-max):")
for n in sorted({r[1] for r in rows}, key=int):
    mine = [r for r in rows if r[1] == n]
    for i, name in [(2, "reminders/s"), (3, "  vs one node"), (4, "transitions/s"), (5, "  vs one node")]:
        v = [float(r[i]) for r in mine]
        print(f"  {n} node(s) {name:<16} {statistics.median(v):>8g} ({min(v):g}-{max(v):g})")
PY
