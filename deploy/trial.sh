#!/usr/bin/env bash
# A one-machine trial of the production set-up: deploy/trial.sh up | down | status
#   PostgreSQL (database motcua_trial on 127.0.0.1:5432), Redis (127.0.0.1:6379, database $TRIAL_REDIS_DB, 11),
#   S3-compatible storage (moto_server on 127.0.0.1:$TRIAL_S3_PORT, bucket motcua-trial),
#   gunicorn with $TRIAL_WORKERS (2) workers on 127.0.0.1:$TRIAL_PORT (8100), a Celery worker and Celery beat,
#   all with config.settings.production (plain HTTP on the loopback). Pids and logs: var/trial/ ($TRIAL_DIR).
# `up` migrates, collects static files, seeds the demo, starts everything and waits for /readyz. The trial
# is disposable: its S3 endpoint (moto) keeps files in memory, so each fresh `up` recreates the database.
# `down` stops every process it started. Nothing listens beyond 127.0.0.1.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.venv/bin"
DIR="${TRIAL_DIR:-$ROOT/var/trial}"
PORT="${TRIAL_PORT:-8100}"
S3_PORT="${TRIAL_S3_PORT:-9100}"
DB="${TRIAL_DB:-motcua_trial}"
mkdir -p "$DIR"

env_file() {
  [ -f "$DIR/secret" ] || "$VENV/python" -c "import secrets; print(secrets.token_urlsafe(50))" > "$DIR/secret"
  [ -f "$DIR/metrics-token" ] || "$VENV/python" -c "import secrets; print(secrets.token_urlsafe(24))" > "$DIR/metrics-token"
  cat > "$DIR/env" <<ENV
DJANGO_SETTINGS_MODULE=config.settings.production
DJANGO_SECRET_KEY=$(cat "$DIR/secret")
DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
REDIS_URL=redis://127.0.0.1:6379/${TRIAL_REDIS_DB:-11}
ALLOWED_HOSTS=127.0.0.1,localhost
SECURE_SSL_REDIRECT=false
SESSION_COOKIE_SECURE=false
CSRF_COOKIE_SECURE=false
SECURE_HSTS_SECONDS=0
STATIC_ROOT=$DIR/static
MOTCUA_S3_BUCKET=motcua-trial
MOTCUA_S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
MOTCUA_S3_REGION=us-east-1
MOTCUA_S3_ACCESS_KEY=trial
MOTCUA_S3_SECRET_KEY=trial-secret
MOTCUA_PUBLIC_BASE_URL=http://127.0.0.1:$PORT
MOTCUA_METRICS_TOKEN=$(cat "$DIR/metrics-token")
EMAIL_HOST=${TRIAL_EMAIL_HOST:-}
EMAIL_PORT=${TRIAL_EMAIL_PORT:-25}
GUNICORN_BIND=127.0.0.1:$PORT
WEB_CONCURRENCY=${TRIAL_WORKERS:-2}
LOG_LEVEL=INFO
ENV
}

load_env() { set -a; . "$DIR/env"; set +a; }
alive() { [ -f "$DIR/$1.pid" ] && kill -0 "$(cat "$DIR/$1.pid")" 2>/dev/null; }

up() {
  pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL is not running on 127.0.0.1:5432" >&2; exit 1; }
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { echo "Redis is not running on 127.0.0.1:6379" >&2; exit 1; }
  env_file
  load_env
  psql -h 127.0.0.1 -U postgres -Atc "select 1 from pg_database where datname='$DB'" | grep -q 1 \
    || createdb -h 127.0.0.1 -U postgres "$DB"
  if ! alive s3; then
    # The trial's S3 endpoint keeps its objects in memory: a new one means a new trial, so the
    # database starts again too (the trial is disposable; production uses a real bucket).
    dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"
    createdb -h 127.0.0.1 -U postgres "$DB"
    "$VENV/moto_server" -H 127.0.0.1 -p "$S3_PORT" > "$DIR/s3.log" 2>&1 &
    echo $! > "$DIR/s3.pid"
    for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break; sleep 0.2; done
  fi
  "$VENV/python" - <<'PY'
import os, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["MOTCUA_S3_ENDPOINT_URL"], region_name="us-east-1",
                  aws_access_key_id="trial", aws_secret_access_key="trial-secret")
if os.environ["MOTCUA_S3_BUCKET"] not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
    s3.create_bucket(Bucket=os.environ["MOTCUA_S3_BUCKET"])
PY
  cd "$ROOT"
  "$VENV/python" manage.py migrate --noinput -v0
  "$VENV/python" manage.py collectstatic --noinput -v0
  if [ "$(psql -h 127.0.0.1 -U postgres -Atc 'select count(*) from org_agency' "$DB")" = 0 ]; then
    "$VENV/python" manage.py seed_demo > "$DIR/seed.log"
  fi
  alive gunicorn || "$VENV/gunicorn" -c config/gunicorn_conf.py config.wsgi --daemon --pid "$DIR/gunicorn.pid" \
      --access-logfile "$DIR/access.log" --error-logfile "$DIR/gunicorn.log"
  alive worker || "$VENV/celery" -A config worker --detach --loglevel INFO --concurrency 2 \
      --pidfile "$DIR/worker.pid" --logfile "$DIR/worker.log"
  alive beat || "$VENV/celery" -A config beat --detach --loglevel INFO \
      --pidfile "$DIR/beat.pid" --logfile "$DIR/beat.log" --schedule "$DIR/beat-schedule"
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ] && break
    sleep 0.3
  done
  curl -sf "http://127.0.0.1:$PORT/readyz" > /dev/null || { echo "not ready: see $DIR/*.log" >&2; exit 1; }
  echo "motcua trial: http://127.0.0.1:$PORT/  (staff: http://127.0.0.1:$PORT/can-bo/dang-nhap/)"
  echo "  demo accounts: password motcua@2026 (lanhdao.tinh, motcua.tinh, …: see $DIR/seed.log)"
  echo "  files: s3://motcua-trial at http://127.0.0.1:$S3_PORT · metrics: Authorization: Bearer $(cat "$DIR/metrics-token")"
  echo "  logs and pids: $DIR · stop with: make trial-down"
}

stop() {  # NAME: TERM, wait up to 15 s, then KILL
  local name=$1
  alive "$name" || { rm -f "$DIR/$name.pid"; return 0; }
  local pid
  pid="$(cat "$DIR/$name.pid")"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$DIR/$name.pid"
}

down() {
  for name in beat worker gunicorn s3; do stop "$name"; done
  echo "motcua trial stopped"
}

status() {
  for name in gunicorn worker beat s3; do
    if alive "$name"; then echo "$name: running (pid $(cat "$DIR/$name.pid"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: deploy/trial.sh up|down|status" >&2; exit 2 ;;
esac
