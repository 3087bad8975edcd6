"""A period report as an export table, and as JSON (API, frozen snapshots)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .columns import COLUMN_LIST
from .exports import Table
from .selectors import GROUP_LABELS, RATE_LABELS, Report, Row

RATE_KEYS = list(RATE_LABELS)


def scope_label(report: Report) -> str:
    return scope_label_for(report.scope)


def scope_label_for(scope: Any) -> str:
    from motcua.org.models import Agency

    if scope.agency_id:
        agency = Agency.objects.filter(pk=scope.agency_id).first()
        if agency:
            return agency.name
    if scope.allowed is None or Agency.objects.filter(pk__in=scope.allowed, parent__isnull=True).exists():
        return _("Whole province")
    return _("All agencies in your scope")


def report_table(report: Report, *, author: str) -> Table:
    headers = [str(GROUP_LABELS.get(report.group_by, "")) or _("Scope")]
    headers += [f"{c.key}. {c.label}" for c in COLUMN_LIST]
    headers += [str(RATE_LABELS[k]) for k in RATE_KEYS]
    first = len(COLUMN_LIST) + 1
    rows: list[list[Any]] = []
    for row in [*report.rows, report.total]:
        rates = row.rates
        rows.append([row.label, *(row.counts[c.key] for c in COLUMN_LIST), *(rates[k] for k in RATE_KEYS)])
    side = report.side
    notes = [
        _("Balance check: E = I + J + K + L + M + N."),
        _("Outside E: %(n)d online submissions not accepted; counter guidance notes and refusals: %(a)s.")
        % {
            "n": side.get("not_accepted", 0),
            "a": ", ".join(f"{k.removeprefix('attempt_')} {v}" for k, v in side.items() if k.startswith("attempt_"))
            or "0",
        },
    ]
    return Table(
        title=_("Report on receiving and handling administrative procedure dossiers"),
        unit=scope_label(report),
        period_label=report.period.label,
        as_of=report.period.report_date(report.as_of.date()),
        author=author,
        headers=headers,
        rows=rows,
        percent_columns=set(range(first, first + len(RATE_KEYS))),
        sheet_name=_("Period report")[:31],
        notes=notes,
    )


def report_json(report: Report) -> dict[str, Any]:
    def row(r: Row) -> dict[str, Any]:
        return {
            "key": r.key,
            "label": r.label,
            "counts": r.counts,
            "rates": {k: (str(v) if v is not None else None) for k, v in r.rates.items()},
        }

    return {
        "period": {
            "kind": report.period.kind,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
            "label": report.period.label,
        },
        "report_date": report.period.report_date(report.as_of.date()).isoformat(),
        "scope": report.scope.key(),
        "group_by": report.group_by,
        "as_of": report.as_of.isoformat(),
        "columns": [{"key": c.key, "label": str(c.label)} for c in COLUMN_LIST],
        "rows": [row(r) for r in report.rows],
        "total": row(report.total),
        "side": report.side,
    }


def rows_from_json(data: dict[str, Any]) -> tuple[list[Row], Row]:
    rows = [Row(r["key"], r["label"], r["counts"]) for r in data["rows"]]
    return rows, Row(None, data["total"]["label"], data["total"]["counts"])
