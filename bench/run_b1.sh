#!/usr/bin/env bash
# B1: counter intake through the API (3 components with PDF scans, code, due date, history, audit, outbox).
# Usage: bench/run_b1.sh [seconds per run, default 30]
# 1. sustained rate: wrk, 16 connections, closed loop, unique Idempotency-Key and scans per request;
# 2. latency at 100 dossiers/s: bench/b1_rate.py, open loop (latency from each request's due time);
# baseline: the trivial view's rate at the same concurrency; then today's codes are checked gap-free.
# SPREAD=1: requests go round-robin to 13 desks of 13 agencies (default: all to the provincial centre,
# so every intake waits for the same agency's code-sequence row). SCALING=1 adds the sustained run
# with 1, 2 and 4 gunicorn workers. Writes dossiers into $BENCH_DB (dated
# today). Load generator and server share the machine's cores.
source "$(dirname "$0")/common.sh"
SECS="${1:-30}"
echo "B1 on $BENCH_DB: $(psql -h "$PGHOST_" -U postgres -Atc 'select count(*) from dossiers_dossier' "$BENCH_DB") dossiers," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $WORKERS gunicorn workers"
eval "$(cd "$ROOT" && "$PY" bench/b1_prepare.py)"
echo "$PROCEDURE"
SPREAD_TAG="$([ "${SPREAD:-0}" = 1 ] && echo _spread || true)"
TAG="w${WORKERS}$SPREAD_TAG"
export B1_TARGETS="$RESULTS/b1_targets.tsv" B1_REST="$RESULTS/b1_pdf_rest.b64" BENCH_DIR
export B1_RUN="$(date +%s)"
server_start
BASE="http://127.0.0.1:$PORT"
wrk -t1 -c2 -d2s "$BASE/tra-cuu/" > /dev/null
wrk -t1 -c2 -d3s -s "$BENCH_DIR/wrk/b1_post.lua" "$BASE/api/v1/dossiers/" > /dev/null  # warm-up
wrk_run "b1_trivial_c16_$TAG" 16 "$SECS" "$BASE/tra-cuu/"
WRK_SCRIPT="$BENCH_DIR/wrk/b1_post.lua" wrk_run "b1_sustained_c16_$TAG" 16 "$SECS" "$BASE/api/v1/dossiers/"
RATE="${RATE:-100}"
(cd "$ROOT" && "$PY" bench/b1_rate.py --port "$PORT" --rate "$RATE" --seconds "$SECS") \
  | tee "$RESULTS/b1_rate${RATE}_$TAG.txt"
server_stop
(cd "$ROOT" && "$PY" bench/b1_verify.py $AGENCY_IDS)
if [ "${SCALING:-0}" = 1 ]; then  # sustained rate with 1, 2 and 4 app processes (performance.md "Scaling")
  for w in 1 2 4; do
    WORKERS=$w server_start
    wrk -t1 -c2 -d3s -s "$BENCH_DIR/wrk/b1_post.lua" "$BASE/api/v1/dossiers/" > /dev/null
    WRK_SCRIPT="$BENCH_DIR/wrk/b1_post.lua" wrk_run "b1_sustained_c16_w$w$SPREAD_TAG" 16 "$SECS" \
      "$BASE/api/v1/dossiers/"
    server_stop
  done
  (cd "$ROOT" && "$PY" bench/b1_verify.py $AGENCY_IDS)
fi
