"""Rows of the staff lists: keyset pages of 25 (no COUNT over the table) and the due-date badge.

A list is either tasks (step queues) or dossiers (state queues, search); both become `Row`s with
the dossier, the step that is running and its badge. The cursor is the last row's sort value and id,
so the next page is an index range scan however deep the officer pages.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from motcua.calendars.engine import classify_open, is_due_soon

from ..choices import State, TaskStatus
from ..deadline import wt_for
from ..models import Dossier, Task

PAGE_SIZE = 25
PAUSED_STATES = (State.SUPPLEMENT_REQUESTED, State.AWAITING_OBLIGATION)
FINISHED_STATES = (State.DONE, State.RETURNED, State.WITHDRAWN, State.STOPPED, State.NOT_ACCEPTED)


@dataclass
class Row:
    dossier: Dossier
    step: Task | None
    badge: str  # overdue | soon | ok | paused | finished | ""


@dataclass
class RowPage:
    rows: list[Row]
    next_cursor: str | None


def _sort_key(qs: QuerySet[Any]) -> tuple[str, bool]:
    order = list(qs.query.order_by) or list(qs.model._meta.ordering)
    first = str(order[0]) if order else "id"
    return first.lstrip("-"), first.startswith("-")


def _encode(value: Any, pk: int) -> str:
    text = value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
    return base64.urlsafe_b64encode(json.dumps([text, pk]).encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[Any, int] | None:
    try:
        value, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return value, int(pk)
    except (ValueError, TypeError):
        return None


def _after(field: str, value: Any, pk: int, desc: bool) -> Q:
    cmp = "lt" if desc else "gt"
    if value is None:  # nulls sort last: only later nulls remain
        return Q(**{f"{field}__isnull": True, f"id__{cmp}": pk})
    return Q(**{f"{field}__{cmp}": value}) | Q(**{field: value, f"id__{cmp}": pk}) | Q(**{f"{field}__isnull": True})


def _value(obj: Any, field: str) -> Any:
    for part in field.split("__"):
        obj = getattr(obj, part, None)
    return obj


def keyset_page(qs: QuerySet[Any], cursor: str | None, size: int = PAGE_SIZE) -> tuple[list[Any], str | None]:
    """One page after `cursor`, in the queryset's own order (first sort field, then id)."""
    field, desc = _sort_key(qs)
    if field in ("id", "pk"):
        qs = qs.order_by("-id" if desc else "id")
    else:
        order = F(field).desc(nulls_last=True) if desc else F(field).asc(nulls_last=True)
        qs = qs.order_by(order, "-id" if desc else "id")
    position = _decode(cursor) if cursor else None
    if position is not None:
        value, pk = position
        qs = qs.filter(
            Q(**{f"id__{'lt' if desc else 'gt'}": pk}) if field in ("id", "pk") else _after(field, value, pk, desc)
        )
    items = list(qs[: size + 1])
    if len(items) <= size:
        return items, None
    items = items[:size]
    last = items[-1]
    return items, _encode(None if field in ("id", "pk") else _value(last, field), last.pk)


class Badges:
    """Badge of a dossier's due date today; the calendar is loaded once, only if a row needs it."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self._wt: Any = None

    def __call__(self, dossier: Dossier) -> str:
        if dossier.state in FINISHED_STATES:
            return "finished"
        if dossier.state in PAUSED_STATES:
            return "paused"
        if dossier.due_date is None:
            return ""
        if classify_open(due_date=dossier.due_date, on=self.today) == "overdue":
            return "overdue"
        if self._wt is None:
            self._wt = wt_for(None, self.today)
        return "soon" if is_due_soon(wt=self._wt, due_date=dossier.due_date, today=self.today) else "ok"


def active_tasks_prefetch() -> Prefetch:
    running = Task.objects.filter(status=TaskStatus.ACTIVE).select_related("agency").order_by("due_at", "id")
    return Prefetch("tasks", queryset=running, to_attr="active_tasks")


def row_page(qs: QuerySet[Any], cursor: str | None, size: int = PAGE_SIZE) -> RowPage:
    """Rows for a task or dossier queryset, with a bounded number of queries whatever the page size."""
    if qs.model is Task:
        qs = qs.select_related("dossier__procedure_version__procedure", "agency")
    else:
        qs = qs.select_related("procedure_version__procedure").prefetch_related(active_tasks_prefetch())
    items, next_cursor = keyset_page(qs, cursor, size)
    badge = Badges()
    rows = []
    for item in items:
        if isinstance(item, Task):
            rows.append(Row(dossier=item.dossier, step=item, badge=badge(item.dossier)))
        else:
            running = getattr(item, "active_tasks", [])
            rows.append(Row(dossier=item, step=running[0] if running else None, badge=badge(item)))
    return RowPage(rows=rows, next_cursor=next_cursor)
