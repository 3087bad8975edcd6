#!/usr/bin/env bash
# B4 at 10 M: the report reads only `reports_dossierfact`, so the 10 M case is the 1 M data set's facts
# replicated ten times (dossier ids offset by k × 10^8, dates unchanged: a province ten times busier over
# the same two years) in a schema of its own, `b10m`, of $BENCH_DB. Then b4_report.py runs with
# search_path = b10m, public (every other table is the 1 M one, and the report does not read them).
# Usage: bench/b4_10m.sh   (after bench/generate.sh 1000000; REBUILD=1 recreates the schema)
source "$(dirname "$0")/common.sh"
psql_() { psql -h "$PGHOST_" -U postgres -v ON_ERROR_STOP=1 -q "$BENCH_DB" "$@"; }
if [ "${REBUILD:-0}" = 1 ] || ! psql_ -Atc "select 1 from pg_namespace where nspname='b10m'" | grep -q 1; then
  start=$(date +%s)
  psql_ <<'SQL'
DROP SCHEMA IF EXISTS b10m CASCADE;
CREATE SCHEMA b10m;
CREATE TABLE b10m.reports_dossierfact (LIKE public.reports_dossierfact INCLUDING DEFAULTS);
INSERT INTO b10m.reports_dossierfact (dossier_id, competent_agency_id, receiving_agency_id, desk_id, procedure_id,
       field_id, officer_id, channel, return_method, received_on, due_on, due_before_sup, sup_from, sup_to,
       end_kind, ended_on, timeliness, outcome, returned_on, last_on)
SELECT f.dossier_id + k * 100000000, f.competent_agency_id, f.receiving_agency_id, f.desk_id, f.procedure_id,
       f.field_id, f.officer_id, f.channel, f.return_method, f.received_on, f.due_on, f.due_before_sup,
       f.sup_from, f.sup_to, f.end_kind, f.ended_on, f.timeliness, f.outcome, f.returned_on, f.last_on
FROM public.reports_dossierfact f CROSS JOIN generate_series(0, 9) AS k;
ALTER TABLE b10m.reports_dossierfact ADD PRIMARY KEY (dossier_id);
CREATE INDEX ON b10m.reports_dossierfact (last_on, received_on);
CREATE INDEX ON b10m.reports_dossierfact (received_on) WHERE last_on IS NULL;
CREATE INDEX ON b10m.reports_dossierfact (competent_agency_id, last_on);
VACUUM ANALYZE b10m.reports_dossierfact;
SQL
  echo "b10m facts built in $(( $(date +%s) - start )) s"
fi
psql_ -Atc "select count(*) from b10m.reports_dossierfact"
export DATABASE_URL="postgres://postgres@$PGHOST_:5432/$BENCH_DB?options=-c%20search_path%3Db10m%2Cpublic"
"$PY" "$BENCH_DIR/b4_report.py" --baseline-table b10m.reports_dossierfact --runs "${RUNS:-9}" ${TODAY:+--today "$TODAY"} | tee "$RESULTS/b4_10m.txt"
