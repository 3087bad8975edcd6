#!/usr/bin/env bash
# B6: 16 concurrent kiosks issue 10,000 queue tickets through the API (POST /api/v1/queue/desks/…/tickets/
# with a device token and a fresh Idempotency-Key each; bench/b6_kiosks.py, one process per kiosk), against gunicorn ($WORKERS sync workers) with
# production settings on PostgreSQL $BENCH_DB (default motcua_b6, created and migrated here); then
# b6_verify.py checks every group's numbers are exactly 1..N. Two runs: tickets spread over four groups,
# and all into one group (every issue queues on the same sequence row). Baseline: /healthz, same server.
# Then the same without HTTP (bench/b6_direct.py: 16 processes calling the service).
# Usage: bench/run_b6.sh [tickets, default 10000]
BENCH_DB="${BENCH_DB:-motcua_b6}"
PORT="${PORT:-8016}"
source "$(dirname "$0")/common.sh"
export LOG_LEVEL=ERROR
TICKETS="${1:-10000}"
CONNS=16
if ! psql -h "$PGHOST_" -U postgres -Atc "select 1" "$BENCH_DB" >/dev/null 2>&1; then
  createdb -h "$PGHOST_" -U postgres "$BENCH_DB"
fi
manage migrate --noinput -v0
echo "B6 on $BENCH_DB: $TICKETS tickets, $CONNS kiosks, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $WORKERS gunicorn workers"
server_start
wrk -t1 -c2 -d2s "http://127.0.0.1:$PORT/healthz" > /dev/null
wrk_run "b6_trivial_c16_w$WORKERS" 16 10 "http://127.0.0.1:$PORT/healthz"
for MODE in spread one; do
  eval "$(cd "$ROOT" && "$PY" bench/b6_prepare.py)"
  [ "$MODE" = one ] && QUEUE_GROUPS=A
  URL="http://127.0.0.1:$PORT/api/v1/queue/desks/$DESK/tickets/"
  echo "b6_issue_${MODE}_k${CONNS}_w$WORKERS: $("$PY" "$BENCH_DIR/b6_kiosks.py" "$URL" "$TOKEN" "$QUEUE_GROUPS" "$TICKETS" "$CONNS" | tee "$RESULTS/b6_issue_${MODE}.txt" | sed 's/^RESULT //')"
  (cd "$ROOT" && "$PY" bench/b6_verify.py) | tail -1
done
server_stop
for MODE in spread one; do  # the service alone, no HTTP: what the sequence row and PostgreSQL allow
  eval "$(cd "$ROOT" && "$PY" bench/b6_prepare.py)"
  [ "$MODE" = one ] && QUEUE_GROUPS=A
  echo "b6_direct_${MODE}_k${CONNS}: $("$PY" "$BENCH_DIR/b6_direct.py" "$DESK" "$QUEUE_GROUPS" "$TICKETS" "$CONNS" | sed 's/^RESULT //')"
  (cd "$ROOT" && "$PY" bench/b6_verify.py) | tail -1
done
