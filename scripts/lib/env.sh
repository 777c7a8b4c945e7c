# Shared settings for the local stack. Sourced by scripts/setup and scripts/stack.
# Every address can be overridden from the environment; the defaults mirror `supabase start`.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOCAL_DIR="${OPSBASE_LOCAL_DIR:-$ROOT/.local}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

export SUPABASE_DB_URL="${SUPABASE_DB_URL:-postgresql://postgres:postgres@127.0.0.1:54322/postgres}"
# A second, disposable cluster for tests: pg_cron lives in exactly one database per cluster
# (cron.database_name), so a test database inside the dev cluster could not run cron jobs.
export SUPABASE_TEST_DB_URL="${SUPABASE_TEST_DB_URL:-postgresql://postgres:postgres@127.0.0.1:54332/postgres}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:54379}"
export FUNCTIONS_URL="${FUNCTIONS_URL:-http://127.0.0.1:54321/functions/v1}"

# url_part URL host|port — tiny parser; URLs here are always scheme://[user[:pw]@]host:port[/...]
url_part() {
  local rest="${1#*://}"
  rest="${rest#*@}"
  rest="${rest%%/*}"
  case "$2" in
    host) echo "${rest%%:*}" ;;
    port) echo "${rest##*:}" ;;
  esac
}

is_loopback() { case "$1" in 127.*|localhost|::1) return 0 ;; *) return 1 ;; esac; }

# port_busy PORT — true when something listens on 127.0.0.1:PORT
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

log() { printf '[opsbase] %s\n' "$*" >&2; }
die() { printf '[opsbase] error: %s\n' "$*" >&2; exit 1; }

# Run a command as the cluster owner: PostgreSQL refuses to run as root.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Cluster data lives in .local/ unless the postgres user cannot reach it (e.g. a clone under /root).
pg_data_root() {
  mkdir -p "$LOCAL_DIR"
  if [ "$(id -u)" -ne 0 ] || runuser -u postgres -- test -x "$LOCAL_DIR" 2>/dev/null; then
    echo "$LOCAL_DIR/pg"
  else
    echo "/var/lib/opsbase/$(echo "$ROOT" | sha256sum | cut -c1-12)/pg"
  fi
}

# cluster_dir NAME PORT — data directory of the dev or test cluster. The port is part of the
# name, so pointing SUPABASE_DB_URL at another port makes a new cluster instead of moving this one.
cluster_dir() { echo "$(pg_data_root)/$1-$2"; }
redis_dir() { echo "$LOCAL_DIR/redis/$1"; }
RUN_DIR="$LOCAL_DIR/run"   # pid files of the gateway and relay started by npm start
