"""What a leader sees first (reports.md §6): tiles, trends, rankings, slow spots and late dossiers.

Period figures come from `period_report`, so a tile always equals the period report and its
drill-down; the lists read open dossiers through the partial index on open due dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from motcua.calendars.engine import overrun_minutes, overrun_text
from motcua.dossiers.choices import OPEN_STATES, State, TaskStatus
from motcua.dossiers.deadline import wt_for
from motcua.dossiers.models import Dossier, Task

from .periods import Period, month, months_back
from .rates import rate
from .scope import Scope
from .selectors import Report, period_report


@dataclass
class Trend:
    labels: list[str]
    online: list[int]
    counter: list[int]
    postal: list[int]
    on_time: list[Decimal | None]
    finished: list[int]


def trend(scope: Scope, today: dt.date, count: int = 12) -> Trend:
    periods = months_back(month(today.year, today.month), count)
    reports = [period_report(scope=scope, period=p, today=today, with_side=False) for p in periods]
    return Trend(
        labels=[f"{p.start.month:02d}/{p.start.year % 100:02d}" for p in periods],
        online=[r.total["B"] for r in reports],
        counter=[r.total["C"] for r in reports],
        postal=[r.total["D"] for r in reports],
        on_time=[r.total.rates["on_time"] for r in reports],
        finished=[r.total["I"] for r in reports],
    )


def dossier_scope_q(scope: Scope) -> Q:
    """The same scope as the facts, on dossiers (lists of open dossiers)."""
    from motcua.org.selectors import _descendants

    q = Q()
    if scope.allowed is not None:
        q &= Q(competent_agency_id__in=scope.allowed) | Q(receiving_agency_id__in=scope.allowed)
    if scope.agency_id is not None:
        q &= Q(competent_agency_id__in={scope.agency_id} | _descendants([scope.agency_id]))
    return q


def late_lists(scope: Scope, today: dt.date, limit: int = 20) -> dict[str, Any]:
    """Overdue and at-risk open dossiers (not waiting for a supplement), naming the step holder."""
    wt = wt_for(None, today)
    horizon = today
    for _ in range(settings.MOTCUA_REPORTS["AT_RISK_WORKING_DAYS"]):
        horizon = wt.next_working_day(horizon)
    base = (
        Dossier.objects.filter(state__in=[s for s in OPEN_STATES if s != State.SUPPLEMENT_REQUESTED])
        .filter(dossier_scope_q(scope))
        .select_related("procedure_version", "competent_agency")
    )
    overdue_qs = base.filter(legal_due_date__lt=today).order_by("legal_due_date", "pk")
    risk_qs = base.filter(legal_due_date__gte=today, legal_due_date__lte=horizon).order_by("legal_due_date", "pk")
    overdue, at_risk = list(overdue_qs[:limit]), list(risk_qs[:limit])
    holders = _holders([d.pk for d in overdue + at_risk])
    now = timezone.now()
    for d in overdue:
        d.holder = holders.get(d.pk, "")  # type: ignore[attr-defined]
        due_at = d.legal_due_at or d.due_at
        d.late_text = overrun_text(overrun_minutes(wt=wt, due_at=due_at, end=now)) if due_at else ""  # type: ignore[attr-defined]
    for d in at_risk:
        d.holder = holders.get(d.pk, "")  # type: ignore[attr-defined]
    return {
        "overdue": overdue,
        "overdue_count": overdue_qs.count(),
        "at_risk": at_risk,
        "at_risk_count": risk_qs.count(),
        "horizon": horizon,
    }


def _holders(ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    tasks = Task.objects.filter(dossier_id__in=ids, status=TaskStatus.ACTIVE).select_related(
        "assignee", "department", "agency"
    )
    for task in tasks:
        who = (task.assignee.full_name or task.assignee.username) if task.assignee else ""
        where = task.department.name if task.department else (task.agency.short_name or task.agency.name)
        text = f"{who} ({where})" if who else where
        out[task.dossier_id] = f"{out[task.dossier_id]}; {text}" if task.dossier_id in out else text
    return out


def ranking(report: Report) -> list[dict[str, Any]]:
    rows = [{"key": r.key, "label": r.label, "finished": r["I"], "rate": r.rates["on_time"]} for r in report.rows]
    rows.sort(key=lambda r: (r["rate"] is None, -(r["rate"] or 0), r["label"]))
    return rows


def worst_procedures(report: Report, limit: int = 10) -> list[dict[str, Any]]:
    rows = [{"key": r.key, "label": r.label, "late": r["H"], "finished": r["I"]} for r in report.rows if r["H"]]
    rows.sort(key=lambda r: (-r["late"], r["label"]))
    return rows[:limit]


def slowest_procedures(scope: Scope, period: Period, limit: int = 10) -> list[dict[str, Any]]:
    """Average calendar days from acceptance to the result over the period's finished dossiers."""
    from .columns import condition
    from .models import DossierFact
    from .selectors import bounds, group_labels

    start, end = bounds(period)
    facts = DossierFact.objects.filter(scope.q()).filter(condition("I", start, end))
    sums: dict[int, list[int]] = {}
    for procedure_id, received, ended in facts.values_list("procedure_id", "received_on", "ended_on")[:50000]:
        if ended is None:
            continue
        acc = sums.setdefault(procedure_id, [0, 0])
        acc[0] += (ended - received).days
        acc[1] += 1
    labels = group_labels("procedure", list(sums))
    rows: list[dict[str, Any]] = [
        {"label": labels.get(pk, str(pk)), "days": (Decimal(total) / n).quantize(Decimal("0.1")), "finished": n}
        for pk, (total, n) in sums.items()
    ]
    rows.sort(key=lambda r: (-r["days"], r["label"]))
    return rows[:limit]


def slowest_steps(scope: Scope, period: Period, limit: int = 10) -> list[dict[str, Any]]:
    """Process steps finished in the period with the most late hand-overs."""
    start, end = period.start, period.report_date()
    tasks = Task.objects.filter(finished_at__date__gte=start, finished_at__date__lte=end)
    if scope.allowed is not None:
        tasks = tasks.filter(agency_id__in=scope.allowed)
    if scope.agency_id is not None:
        tasks = tasks.filter(agency_id=scope.agency_id)
    rows = list(
        tasks.values("name", "agency__short_name")
        .annotate(done=Count("pk"), late=Count("pk", filter=Q(timeliness="late")))
        .filter(late__gt=0)
        .order_by("-late", "name")[:limit]
    )
    for row in rows:
        row["share"] = rate(row["late"], row["done"])
    return rows


def satisfaction(scope: Scope, period: Period) -> dict[str, Any]:
    from motcua.feedback.models import Rating, Score

    ratings = Rating.objects.filter(created_at__date__gte=period.start, created_at__date__lte=period.report_date())
    if scope.allowed is not None:
        ratings = ratings.filter(agency_id__in=scope.allowed)
    if scope.agency_id is not None:
        ratings = ratings.filter(agency_id=scope.agency_id)
    counts = dict(ratings.values_list("score").annotate(n=Count("pk")).values_list("score", "n"))
    total = sum(counts.values())
    happy = counts.get(Score.VERY_SATISFIED, 0) + counts.get(Score.SATISFIED, 0)
    return {"total": total, "rate": rate(happy, total)}


def digital_rates(scope: Scope, period: Period) -> dict[str, Decimal | None]:
    """Of the dossiers received in the period: with component files, reusing a stored document, paid online."""
    from motcua.payments.models import Payment

    start, end = period.start, period.report_date()
    received = Dossier.objects.filter(received_at__date__gte=start, received_at__date__lte=end).filter(
        dossier_scope_q(scope)
    )
    total = received.count()
    with_files = received.filter(attachments__kind__in=["scan", "upload"]).distinct().count()
    reused = received.filter(components__store_item__isnull=False).distinct().count()
    paid_online = (
        Payment.objects.filter(dossier__in=received, method="gateway", status="paid")
        .values("dossier")
        .distinct()
        .count()
    )
    return {
        "digitised": rate(with_files, total),
        "reused": rate(reused, total),
        "paid_online": rate(paid_online, total),
    }
