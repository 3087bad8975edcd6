#!/usr/bin/env bash
# B3: the officer's work queue ("appraise", 25 rows, permission-scoped) on the generated data set.
# Usage: bench/run_b3.sh [seconds per run, default 20]
# Needs: bench/generate.sh 1000000 first; wrk (apt-get install wrk). Server: gunicorn, production
# settings, $WORKERS workers on 127.0.0.1:$PORT. Load generator and server share the machine's cores.
source "$(dirname "$0")/common.sh"
SECS="${1:-20}"
echo "B3 on $BENCH_DB: $(psql -h "$PGHOST_" -U postgres -Atc 'select count(*) from dossiers_dossier' "$BENCH_DB") dossiers," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
eval "$(cd "$ROOT" && "$PY" bench/b3_prepare.py)"
echo "officer $OFFICER: $QUEUED active appraisal tasks; queries: API $API_QUERIES, staff page $PAGE_QUERIES"
echo "raw SQL (EXPLAIN ANALYZE, median of 15): API list ${SQL_MS} ms, staff page ${PAGE_SQL_MS} ms" \
     "(plans in $RESULTS/b3_*_sql.txt)"
server_start
BASE="http://127.0.0.1:$PORT"
API="$BASE/api/v1/dossiers/?queue=appraise&page_size=25"
PAGE="$BASE/can-bo/ho-so/?q=appraise"
FILTERED="$API&channel=online&overdue=false"
for url in "$BASE/tra-cuu/" "$API" "$PAGE"; do  # warm both workers
  wrk -t1 -c2 -d2s -H "Authorization: Token $TOKEN" -H "Cookie: sessionid=$SESSION" "$url" > /dev/null
done
for conns in 1 16; do
  wrk_run "b3_trivial_c$conns" "$conns" "$SECS" "$BASE/tra-cuu/"
  wrk_run "b3_api_c$conns" "$conns" "$SECS" "$API" -H "Authorization: Token $TOKEN"
  wrk_run "b3_api_filtered_c$conns" "$conns" "$SECS" "$FILTERED" -H "Authorization: Token $TOKEN"
  wrk_run "b3_page_c$conns" "$conns" "$SECS" "$PAGE" -H "Cookie: sessionid=$SESSION"
done
