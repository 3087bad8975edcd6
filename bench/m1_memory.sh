#!/usr/bin/env bash
# M1: resident memory of ONE gunicorn worker after it has served B1 (intake POSTs), B2 (lookups),
# B3 (the officer's queue) and B4 (the period report API for the whole province), 10 s each.
# Usage: bench/m1_memory.sh [seconds per part]   (after bench/generate.sh)
source "$(dirname "$0")/common.sh"
SECS="${1:-10}"
WORKERS=1
eval "$(cd "$ROOT" && "$PY" bench/b1_prepare.py)"
B3="$(cd "$ROOT" && "$PY" bench/b3_prepare.py)"
B3_TOKEN="$(echo "$B3" | sed -n 's/^TOKEN=//p' | tr -d "'\"")"
LEADER_TOKEN="$(cd "$ROOT" && "$PY" manage.py shell -c "
from rest_framework.authtoken.models import Token
from motcua.org.models import User
print(Token.objects.get_or_create(user=User.objects.get(username='lanhdao.tinh'))[0].key)" | tail -1)"
CODE="$(psql -h "$PGHOST_" -U postgres -Atc "select code from dossiers_dossier where state='processing' order by id desc limit 1" "$BENCH_DB")"
export B1_TARGETS="$RESULTS/b1_targets.tsv" B1_REST="$RESULTS/b1_pdf_rest.b64" BENCH_DIR B1_RUN="$(date +%s)"
export MOTCUA_LOOKUP_PER_MINUTE=100000000 MOTCUA_LOOKUP_PER_DAY=1000000000
server_start
BASE="http://127.0.0.1:$PORT"
WORKER_PID="$(pgrep -P "$(pgrep -f "gunicorn config.wsgi -w 1 -b 127.0.0.1:$PORT" | head -1)" | head -1)"
rss() { echo "$(( $(ps -o rss= -p "$WORKER_PID") / 1024 )) MB"; }
echo "worker $WORKER_PID after start: $(rss)"
WRK_SCRIPT="$BENCH_DIR/wrk/b1_post.lua" wrk_run m1_b1 4 "$SECS" "$BASE/api/v1/dossiers/"; echo "  after B1: $(rss)"
wrk_run m1_b2 4 "$SECS" "$BASE/tra-cuu/?ma=$CODE"; echo "  after B2: $(rss)"
wrk_run m1_b3 4 "$SECS" "$BASE/api/v1/dossiers/?queue=appraise&page_size=25" -H "Authorization: Token $B3_TOKEN"
echo "  after B3: $(rss)"
wrk_run m1_b4 2 "$SECS" "$BASE/api/v1/reports/period/?ky=month&nam=2026&thang=11&nhom=agency" \
  -H "Authorization: Token $LEADER_TOKEN"
echo "  after B4: $(rss)"
server_stop
