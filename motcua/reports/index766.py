"""The Decision 766 service index (reports.md §5), 100 points in five groups.

Scoring rule: at or above the threshold → full points; below → rate × max ÷ threshold; without a
threshold → rate × max ÷ 100 (to confirm). An indicator motcua holds no data for is shown "no data"
with 0 points and the reason; nothing is invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.choices import OnlineLevel, VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier

from .columns import condition, open_at, waiting_supplement_at
from .models import DossierFact
from .periods import Period
from .rates import rate
from .scope import Scope
from .weights import GROUP_MAX, Weight, weights_on

HUNDREDTH = Decimal("0.01")
LABELS = {
    "1.1": _("Procedures announced on time"),
    "1.2": _("Published in the national database on time"),
    "1.3": _("Procedures published with all their parts"),
    "1.4": _("Dossiers synchronised with the national portal"),
    "2.1": _("Dossiers finished or in progress on time"),
    "2.2": _("Average processing time (days, information)"),
    "3.1": _("Procedures offered partly or fully online"),
    "3.3": _("Dossiers submitted online"),
    "3.5": _("Fee-bearing procedures integrated with national payment"),
    "3.6": _("Dossiers paid online"),
    "4.1": _("Dossiers with an electronic result"),
    "4.2": _("Dossiers with component files and an electronic result"),
    "4.3": _("Dossiers reusing a stored document"),
    "4.4": _("Dossiers exchanging with the personal data store"),
    "4.5": _("Use of population data"),
    "5.1": _("Feedback by category (tracking)"),
    "5.2": _("Feedback handled on time"),
    "5.3": _("Feedback neither disliked nor late"),
    "5.4": _("Satisfaction: 100% minus late and complained-about shares"),
}
NO_DATA = {
    "1.1": _("Announcement and legal-basis dates are not in the national data."),
    "1.2": _("National database publication dates are not recorded."),
    "1.4": _("The national portal sync channel is not configured."),
    "3.5": _("National payment platform integration is not recorded per procedure."),
    "4.5": _("Population database lookups are not recorded yet."),
    "5.1": _("Tracking only: feedback arrives with the office floor module."),
    "5.2": _("Feedback (PAKN) arrives with the office floor module."),
    "5.3": _("Feedback (PAKN) arrives with the office floor module."),
}


@dataclass
class Line:
    indicator: str
    label: str
    weight: Weight
    numerator: int | None = None
    denominator: int | None = None
    value: Decimal | None = None  # a rate in percent, or a plain value for 2.2
    points: Decimal = Decimal(0)
    note: str = ""


def points_for(value: Decimal | None, weight: Weight) -> Decimal:
    if value is None or not weight.max_points:
        return Decimal(0)
    if weight.threshold is not None:
        if value >= weight.threshold:
            return weight.max_points
        return (value * weight.max_points / weight.threshold).quantize(HUNDREDTH, ROUND_HALF_UP)
    return (min(value, Decimal(100)) * weight.max_points / 100).quantize(HUNDREDTH, ROUND_HALF_UP)


def _line(key: str, weights: dict[str, Weight], num: int | None = None, den: int | None = None) -> Line:
    line = Line(key, str(LABELS[key]), weights[key], num, den)
    if key in NO_DATA:
        line.note = str(NO_DATA[key])
        return line
    line.value = rate(num or 0, den or 0) if den is not None else None
    if den == 0:
        line.note = str(_("No dossiers in the period."))
    line.points = points_for(line.value, line.weight)
    return line


def _procedures(scope: Scope, period: Period) -> Any:
    qs = ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=period.report_date())
    )
    if scope.agency_id is not None:
        qs = qs.filter(agencies=scope.agency_id)
    elif scope.allowed is not None:
        qs = qs.filter(agencies__in=scope.allowed).distinct()
    return qs


def _progress(scope: Scope, period: Period) -> tuple[int, int]:
    """2.1: ends (done, withdrawn, stopped) on or before the due date + open within the deadline at R,
    over all ends + all open; a dossier still waiting for a supplement counts at its request time."""
    start, end = period.start, period.report_date()
    facts = DossierFact.objects.filter(scope.q())
    ended = facts.filter(end_kind__in=["done", "withdrawn", "stopped"], ended_on__gte=start, ended_on__lte=end)
    ended_ok = ended.filter(
        Q(timeliness__in=["early", "on_time"]) | ~Q(end_kind="done") & Q(ended_on__lte=models_due())
    )
    still = facts.filter(open_at(end))
    waiting = still.filter(waiting_supplement_at(end))
    open_ok = (
        facts.filter(condition("L", start, end)).count() + waiting.filter(sup_from__lte=models_due_before()).count()
    )
    return ended_ok.count() + open_ok, ended.count() + still.count()


def models_due() -> Any:
    from django.db.models import F

    return F("due_on")


def models_due_before() -> Any:
    from django.db.models import F
    from django.db.models.functions import Coalesce

    return Coalesce(F("due_before_sup"), F("due_on"))


def index766(*, scope: Scope, period: Period) -> dict[str, Any]:
    weights = weights_on(period.end)
    procedures = _procedures(scope, period)
    n_proc = procedures.count()
    complete = procedures.exclude(time_value__isnull=True).exclude(steps_text="").filter(components__isnull=False)
    start, end = period.start, period.report_date()
    received_facts = DossierFact.objects.filter(scope.q()).filter(received_on__gte=start, received_on__lte=end)
    received = Dossier.objects.filter(pk__in=received_facts.values("dossier_id"))
    n_received = received_facts.count()
    finished = Dossier.objects.filter(
        pk__in=DossierFact.objects.filter(scope.q()).filter(condition("I", start, end)).values("dossier_id")
    )
    n_finished = finished.count()
    with_result = finished.filter(result_documents__isnull=False).distinct().count()
    files_and_result = (
        finished.filter(result_documents__isnull=False, attachments__kind__in=["scan", "upload"]).distinct().count()
    )
    fee_bearing = received.filter(fee_lines__amount_vnd__gt=0, fee_lines__exempt=False).distinct()
    paid_online = fee_bearing.filter(payments__method="gateway", payments__status="paid").distinct().count()
    reused = received.filter(components__store_item__isnull=False).distinct().count()
    store = received.filter(Q(components__store_item__isnull=False) | Q(applicant__isnull=False)).distinct().count()
    progress = _progress(scope, period)
    facts_i = DossierFact.objects.filter(scope.q()).filter(condition("I", start, end))
    late = facts_i.filter(timeliness="late").count()
    lines = [
        _line("1.1", weights),
        _line("1.2", weights),
        _line("1.3", weights, complete.distinct().count(), n_proc),
        _line("1.4", weights),
        _line("2.1", weights, *progress),
        _average_days(weights, facts_i),
        _line(
            "3.1", weights, procedures.filter(online_level__in=[OnlineLevel.PARTIAL, OnlineLevel.FULL]).count(), n_proc
        ),
        _line("3.3", weights, received_facts.filter(channel="online").count(), n_received),
        _line("3.5", weights),
        _line("3.6", weights, paid_online, fee_bearing.count()),
        _line("4.1", weights, with_result, n_finished),
        _line("4.2", weights, files_and_result, n_finished),
        _line("4.3", weights, reused, n_received),
        _line("4.4", weights, store, n_received),
        _line("4.5", weights),
        _line("5.1", weights),
        _line("5.2", weights),
        _line("5.3", weights),
        _line("5.4", weights, *_satisfaction(scope, period, late, n_finished, n_received)),
    ]
    groups: list[dict[str, Any]] = []
    for group in range(1, 6):
        members = [line for line in lines if line.weight.group == group]
        groups.append(
            {
                "group": group,
                "max": GROUP_MAX[group],
                "points": sum((m.points for m in members), Decimal(0)),
                "lines": members,
            }
        )
    total = sum((Decimal(g["points"]) for g in groups), Decimal(0))
    return {"groups": groups, "total": total, "period": period}


def _average_days(weights: dict[str, Weight], facts: Any) -> Line:
    line = Line("2.2", str(LABELS["2.2"]), weights["2.2"])
    values = [(e - r).days for r, e in facts.values_list("received_on", "ended_on")[:100000] if e]
    line.numerator, line.denominator = sum(values), len(values)
    line.value = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1")) if values else None
    line.note = str(_("Information only: calendar days from acceptance to result."))
    return line


def _satisfaction(scope: Scope, period: Period, late: int, finished: int, received: int) -> tuple[int, int]:
    """5.4 as counts over finished dossiers: 100% − (late share + disliked share), i.e. the finished
    dossiers neither late nor disliked ÷ finished."""
    from motcua.feedback.models import Rating, Score

    disliked = Rating.objects.filter(
        score=Score.NOT_SATISFIED, created_at__date__gte=period.start, created_at__date__lte=period.report_date()
    )
    if scope.agency_id is not None:
        disliked = disliked.filter(agency_id=scope.agency_id)
    elif scope.allowed is not None:
        disliked = disliked.filter(agency_id__in=scope.allowed)
    bad = min(finished, late + disliked.count())
    return finished - bad, finished
