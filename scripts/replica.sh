#!/usr/bin/env bash
# A local streaming replica of this machine's PostgreSQL main cluster, with Debian's
# cluster tools: pg_createcluster for the configuration, pg_basebackup for the data,
# pg_ctlcluster to start it. Run as root (the data is written as the postgres user).
#
#   scripts/replica.sh [DATABASE]   create it, or keep it when it already streams;
#                                   prints the read URL (postgres://…:5433/DATABASE)
#   scripts/replica.sh --drop       stop and remove the replica cluster
#
# Idempotent: a second run keeps a replica that streams from this primary and rebuilds
# one that does not (stopped for good, fallen behind the primary's WAL, or a copy of
# another primary). The main cluster is never restarted or stopped: the only change to
# it is one pg_hba.conf line allowing replication connections from 127.0.0.1, followed
# by a configuration reload. No replication slot is created, so a replica that is down
# never makes the primary keep WAL (its disk is shared); one that falls too far behind
# is rebuilt by the next run instead.
#
# Environment: PG_VERSION (15), REPLICA_CLUSTER (replica), REPLICA_PORT (5433),
# PRIMARY_PORT (5432).
set -euo pipefail

VERSION="${PG_VERSION:-15}"
CLUSTER="${REPLICA_CLUSTER:-replica}"
PORT="${REPLICA_PORT:-5433}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
HOST=127.0.0.1
HBA_LINE="host replication all 127.0.0.1/32 trust"

log() { echo "replica.sh: $*" >&2; }
die() { log "$*"; exit 1; }
primary() { psql -h "$HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -Atqc "$1"; }
replica() { psql -h "$HOST" -p "$PORT" -U postgres -d postgres -Atqc "$1" 2>/dev/null; }
cluster_exists() { pg_lsclusters -h "$VERSION" "$CLUSTER" >/dev/null 2>&1; }
as_postgres() { runuser -u postgres -- "$@"; }

drop_replica() {
  if cluster_exists; then
    log "dropping cluster $VERSION/$CLUSTER"
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" stop -m fast 2>/dev/null || true
    pg_dropcluster "$VERSION" "$CLUSTER"
  fi
}

# Streaming from this primary right now: in recovery, the WAL receiver connected, and
# the same database system identifier (a base backup of this cluster, not another one).
streaming() {
  [ "$(replica 'SELECT pg_is_in_recovery()')" = t ] || return 1
  [ "$(replica "SELECT status FROM pg_stat_wal_receiver")" = streaming ] || return 1
  [ "$(replica 'SELECT system_identifier FROM pg_control_system()')" = "$(primary 'SELECT system_identifier FROM pg_control_system()')" ]
}

wait_streaming() {
  for _ in $(seq 1 30); do
    streaming && return 0
    sleep 1
  done
  return 1
}

if [ "${1:-}" = "--drop" ]; then
  drop_replica
  exit 0
fi
DATABASE="${1:-postgres}"

[ "$(id -u)" = 0 ] || die "run as root: the replica's files belong to the postgres user"
pg_isready -h "$HOST" -p "$PRIMARY_PORT" -q || die "the primary at $HOST:$PRIMARY_PORT is not accepting connections"

# PostgreSQL 15's defaults already allow streaming; say so plainly if they were changed,
# since fixing them needs a restart of the primary, which this script never does.
WAL_LEVEL="$(primary 'SHOW wal_level')"
SENDERS="$(primary 'SHOW max_wal_senders')"
[ "$WAL_LEVEL" = replica ] || [ "$WAL_LEVEL" = logical ] || die "primary wal_level is '$WAL_LEVEL'; streaming needs replica or logical (restart required)"
[ "$SENDERS" -ge 2 ] || die "primary max_wal_senders is $SENDERS; the base backup and the replica need 2"

# Replication connections match only lines naming the `replication` database.
HBA_FILE="$(primary 'SHOW hba_file')"
if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$HBA_FILE"; then
  log "allowing replication connections from $HOST in $HBA_FILE (then reloading; no restart)"
  printf '%s\n' "$HBA_LINE" >>"$HBA_FILE"
  primary 'SELECT pg_reload_conf()' >/dev/null
fi
[ "$(primary "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database) AND address = '127.0.0.1' AND auth_method = 'trust' AND error IS NULL")" -ge 1 ] \
  || die "$HBA_FILE has no usable '$HBA_LINE' line"

if cluster_exists; then
  if ! streaming; then
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start >&2 2>/dev/null || true
  fi
  if wait_streaming; then
    log "cluster $VERSION/$CLUSTER already streams from $HOST:$PRIMARY_PORT"
    echo "postgres://postgres@$HOST:$PORT/$DATABASE"
    exit 0
  fi
  log "cluster $VERSION/$CLUSTER exists but does not stream from this primary: rebuilding it"
  drop_replica
fi

pg_isready -h "$HOST" -p "$PORT" -q 2>/dev/null && die "port $PORT is taken by a server that is not cluster $VERSION/$CLUSTER"

log "creating cluster $VERSION/$CLUSTER on port $PORT"
pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" >/dev/null
CONF_DIR="/etc/postgresql/$VERSION/$CLUSTER"
DATA_DIR="$(awk -F"'" '/^data_directory/ {print $2}' "$CONF_DIR/postgresql.conf")"
[ -n "$DATA_DIR" ] && [ -d "$DATA_DIR" ] || die "no data directory found in $CONF_DIR/postgresql.conf"

# A hot standby refuses to start with fewer connections, workers, senders or locks than
# its primary, so these follow the primary. Feedback keeps the primary from removing
# rows a running replica query still reads (else such queries are cancelled).
cat >"$CONF_DIR/conf.d/90-replica.conf" <<EOF
listen_addresses = '$HOST'
port = $PORT
hot_standby = on
hot_standby_feedback = on
max_connections = $(primary 'SHOW max_connections')
max_worker_processes = $(primary 'SHOW max_worker_processes')
max_wal_senders = $SENDERS
max_prepared_transactions = $(primary 'SHOW max_prepared_transactions')
max_locks_per_transaction = $(primary 'SHOW max_locks_per_transaction')
shared_buffers = '$(primary 'SHOW shared_buffers')'
EOF

# Readers connect to the replica as they do to the primary: the same client rules.
install -o postgres -g postgres -m 640 "$HBA_FILE" "$CONF_DIR/pg_hba.conf"

log "copying the primary with pg_basebackup into $DATA_DIR"
find "$DATA_DIR" -mindepth 1 -delete
# -R writes standby.signal and primary_conninfo; -X stream copies the WAL written meanwhile.
as_postgres pg_basebackup -h "$HOST" -p "$PRIMARY_PORT" -U postgres -D "$DATA_DIR" -R -X stream -c fast
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start
wait_streaming || die "cluster $VERSION/$CLUSTER started but is not streaming; see /var/log/postgresql/postgresql-$VERSION-$CLUSTER.log"
log "cluster $VERSION/$CLUSTER streams from $HOST:$PRIMARY_PORT"
echo "postgres://postgres@$HOST:$PORT/$DATABASE"
