"""Dossier-level indicators 1, 2, 3, 4 and 7 of Circular 01/2018 Art. 13–15 (reports.md §4).

Each finished dossier scores 2 / 1 / 0 per indicator. Indicator 2 is scored per agency involved
(the competent agency and every coordinating agency that held a step); the dossier's own value is
the same rule over all its steps, so one late agency makes it 0. Only dossiers that finished in the
period (column I of the period report: entering `done`, by finish date; `returned` ones included)
are scored.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from motcua.dossiers.choices import IntakeOutcome, TaskStatus
from motcua.dossiers.models import Dossier, IntakeAttempt, Participation, SupplementRequest, Task

from .columns import condition
from .models import DossierFact
from .periods import Period
from .scope import Scope

DOSSIER_INDICATORS = (1, 2, 3, 4, 7)
# A counter guidance note counts as a contact of a later dossier of the same applicant ID and
# procedure when it was issued at most this many days before acceptance (to confirm).
GUIDANCE_WINDOW_DAYS = 60


@dataclass
class DossierScore:
    """Indicators 1, 2, 3, 4, 7 of one dossier; `by_agency` is indicator 2 per agency involved."""

    dossier_id: int
    code: str
    scores: dict[int, int]
    by_agency: dict[int, int] = field(default_factory=dict)
    contacts: int = 0

    @property
    def total(self) -> int:
        return sum(self.scores.values())


def score_timeliness(timeliness: str) -> int:
    """Indicator 1: early → 2, on time → 1, late (or unclassified) → 0."""
    return {"early": 2, "on_time": 1}.get(timeliness, 0)


def score_steps(timelinesses: Iterable[str]) -> int:
    """Indicator 2 for one agency's finished steps: all early → 2, none late → 1, any late → 0."""
    values = [t for t in timelinesses if t]
    if "late" in values:
        return 0
    return 2 if values and all(t == "early" for t in values) else 1


def score_contacts(contacts: int) -> int:
    """Indicator 3: no contact → 2, one → 1, more → 0."""
    return 2 if contacts == 0 else 1 if contacts == 1 else 0


def score_channels(channel: str, return_method: str, referrals: int = 0) -> int:
    """Indicator 4: nobody visited (online or post, both ways) → 2; only the desk → 1; recorded
    referrals to other agencies → 0 (motcua records none yet, so `referrals` is 0)."""
    if referrals:
        return 0
    return 2 if channel in ("online", "postal") and return_method in ("online", "post") else 1


def score_attitude(timeliness: str, founded_complaint: bool = False) -> int:
    """Indicator 7: early and no complaint → 2, on time and no complaint → 1, founded complaint → 0.

    A late dossier scores 0 too: the 2 and 1 conditions both need the dossier in time."""
    if founded_complaint:
        return 0
    return score_timeliness(timeliness)


def finished_facts(scope: Scope, period: Period) -> QuerySet[DossierFact]:
    """The report facts of the dossiers finished in the period (column I), within `scope`."""
    return DossierFact.objects.filter(scope.q()).filter(condition("I", period.start, period.report_date()))


def finished_dossiers(scope: Scope, period: Period) -> QuerySet[Dossier]:
    return Dossier.objects.filter(pk__in=finished_facts(scope, period).values("dossier_id"))


def involved_finished(agency_ids: set[int], period: Period) -> QuerySet[Dossier]:
    """Dossiers finished in the period in which one of `agency_ids` held a step or took part as a
    coordinating agency (indicator 2 counts coordinating agencies too)."""
    facts = DossierFact.objects.filter(condition("I", period.start, period.report_date()))
    took_part = Participation.objects.filter(agency_id__in=agency_ids).values("dossier_id")
    held = Task.objects.filter(agency_id__in=agency_ids, status=TaskStatus.DONE).values("dossier_id")
    return Dossier.objects.filter(pk__in=facts.values("dossier_id")).filter(Q(pk__in=took_part) | Q(pk__in=held))


def step_scores(dossier_ids: list[int], competent: dict[int, int]) -> dict[int, dict[int, int]]:
    """Indicator 2 per dossier and agency: the competent agency and every agency with a finished step
    or a coordinating participation (a participation's own classification counts as one step)."""
    steps: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for pk, agency_id in competent.items():
        steps[pk][agency_id]
    tasks = Task.objects.filter(dossier_id__in=dossier_ids, status=TaskStatus.DONE)
    for dossier_id, agency_id, timeliness in tasks.values_list("dossier_id", "agency_id", "timeliness"):
        steps[dossier_id][agency_id].append(timeliness)
    for dossier_id, agency_id, timeliness in Participation.objects.filter(
        dossier_id__in=dossier_ids, role="coordinating"
    ).values_list("dossier_id", "agency_id", "timeliness"):
        steps[dossier_id][agency_id].append(timeliness)
    return {pk: {agency: score_steps(values) for agency, values in by.items()} for pk, by in steps.items()}


def dossier_scores(dossiers: QuerySet[Dossier]) -> list[DossierScore]:
    """Indicators 1, 2, 3, 4, 7 of each dossier (a few grouped queries, no per-dossier query)."""
    rows = list(
        dossiers.order_by("pk").values_list(
            "pk",
            "code",
            "timeliness",
            "channel",
            "return_method",
            "completion_returns",
            "id_number",
            "procedure_version__procedure_id",
            "received_at",
            "competent_agency_id",
        )
    )
    ids = [r[0] for r in rows]
    by_agency = step_scores(ids, {r[0]: r[9] for r in rows})
    supplements: dict[int, int] = defaultdict(int)
    for dossier_id in SupplementRequest.objects.filter(
        dossier_id__in=ids, stage="processing", issued_at__isnull=False
    ).values_list("dossier_id", flat=True):
        supplements[dossier_id] += 1
    guided = guidance_notes([(r[0], r[6], r[7], r[8]) for r in rows])
    complained = founded_behaviour_complaints(ids)
    out = []
    for pk, code, timeliness, channel, return_method, returns, *_rest in rows:
        contacts = returns + supplements[pk] + guided.get(pk, 0)
        agencies = by_agency.get(pk, {})
        out.append(
            DossierScore(
                pk,
                code or "",
                {
                    1: score_timeliness(timeliness),
                    2: min(agencies.values()) if agencies else 1,
                    3: score_contacts(contacts),
                    4: score_channels(channel, return_method),
                    7: score_attitude(timeliness, pk in complained),
                },
                by_agency=agencies,
                contacts=contacts,
            )
        )
    return out


def founded_behaviour_complaints(dossier_ids: list[int]) -> set[int]:
    """Dossiers with a founded feedback (PAKN) about staff behaviour (indicator 7 scores them 0)."""
    from motcua.feedback.choices import FeedbackCategory
    from motcua.feedback.models import Feedback

    rows = Feedback.objects.filter(dossier_id__in=dossier_ids, category=FeedbackCategory.BEHAVIOUR, founded=True)
    return set(rows.values_list("dossier_id", flat=True))


def guidance_notes(rows: list[tuple[int, str, int, dt.datetime | None]]) -> dict[int, int]:
    """Counter guidance notes (Mẫu 02, no dossier code) for the same applicant ID and procedure in the
    `GUIDANCE_WINDOW_DAYS` before acceptance, per dossier (lifecycle.md §1: contacts of indicator 3).

    `rows` are (dossier id, applicant ID number, procedure id, accepted at). Refusals (Mẫu 03) are not
    counted: the applicant was ineligible, not asked to complete the dossier."""
    rows = [r for r in rows if r[1] and r[3]]
    if not rows:
        return {}
    window = dt.timedelta(days=GUIDANCE_WINDOW_DAYS)
    earliest = min(r[3] for r in rows if r[3]) - window
    attempts = IntakeAttempt.objects.filter(
        outcome=IntakeOutcome.GUIDED, at__gte=earliest, id_number__in={r[1] for r in rows}
    ).values_list("id_number", "procedure_version__procedure_id", "at")
    by_key: dict[tuple[str, int], list[dt.datetime]] = defaultdict(list)
    for id_number, procedure_id, when in attempts:
        by_key[(id_number, procedure_id)].append(when)
    found: dict[int, int] = {}
    for pk, id_number, procedure_id, received in rows:
        assert received is not None
        n = sum(1 for when in by_key.get((id_number, procedure_id), []) if received - window <= when < received)
        if n:
            found[pk] = n
    return found
