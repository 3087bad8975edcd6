"""Reads of feedback (PAKN): scoped staff lists, the current stage and its deadline, overdue
marking, the public list of answers, and the period figures the reports need."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.core.http import parse_id
from motcua.core.text import fold
from motcua.org.selectors import visible_agency_ids

from .choices import OPEN_STATES, FeedbackCategory, FeedbackStage, FeedbackState
from .models import Feedback


def overdue_q(now: dt.datetime) -> Q:
    """Open feedback past the limit of the stage it waits in (the sender's turn never counts)."""
    return (
        Q(state=FeedbackState.RECEIVED, refuse_due__lt=now)
        | Q(state__in=(FeedbackState.ACCEPTED, FeedbackState.ASSIGNED), answer_due__lt=now)
        | Q(state=FeedbackState.ANSWERED, publish_due__lt=now)
    )


def current_stage(feedback: Feedback) -> tuple[str, dt.datetime] | None:
    if feedback.state == FeedbackState.RECEIVED:
        return FeedbackStage.REFUSE, feedback.refuse_due
    if feedback.state in (FeedbackState.ACCEPTED, FeedbackState.ASSIGNED):
        return FeedbackStage.ANSWER, feedback.answer_due
    if feedback.state == FeedbackState.ANSWERED and feedback.publish_due:
        return FeedbackStage.PUBLISH, feedback.publish_due
    return None


@dataclass(frozen=True)
class StageView:
    stage: str
    label: str
    due: dt.datetime
    overdue: bool
    soon: bool


def stage_view(feedback: Feedback, now: dt.datetime | None = None) -> StageView | None:
    from .pakn_deadlines import soon_threshold

    found = current_stage(feedback)
    if found is None:
        return None
    stage, due = found
    now = now or timezone.now()
    soon = not now > due and due <= soon_threshold(agency_id=feedback.agency_id, now=now)
    return StageView(stage, str(FeedbackStage(stage).label), due, now > due, soon)


def feedback_list_for(
    *, user: Any, filters: dict[str, str] | None = None, now: dt.datetime | None = None
) -> QuerySet[Feedback]:
    filters = filters or {}
    now = now or timezone.now()
    qs = Feedback.objects.select_related("agency", "assignee")
    ids = visible_agency_ids(user)
    if ids is not None:
        qs = qs.filter(agency_id__in=ids)
    state = filters.get("state", "")
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state in FeedbackState.values:
        qs = qs.filter(state=state)
    if filters.get("overdue") == "1":
        qs = qs.filter(overdue_q(now))
    if filters.get("category") in FeedbackCategory.values:
        qs = qs.filter(category=filters["category"])
    if (agency_id := parse_id(filters.get("agency"))) is not None:
        qs = qs.filter(agency_id=agency_id)
    text = (filters.get("q") or "").strip()[:100]
    if text:
        qs = qs.filter(Q(code__icontains=text) | Q(subject__icontains=text) | Q(sender_name__icontains=text))
    return qs.order_by("-received_at")


def feedback_get_for(*, user: Any, code: str) -> Feedback:
    found = feedback_list_for(user=user).filter(code=code.strip()[:60]).first()
    if found is None:
        raise Http404
    return found


def published_list(*, query: str = "", field_id: int | None = None) -> QuerySet[Feedback]:
    qs = Feedback.objects.filter(state__in=(FeedbackState.PUBLISHED, FeedbackState.CLOSED), published_at__isnull=False)
    if field_id:
        qs = qs.filter(field_id=field_id)
    words = fold(query).split()[:6]
    if words:
        # Matched on the folded text (accents optional); `only` without the joins of the list below.
        texts = qs.values_list("pk", "subject", "answer")
        matches = [pk for pk, subject, answer in texts if all(w in fold(f"{subject} {answer}") for w in words)]
        qs = qs.filter(pk__in=matches[:500])
    return qs.select_related("agency", "field").order_by("-published_at")


def open_and_overdue(agency_ids: set[int] | None, now: dt.datetime | None = None) -> tuple[int, int]:
    now = now or timezone.now()
    qs = Feedback.objects.filter(state__in=OPEN_STATES)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    row = qs.aggregate(open=Count("id"), overdue=Count("id", filter=overdue_q(now)))
    return int(row["open"]), int(row["overdue"])


@dataclass
class PaknFigures:
    """PAKN of a period (received in it), for evaluation indicator 8 and 766 items 5.1–5.4."""

    total: int = 0
    by_category: dict[str, int] | None = None
    handled: int = 0
    on_time: int = 0
    late: int = 0
    disliked: int = 0
    founded_behaviour_dossiers: frozenset[int] = frozenset()
    dossiers_with_feedback: frozenset[int] = frozenset()


def pakn_period_figures(
    *, agency_ids: set[int] | None, start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> PaknFigures:
    """Feedback received in [start, end]: how it was handled. `late` counts those where a stage was
    done late or that are still open past their limit at `now`."""
    now = now or timezone.now()
    qs = Feedback.objects.filter(received_at__date__gte=start, received_at__date__lte=end)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    row = qs.aggregate(
        total=Count("id"),
        handled=Count("id", filter=~Q(state__in=OPEN_STATES) | Q(state=FeedbackState.ANSWERED)),
        late=Count("id", filter=Q(late=True) | overdue_q(now)),
        disliked=Count("id", filter=Q(dislikes__gt=F("likes"))),
    )
    by_category = dict(qs.values_list("category").annotate(n=Count("id")).values_list("category", "n"))
    behaviour = qs.filter(category=FeedbackCategory.BEHAVIOUR, founded=True, dossier__isnull=False)
    return PaknFigures(
        total=row["total"],
        by_category={k or "unclassified": v for k, v in by_category.items()},
        handled=row["handled"],
        on_time=row["total"] - row["late"],
        late=row["late"],
        disliked=row["disliked"],
        founded_behaviour_dossiers=frozenset(behaviour.values_list("dossier_id", flat=True)),
        dossiers_with_feedback=frozenset(qs.filter(dossier__isnull=False).values_list("dossier_id", flat=True)),
    )
