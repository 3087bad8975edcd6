"""Frozen period reports (reports.md §1): a period is frozen N working days after it ends; a later
recomputation is shown as such and saved only as a new, labelled revision."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from motcua.org.models import Agency

from .models import ReportSnapshot
from .periods import Period, month, quarter
from .scope import Scope
from .selectors import Report, period_report
from .tables import report_json


def snapshot_for(period: Period, scope: Scope, group_by: str) -> ReportSnapshot | None:
    return (
        ReportSnapshot.objects.filter(
            period_start=period.start, period_end=period.end, scope_key=scope.key(), group_by=group_by
        )
        .order_by("-revision")
        .first()
    )


def snapshot_freeze(
    *, period: Period, scope: Scope, group_by: str, actor: Any = None, note: str = ""
) -> ReportSnapshot:
    """Store the report as computed now, as the next revision (concurrent freezes: one wins per revision)."""
    report: Report = period_report(scope=Scope(agency_id=scope.agency_id), period=period, group_by=group_by)
    data = report_json(report)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    for _attempt in range(3):
        last = ReportSnapshot.objects.filter(
            period_start=period.start, period_end=period.end, scope_key=scope.key(), group_by=group_by
        ).aggregate(m=Max("revision"))["m"]
        try:
            with transaction.atomic():
                return ReportSnapshot.objects.create(
                    period_start=period.start,
                    period_end=period.end,
                    scope_key=scope.key(),
                    group_by=group_by,
                    revision=(last or 0) + 1,
                    data=data,
                    data_hash=digest,
                    frozen_at=timezone.now(),
                    frozen_by=actor if getattr(actor, "pk", None) else None,
                    note=note,
                )
        except IntegrityError:
            continue
    raise RuntimeError("could not allocate a snapshot revision")


def freeze_date(period: Period) -> dt.date:
    """The day a period becomes frozen: N working days after its end on the province calendar."""
    from motcua.dossiers.deadline import wt_for

    province = Agency.objects.filter(parent__isnull=True).order_by("pk").first()
    wt = wt_for(province.pk if province else None, period.end)
    day, left = period.end, settings.MOTCUA_REPORTS["FREEZE_AFTER_WORKING_DAYS"]
    while left > 0:
        day += dt.timedelta(days=1)
        if wt.is_working_day(day):
            left -= 1
    return day


def freeze_due(today: dt.date | None = None) -> list[ReportSnapshot]:
    """Freeze the previous month and quarter (province and each agency, by agency) once due."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    last_month_end = first - dt.timedelta(days=1)
    candidates = [month(last_month_end.year, last_month_end.month)]
    q_end = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - dt.timedelta(days=1)
    candidates.append(quarter(q_end.year, (q_end.month - 1) // 3 + 1))
    made: list[ReportSnapshot] = []
    for period in candidates:
        if freeze_date(period) > today:
            continue
        scopes = [Scope()] + [Scope(agency_id=pk) for pk in Agency.objects.values_list("pk", flat=True)]
        for scope in scopes:
            if snapshot_for(period, scope, "agency") is None:
                made.append(snapshot_freeze(period=period, scope=scope, group_by="agency"))
    return made
