#!/usr/bin/env bash
# The benchmark data set: bench/generate.sh COUNT [SEED]   (e.g. bench/generate.sh 1000000)
# Creates $BENCH_DB (default motcua_bench) with the demo province and the national catalogue if it is
# missing (or when FRESH=1: drops it first), then adds COUNT dossiers with `manage.py generate_dossiers`.
# UNTIL=YYYY-MM-DD fixes the end of the data set (default today); same seed + count + until = same data.
source "$(dirname "$0")/common.sh"
COUNT="${1:?usage: bench/generate.sh COUNT [SEED]}"
SEED="${2:-1}"
if [ "${FRESH:-0}" = 1 ]; then
  dropdb -h "$PGHOST_" -U postgres --if-exists "$BENCH_DB"
fi
if ! psql -h "$PGHOST_" -U postgres -Atc "select 1" "$BENCH_DB" >/dev/null 2>&1; then
  createdb -h "$PGHOST_" -U postgres "$BENCH_DB"
fi
manage migrate --noinput -v0
if [ "$(psql -h "$PGHOST_" -U postgres -Atc "select count(*) from org_agency" "$BENCH_DB")" = 0 ]; then
  manage seed_demo
fi
manage generate_dossiers --count "$COUNT" --seed "$SEED" ${UNTIL:+--until "$UNTIL"}
