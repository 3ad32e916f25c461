#!/usr/bin/env bash
# A primary with a synchronous streaming standby, both throwaway, on free loopback ports: what a
# county with a standby server runs (pg_basebackup, synchronous commit), for the failover test.
#   pg_standby.sh start DIR     # primary in DIR/primary, standby in DIR/standby; writes DIR/url,
#                               # a two-host URI with target_session_attrs=read-write
#   pg_standby.sh failover DIR  # the primary killed (immediate), the standby promoted
#   pg_standby.sh stop DIR      # both stopped, DIR removed
# As root, initdb, pg_basebackup and pg_ctl run as the postgres user on folders it owns.
set -euo pipefail
cmd=${1:?start, failover or stop}
dir=${2:?folder}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
stop_all() {
  for d in "$dir/primary" "$dir/standby"; do
    if [ -f "$d/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$d" -m immediate -w stop >/dev/null || true; fi
  done
}
case "$cmd" in
start)
  stop_all
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  p1=$(free_port)
  p2=$(free_port)
  as_owner "$bin/initdb" -D "$dir/primary" -E UTF8 --locale=C -A trust -U postgres >"$dir/initdb.log"
  # Every commit waits until the standby has it on disk: a failover loses nothing acknowledged.
  as_owner "$bin/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w -t 60 start -o \
    "-k $dir -p $p1 -h 127.0.0.1 -c wal_level=replica -c max_wal_senders=4 -c synchronous_commit=on -c synchronous_standby_names=standby -c max_connections=200" \
    >/dev/null
  as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$p1" -U postgres -D "$dir/standby" -R -X stream \
    -d "application_name=standby" >/dev/null
  as_owner "$bin/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w -t 60 start -o \
    "-k $dir -p $p2 -h 127.0.0.1 -c max_connections=200" >/dev/null
  # Ready once the primary sees its standby as synchronous.
  for _ in $(seq 1 100); do
    state=$(as_owner "$bin/psql" -h 127.0.0.1 -p "$p1" -U postgres -At -c \
      "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby'" postgres || true)
    [ "$state" = sync ] && break
    sleep 0.1
  done
  [ "$state" = sync ] || { echo "the standby did not become synchronous" >&2; exit 1; }
  echo "postgresql://postgres@127.0.0.1:$p1,127.0.0.1:$p2/postgres?target_session_attrs=read-write" >"$dir/url"
  echo "primary 127.0.0.1:$p1, synchronous standby 127.0.0.1:$p2 ($dir)"
  ;;
failover)
  as_owner "$bin/pg_ctl" -D "$dir/primary" -m immediate -w stop >/dev/null
  as_owner "$bin/pg_ctl" -D "$dir/standby" -w -t 60 promote >/dev/null
  ;;
stop)
  stop_all
  rm -rf "$dir"
  ;;
*)
  echo "usage: pg_standby.sh start|failover|stop DIR" >&2
  exit 2
  ;;
esac
