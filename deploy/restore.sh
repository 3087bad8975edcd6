#!/usr/bin/env bash
# Restore a backup into an EMPTY database and the files store:
#   deploy/restore.sh BACKUP_DIR/motcua-STAMP.dump BACKUP_DIR/files-STAMP.tar.gz
# DATABASE_URL must point at an empty database (createdb it first); the files go to MOTCUA_S3_BUCKET
# (created if missing) or MEDIA_ROOT. Then `manage.py migrate` brings an older backup up to this code,
# and `manage.py reports_rebuild_facts` recomputes the report facts.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DUMP="${1:?usage: deploy/restore.sh DUMP FILES_TAR}"
FILES="${2:?usage: deploy/restore.sh DUMP FILES_TAR}"
tables="$(psql "${DATABASE_URL:?set DATABASE_URL}" -Atc "select count(*) from information_schema.tables where table_schema='public'")"
[ "$tables" = 0 ] || { echo "the database is not empty ($tables tables): restore into a new one" >&2; exit 1; }
pg_restore --no-owner --exit-on-error --dbname "$DATABASE_URL" "$DUMP"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
tar -C "$WORK" -xzf "$FILES"
if [ -n "${MOTCUA_S3_BUCKET:-}" ]; then
  "$ROOT/.venv/bin/python" "$ROOT/deploy/s3_files.py" upload "$WORK"
else
  mkdir -p "${MEDIA_ROOT:-$ROOT/var/media}" && cp -a "$WORK/." "${MEDIA_ROOT:-$ROOT/var/media}/"
fi
cd "$ROOT"
"$ROOT/.venv/bin/python" manage.py migrate --noinput
"$ROOT/.venv/bin/python" manage.py reports_rebuild_facts
echo "restored $DUMP and $FILES"
