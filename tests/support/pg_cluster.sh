#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the suite's PostgreSQL run, on a free loopback port.
#   pg_cluster.sh start DIR   # initdb in DIR/data, start, write DIR/url (the admin URI)
#   pg_cluster.sh restart DIR # stop it (fast: clean) and start it again on the same port
#   pg_cluster.sh stop DIR    # stop it and remove DIR
# initdb and pg_ctl refuse to run as root: as root they run as the postgres user, on a folder
# that user owns. Durability is off (fsync, synchronous_commit): the data dies with the run;
# PG_CLUSTER_DURABLE=1 leaves it on (benchmarks of persisted transitions); PG_CLUSTER_OPTIONS adds
# server settings ("-c shared_buffers=1GB …", the benchmark at scale).
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?folder}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
start)
  if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop || true; fi
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "$bin/initdb" -D "$dir/data" -E UTF8 --locale=C -A trust -U postgres >"$dir/initdb.log"
  durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if [ "${PG_CLUSTER_DURABLE:-0}" = 1 ]; then durability=""; fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
    "-k $dir -p $port -h 127.0.0.1 $durability -c max_connections=400 ${PG_CLUSTER_OPTIONS:-}" \
    >/dev/null
  echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url"
  echo "PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$port ($dir)"
  ;;
restart)
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: pg_cluster.sh start|restart|stop DIR" >&2
  exit 2
  ;;
esac
