#!/usr/bin/env bash
# A city deployment on one machine: a private PostgreSQL (fsync on) and a
# streaming replica of it, three app servers on 127.0.0.1:3101-3103 (metrics
# on 127.0.0.1:9101-9103; dashboards read from the replica) and Debian's
# nginx on 127.0.0.1:3100 as the load balancer (deploy/nginx.conf).
#
#   scripts/cluster.sh start       start everything; prints the facts
#   scripts/cluster.sh stop        stop everything and remove the database
#   scripts/cluster.sh status      which parts answer
#   scripts/cluster.sh kill N      kill -9 app server N (1-3)
#   scripts/cluster.sh restart N   start app server N again
#
# CLUSTER_BIN chooses the server binary (default: target/release/beilei if
# built, else target/debug/beilei); CLUSTER_DIR its working directory
# (default target/cluster). Other BEILEI_* variables reach every server
# (e.g. BEILEI_TEST_CLOCK=true). The facts for scripts and tests are in
# $CLUSTER_DIR/cluster.env.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=${CLUSTER_DIR:-$ROOT/target/cluster}
PORTS=(3101 3102 3103)
METRICS=(9101 9102 9103)
FRONT=3100

say() { printf '\033[1m[cluster]\033[0m %s\n' "$*" >&2; }

binary() {
  if [ -n "${CLUSTER_BIN:-}" ]; then echo "$CLUSTER_BIN"
  elif [ -x target/release/beilei ]; then echo "$ROOT/target/release/beilei"
  else echo "$ROOT/target/debug/beilei"; fi
}

wait_healthy() { # url pid-file
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null "$1/healthz" 2>/dev/null && return 0
    if [ -n "${2:-}" ] && ! kill -0 "$(cat "$2")" 2>/dev/null; then return 1; fi
    sleep 0.2
  done
  return 1
}

start_server() { # N (1-based)
  local n=$1 i=$(($1 - 1))
  # shellcheck disable=SC1091
  source "$DIR/cluster.env"
  DATABASE_URL="$DATABASE_URL" BEILEI_DATABASE_READ_URL="$DATABASE_READ_URL" LEPTOS_SITE_ADDR="127.0.0.1:${PORTS[$i]}" \
    BEILEI_METRICS_ADDR="127.0.0.1:${METRICS[$i]}" BEILEI_TRUST_FORWARDED_FOR=true BEILEI_PUBLIC_URL="http://127.0.0.1:$FRONT" \
    BEILEI_BID_KEY="$BID_KEY" \
    nohup "$(binary)" serve >>"$DIR/server-$n.log" 2>&1 &
  echo $! >"$DIR/server-$n.pid"
}

start() {
  command -v nginx >/dev/null || { say "nginx is missing (scripts/tools.sh test installs it)"; exit 1; }
  [ -x "$(binary)" ] || { say "no server binary at $(binary): cargo leptos build (or --release) first"; exit 1; }
  if [ -f "$DIR/cluster.env" ]; then say "already started ($DIR); stop it first"; exit 1; fi
  mkdir -p "$DIR/nginx/logs" "$DIR/nginx/tmp"
  chmod 1777 "$DIR/nginx/tmp"
  local pg_dir pg_url replica_dir replica_url
  # Written as each part starts, so that stop finds whatever did.
  pg_dir=$(mktemp -d /tmp/beilei-cluster-pg.XXXXXX)
  echo "PG_DIR=$pg_dir" >"$DIR/cluster.env"
  pg_url=$(PG_DURABLE=1 PG_DIR="$pg_dir" scripts/postgres.sh start) || { stop; exit 1; }
  "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)/psql" "$pg_url/postgres" -qAtc 'CREATE DATABASE beilei'
  replica_dir=$(mktemp -d /tmp/beilei-cluster-replica.XXXXXX)
  echo "REPLICA_DIR=$replica_dir" >>"$DIR/cluster.env"
  replica_url=$(PG_DIR="$replica_dir" scripts/postgres.sh replica "$pg_url") || { stop; exit 1; }
  {
    echo "DATABASE_URL=$pg_url/beilei"
    echo "DATABASE_READ_URL=$replica_url/beilei"
    echo "FRONT_URL=http://127.0.0.1:$FRONT"
    echo "SERVER_URLS=\"$(printf 'http://127.0.0.1:%s ' "${PORTS[@]}" | sed 's/ $//')\""
    echo "METRICS_URLS=\"$(printf 'http://127.0.0.1:%s/metrics ' "${METRICS[@]}" | sed 's/ $//')\""
    # One bid key for every server: any of them may open a tender's bids.
    echo "BID_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  } >>"$DIR/cluster.env"
  # All three at once: one migrates the empty database, the others wait for it.
  for n in 1 2 3; do start_server "$n"; done
  for n in 1 2 3; do
    wait_healthy "http://127.0.0.1:${PORTS[$((n - 1))]}" "$DIR/server-$n.pid" \
      || { say "server $n did not start:"; tail -n 30 "$DIR/server-$n.log" >&2; stop; exit 1; }
  done
  nginx -p "$DIR/nginx/" -c "$ROOT/deploy/nginx.conf"
  wait_healthy "http://127.0.0.1:$FRONT" || { say "nginx did not start:"; cat "$DIR/nginx/logs/error.log" >&2; stop; exit 1; }
  say "running: nginx http://127.0.0.1:$FRONT -> ${PORTS[*]}; PostgreSQL $pg_url/beilei, replica $replica_url; logs in $DIR"
  cat "$DIR/cluster.env"
}

stop() {
  [ -f "$DIR/nginx/nginx.pid" ] && nginx -p "$DIR/nginx/" -c "$ROOT/deploy/nginx.conf" -s stop 2>/dev/null || true
  for n in 1 2 3; do
    [ -f "$DIR/server-$n.pid" ] && kill "$(cat "$DIR/server-$n.pid")" 2>/dev/null || true
  done
  for n in 1 2 3; do
    local pid
    pid=$(cat "$DIR/server-$n.pid" 2>/dev/null || true)
    for _ in $(seq 1 50); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$DIR/server-$n.pid"
  done
  if [ -f "$DIR/cluster.env" ]; then
    # shellcheck disable=SC1091
    source "$DIR/cluster.env"
    if [ -n "${REPLICA_DIR:-}" ]; then scripts/postgres.sh stop "$REPLICA_DIR"; fi
    if [ -n "${PG_DIR:-}" ]; then scripts/postgres.sh stop "$PG_DIR"; fi
    rm -f "$DIR/cluster.env"
  fi
}

status() {
  for n in 1 2 3; do
    local url="http://127.0.0.1:${PORTS[$((n - 1))]}/healthz"
    printf 'server %s (%s): %s\n' "$n" "${PORTS[$((n - 1))]}" "$(curl -fsS "$url" 2>/dev/null || echo down)"
  done
  printf 'nginx (%s): %s\n' "$FRONT" "$(curl -fsS "http://127.0.0.1:$FRONT/healthz" 2>/dev/null || echo down)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  kill)
    [[ "${2:-}" =~ ^[123]$ ]] || { echo "usage: $0 kill 1|2|3" >&2; exit 2; }
    kill -9 "$(cat "$DIR/server-$2.pid")"
    ;;
  restart)
    [[ "${2:-}" =~ ^[123]$ ]] || { echo "usage: $0 restart 1|2|3" >&2; exit 2; }
    start_server "$2"
    wait_healthy "http://127.0.0.1:${PORTS[$(($2 - 1))]}" "$DIR/server-$2.pid" \
      || { say "server $2 did not start:"; tail -n 30 "$DIR/server-$2.log" >&2; exit 1; }
    ;;
  *) echo "usage: $0 start|stop|status|kill N|restart N" >&2; exit 2 ;;
esac
