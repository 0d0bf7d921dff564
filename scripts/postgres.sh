#!/usr/bin/env bash
# Prints the URL of a PostgreSQL server for tests (no database name), starting
# a private throw-away cluster when none listens on 127.0.0.1:5432.
#   scripts/postgres.sh start   -> prints postgres://postgres@127.0.0.1:PORT
#   scripts/postgres.sh stop DIR
#   scripts/postgres.sh replica URL  -> a streaming replica of the server at
#       URL (one started here), read-only; prints its URL (stop it with stop DIR)
# PG_DURABLE=1 keeps fsync on and always starts a private cluster (for
# benchmarks and the app-server cluster, whose figures must be durable);
# PG_DIR chooses its directory (default: a new one under /tmp).
set -euo pipefail
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -n "$PG_BIN" ] || { echo "PostgreSQL is not installed (scripts/tools.sh test installs it)" >&2; exit 1; }

case "${1:-start}" in
start)
  if [ -z "${PG_DURABLE:-}" ] && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p 5432 -U postgres 2>/dev/null \
     && "$PG_BIN/psql" -h 127.0.0.1 -p 5432 -U postgres -Atc 'select 1' >/dev/null 2>&1; then
    echo "postgres://postgres@127.0.0.1:5432"
    exit 0
  fi
  port=5433
  while "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; do port=$((port + 1)); done
  dir=${PG_DIR:-$(mktemp -d /tmp/beilei-pg.XXXXXX)}
  mkdir -p "$dir/data" "$dir/sock"
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$dir"
    as_pg=(runuser -u postgres --)
  fi
  chmod 700 "$dir/data"
  fsync="-c fsync=off"
  [ -n "${PG_DURABLE:-}" ] && fsync="-c shared_buffers=256MB"
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock $fsync -c max_connections=200" >/dev/null \
    || { cat "$dir/pg.log" >&2; exit 1; }
  [ -n "${PG_DIR:-}" ] || echo "$dir" > /tmp/beilei-pg.last
  echo "postgres://postgres@127.0.0.1:$port"
  ;;
replica)
  primary=${2:?usage: $0 replica postgres://postgres@127.0.0.1:PORT}
  primary_port=${primary##*:}
  port=$((primary_port + 1))
  while "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; do port=$((port + 1)); done
  dir=${PG_DIR:-$(mktemp -d /tmp/beilei-pg-replica.XXXXXX)}
  mkdir -p "$dir/sock"
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$dir"
    as_pg=(runuser -u postgres --)
  fi
  # A copy of the primary that follows its write-ahead log (-R writes the
  # standby settings); trust authentication allows replication from 127.0.0.1.
  "${as_pg[@]}" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir/data" -R -X stream -c fast >"$dir/basebackup.log" 2>&1 \
    || { cat "$dir/basebackup.log" >&2; exit 1; }
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c max_connections=200 -c hot_standby=on" >/dev/null \
    || { cat "$dir/pg.log" >&2; exit 1; }
  echo "postgres://postgres@127.0.0.1:$port"
  ;;
stop)
  dir=${2:-$(cat /tmp/beilei-pg.last 2>/dev/null || true)}
  [ -n "$dir" ] && [ -d "$dir/data" ] || exit 0
  as_pg=()
  [ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
esac
