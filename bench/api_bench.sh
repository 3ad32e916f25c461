#!/usr/bin/env bash
# The REST API under load: `duban serve` on a SQLite database of N items (the demo
# county's units), driven over loopback by wrk (Debian's) with the Lua scripts in bench/wrk/.
#
#   bash bench/api_bench.sh [--items 100000] [--runs 3] [--seconds 10] [--rate 500]
#                           [--dir DIR] [--port 18480] [--page-cache-mb 64] [--keep]
#
# Each run measures, in this order:
#   1. reads at saturation: GET /api/v1/items?overdue=true&unit=U&limit=100 (U: the
#      townships in turn, with their villages), as the leading group's office;
#   2. transitions at saturation: POST /api/v1/items/{id}/events (assign), each item once;
#   3. creates at saturation: POST /api/v1/items;
#   4. the mix at a set rate (default 500 requests/s): 80 % overdue pages and 20 % assign
#      events, from two wrk processes at once, each connection pausing a random time (exponential,
#      mean 100 ms) between requests, so that requests arrive at random as from many users; the
#      p99 of each and the overall p99 (the two distributions merged).
# Then the median of the runs with min and max. --page-cache-mb 0: every list read from the
# database (server.page_cache_mb; README, "Kept pages"). wrk and the server share the machine's cores:
# the figures are the pair's, as on a county's single server with a client on it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

items=100000 runs=3 seconds=10 rate=500 dir=/tmp/duban-api-bench port=18480 keep=0 cache_mb=64
while [ $# -gt 0 ]; do
  case "$1" in
    --items) items=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --page-cache-mb) cache_mb=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "api_bench: 未知参数 / unknown option: $1 (--help)" >&2; exit 2 ;;
  esac
done
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "api_bench: 缺少 / missing: $tool (bash scripts/install-deps.sh)" >&2; exit 1; }
done
duban=$root/build/engine/duban
[ -x "$duban" ] || { echo "api_bench: 先构建 / build first: cmake --build build --target duban" >&2; exit 1; }

bench_name=api_bench
source "$root/bench/county.sh"
echo "api_bench: server up ($base); ${townships%%,*}'s overdue items: $total"

export BENCH_TOKEN=$token BENCH_LUA=$root/bench/wrk BENCH_UNITS=$townships
next_id=$((items / 4 + 1))  # the writes take identified items from here upwards, each once
out=$dir/out && mkdir -p "$out"

# wrk SCRIPT OUTFILE THREADS CONNECTIONS [DELAY_MS]
load() {
  BENCH_OUT=$2 BENCH_THREADS=$3 BENCH_FIRST_ID=$next_id BENCH_DELAY_MS=${5:-0} \
    wrk -t"$3" -c"$4" -d"${seconds}s" --timeout 10s -s "$root/bench/wrk/$1" "$base" >"$2.txt" 2>&1
}
figure() { awk -v k="$2" '$1 == k {print $2}' "$1"; }
rps() { python3 -c "print(round($(figure "$1" requests) / $(figure "$1" seconds)))"; }
used() { next_id=$((next_id + 2 * $(figure "$1" requests) + 100)); }
ms() { python3 -c "print(f'{$(figure "$1" "$2") / 1000:.2f}')"; }

# The mix: 80 % reads and 20 % writes; a connection pausing 100 ms on average after each answer
# makes about 10 requests/s.
read_conns=$(( rate * 8 / 100 )) write_conns=$(( rate * 2 / 100 ))
[ "$read_conns" -ge 1 ] || read_conns=1
[ "$write_conns" -ge 1 ] || write_conns=1

printf '%-4s %10s %9s %9s %10s %9s | %7s %9s %9s %9s %9s\n' run "reads/s" "p50 ms" "p99 ms" \
  "events/s" "creates/s" "mix r/s" "read p99" "write p99" "all p99" errors
for r in $(seq 1 "$runs"); do
  load overdue.lua "$out/sat$r" 2 32
  load events.lua "$out/ev$r" 2 8; used "$out/ev$r"
  load create.lua "$out/cr$r" 2 8
  # Each connection pauses 100 ms after an answer: conns × ~10 requests/s.
  load overdue.lua "$out/mr$r" 1 "$read_conns" 100 &
  reader=$!
  load events.lua "$out/mw$r" 1 "$write_conns" 100
  wait "$reader"
  used "$out/mw$r"
  merged=$(python3 - "$out/mr$r" "$out/mw$r" <<'PY'
import sys
samples = []
for path in sys.argv[1:]:
    f = dict()
    qs = []
    for line in open(path):
        k, v = line.split()
        if k == "q": qs.append(int(v))
        else: f[k] = float(v)
    w = f["requests"] / len(qs)
    samples += [(q, w) for q in qs]
samples.sort()
total = sum(w for _, w in samples)
acc = 0
for q, w in samples:
    acc += w
    if acc >= 0.99 * total:
        print(f"{q / 1000:.2f}")
        break
PY
)
  errors=0
  for f in sat ev cr mr mw; do errors=$((errors + $(figure "$out/$f$r" errors))); done
  mix=$(python3 -c "print(round($(figure "$out/mr$r" requests) / $(figure "$out/mr$r" seconds) + $(figure "$out/mw$r" requests) / $(figure "$out/mw$r" seconds)))")
  printf '%-4s %10s %9s %9s %10s %9s | %7s %9s %9s %9s %9s\n' "$r" "$(rps "$out/sat$r")" \
    "$(ms "$out/sat$r" p50)" "$(ms "$out/sat$r" p99)" "$(rps "$out/ev$r")" "$(rps "$out/cr$r")" \
    "$mix" "$(ms "$out/mr$r" p99)" "$(ms "$out/mw$r" p99)" "$merged" "$errors" | tee -a "$out/table"
done

python3 - "$out/table" <<'PY'
import statistics, sys
rows = [line.replace("|", "").split() for line in open(sys.argv[1])]
names = ["reads/s at saturation", "  p50 ms", "  p99 ms", "transitions/s at saturation",
         "creates/s at saturation", "mix requests/s", "  overdue page p99 ms (target <= 10)",
         "  events p99 ms", "  overall p99 ms (target <= 20)", "errors (non-2xx, timeouts)"]
print(f"median of {len(rows)} run(s) (min-max):")
for i, name in enumerate(names):
    v = [float(r[i + 1]) for r in rows]
    print(f"  {name:<38} {statistics.median(v):>10g} ({min(v):g}-{max(v):g})")
PY
kept=$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/metrics" |
       awk '/^duban_page_cache_total/ {gsub(/.*result="|"}/, "", $1); printf "%s %s  ", $1, $2}')
echo "api_bench: kept pages over all runs: ${kept:-none}"
echo "api_bench: wrk output in $out (--keep to keep it)"
