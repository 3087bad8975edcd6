#!/usr/bin/env bash
# B4: the period report on $BENCH_DB (in-process, then the API page through gunicorn).
source "$(dirname "$0")/common.sh"
RUNS="${RUNS:-15}"
"$PY" "$BENCH_DIR/b4_report.py" --runs "$RUNS" ${TODAY:+--today "$TODAY"} | tee "$RESULTS/b4.txt"
