"""Officer and agency evaluation (reports.md §4): averages of the dossier indicators, unit-level
indicators 5, 6, 8, 9, the sums and the classifications.

An average is taken per indicator over the unit's scored dossiers and rounded to 0.1 half-up
(`rates.score`); the sum adds the rounded averages. Satisfaction answers (feedback `Rating`) are
counted beside the score and never added to it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from motcua.catalog.choices import OnlineLevel, VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.choices import TaskStatus
from motcua.dossiers.models import Dossier, Task
from motcua.org.models import Agency, User

from .columns import condition
from .evaluation_dossier import (
    DOSSIER_INDICATORS,
    DossierScore,
    dossier_scores,
    finished_dossiers,
    finished_facts,
    involved_finished,
)
from .models import DossierFact
from .periods import Period
from .rates import rate, score
from .scope import Scope

UNIT_INDICATORS = (5, 6, 8, 9)
ALL_INDICATORS = (1, 2, 3, 4, 5, 6, 7, 8, 9)


@dataclass
class UnitScore:
    """One row of the board: an agency (key = agency id) or an officer (key = user id)."""

    key: int
    label: str
    dossiers: int
    indicators: dict[int, Decimal | None] = field(default_factory=dict)
    classification: str = ""
    satisfaction: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum((v for v in self.indicators.values() if v is not None), Decimal(0))


def average(values: list[int]) -> Decimal | None:
    """Mean of 2/1/0 scores rounded to 0.1 half-up; None without a scored dossier."""
    if not values:
        return None
    return score(Decimal(sum(values)) / len(values))


def averages(scores: list[DossierScore]) -> dict[int, Decimal | None]:
    return {k: average([s.scores[k] for s in scores]) for k in DOSSIER_INDICATORS}


def officer_class(total: Decimal) -> str:
    """Sum of indicators 1, 2, 3, 4, 7 (max 10)."""
    if total >= 5:
        return _("duties 100 per cent fulfilled")
    if total >= Decimal("3.5"):
        return _("70 to under 100 per cent fulfilled")
    return _("under 70 per cent fulfilled")


def agency_class(total: Decimal) -> str:
    """Sum of the nine indicators (max 18)."""
    if total >= 15:
        return _("excellent")
    if total >= 12:
        return _("good")
    if total >= 9:
        return _("fairly good")
    if total >= 6:
        return _("average")
    return _("weak")


def _handled(dossiers: QuerySet[Dossier]) -> dict[int, set[int]]:
    """user id → dossiers they handled: finished one of its steps, or received it at the desk."""
    handled: dict[int, set[int]] = defaultdict(set)
    tasks = Task.objects.filter(dossier__in=dossiers, status=TaskStatus.DONE, finished_by__isnull=False)
    for dossier_id, user_id in tasks.values_list("dossier_id", "finished_by_id"):
        handled[user_id].add(dossier_id)
    for dossier_id, user_id in dossiers.filter(received_by__isnull=False).values_list("pk", "received_by_id"):
        handled[user_id].add(dossier_id)
    return handled


def _officer_scope(scope: Scope) -> Scope:
    """The officer filter picks whose dossiers to average here, not the facts' receiving officer."""
    return Scope(allowed=scope.allowed, agency_id=scope.agency_id, by_reception=scope.by_reception)


def officers_evaluation(scope: Scope, period: Period) -> list[UnitScore]:
    """Per officer: indicators 1, 2, 3, 4, 7 averaged over the finished dossiers they handled."""
    dossiers = finished_dossiers(_officer_scope(scope), period)
    scores = {s.dossier_id: s for s in dossier_scores(dossiers)}
    handled = _handled(dossiers)
    names = {u.pk: u.full_name or u.username for u in User.objects.filter(pk__in=handled)}
    ratings = _ratings(Q(officer_id__in=handled), period, "officer_id")
    out = []
    for user_id, ids in handled.items():
        unit = UnitScore(user_id, names.get(user_id, str(user_id)), len(ids), averages([scores[i] for i in ids]))
        unit.classification = officer_class(unit.total)
        unit.satisfaction = ratings.get(user_id, {})
        out.append(unit)
    out.sort(key=lambda u: (-u.total, u.label))
    return out


def officer_dossiers(scope: Scope, period: Period, user_id: int) -> tuple[str, list[DossierScore]]:
    """The officer's name and their scored dossiers (the drill-down of an officer row); 404 when they
    handled none within the viewer's scope."""
    dossiers = finished_dossiers(_officer_scope(scope), period)
    ids = _handled(dossiers).get(user_id)
    user = User.objects.filter(pk=user_id).first()
    if not ids or user is None:
        raise Http404
    return user.full_name or user.username, dossier_scores(Dossier.objects.filter(pk__in=ids))


def _agency_ids(scope: Scope, period: Period) -> set[int]:
    if scope.agency_id is not None:
        return {scope.agency_id}
    facts = finished_facts(scope, period)
    return set(facts.values_list("competent_agency_id", flat=True).distinct())


def agencies_evaluation(scope: Scope, period: Period) -> list[UnitScore]:
    """Per agency: the averages of the dossiers it was competent for (indicator 2: every finished dossier
    it held a step in or coordinated), plus its unit indicators 5, 6, 8, 9; sum out of 18."""
    agencies = Agency.objects.filter(pk__in=_agency_ids(scope, period))
    ratings = _ratings(Q(agency__in=agencies), period, "agency_id")
    out = []
    for agency in agencies:
        own = finished_dossiers(Scope(allowed=scope.allowed, agency_id=agency.pk), period)
        own_ids = set(own.values_list("pk", flat=True))
        involved = set(involved_finished({agency.pk}, period).values_list("pk", flat=True))
        scores = dossier_scores(Dossier.objects.filter(pk__in=own_ids | involved))
        mine = [s for s in scores if s.dossier_id in own_ids]
        unit = UnitScore(agency.pk, agency.short_name or agency.name, len(mine), averages(mine))
        unit.indicators[2] = average([s.by_agency[agency.pk] for s in scores if agency.pk in s.by_agency])
        unit.indicators.update(unit_indicators(agency, period))
        unit.indicators = dict(sorted(unit.indicators.items()))
        unit.classification = agency_class(unit.total)
        unit.satisfaction = ratings.get(agency.pk, {})
        out.append(unit)
    out.sort(key=lambda u: (-u.total, u.label))
    return out


def _ratings(q: Q, period: Period, key: str) -> dict[int, dict[str, int]]:
    """Satisfaction answers given in the period, per agency or officer: counts by score."""
    from motcua.feedback.models import Rating

    rows = Rating.objects.filter(q, created_at__date__gte=period.start, created_at__date__lte=period.end)
    out: dict[int, Counter[str]] = defaultdict(Counter)
    for owner, value in rows.values_list(key, "score"):
        out[owner][value] += 1
    return {k: dict(v) for k, v in out.items()}


def agency_procedures(agency: Agency, day: dt.date) -> QuerySet[ProcedureVersion]:
    """Published procedure versions the agency implements, in force on `day`."""
    return ProcedureVersion.objects.filter(agencies=agency, status=VersionStatus.PUBLISHED).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def indicator_9(*, online_share: Decimal, dossier_share: Decimal, offered: bool, online_late: int) -> int:
    """≥ 20 % of procedures partly/fully online, ≥ 30 % of dossiers online, none late → 2; online
    service offered, ≥ 15 % of dossiers online, none late → 1; otherwise 0."""
    if online_late:
        return 0
    if online_share >= 20 and dossier_share >= 30:
        return 2
    return 1 if offered and dossier_share >= 15 else 0


def indicator_8(agency: Agency, period: Period) -> int:
    """Feedback handling: none, or all on time (none prolonged: motcua has no extension) → 2;
    ≥ 90 % on time → 1; otherwise 0. On time: every stage within its limit, and none open past it."""
    from motcua.feedback.pakn_selectors import pakn_period_figures

    from .index766 import period_end_moment

    figures = pakn_period_figures(
        agency_ids={agency.pk}, start=period.start, end=period.report_date(), now=period_end_moment(period)
    )
    if not figures.total or figures.late == 0:
        return 2
    return 1 if Decimal(figures.on_time) * 100 >= Decimal(figures.total) * 90 else 0


def unit_indicators(agency: Agency, period: Period) -> dict[int, Decimal]:
    """Indicators 5, 6, 8, 9 of one agency (what motcua cannot see is in `evaluation.NOTES`)."""
    end = period.report_date()
    procedures = agency_procedures(agency, end)
    offered = procedures.count()
    at_desk = procedures.filter(accepts_counter=True).count()
    online = procedures.filter(online_level__in=[OnlineLevel.PARTIAL, OnlineLevel.FULL]).count()
    facts = DossierFact.objects.filter(competent_agency_id=agency.pk)
    received = facts.filter(received_on__gte=period.start, received_on__lte=end)
    online_late = facts.filter(channel="online").filter(condition("H", period.start, end)).count()
    nine = indicator_9(
        online_share=rate(online, offered) or Decimal(0),
        dossier_share=rate(received.filter(channel="online").count(), received.count()) or Decimal(0),
        offered=bool(online),
        online_late=online_late,
    )
    return {
        5: Decimal(1 if offered and at_desk == offered else 0),
        6: Decimal(1 if offered else 0),
        8: Decimal(indicator_8(agency, period)),
        9: Decimal(nine),
    }
