#!/usr/bin/env bash
# B2: public status lookup by code, GET /tra-cuu/?ma=<code> (the page the receipt's QR opens), on the
# generated data set, against the trivial view /healthz (and the empty lookup page, template only) in the
# same run.
# Usage: bench/run_b2.sh [seconds per run, default 20]    (SCALING=1 adds the lookup with 1, 2, 4 workers)
# Server: gunicorn config.wsgi, $WORKERS (2) workers on 127.0.0.1:8011, settings config.settings.local
# (B2_SETTINGS overrides; local has DEBUG on), database $BENCH_DB (default motcua_bench), the cache in
# Redis $REDIS_URL (default redis://127.0.0.1:6379/5) as in production, so the limit counters are
# real Redis round trips. wrk comes from one IP: the per-IP limits are raised for the run through
# MOTCUA_LOOKUP_PER_MINUTE / MOTCUA_LOOKUP_PER_DAY (read by config/settings/base.py). Load generator,
# server, PostgreSQL and Redis share the machine's cores.
PORT="${PORT:-8011}"
source "$(dirname "$0")/common.sh"
SECS="${1:-20}"
if ! psql -h "$PGHOST_" -U postgres -Atc "select 1" "$BENCH_DB" >/dev/null 2>&1; then
  echo "No database $BENCH_DB: run bench/generate.sh 1000000 first (or set BENCH_DB)." >&2
  exit 1
fi
export DJANGO_SETTINGS_MODULE="${B2_SETTINGS:-config.settings.local}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/5}"
export MOTCUA_LOOKUP_PER_MINUTE=100000000 MOTCUA_LOOKUP_PER_DAY=1000000000
export RESULTS
echo "B2 on $BENCH_DB: $(psql -h "$PGHOST_" -U postgres -Atc 'select count(*) from dossiers_dossier' "$BENCH_DB") dossiers," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $WORKERS gunicorn workers, $DJANGO_SETTINGS_MODULE"
eval "$(cd "$ROOT" && "$PY" bench/b2_prepare.py)"
echo "code $CODE: $QUERIES query per lookup; raw SQL (EXPLAIN ANALYZE, planning + execution, median of 15): ${SQL_MS} ms"
BASE="http://127.0.0.1:$PORT"
LOOKUP="$BASE/tra-cuu/?ma=$CODE"

run_pair() {  # TAG: warm both workers, then the trivial view, the empty lookup page and the lookup, 16 connections
  wrk -t1 -c2 -d2s "$BASE/healthz" > /dev/null
  wrk -t1 -c2 -d2s "$LOOKUP" > /dev/null
  wrk_run "b2_trivial_c16_$1" 16 "$SECS" "$BASE/healthz"
  wrk_run "b2_form_c16_$1" 16 "$((SECS / 2))" "$BASE/tra-cuu/"  # the page without a code: template only
  wrk_run "b2_lookup_c16_$1" 16 "$SECS" "$LOOKUP"
}

server_start
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$LOOKUP")" != 200 ]; then
  echo "the lookup does not answer 200; see $RESULTS/gunicorn.log" >&2
  exit 1
fi
run_pair "w$WORKERS"
wrk_run "b2_lookup_c1_w$WORKERS" 1 "$((SECS / 2))" "$LOOKUP"
server_stop
if [ "${SCALING:-0}" = 1 ]; then
  for WORKERS in 1 4; do
    server_start
    wrk -t1 -c2 -d2s "$LOOKUP" > /dev/null
    wrk_run "b2_lookup_c16_w$WORKERS" 16 "$SECS" "$LOOKUP"
    server_stop
  done
fi
