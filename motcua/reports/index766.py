"""The Decision 766 service index (reports.md §5), 100 points in five groups.

Scoring rule (`points_for`): at or above the threshold → full points; below → rate × max ÷ threshold;
without a threshold → rate × max (the rate as a fraction, i.e. percent ÷ 100; to confirm). Points
round to 0.01 half-up. An indicator motcua holds no data for is shown "no data" with 0 points and
the reason; nothing is invented. Weights come from `weights.weights_on(period end)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua.catalog.choices import OnlineLevel, ResultType, VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier, StoreItem

from .columns import condition, open_at, waiting_supplement_at
from .models import DossierFact, EndKind
from .periods import Period
from .rates import rate
from .scope import Scope
from .weights import GROUP_MAX, GROUP_VERIFIED, Weight, weights_on

HUNDREDTH = Decimal("0.01")
ONLINE_LEVELS = [OnlineLevel.PARTIAL, OnlineLevel.FULL]
GROUP_LABELS = {
    1: _("Transparency"),
    2: _("Progress"),
    3: _("Online service"),
    4: _("Digitisation"),
    5: _("Satisfaction"),
}
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
}
NOTES = {
    "2.2": _("Information only: calendar days from acceptance to result."),
    "3.3": _("The 'with an e-result where the procedure issues paper' condition is not applied yet."),
    "4.1": _("Finished dossiers of procedures with a paper result that also have a signed electronic result."),
    "4.5": _(
        "Population-database lookups are not recorded: VNeID-verified applicant accounts and reused stored "
        "documents count."
    ),
    "5.4": _("Dossiers with feedback (PAKN) or rated 'not satisfied' count as complained about."),
}


@dataclass
class Line:
    """One indicator of the index: counts, the rate in percent (a plain value for 2.2), the points."""

    indicator: str
    label: str
    weight: Weight
    numerator: int | None = None
    denominator: int | None = None
    value: Decimal | None = None
    points: Decimal = Decimal(0)
    note: str = ""
    no_data: bool = False


def points_for(value: Decimal | None, weight: Weight) -> Decimal:
    """The scoring rule of reports.md §5 for a rate in percent; None (no data, N/A) scores 0."""
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
        line.note, line.no_data = str(NO_DATA[key]), True
        return line
    line.value = rate(num or 0, den or 0) if den is not None else None
    line.note = str(NOTES.get(key, ""))
    if den == 0:
        line.note = str(_("No dossiers in the period."))
    line.points = points_for(line.value, line.weight)
    return line


def in_force(scope: Scope, period: Period) -> QuerySet[ProcedureVersion]:
    """Published procedure versions of the agencies in scope, in force at the period's report date."""
    day = period.report_date()
    qs = ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    if scope.agency_id is not None:
        return qs.filter(agencies=scope.agency_id)
    if scope.allowed is not None:
        return qs.filter(pk__in=ProcedureVersion.objects.filter(agencies__in=scope.allowed).values("pk"))
    return qs


def complete_procedures(procedures: QuerySet[ProcedureVersion]) -> QuerySet[ProcedureVersion]:
    """1.3: name, steps, methods (channels), documents (components), time limit, applicants, agency."""
    return (
        procedures.exclude(name="")
        .exclude(steps_text="")
        .exclude(time_value__isnull=True)
        .exclude(channels=[])
        .exclude(applicant_types=[])
        .filter(components__isnull=False, agencies__isnull=False)
        .distinct()
    )


def progress(scope: Scope, period: Period) -> tuple[int, int]:
    """2.1: (ends on or before the due date + open within the deadline at R) ÷ (ends + open at R).

    Ends are done, withdrawn and stopped after acceptance; more than one supplement request makes a
    dossier late; one still waiting for its single supplement ends at the request time (it is in time
    when the request came on or before the due date that stood then)."""
    start, end = period.start, period.report_date()
    facts = DossierFact.objects.filter(scope.q())
    repeated = Dossier.objects.filter(pk=OuterRef("dossier_id"), supplement_count__gt=1)
    ended = facts.filter(end_kind__in=list(EndKind.values), ended_on__gte=start, ended_on__lte=end)
    in_time = Q(end_kind=EndKind.DONE, timeliness__in=["early", "on_time"]) | (
        ~Q(end_kind=EndKind.DONE) & Q(ended_on__lte=F("due_on"))
    )
    ended_ok = ended.filter(in_time).exclude(Exists(repeated)).count()
    still = facts.filter(open_at(end))
    waiting_ok = (
        still.filter(waiting_supplement_at(end))
        .filter(sup_from__lte=Coalesce(F("due_before_sup"), F("due_on")))
        .exclude(Exists(repeated))
        .count()
    )
    open_ok = facts.filter(condition("L", start, end)).exclude(Exists(repeated)).count()
    return ended_ok + open_ok + waiting_ok, ended.count() + still.count()


def average_days(weights: dict[str, Weight], facts: QuerySet[DossierFact]) -> Line:
    line = Line("2.2", str(LABELS["2.2"]), weights["2.2"], note=str(NOTES["2.2"]))
    values = [(e - r).days for r, e in facts.values_list("received_on", "ended_on") if e]
    line.numerator, line.denominator = sum(values), len(values)
    line.value = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP) if values else None
    return line


def satisfaction(finished: QuerySet[Dossier], late: int) -> tuple[int, int]:
    """5.4 as counts: 100 % − (late share + complained share) = (finished − late − complained) ÷ finished,
    where complained are the finished dossiers rated "not satisfied" or with feedback (PAKN) about them."""
    from motcua.feedback.models import Score

    disliked = finished.filter(Q(ratings__score=Score.NOT_SATISFIED) | Q(feedback__isnull=False)).distinct().count()
    total = finished.count()
    return max(total - late - disliked, 0), total


def period_end_moment(period: Period) -> dt.datetime:
    """Feedback still open past its limit at the end of the report date counts as late."""
    from django.utils import timezone

    moment = dt.datetime.combine(period.report_date(), dt.time(23, 59, 59))
    return min(timezone.make_aware(moment), timezone.now())


def scope_agency_ids(scope: Scope) -> set[int] | None:
    """The agencies whose feedback belongs to `scope` (None: every agency)."""
    from motcua.org.selectors import _descendants

    if scope.agency_id is not None:
        return {scope.agency_id} | _descendants([scope.agency_id])
    return set(scope.allowed) if scope.allowed is not None else None


def pakn_lines(weights: dict[str, Weight], scope: Scope, period: Period) -> list[Line]:
    """5.1 feedback by category (tracking, 0 points), 5.2 handled on time, 5.3 neither disliked nor
    late. A period without feedback scores full points on 5.2 and 5.3 (like indicator 8's "none"; to
    confirm)."""
    from motcua.feedback.choices import FeedbackCategory
    from motcua.feedback.pakn_selectors import pakn_period_figures

    figures = pakn_period_figures(
        agency_ids=scope_agency_ids(scope), start=period.start, end=period.report_date(), now=period_end_moment(period)
    )
    labels = dict(FeedbackCategory.choices) | {"unclassified": _("not classified yet")}
    tracking = Line("5.1", str(LABELS["5.1"]), weights["5.1"], figures.total, None)
    tracking.note = "; ".join(
        f"{labels.get(k, k)}: {v}" for k, v in sorted((figures.by_category or {}).items())
    ) or str(_("No feedback in the period."))
    on_time = _line("5.2", weights, figures.on_time, figures.total)
    clean = _line("5.3", weights, max(figures.total - figures.disliked - figures.late, 0), figures.total)
    for line in (on_time, clean):
        if not figures.total:
            line.value, line.points = None, line.weight.max_points
            line.note = str(_("No feedback in the period: full points (to confirm)."))
    return [tracking, on_time, clean]


def index766(*, scope: Scope, period: Period) -> dict[str, Any]:
    """The five groups with their lines and points, and the total out of 100, for `scope` and `period`."""
    weights = weights_on(period.end)
    start, end = period.start, period.report_date()
    procedures = in_force(scope, period)
    n_proc = procedures.count()
    received_facts = DossierFact.objects.filter(scope.q()).filter(received_on__gte=start, received_on__lte=end)
    received = Dossier.objects.filter(pk__in=received_facts.values("dossier_id"))
    n_received = received_facts.count()
    finished_facts = DossierFact.objects.filter(scope.q()).filter(condition("I", start, end))
    finished = Dossier.objects.filter(pk__in=finished_facts.values("dossier_id"))
    e_result = Q(result_documents__isnull=False, result_documents__revoked_at__isnull=True)
    paper = finished.filter(procedure_version__result_type__in=[ResultType.PAPER, ResultType.BOTH])
    fee_bearing = received.filter(fee_lines__amount_vnd__gt=0, fee_lines__exempt=False).distinct()
    paid_online = fee_bearing.filter(payments__method="gateway", payments__status="paid").distinct().count()
    reused = Q(components__store_item__isnull=False)
    stored = Exists(StoreItem.objects.filter(source_dossier=OuterRef("pk")))
    verified = Q(applicant__citizen_profile__identity_verified=True)
    lines = [
        _line("1.1", weights),
        _line("1.2", weights),
        _line("1.3", weights, complete_procedures(procedures).count(), n_proc),
        _line("1.4", weights),
        _line("2.1", weights, *progress(scope, period)),
        average_days(weights, finished_facts),
        _line("3.1", weights, procedures.filter(online_level__in=ONLINE_LEVELS).count(), n_proc),
        _line("3.3", weights, received_facts.filter(channel="online").count(), n_received),
        _line("3.5", weights),
        _line("3.6", weights, paid_online, fee_bearing.count()),
        _line("4.1", weights, paper.filter(e_result).distinct().count(), paper.count()),
        _line(
            "4.2",
            weights,
            finished.filter(e_result, attachments__kind__in=["scan", "upload"]).distinct().count(),
            finished.count(),
        ),
        _line("4.3", weights, received.filter(reused).distinct().count(), n_received),
        _line("4.4", weights, received.filter(reused | Q(stored)).distinct().count(), n_received),
        _line("4.5", weights, received.filter(verified | reused).distinct().count(), n_received),
        *pakn_lines(weights, scope, period),
        _line("5.4", weights, *satisfaction(finished, finished_facts.filter(timeliness="late").count())),
    ]
    groups: list[dict[str, Any]] = []
    for group in range(1, 6):
        members = [line for line in lines if line.weight.group == group]
        groups.append(
            {
                "group": group,
                "label": str(GROUP_LABELS[group]),
                "max": GROUP_MAX[group],
                "verified": GROUP_VERIFIED[group],
                "points": sum((m.points for m in members), Decimal(0)),
                "lines": members,
            }
        )
    total = sum((Decimal(g["points"]) for g in groups), Decimal(0))
    return {"groups": groups, "total": total, "period": period}
