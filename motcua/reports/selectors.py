"""The period report (reports.md §2) and its drill-down lists, through one set of conditions.

`period_report` is one grouped query over the facts relevant to the period; `column_dossiers`
returns the dossiers behind any cell with the same conditions, so the list has exactly as many rows
as the cell says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier

from .columns import COLUMN_LIST, EXTRA, condition, relevant
from .models import DossierFact
from .periods import Period
from .rates import rate
from .scope import Scope

# Group-by dimensions: URL value → fact column.
GROUPS: dict[str, str] = {
    "agency": "competent_agency_id",
    "reception": "receiving_agency_id",
    "desk": "desk_id",
    "field": "field_id",
    "procedure": "procedure_id",
    "channel": "channel",
    "officer": "officer_id",
}
GROUP_LABELS = {
    "": _("Total only"),
    "agency": _("Competent agency"),
    "reception": _("Receiving agency"),
    "desk": _("Reception point"),
    "field": _("Field"),
    "procedure": _("Procedure"),
    "channel": _("Channel"),
    "officer": _("Receiving officer"),
}
KEYS = [c.key for c in COLUMN_LIST] + list(EXTRA)


@dataclass
class Row:
    key: Any
    label: str
    counts: dict[str, int]

    def __getitem__(self, name: str) -> int:
        return self.counts[name]

    @property
    def balanced(self) -> bool:
        c = self.counts
        return c["E"] == c["I"] + c["J"] + c["K"] + c["L"] + c["M"] + c["N"] and c["E"] == sum(c[k] for k in "ABCD")

    @property
    def rates(self) -> dict[str, Decimal | None]:
        c = self.counts
        return {
            "on_time": rate(c["F"] + c["G"], c["I"]),
            "late": rate(c["H"], c["I"]),
            "online": rate(c["B"], c["B"] + c["C"] + c["D"]),
            "postal_return": rate(c["P"], c["returned"]),
            "return": rate(c["finished_returned"], c["I"]),
            "pending": rate(c["I"] - c["finished_returned"], c["I"]),
        }


RATE_LABELS = {
    "on_time": _("On-time rate (F+G)/I"),
    "late": _("Late share H/I"),
    "online": _("Online share B/(B+C+D)"),
    "postal_return": _("Postal return share P/returned"),
    "return": _("Return rate returned/finished"),
    "pending": _("Not yet returned"),
}


@dataclass
class Report:
    period: Period
    scope: Scope
    group_by: str
    rows: list[Row]
    total: Row
    as_of: dt.datetime
    side: dict[str, int] = field(default_factory=dict)


def _annotations(start: dt.date, end: dt.date) -> dict[str, Count]:
    return {key: Count("pk", filter=condition(key, start, end)) for key in KEYS}


def bounds(period: Period, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The period's start and its report date R (its end, or today while it runs)."""
    return period.start, period.report_date(today)


def facts_for(scope: Scope, period: Period, today: dt.date | None = None) -> QuerySet[DossierFact]:
    start, end = bounds(period, today)
    return DossierFact.objects.filter(relevant(start, end)).filter(scope.q())


def period_report(
    *, scope: Scope, period: Period, group_by: str = "", today: dt.date | None = None, with_side: bool = True
) -> Report:
    if group_by and group_by not in GROUPS:
        raise ValueError(group_by)
    qs = facts_for(scope, period, today)
    ann = _annotations(*bounds(period, today))
    rows: list[Row] = []
    if group_by:
        column = GROUPS[group_by]
        data = list(qs.values(column).annotate(**ann).order_by(column))
        labels = group_labels(group_by, [r[column] for r in data])
        rows = [Row(r[column], labels.get(r[column], str(r[column])), {k: r[k] for k in KEYS}) for r in data]
        rows.sort(key=lambda r: r.label)
        total = Row(None, str(_("Total")), {k: sum(r.counts[k] for r in rows) for k in KEYS})
    else:
        total = Row(None, str(_("Total")), qs.aggregate(**ann))
    return Report(
        period=period,
        scope=scope,
        group_by=group_by,
        rows=rows,
        total=total,
        as_of=timezone.now(),
        side=side_figures(scope, period) if with_side else {},
    )


def group_labels(group_by: str, keys: list[Any]) -> dict[Any, str]:
    from motcua.catalog.models import Field, ProcedureVersion
    from motcua.org.models import Agency, Desk, User

    if group_by == "channel":
        from motcua.dossiers.choices import Channel

        return {k: str(Channel(k).label) for k in keys if k in Channel.values}
    ids = [k for k in keys if k is not None]
    if group_by in ("agency", "reception"):
        return {a.pk: a.short_name or a.name for a in Agency.objects.filter(pk__in=ids)}
    if group_by == "desk":
        return {d.pk: d.name for d in Desk.objects.filter(pk__in=ids)}
    if group_by == "field":
        return {f.pk: f.name for f in Field.objects.filter(pk__in=ids)}
    if group_by == "procedure":
        names: dict[Any, str] = {}
        versions = ProcedureVersion.objects.filter(procedure_id__in=ids).order_by("procedure_id", "-id")
        for procedure_id, code, name in versions.values_list("procedure_id", "procedure__code", "name"):
            names.setdefault(procedure_id, f"{code} {name}"[:160])
        return names
    if group_by == "officer":
        labels: dict[Any, str] = {u.pk: u.full_name or u.username for u in User.objects.filter(pk__in=ids)}
        labels[None] = str(_("(no officer: online or postal)"))
        return labels
    return {}


def side_figures(scope: Scope, period: Period) -> dict[str, int]:
    """Outside E (reports.md §2): online submissions not accepted, counter guidance notes and refusals.

    Both read indexed columns over instant ranges (state + finish time; the attempt's time)."""
    from motcua.dossiers.models import IntakeAttempt

    start, end = bounds(period)
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    refused = Dossier.objects.filter(state="not_accepted", finished_at__gte=since, finished_at__lt=until)
    attempts = IntakeAttempt.objects.filter(at__gte=since, at__lt=until)
    if scope.allowed is not None:
        refused = refused.filter(receiving_agency_id__in=scope.allowed)
        attempts = attempts.filter(desk__agency_id__in=scope.allowed)
    if scope.agency_id is not None:
        refused = refused.filter(receiving_agency_id=scope.agency_id)
        attempts = attempts.filter(desk__agency_id=scope.agency_id)
    if scope.desk_id is not None:
        refused = refused.filter(desk_id=scope.desk_id)
        attempts = attempts.filter(desk_id=scope.desk_id)
    by_outcome = dict(attempts.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    return {"not_accepted": refused.count(), **{f"attempt_{k}": v for k, v in by_outcome.items()}}


def column_facts(
    *,
    scope: Scope,
    period: Period,
    key: str,
    group_by: str = "",
    group_value: Any = None,
    today: dt.date | None = None,
) -> QuerySet[DossierFact]:
    if key not in KEYS:
        raise ValueError(key)
    qs = facts_for(scope, period, today).filter(condition(key, *bounds(period, today)))
    if group_by:
        qs = qs.filter(**{GROUPS[group_by]: group_value})
    return qs


def column_dossiers(**kwargs: Any) -> QuerySet[Dossier]:
    """The dossiers behind one cell (same conditions as the count)."""
    facts = column_facts(**kwargs)
    return (
        Dossier.objects.filter(pk__in=facts.values("dossier_id"))
        .select_related("procedure_version__procedure", "competent_agency", "desk")
        .order_by("received_at", "pk")
    )
