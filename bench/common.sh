# Shared by the bench scripts: the benchmark database, the app server, wrk. Source it, don't run it.
# Everything runs on 127.0.0.1 only; every load run is bounded in time.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
PY="$ROOT/.venv/bin/python"
BENCH_DB="${BENCH_DB:-motcua_bench}"
PGHOST_="${PGHOST_:-127.0.0.1}"
PORT="${PORT:-8765}"
WORKERS="${WORKERS:-2}"
RESULTS="${RESULTS:-$BENCH_DIR/results}"
mkdir -p "$RESULTS"

# Production settings, with what they read from the environment set for a local, plain-HTTP run.
export DJANGO_SETTINGS_MODULE=config.settings.production
export DATABASE_URL="postgres://postgres@$PGHOST_:5432/$BENCH_DB"
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-bench-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz}"
export SECURE_SSL_REDIRECT=false
export LOG_LEVEL="${LOG_LEVEL:-WARNING}"
export MEDIA_ROOT="${MEDIA_ROOT:-/tmp/motcua-bench-media}"
export MOTCUA_PUBLIC_BASE_URL="http://127.0.0.1:$PORT"

manage() { (cd "$ROOT" && "$PY" manage.py "$@"); }

server_start() {  # gunicorn with $WORKERS sync workers on 127.0.0.1:$PORT; waits until it answers
  (cd "$ROOT" && exec "$ROOT/.venv/bin/gunicorn" config.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" \
      --access-logfile /dev/null --error-logfile "$RESULTS/gunicorn.log" --timeout 60) &
  SERVER_PID=$!
  trap server_stop EXIT
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/api/" && return 0
    sleep 0.2
  done
  echo "gunicorn did not start; see $RESULTS/gunicorn.log" >&2
  return 1
}

server_stop() {
  if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

# wrk_run NAME CONNECTIONS SECONDS URL [wrk args…]: one bounded run; prints and saves the summary line.
# WRK_SCRIPT replaces the plain GET script (it must print the RESULT line too, e.g. by loading report.lua).
wrk_run() {
  local name=$1 conns=$2 secs=$3 url=$4
  shift 4
  local threads=$(( conns < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s -s "${WRK_SCRIPT:-$BENCH_DIR/wrk/report.lua}" "$@" "$url" \
    > "$RESULTS/$name.txt" 2>&1 || true
  echo "$name: $(grep '^RESULT' "$RESULTS/$name.txt" | sed 's/^RESULT //')"
}
