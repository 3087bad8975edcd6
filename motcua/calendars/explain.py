"""Explanations of due dates: a JSON dict built from the calendar once, rendered from the dict alone.

The dict stores everything the text needs (names, legal bases, times as ISO strings), so
re-rendering a stored explanation gives the same text whatever the calendar says today
(deadlines.md §8). Building may loop over days; the hot path (`explain=False`) never calls it.

Layout of the dict (schema 1): version, channel, unit, value, minutes, start, clock_start,
start_rule, segments (counted days, compressed runs of full days, skipped runs, pauses), events
(pause, restart, reschedule), clock_end, due_date, due_at, and history (earlier computations).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .render import explain_render
from .workingtime import CLOSED_KINDS, DAY_US, HOLIDAY, US_PER_MINUTE, WORKING_SATURDAY, WorkingTime, local

__all__ = ["explain_render", "explanation_build", "skip_runs", "segments_build", "start_rule"]

Json = dict[str, Any]
_ONE_DAY = dt.timedelta(days=1)


def hhmm(at: dt.datetime) -> str:
    return f"{at.hour:02d}:{at.minute:02d}" if not at.second else f"{at.hour:02d}:{at.minute:02d}:{at.second:02d}"


def start_rule(wt: WorkingTime, start: dt.datetime) -> Json:
    """Why the clock starts where it does (deadlines.md §4), as a code plus the day's name."""
    at = local(start)
    day = at.date()
    if not wt.is_working_day(day):
        special = wt.special_days.get(day)
        if special is not None and special[0] in CLOSED_KINDS:
            return {"code": special[0], "name": special[1], "legal_basis": special[2]}
        return {"code": "saturday" if day.weekday() == 5 else "weekend"}
    minute = (at.hour * 3600 + at.minute * 60 + at.second + at.microsecond / 1_000_000) / 60
    periods = wt.periods
    if minute < periods[0][0]:
        return {"code": "before_opening"}
    if minute >= periods[-1][1]:
        return {"code": "after_closing"}
    if any(end <= minute < following[0] for (_, end), following in zip(periods, periods[1:], strict=False)):
        return {"code": "break"}
    return {"code": "in_hours"}


def _skip_reason(wt: WorkingTime, day: dt.date) -> tuple[str, str, str]:
    special = wt.special_days.get(day)
    if special is not None and special[0] in CLOSED_KINDS:
        return special
    return ("weekend", "", "")


def _merged_name(run: Json, reason: tuple[str, str, str]) -> str | None:
    """The run's label if `reason` can join it: same kind (and legal basis, except for holidays), and
    one name inside the other or a shared ending of two words or more ("Giao thừa Tết Nguyên đán" …
    "Mùng bốn Tết Nguyên đán" become one "Tết Nguyên đán" run; a holiday and its "(nghỉ bù)" day
    become one run)."""
    kind, name, basis = reason
    if run["reason"] != kind or (kind != HOLIDAY and run.get("legal_basis", "") != basis):
        return None
    current = str(run.get("name", ""))
    if current in name:
        return current
    if name in current:
        return name
    shared: list[str] = []
    for mine, theirs in zip(reversed(current.split()), reversed(name.split()), strict=False):
        if mine != theirs:
            break
        shared.insert(0, mine)
    return " ".join(shared) if len(shared) >= 2 else None


def skip_runs(wt: WorkingTime, first: dt.date, last: dt.date) -> list[Json]:
    """Runs of non-working days in [first, last], each with its reason, name and legal basis."""
    runs: list[Json] = []
    day = first
    while day <= last:
        if not wt.is_working_day(day):
            reason = _skip_reason(wt, day)
            previous = runs[-1] if runs else None
            label = None
            if previous is not None and previous["to"] == (day - dt.timedelta(days=1)).isoformat():
                label = _merged_name(previous, reason)
            if previous is not None and label is not None:
                previous["to"] = day.isoformat()
                if reason[0] != "weekend":
                    previous["name"] = label
            else:
                run: Json = {"t": "skip", "from": day.isoformat(), "to": day.isoformat(), "reason": reason[0]}
                if reason[0] != "weekend":
                    run.update(name=reason[1], legal_basis=reason[2])
                runs.append(run)
        day += dt.timedelta(days=1)
    return runs


class _Counter:
    """Walks counted working time day by day, appending day entries, runs and skips to `items`."""

    def __init__(self, wt: WorkingTime, total_minutes: int) -> None:
        self.wt, self.total, self.counted = wt, total_minutes, 0
        self.items: list[Json] = []
        self.previous: dt.date | None = None

    def count(self, first: int, last: int) -> None:
        for index in range(first // DAY_US, (last - 1) // DAY_US + 1):
            self._day(index, max(first, index * DAY_US), min(last, (index + 1) * DAY_US))

    def _day(self, index: int, a: int, b: int) -> None:
        day = self.wt.day_at(index)
        skipped = False
        if self.previous is not None and (day - self.previous).days > 1:
            skips = skip_runs(self.wt, self.previous + _ONE_DAY, day - _ONE_DAY)
            self.items.extend(skips)
            skipped = bool(skips)
        self.previous = day
        minutes = (self.counted + b - a) // US_PER_MINUTE - self.counted // US_PER_MINUTE
        self.counted += b - a
        left = self.total - self.counted // US_PER_MINUTE
        special = self.wt.special_days.get(day)
        full = b - a == DAY_US and (special is None or special[0] != WORKING_SATURDAY) and day.weekday() < 5
        last = self.items[-1] if self.items else None
        if full and not skipped and last is not None and last.get("full"):
            if last["t"] == "day":
                last.update(t="days", first=last.pop("date"), count=1)
                del last["from"], last["to"]
            last["last"], last["left"] = day.isoformat(), left
            last["count"] += 1
            return
        item: Json = {"t": "day", "date": day.isoformat(), "from": hhmm(self.wt.instant(a))}
        item.update(to=hhmm(self.wt.instant(b, end=True)), minutes=minutes, left=left, full=full)
        if special is not None and special[0] == WORKING_SATURDAY:
            item["special"] = [special[1], special[2]]
        self.items.append(item)

    def pause(self, event: Json) -> None:
        self.items.append({"t": "pause", **event})
        self.previous = None


def segments_build(
    wt: WorkingTime, start_pos: int, end_pos: int, total_minutes: int, pauses: list[tuple[int, int, Json]]
) -> list[Json]:
    """Counted days between two positions, with the skipped runs between them and the pauses.

    `pauses` are (from, to, event) in positions, sorted; time inside them is not counted.
    """
    counter = _Counter(wt, total_minutes)
    cursor = start_pos
    for pause_from, pause_to, event in pauses:
        if pause_from > cursor:
            counter.count(cursor, min(pause_from, end_pos))
        counter.pause(event)
        cursor = max(cursor, pause_to)
    if end_pos > cursor:
        counter.count(cursor, end_pos)
    return counter.items


def explanation_build(
    *,
    wt: WorkingTime,
    base: Json,
    start: dt.datetime,
    clock_start: dt.datetime,
    clock_end: dt.datetime,
    due_date: dt.date,
    due_at: dt.datetime,
) -> Json:
    """The full explanation: `base` (version, channel, unit, value, minutes and unit details) plus
    the start rule, the counted days or skipped days, and the due."""
    explanation = dict(base)
    explanation.update(
        schema=1,
        start=local(start).isoformat(),
        clock_start=clock_start.isoformat(),
        start_rule=start_rule(wt, start),
        segments=[],
        events=[],
    )
    minutes = base.get("minutes")
    if minutes is not None:
        start_pos = wt.position(clock_start)
        explanation["segments"] = segments_build(wt, start_pos, start_pos + minutes * US_PER_MINUTE, minutes, [])
    elif due_date > clock_start.date():
        target = dt.date.fromisoformat(base["target"]) if "target" in base else clock_start.date()
        explanation["segments"] = skip_runs(wt, target, due_date - dt.timedelta(days=1))
    return due_fields(explanation, clock_end=clock_end, due_date=due_date, due_at=due_at)


def due_fields(explanation: Json, *, clock_end: dt.datetime, due_date: dt.date, due_at: dt.datetime) -> Json:
    explanation.update(clock_end=clock_end.isoformat(), due_date=due_date.isoformat(), due_at=due_at.isoformat())
    return explanation
