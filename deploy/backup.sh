#!/usr/bin/env bash
# Back up the database and the files: deploy/backup.sh [BACKUP_DIR]   (default /var/backups/motcua)
# Reads the same environment as the app (DATABASE_URL; MOTCUA_S3_* or MEDIA_ROOT). Writes
#   motcua-YYYYmmdd-HHMMSS.dump       pg_dump custom format (restore with deploy/restore.sh)
#   files-YYYYmmdd-HHMMSS.tar.gz      every uploaded or generated file (from the bucket or MEDIA_ROOT)
# and deletes backups older than BACKUP_KEEP_DAYS (default 30). Run it nightly (systemd timer or cron),
# then copy the directory off the machine.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="${1:-${BACKUP_DIR:-/var/backups/motcua}}"
STAMP="$(date +%Y%m%d-%H%M%S)"
mkdir -p "$DEST"
pg_dump --format=custom --no-owner --file "$DEST/motcua-$STAMP.dump" "${DATABASE_URL:?set DATABASE_URL}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/files"
if [ -n "${MOTCUA_S3_BUCKET:-}" ]; then
  "$ROOT/.venv/bin/python" "$ROOT/deploy/s3_files.py" download "$WORK/files"
else
  [ -d "${MEDIA_ROOT:-$ROOT/var/media}" ] && cp -a "${MEDIA_ROOT:-$ROOT/var/media}/." "$WORK/files/"
fi
tar -C "$WORK/files" -czf "$DEST/files-$STAMP.tar.gz" .
find "$DEST" \( -name 'motcua-*.dump' -o -name 'files-*.tar.gz' \) -mtime +"${BACKUP_KEEP_DAYS:-30}" -delete
echo "backup: $DEST/motcua-$STAMP.dump $(du -h "$DEST/motcua-$STAMP.dump" | cut -f1), $DEST/files-$STAMP.tar.gz $(du -h "$DEST/files-$STAMP.tar.gz" | cut -f1)"
