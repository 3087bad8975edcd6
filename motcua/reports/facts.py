"""Keep `DossierFact` equal to the dossier: one upsert per transition, and a rebuild for backfills.

`fact_values` is the single definition of the facts in Python; `FACTS_SQL` is the same definition
for PostgreSQL bulk rebuilds (bench data sets of millions of rows). `tests/test_facts.py` checks the
two agree row by row.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from motcua.dossiers.choices import State
from motcua.dossiers.models import Dossier, SupplementRequest

from .models import DossierFact, EndKind

if TYPE_CHECKING:
    from collections.abc import Iterable

    from motcua.dossiers.models import HistoryEntry

END_KINDS = {
    State.DONE: EndKind.DONE,
    State.RETURNED: EndKind.DONE,
    State.WITHDRAWN: EndKind.WITHDRAWN,
    State.STOPPED: EndKind.STOPPED,
}


def local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def classification_due(dossier: Dossier) -> dt.date | None:
    """deadlines.md §6-7: the legal due date, or the apology's date when so configured (to confirm)."""
    if settings.MOTCUA.get("CLASSIFY_AGAINST_RESCHEDULED"):
        return dossier.due_date
    return dossier.legal_due_date or dossier.due_date


def fact_values(
    dossier: Dossier, *, procedure_id: int, field_id: int, supplement: SupplementRequest | None
) -> dict[str, Any]:
    """The fact row of an accepted dossier (its `received_at` is set)."""
    end_kind = END_KINDS.get(State(dossier.state), "")
    ended_on = local_date(dossier.finished_at) if end_kind else None
    returned_on = local_date(dossier.returned_at) if dossier.state == State.RETURNED else None
    due_on = classification_due(dossier)
    sup_from = local_date(supplement.issued_at) if supplement else None
    sup_to = local_date(supplement.completed_at) if supplement else None
    due_before_sup = None
    if sup_from is not None:
        # While waiting the due date has not moved yet; once completed it was recomputed, and the date
        # that stood before is the first one computed at acceptance (one supplement per dossier).
        due_before_sup = due_on if sup_to is None else (dossier.original_due_date or due_on)
    last_on: dt.date | None
    if returned_on is not None:
        last_on = returned_on
    elif end_kind in (EndKind.WITHDRAWN, EndKind.STOPPED):
        last_on = ended_on
    else:
        last_on = None
    assert dossier.received_at is not None
    return {
        "competent_agency_id": dossier.competent_agency_id,
        "receiving_agency_id": dossier.receiving_agency_id,
        "desk_id": dossier.desk_id,
        "procedure_id": procedure_id,
        "field_id": field_id,
        "officer_id": dossier.received_by_id,
        "channel": dossier.channel,
        "return_method": dossier.return_method,
        "received_on": local_date(dossier.received_at),
        "due_on": due_on,
        "due_before_sup": due_before_sup,
        "sup_from": sup_from,
        "sup_to": sup_to,
        "end_kind": end_kind,
        "ended_on": ended_on,
        "timeliness": dossier.timeliness if end_kind == EndKind.DONE else "",
        "outcome": dossier.outcome if end_kind == EndKind.DONE else "",
        "returned_on": returned_on,
        "last_on": last_on,
    }


def _supplement(dossier_id: int) -> SupplementRequest | None:
    return (
        SupplementRequest.objects.filter(dossier_id=dossier_id, stage="processing", issued_at__isnull=False)
        .order_by("-issued_at", "-id")
        .first()
    )


def fact_sync(dossier: Dossier) -> None:
    """Rewrite the dossier's fact (call inside the transition's transaction); drafts and dossiers never
    accepted have none."""
    if dossier.received_at is None:
        DossierFact.objects.filter(dossier_id=dossier.pk).delete()
        return
    procedure_id, field_id = _version_keys(dossier)
    values = fact_values(dossier, procedure_id=procedure_id, field_id=field_id, supplement=_supplement(dossier.pk))
    DossierFact.objects.update_or_create(dossier_id=dossier.pk, defaults=values)


def _version_keys(dossier: Dossier) -> tuple[int, int]:
    version = dossier._state.fields_cache.get("procedure_version")
    if version is not None:
        return version.procedure_id, version.field_id
    from motcua.catalog.models import ProcedureVersion

    keys = ProcedureVersion.objects.filter(pk=dossier.procedure_version_id).values_list("procedure_id", "field_id")
    return keys.get()


def fact_on_transition(dossier: Dossier, entry: HistoryEntry, actor: Any) -> None:
    """Transition hook (dossiers.services.hooks): every history row re-derives the fact."""
    fact_sync(dossier)


def facts_rebuild(dossier_ids: Iterable[int] | None = None, *, batch: int = 2000) -> int:
    """Recompute facts from the dossiers (all, or the given ones); returns the number written.

    On PostgreSQL a full rebuild is one INSERT … SELECT (`FACTS_SQL`); otherwise batches in Python.
    """
    if dossier_ids is None and connection.vendor == "postgresql":
        return facts_rebuild_sql()
    qs = Dossier.objects.filter(received_at__isnull=False).select_related("procedure_version").order_by("pk")
    if dossier_ids is not None:
        qs = qs.filter(pk__in=list(dossier_ids))
    written = 0
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last)[:batch])
        if not chunk:
            return written
        last = chunk[-1].pk
        sups: dict[int, SupplementRequest] = {}
        for sup in SupplementRequest.objects.filter(
            dossier_id__in=[d.pk for d in chunk], stage="processing", issued_at__isnull=False
        ).order_by("issued_at", "id"):
            sups[sup.dossier_id] = sup  # the last one wins, as in _supplement
        rows = [
            DossierFact(
                dossier_id=d.pk,
                **fact_values(
                    d,
                    procedure_id=d.procedure_version.procedure_id,
                    field_id=d.procedure_version.field_id,
                    supplement=sups.get(d.pk),
                ),
            )
            for d in chunk
        ]
        with transaction.atomic():
            DossierFact.objects.filter(dossier_id__in=[d.pk for d in chunk]).delete()
            DossierFact.objects.bulk_create(rows)
        written += len(rows)


# The same definition as fact_values, for PostgreSQL. Dates are local (Asia/Ho_Chi_Minh).
FACTS_SQL = """
INSERT INTO reports_dossierfact (
    dossier_id, competent_agency_id, receiving_agency_id, desk_id, procedure_id, field_id, officer_id,
    channel, return_method, received_on, due_on, due_before_sup, sup_from, sup_to, end_kind, ended_on,
    timeliness, outcome, returned_on, last_on)
SELECT f.*,
       CASE WHEN f.returned_on IS NOT NULL THEN f.returned_on
            WHEN f.end_kind IN ('withdrawn', 'stopped') THEN f.ended_on END
FROM (
  SELECT d.id, d.competent_agency_id, d.receiving_agency_id, d.desk_id, v.procedure_id, v.field_id,
         d.received_by_id, d.channel, d.return_method,
         (d.received_at AT TIME ZONE %(tz)s)::date,
         {due} AS due_on,
         CASE WHEN s.issued_at IS NULL THEN NULL
              WHEN s.completed_at IS NULL THEN {due}
              ELSE coalesce(d.original_due_date, {due}) END,
         (s.issued_at AT TIME ZONE %(tz)s)::date,
         (s.completed_at AT TIME ZONE %(tz)s)::date,
         e.end_kind,
         CASE WHEN e.end_kind <> '' THEN (d.finished_at AT TIME ZONE %(tz)s)::date END,
         CASE WHEN e.end_kind = 'done' THEN d.timeliness ELSE '' END,
         CASE WHEN e.end_kind = 'done' THEN d.outcome ELSE '' END,
         CASE WHEN d.state = 'returned' THEN (d.returned_at AT TIME ZONE %(tz)s)::date END AS returned_on
  FROM dossiers_dossier d
  JOIN catalog_procedureversion v ON v.id = d.procedure_version_id
  CROSS JOIN LATERAL (SELECT CASE d.state WHEN 'done' THEN 'done' WHEN 'returned' THEN 'done'
                        WHEN 'withdrawn' THEN 'withdrawn' WHEN 'stopped' THEN 'stopped' ELSE '' END
                        AS end_kind) e
  LEFT JOIN LATERAL (SELECT sr.issued_at, sr.completed_at FROM dossiers_supplementrequest sr
                     WHERE sr.dossier_id = d.id AND sr.stage = 'processing' AND sr.issued_at IS NOT NULL
                     ORDER BY sr.issued_at DESC, sr.id DESC LIMIT 1) s ON true
  WHERE d.received_at IS NOT NULL
) AS f (dossier_id, competent_agency_id, receiving_agency_id, desk_id, procedure_id, field_id, officer_id,
        channel, return_method, received_on, due_on, due_before_sup, sup_from, sup_to, end_kind, ended_on,
        timeliness, outcome, returned_on)
"""


def facts_rebuild_sql() -> int:
    due = (
        "d.due_date"
        if settings.MOTCUA.get("CLASSIFY_AGAINST_RESCHEDULED")
        else "coalesce(d.legal_due_date, d.due_date)"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_dossierfact")
        cursor.execute(FACTS_SQL.format(due=due), {"tz": settings.TIME_ZONE})
        return cursor.rowcount
