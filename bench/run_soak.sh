#!/usr/bin/env bash
# S1 soak: mixed traffic at about half the measured capacity for a long run, on the loopback.
# Usage: bench/run_soak.sh [DURATION seconds, default 600]
#   INTAKE_RATE (20/s: half of B1's ~40/s), LOOKUP_RATE (400/s: half of B2's 824/s), LIST_RATE (5/s).
#   SPREAD=1: intakes round-robin to B1's 13 desks of 13 agencies (default: all at the provincial centre).
# Database $BENCH_DB (default motcua_soak): created, migrated and seeded with `seed_demo` when missing.
# Server: gunicorn -c config/gunicorn_conf.py (production: gthread, 4 threads) with WEB_CONCURRENCY=2
# workers on 127.0.0.1:$PORT (8766), config.settings.production, a private Redis (cache and broker) on a
# free port and one Celery worker delivering the notifications (dummy e-mail backend). MAX_REQUESTS=0
# (default) turns off gunicorn's worker recycling so a leak would show in the RSS (production recycles at
# 2000 requests). Writes bench/results/soak-YYYYmmdd-HHMM.txt: per kind p50/p95/p99, error rate, per-minute
# rates, the workers' RSS before / every minute / after, and the gap check of today's codes.
BENCH_DB="${BENCH_DB:-motcua_soak}"
PORT="${PORT:-8766}"
source "$(dirname "$0")/common.sh"
DURATION="${1:-${DURATION:-600}}"
OUT="$RESULTS/soak-$(date +%Y%m%d-%H%M).txt"
LOG="$RESULTS/soak-server.log"

if ! psql -h "$PGHOST_" -U postgres -Atc "select 1" "$BENCH_DB" >/dev/null 2>&1; then
  createdb -h "$PGHOST_" -U postgres "$BENCH_DB"
fi
manage migrate --noinput -v0
if [ "$(psql -h "$PGHOST_" -U postgres -Atc "select count(*) from org_agency" "$BENCH_DB")" = 0 ]; then
  echo "seeding $BENCH_DB (seed_demo)…"
  manage seed_demo > "$RESULTS/soak-seed.log" 2>&1
fi

REDIS_PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export MOTCUA_LOOKUP_PER_MINUTE=100000000 MOTCUA_LOOKUP_PER_DAY=1000000000  # one client IP (as B2)
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
export RESULTS
# Production serves the hashed static files of `collectstatic` (WhiteNoise manifest): collect them once.
export STATIC_ROOT="${STATIC_ROOT:-/tmp/motcua-soak-static}"
[ -f "$STATIC_ROOT/staticfiles.json" ] || manage collectstatic --noinput -v0

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --loglevel warning > "$LOG" 2>&1 &
PIDS+=($!)
eval "$(cd "$ROOT" && "$PY" bench/soak_prepare.py)"

(cd "$ROOT" && GUNICORN_BIND="127.0.0.1:$PORT" WEB_CONCURRENCY="$WORKERS" GUNICORN_MAX_REQUESTS="${MAX_REQUESTS:-0}" \
  GUNICORN_ACCESS_LOG=/dev/null GUNICORN_ERROR_LOG=- exec "$ROOT/.venv/bin/gunicorn" -c config/gunicorn_conf.py \
  config.wsgi) >> "$LOG" 2>&1 &
GUNICORN_PID=$!
PIDS+=("$GUNICORN_PID")
(cd "$ROOT" && exec "$ROOT/.venv/bin/celery" -A config worker -c 1 -l warning --without-gossip --without-mingle \
  --without-heartbeat) >> "$LOG" 2>&1 &
CELERY_PID=$!
PIDS+=("$CELERY_PID")
for _ in $(seq 1 150); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 0.2
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ] \
  || { echo "gunicorn is not ready; see $LOG" >&2; exit 1; }

{
  echo "S1 soak $(date -Iseconds), commit $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "database $BENCH_DB: $(psql -h "$PGHOST_" -U postgres -Atc 'select count(*) from dossiers_dossier' "$BENCH_DB") dossiers" \
       "($CODES codes to look up at start), procedure $PROCEDURE; $(nproc) cores shared with the load generator," \
       "PostgreSQL, Redis, Celery and whatever else runs on the machine; gunicorn $WORKERS gthread workers x 4" \
       "threads, max_requests ${MAX_REQUESTS:-0}, config.settings.production"
} | tee "$OUT"
# Warm both workers (imports, compiled lookup query) before the "before" memory sample.
for _ in $(seq 1 20); do curl -s -o /dev/null "http://127.0.0.1:$PORT/tra-cuu/?ma=x"; done

(cd "$ROOT" && "$PY" bench/soak_driver.py --port "$PORT" --seconds "$DURATION" --targets "$RESULTS/soak_targets.json" \
  --intake-rate "${INTAKE_RATE:-20}" --lookup-rate "${LOOKUP_RATE:-400}" --list-rate "${LIST_RATE:-5}" \
  --gunicorn-pid "$GUNICORN_PID" --watch-pid "celery=$CELERY_PID" --out "$OUT")
# Whole database (earlier runs included); a channel without configuration (national_portal) stays pending.
echo "outbox of $BENCH_DB after the run: $(psql -h "$PGHOST_" -U postgres -Atc \
  "select string_agg(channel || ' ' || status || ' ' || n, ', ') from (select channel, status, count(*) n
   from notifications_outboxmessage group by 1, 2 order by 1, 2) s" "$BENCH_DB")" | tee -a "$OUT"
echo "server errors logged: $(grep -c -E 'ERROR|Traceback' "$LOG" || true) (see $LOG)" | tee -a "$OUT"
cleanup
trap - EXIT
# shellcheck disable=SC2086 # one id per desk's agency
(cd "$ROOT" && "$PY" bench/b1_verify.py $AGENCY_ID) | tee -a "$OUT"
echo "written: $OUT"
