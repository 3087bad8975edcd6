"""The nine evaluation indicators of Circular 01/2018 Art. 13–15 (reports.md §4).

Dossier indicators 1, 2, 3, 4 and 7 score each finished dossier 2 / 1 / 0; an officer's and an
agency's score is the average per indicator rounded to 0.1 half-up. Unit indicators 5, 6, 8 and 9
are computed once per agency and period. Where motcua holds no data for a condition (feedback
arrives with the office-floor module; no "applicant at fault" mark; posting at the desk) the rule
used is written in `NOTES` and shown on the page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.choices import OnlineLevel, VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier, IntakeAttempt, SupplementRequest, Task
from motcua.org.models import Agency

from .columns import condition
from .models import DossierFact
from .periods import Period
from .rates import rate, score
from .scope import Scope

DOSSIER_INDICATORS = (1, 2, 3, 4, 7)
UNIT_INDICATORS = (5, 6, 8, 9)
NOTES = {
    3: _("No 'applicant at fault' mark exists yet: every contact counts."),
    5: _("motcua does not record which procedures the unit decides itself at the desk: at most 1 point."),
    6: _("Publication at the desk (posting) is not recorded: electronic publication alone gives 1 point."),
    7: _("No feedback (PAKN) data yet: no founded complaint is assumed."),
    8: _("No feedback (PAKN) data yet: 'none' gives 2 points."),
}


@dataclass
class DossierScore:
    dossier_id: int
    code: str
    scores: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.scores.values())


def score_timeliness(timeliness: str) -> int:
    return {"early": 2, "on_time": 1}.get(timeliness, 0)


def score_steps(timelinesses: list[str]) -> int:
    """Indicator 2 for one agency's steps: all early → 2, none late → 1, any late → 0."""
    if any(t == "late" for t in timelinesses):
        return 0
    return 2 if timelinesses and all(t == "early" for t in timelinesses) else 1


def score_contacts(contacts: int) -> int:
    return 2 if contacts == 0 else 1 if contacts == 1 else 0


def score_channels(channel: str, return_method: str) -> int:
    """Indicator 4: nobody visited (online or post both ways) → 2; only the desk → 1 (referrals are not recorded)."""
    return 2 if channel in ("online", "postal") and return_method in ("online", "post") else 1


def score_attitude(timeliness: str, founded_complaint: bool = False) -> int:
    if founded_complaint:
        return 0
    return score_timeliness(timeliness)


def finished_dossiers(scope: Scope, period: Period) -> Any:
    start, end = period.start, period.report_date()
    facts = DossierFact.objects.filter(scope.q()).filter(condition("I", start, end)).values("dossier_id")
    return Dossier.objects.filter(pk__in=facts)


def dossier_scores(dossiers: Any, *, agency_id: int | None = None) -> list[DossierScore]:
    """Indicators 1, 2, 3, 4, 7 of each dossier; 2 counts `agency_id`'s steps only when given."""
    rows = list(
        dossiers.values_list(
            "pk",
            "code",
            "timeliness",
            "channel",
            "return_method",
            "completion_returns",
            "id_number",
            "procedure_version_id",
            "received_at",
        )
    )
    ids = [r[0] for r in rows]
    steps: dict[int, list[str]] = defaultdict(list)
    tasks = Task.objects.filter(dossier_id__in=ids, status="done")
    if agency_id is not None:
        tasks = tasks.filter(agency_id=agency_id)
    for dossier_id, timeliness in tasks.values_list("dossier_id", "timeliness"):
        steps[dossier_id].append(timeliness)
    supplements: dict[int, int] = defaultdict(int)
    for dossier_id in SupplementRequest.objects.filter(
        dossier_id__in=ids, stage="processing", issued_at__isnull=False
    ).values_list("dossier_id", flat=True):
        supplements[dossier_id] += 1
    guided = _guidance_notes(rows)
    out = []
    for pk, code, timeliness, channel, return_method, returns, *_rest in rows:
        contacts = returns + supplements[pk] + guided.get(pk, 0)
        out.append(
            DossierScore(
                pk,
                code,
                {
                    1: score_timeliness(timeliness),
                    2: score_steps(steps[pk]),
                    3: score_contacts(contacts),
                    4: score_channels(channel, return_method),
                    7: score_attitude(timeliness),
                },
            )
        )
    return out


def _guidance_notes(rows: list[tuple[Any, ...]]) -> dict[int, int]:
    """Counter guidance notes (Mẫu 02 before acceptance) for the same applicant ID and procedure version
    in the 60 days before acceptance: each is a contact (lifecycle.md §1)."""
    if not rows:
        return {}
    wanted = {(r[6], r[7]) for r in rows}
    earliest = min(r[8] for r in rows if r[8]) - dt.timedelta(days=60)
    attempts = IntakeAttempt.objects.filter(
        outcome="guided", at__gte=earliest, id_number__in={w[0] for w in wanted}
    ).values_list("id_number", "procedure_version_id", "at")
    by_key: dict[tuple[str, int], list[dt.datetime]] = defaultdict(list)
    for id_number, version_id, when in attempts:
        by_key[(id_number, version_id)].append(when)
    found: dict[int, int] = {}
    window = dt.timedelta(days=60)
    for row in rows:
        pk, id_number, version_id, received = row[0], row[6], row[7], row[8]
        n = sum(1 for when in by_key.get((id_number, version_id), []) if received - window <= when < received)
        if n:
            found[pk] = n
    return found


def averages(scores: list[DossierScore]) -> dict[int, Decimal | None]:
    if not scores:
        return {k: None for k in DOSSIER_INDICATORS}
    return {k: score(Decimal(sum(s.scores[k] for s in scores)) / len(scores)) for k in DOSSIER_INDICATORS}


def officer_class(total: Decimal) -> str:
    if total >= 5:
        return str(_("duties 100 per cent fulfilled"))
    if total >= Decimal("3.5"):
        return str(_("70 to under 100 per cent fulfilled"))
    return str(_("under 70 per cent fulfilled"))


def agency_class(total: Decimal) -> str:
    if total >= 15:
        return str(_("excellent"))
    if total >= 12:
        return str(_("good"))
    if total >= 9:
        return str(_("fairly good"))
    if total >= 6:
        return str(_("average"))
    return str(_("weak"))


@dataclass
class UnitScore:
    key: Any
    label: str
    dossiers: int
    indicators: dict[int, Decimal | None] = field(default_factory=dict)
    classification: str = ""

    @property
    def total(self) -> Decimal:
        return sum((v for v in self.indicators.values() if v is not None), Decimal(0))


def officers_evaluation(scope: Scope, period: Period) -> list[UnitScore]:
    """Per officer: the dossiers finished in the period that they received or whose step they finished."""
    dossiers = finished_dossiers(scope, period)
    scores = {s.dossier_id: s for s in dossier_scores(dossiers)}
    handled: dict[int, set[int]] = defaultdict(set)
    for dossier_id, user_id in Task.objects.filter(dossier__in=dossiers, finished_by__isnull=False).values_list(
        "dossier_id", "finished_by_id"
    ):
        handled[user_id].add(dossier_id)
    for dossier_id, user_id in dossiers.filter(received_by__isnull=False).values_list("pk", "received_by_id"):
        handled[user_id].add(dossier_id)
    from motcua.org.models import User

    names = {u.pk: u.full_name or u.username for u in User.objects.filter(pk__in=handled)}
    out = []
    for user_id, ids in handled.items():
        unit = UnitScore(user_id, names.get(user_id, str(user_id)), len(ids), averages([scores[i] for i in ids]))
        unit.classification = officer_class(unit.total)
        out.append(unit)
    out.sort(key=lambda u: (-u.total, u.label))
    return out


def agencies_evaluation(scope: Scope, period: Period) -> list[UnitScore]:
    ids = set(
        DossierFact.objects.filter(scope.q())
        .filter(condition("I", period.start, period.report_date()))
        .values_list("competent_agency_id", flat=True)
        .distinct()
    )
    if scope.agency_id:
        ids = {scope.agency_id}
    out = []
    for agency in Agency.objects.filter(pk__in=ids):
        unit_scope = Scope(allowed=scope.allowed, agency_id=agency.pk)
        dossiers = finished_dossiers(unit_scope, period)
        unit = UnitScore(agency.pk, agency.short_name or agency.name, dossiers.count())
        unit.indicators = {**averages(dossier_scores(dossiers, agency_id=agency.pk)), **unit_indicators(agency, period)}
        unit.indicators = dict(sorted(unit.indicators.items()))
        unit.classification = agency_class(unit.total)
        out.append(unit)
    out.sort(key=lambda u: (-u.total, u.label))
    return out


def agency_procedures(agency: Agency, day: dt.date) -> Any:
    return ProcedureVersion.objects.filter(agencies=agency, status=VersionStatus.PUBLISHED).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def unit_indicators(agency: Agency, period: Period) -> dict[int, Decimal | None]:
    end = period.report_date()
    procedures = agency_procedures(agency, end)
    offered = procedures.count()
    online = procedures.filter(online_level__in=[OnlineLevel.PARTIAL, OnlineLevel.FULL]).count()
    facts = DossierFact.objects.filter(competent_agency_id=agency.pk)
    received = facts.filter(received_on__gte=period.start, received_on__lte=end)
    total = received.count()
    online_dossiers = received.filter(channel="online").count()
    online_late = facts.filter(channel="online").filter(condition("H", period.start, end)).count()
    share_procedures = rate(online, offered) or Decimal(0)
    share_dossiers = rate(online_dossiers, total) or Decimal(0)
    if share_procedures >= 20 and share_dossiers >= 30 and not online_late:
        nine = 2
    elif online and share_dossiers >= 15 and not online_late:
        nine = 1
    else:
        nine = 0
    return {
        5: Decimal(1) if offered else Decimal(0),
        6: Decimal(1) if offered else Decimal(0),
        8: Decimal(2),
        9: Decimal(nine),
    }


def full_desk_threshold(level: str) -> int:
    return int(settings.MOTCUA_REPORTS["FULL_DESK_THRESHOLDS"].get(level, 100))
