# What the API and dashboard benchmarks share: the demo county with N items in a SQLite
# database, and `duban serve` on it. Sourced by bench/api_bench.sh and bench/dashboard_bench.sh,
# with root, duban, dir, items, port, cache_mb and keep set; leaves base, token, townships,
# server_pid (the EXIT trap stops the server and, unless keep=1, removes dir).
rm -rf "$dir" && mkdir -p "$dir"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; fi
  [ "$keep" = 1 ] || rm -rf "$dir"
}
trap cleanup EXIT

# The demo county, its rate limits lifted (a benchmark is one client at hundreds of requests/s),
# and the scheduler's sweep once an hour (its reminders are another benchmark's).
cat > "$dir/duban.yaml" <<YAML
county: 示范县
time_zone: "+08:00"
language: zh
data_dir: $dir/var
server: {listen: "127.0.0.1:$port", requests_per_second: 1000000, burst: 1000000, page_cache_mb: $cache_mb}
database: {backend: sqlite, path: duban.db}
scheduler: {interval_seconds: 3600}
units: $root/config/demo/units.yaml
workflows: $root/workflows
YAML
export DUBAN_LANG=en
d() { "$duban" --config "$dir/duban.yaml" "$@"; }

echo "${bench_name:-bench}: $items items → $dir/items.csv"
townships=$(awk '/^  - id:/{id=$3} /kind: township/{printf "%s%s", sep, id; sep=","}' config/demo/units.yaml)
places=$(awk '/^  - id:/{id=$3} /kind: (township|village)/{printf "%s ", id}' config/demo/units.yaml)
dates=""
for k in $(seq -90 90); do dates+="$(date -d "$k days" +%F) "; done
awk -v n="$items" -v places="$places" -v dates="$dates" 'BEGIN {
  np = split(places, p, " "); nd = split(dates, t, " ")
  print "来源,类别,问题,具体表现,整改措施,责任单位,责任人,整改时限"
  for (i = 1; i <= n; i++)
    # The first quarter with a person in charge (assigned), the rest identified: the writes
    # assign those, from id n/4 + 1 upwards.
    printf "国家,精准帮扶,压测问题第%d号:帮扶措施落实不到位,第%d户帮扶台账缺页,补齐台账并逐户核查,%s,%s,%s\n",
           i, i, p[(i % np) + 1], i <= n / 4 ? "赵某" (i % 100) : "", t[(i * 7919 % nd) + 1]
}' > "$dir/items.csv"
d init >/dev/null
start=$(date +%s.%N)
d import "$dir/items.csv" --as office >/dev/null
echo "${bench_name:-bench}: imported in $(python3 -c "print(round($(date +%s.%N) - $start, 2))") s"
token=$(d user token office --as office --days 1 --label api_bench 2>/dev/null)

if curl -s "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
  echo "${bench_name:-bench}: 端口已被占用 / port $port is taken (--port)" >&2; exit 1
fi
"$duban" --config "$dir/duban.yaml" serve > "$dir/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  kill -0 "$server_pid" 2>/dev/null || { cat "$dir/serve.log"; exit 1; }
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$dir/serve.log"; exit 1; }
# The first sweep arms every item's reminders (a write of all of them): measured after it.
for _ in $(seq 1 600); do
  grep -q "reminders armed" "$dir/serve.log" && break
  sleep 0.1
done
base="http://127.0.0.1:$port"
total=$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/items?overdue=true&unit=${townships%%,*}&limit=1" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
