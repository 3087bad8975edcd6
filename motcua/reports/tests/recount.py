"""An independent recount of the period report (reports.md §2, deadlines.md §7) from the dossiers'
history, never reading `DossierFact`. Tests compare it with the fact-based report.

For each dossier it walks the append-only `HistoryEntry` rows: when it was accepted (entered
`received`), ended (entered `done`, `withdrawn` or `stopped`), was returned, and its state at the end
of the report date R. The due date that stood at R is the legal due date, except before a completed
supplement (restart or pause moved it at completion): then the first one computed at acceptance.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.conf import settings
from django.utils import timezone

from motcua.dossiers.models import Dossier

KEYS = [*"ABCDEFGHIJKLMNOP", "returned", "finished_returned"]
OPEN = {"received", "processing", "awaiting_obligation"}


def _day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def classify(dossier: Dossier, start: dt.date, end: dt.date) -> set[str]:
    """The report keys this dossier counts in for [start, end] with R = end."""
    entries = sorted(dossier.history.all(), key=lambda e: e.seq)
    accepted = next((_day(e.at) for e in entries if e.to_state == "received"), None)
    if accepted is None:
        return set()
    ended = next(((e.to_state, _day(e.at)) for e in entries if e.to_state in ("done", "withdrawn", "stopped")), None)
    returned = next((_day(e.at) for e in entries if e.to_state == "returned"), None)
    state_at_r = None
    for e in entries:
        if _day(e.at) <= end:
            state_at_r = e.to_state
    keys: set[str] = set()
    if accepted < start and not (ended and ended[1] < start):
        keys.add("A")
    if start <= accepted <= end:
        keys.add({"online": "B", "counter": "C", "postal": "D"}[dossier.channel])
    if accepted <= end and not (ended and ended[1] < start):
        keys.add("E")
    if ended and start <= ended[1] <= end:
        kind = ended[0]
        if kind == "done":
            keys |= {"I", {"early": "F", "on_time": "G", "late": "H"}[dossier.timeliness]}
            if returned and returned <= end:
                keys.add("finished_returned")
        else:
            keys.add("J" if kind == "withdrawn" else "K")
    if state_at_r == "supplement_requested":
        keys.add("N")
    elif state_at_r in OPEN:
        keys.add("L" if _due_at(dossier, entries, end) >= end else "M")
    elif state_at_r == "done":
        keys.add("O")
    if returned and start <= returned <= end:
        keys.add("returned")
        if dossier.return_method == "post":
            keys.add("P")
    return keys


def _due_at(dossier: Dossier, entries: list[Any], day: dt.date) -> dt.date:
    legal = dossier.due_date if settings.MOTCUA.get("CLASSIFY_AGAINST_RESCHEDULED") else dossier.legal_due_date
    assert legal is not None
    completed = [e for e in entries if e.action == "complete_supplement"]
    if completed and _day(completed[-1].at) > day:
        return dossier.original_due_date or legal
    return legal


def recount(start: dt.date, end: dt.date, dossiers: Any = None) -> tuple[dict[str, int], dict[str, set[str]]]:
    """(counts per key, dossier codes per key)."""
    counts: Counter[str] = Counter()
    codes: dict[str, set[str]] = {k: set() for k in KEYS}
    for dossier in (dossiers if dossiers is not None else Dossier.objects.all()).prefetch_related("history"):
        for key in classify(dossier, start, end):
            counts[key] += 1
            codes[key].add(dossier.code or "")
    return {k: counts[k] for k in KEYS}, codes
