#!/usr/bin/env bash
# A primary and a streaming replica as two local PostgreSQL clusters on loopback ports, for the
# read-replica test and for trying DATABASE_READ_URL by hand. Never touches the main cluster:
# both live under one base directory, listen on 127.0.0.1 only, on ports of their own, with
# their sockets in that directory.
#
#   scripts/replica-clusters.sh start   # create if needed, start both, wait until the replica streams
#   scripts/replica-clusters.sh urls    # print the two URLs (clusters running)
#   scripts/replica-clusters.sh stop    # stop both, keep the data
#   scripts/replica-clusters.sh clean   # stop both and delete the base directory
#
# `start` and `urls` print, on stdout and nothing else:
#   DATABASE_URL=postgres://postgres@127.0.0.1:<primary port>/giaoban
#   DATABASE_READ_URL=postgres://postgres@127.0.0.1:<replica port>/giaoban
# Environment: GIAOBAN_REPLICA_DIR (default /tmp/giaoban-replica), PG_BIN (default: PostgreSQL
# 15's binaries), GIAOBAN_REPLICA_PORTS="<primary> <replica>" to choose the ports.
# Run as root it runs PostgreSQL as the postgres user (PostgreSQL refuses to run as root).
set -euo pipefail

BASE="${GIAOBAN_REPLICA_DIR:-/tmp/giaoban-replica}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
PRIMARY="$BASE/primary"
REPLICA="$BASE/replica"
DB=giaoban

log() { echo "replica-clusters: $*" >&2; }
die() { log "$*"; exit 1; }
# Exit status 3: no PostgreSQL here at all (the test skips); anything else that fails is 1.
[ -x "$PG_BIN/initdb" ] || { log "no PostgreSQL binaries in '$PG_BIN' (set PG_BIN)"; exit 3; }

if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  as_owner() { runuser -u "$OWNER" -- "$@"; }
else
  OWNER="$(id -un)"
  as_owner() { "$@"; }
fi
psql_at() { # port, sql → unaligned, tuples only
  "$PG_BIN/psql" -X -h 127.0.0.1 -p "$1" -U postgres -d postgres -Atqc "$2" 2>/dev/null
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # a free port above $1
  local p=$1
  while ! port_free "$p" || [ "$p" = 5432 ]; do p=$((p + 1)); done
  echo "$p"
}
running() { [ -f "$1/postmaster.pid" ] && as_owner "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }
start_cluster() { # dir
  running "$1" && return 0
  as_owner "$PG_BIN/pg_ctl" -D "$1" -l "$1.log" -w -t 60 start >/dev/null || { tail -20 "$1.log" >&2; die "could not start $1"; }
}
stop_cluster() { # dir
  if running "$1"; then as_owner "$PG_BIN/pg_ctl" -D "$1" -m fast -w -t 60 stop >/dev/null; fi
}
print_urls() {
  read -r PRIMARY_PORT REPLICA_PORT <"$BASE/ports"
  echo "DATABASE_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/$DB"
  echo "DATABASE_READ_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/$DB"
}

init_primary() {
  log "initdb primary in $PRIMARY (port $PRIMARY_PORT)"
  as_owner "$PG_BIN/initdb" -D "$PRIMARY" -N -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  as_owner tee -a "$PRIMARY/postgresql.conf" >/dev/null <<EOF
# replica-clusters.sh
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$BASE'
wal_level = replica
max_wal_senders = 4
max_replication_slots = 4
hot_standby = on
hot_standby_feedback = on
EOF
  # Trust on loopback only, replication included (local test clusters, no password to keep).
  as_owner tee "$PRIMARY/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
EOF
}

init_replica() {
  log "pg_basebackup -R into $REPLICA (port $REPLICA_PORT)"
  as_owner "$PG_BIN/psql" -X -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -Atqc \
    "select pg_create_physical_replication_slot('giaoban_replica') where not exists (select from pg_replication_slots where slot_name = 'giaoban_replica')" >/dev/null
  as_owner "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$REPLICA" -X stream -S giaoban_replica -R -c fast -N
  # The copy carries the primary's settings; the later line wins.
  echo "port = $REPLICA_PORT" | as_owner tee -a "$REPLICA/postgresql.conf" >/dev/null
}

wait_streaming() {
  for _ in $(seq 1 120); do
    if [ "$(psql_at "$REPLICA_PORT" 'select pg_is_in_recovery()')" = t ] \
      && [ "$(psql_at "$PRIMARY_PORT" "select count(*) from pg_stat_replication where state = 'streaming'")" -ge 1 ] 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  die "the replica on port $REPLICA_PORT did not start streaming from the primary on $PRIMARY_PORT"
}

cmd_start() {
  mkdir -p "$BASE"
  [ "$(id -u)" = 0 ] && chown "$OWNER" "$BASE"
  chmod 700 "$BASE"
  if [ ! -f "$BASE/ports" ]; then
    if [ -n "${GIAOBAN_REPLICA_PORTS:-}" ]; then
      echo "$GIAOBAN_REPLICA_PORTS" >"$BASE/ports"
    else
      p=$(free_port 54330); r=$(free_port $((p + 1)))
      echo "$p $r" >"$BASE/ports"
    fi
  fi
  read -r PRIMARY_PORT REPLICA_PORT <"$BASE/ports"
  case " $PRIMARY_PORT $REPLICA_PORT " in *" 5432 "*) die "port 5432 belongs to the main cluster; choose others" ;; esac
  [ -f "$PRIMARY/PG_VERSION" ] || { rm -rf "$PRIMARY"; init_primary; }
  start_cluster "$PRIMARY"
  if [ "$(psql_at "$PRIMARY_PORT" "select count(*) from pg_database where datname = '$DB'")" != 1 ]; then
    psql_at "$PRIMARY_PORT" "create database $DB" >/dev/null || die "could not create database $DB"
  fi
  [ -f "$REPLICA/standby.signal" ] || { rm -rf "$REPLICA"; init_replica; }
  start_cluster "$REPLICA"
  wait_streaming
  log "primary on 127.0.0.1:$PRIMARY_PORT, streaming replica on 127.0.0.1:$REPLICA_PORT"
  print_urls
}

cmd_stop() {
  # The replica first, so the primary's shutdown does not leave it retrying the connection.
  [ -d "$REPLICA" ] && stop_cluster "$REPLICA"
  [ -d "$PRIMARY" ] && stop_cluster "$PRIMARY"
  log "stopped"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  clean) cmd_stop; rm -rf "$BASE"; log "removed $BASE" ;;
  urls)
    [ -f "$BASE/ports" ] && running "$PRIMARY" && running "$REPLICA" || die "not running (scripts/replica-clusters.sh start)"
    print_urls ;;
  *) echo "usage: $0 start|urls|stop|clean" >&2; exit 2 ;;
esac
