#!/usr/bin/env bash
# Local PostgreSQL and Redis for development, tests and demos.
# Sourced by start.sh, test.sh and bench.sh. Provisions what is missing (Debian packages),
# creates a project-local PostgreSQL cluster and Redis instance on loopback under the data
# folder, and exports DATABASE_URL / REDIS_URL. When those are already set, nothing is started.
set -euo pipefail

HOTLINE_ROOT="${HOTLINE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
HOTLINE_DATA_DIR="${HOTLINE_DATA_DIR:-$HOTLINE_ROOT/.data}"
HOTLINE_PG_PORT="${HOTLINE_PG_PORT:-55432}"
HOTLINE_REDIS_PORT="${HOTLINE_REDIS_PORT:-56379}"

log() { echo "[services] $*" >&2; }

apt_install() {
  if [ "$(id -u)" != "0" ]; then
    log "missing packages: $* — install them (sudo apt-get install -y $*) or set DATABASE_URL/REDIS_URL"
    exit 1
  fi
  if [ -z "${HOTLINE_APT_UPDATED:-}" ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    HOTLINE_APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

# PostgreSQL refuses to run as root: use the packaged 'postgres' account then.
pg_run() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_data_dir() {
  local dir="$HOTLINE_DATA_DIR/pg"
  if [ "$(id -u)" = "0" ]; then
    mkdir -p "$HOTLINE_DATA_DIR"
    # The postgres account must reach the folder; a checkout under a private home may not allow it.
    if ! runuser -u postgres -- test -x "$HOTLINE_DATA_DIR"; then
      dir="/var/lib/hotline/$(echo -n "$HOTLINE_DATA_DIR" | sha1sum | cut -c1-12)/pg"
    fi
  fi
  echo "$dir"
}

ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then return 0; fi
  local bindir
  bindir=$(pg_bindir || true)
  if [ -z "$bindir" ]; then
    apt_install postgresql
    bindir=$(pg_bindir)
  fi
  if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  local data
  data=$(pg_data_dir)
  mkdir -p "$data"
  [ "$(id -u)" = "0" ] && chown postgres "$data" && chmod 700 "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    log "initdb $data"
    pg_run "$bindir/initdb" -D "$data" -U hotline -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $HOTLINE_PG_PORT
unix_socket_directories = '$data'
max_connections = 300
fsync = ${HOTLINE_PG_FSYNC:-on}
shared_buffers = 256MB
CONF
  fi
  if ! pg_run "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$HOTLINE_PG_PORT"
    pg_run "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start >/dev/null
  fi
  if ! pg_run "$bindir/psql" -h 127.0.0.1 -p "$HOTLINE_PG_PORT" -U hotline -d postgres -tAc \
    "select 1 from pg_database where datname='hotline'" | grep -q 1; then
    pg_run "$bindir/createdb" -h 127.0.0.1 -p "$HOTLINE_PG_PORT" -U hotline hotline
  fi
  export DATABASE_URL="postgres://hotline@127.0.0.1:$HOTLINE_PG_PORT/hotline"
}

ensure_redis() {
  if [ -n "${REDIS_URL:-}" ]; then return 0; fi
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  local dir="$HOTLINE_DATA_DIR/redis"
  mkdir -p "$dir"
  if ! redis-cli -h 127.0.0.1 -p "$HOTLINE_REDIS_PORT" ping >/dev/null 2>&1; then
    log "starting Redis on 127.0.0.1:$HOTLINE_REDIS_PORT"
    redis-server --bind 127.0.0.1 --port "$HOTLINE_REDIS_PORT" --dir "$dir" \
      --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
      --save "" --appendonly no >/dev/null
    for _ in $(seq 1 50); do
      redis-cli -h 127.0.0.1 -p "$HOTLINE_REDIS_PORT" ping >/dev/null 2>&1 && break
      sleep 0.1
    done
  fi
  export REDIS_URL="redis://127.0.0.1:$HOTLINE_REDIS_PORT"
}

ensure_node_modules() {
  if [ ! -d "$HOTLINE_ROOT/node_modules" ]; then
    log "npm ci"
    (cd "$HOTLINE_ROOT" && npm ci --no-audit --no-fund >/dev/null)
  fi
}

# What the test suite drives besides the servers: a headless browser for the desktop's browser
# tests (Debian's chromium, driven by playwright-core — never `playwright install`) and espeak-ng,
# the local speech synthesis the IVR uses when it is installed.
ensure_test_tools() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

ensure_services() {
  ensure_node_modules
  ensure_postgres
  ensure_redis
  # `npx hotline …` in another terminal reads this when DATABASE_URL is not set (bin/hotline.mjs).
  mkdir -p "$HOTLINE_DATA_DIR"
  printf 'DATABASE_URL=%s\nREDIS_URL=%s\n' "$DATABASE_URL" "$REDIS_URL" > "$HOTLINE_DATA_DIR/local.env"
}

stop_services() {
  local bindir data
  bindir=$(pg_bindir || true)
  data=$(pg_data_dir)
  if [ -n "$bindir" ] && [ -f "$data/PG_VERSION" ]; then
    pg_run "$bindir/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
  fi
  redis-cli -h 127.0.0.1 -p "$HOTLINE_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}
