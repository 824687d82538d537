#!/usr/bin/env bash
# Installs (where missing), starts and stops the real servers the integration tests use:
# PostgreSQL and Redis, on loopback only, with data in a throwaway directory; and installs
# Debian's Chromium for the report rendering test.
#   .ci/services.sh start   -> prints `export ...` lines for OPENMDR_TEST_PG_URL / OPENMDR_TEST_REDIS_URL / OPENMDR_TEST_CHROMIUM
#   .ci/services.sh stop
set -euo pipefail

STATE_DIR="${OPENMDR_SERVICES_DIR:-/tmp/openmdr-ci-services}"
PG_PORT="${OPENMDR_PG_PORT:-54329}"
REDIS_PORT="${OPENMDR_REDIS_PORT:-63799}"

need_install=()
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/postgres" ] || need_install+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need_install+=(redis-server)
[ -x /usr/bin/chromium ] || need_install+=(chromium)

start() {
  if [ "${#need_install[@]}" -gt 0 ]; then
    echo "installing ${need_install[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${need_install[@]}" >&2
  fi
  local bin; bin="$(pg_bin)"
  rm -rf "$STATE_DIR"; mkdir -p "$STATE_DIR/pg" "$STATE_DIR/redis"
  local run_as=()
  if [ "$(id -u)" = "0" ]; then
    chown -R postgres:postgres "$STATE_DIR/pg"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$bin/initdb" -D "$STATE_DIR/pg/data" -U postgres --auth=trust -E UTF8 >/dev/null
  "${run_as[@]}" "$bin/pg_ctl" -D "$STATE_DIR/pg/data" -l "$STATE_DIR/pg/log" -w \
    -o "-p $PG_PORT -k $STATE_DIR/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2
  "${run_as[@]}" "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc 'CREATE DATABASE openmdr_test' >&2
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --dir "$STATE_DIR/redis" --pidfile "$STATE_DIR/redis/redis.pid" \
    --logfile "$STATE_DIR/redis/log" >&2
  for _ in $(seq 1 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "export OPENMDR_TEST_PG_URL=postgres://postgres@127.0.0.1:$PG_PORT/openmdr_test"
  echo "export OPENMDR_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
  echo "export OPENMDR_TEST_CHROMIUM=/usr/bin/chromium"
}

stop() {
  local bin; bin="$(pg_bin)"
  if [ -d "$STATE_DIR/pg/data" ]; then
    if [ "$(id -u)" = "0" ]; then
      runuser -u postgres -- "$bin/pg_ctl" -D "$STATE_DIR/pg/data" -m fast stop >&2 || true
    else
      "$bin/pg_ctl" -D "$STATE_DIR/pg/data" -m fast stop >&2 || true
    fi
  fi
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$STATE_DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
