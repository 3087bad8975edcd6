"""The deadline engine: every date of a dossier or step is computed here (deadlines.md).

Pure and stdlib only (no Django): callers pass a `WorkingTime` (built by
`motcua.calendars.selectors.working_time_for`, or directly in tests and benchmarks) and get a
`Due` with a JSON explanation. Counting follows §5: N working days = N × 480 working minutes from
the normalised start; `due_date` is the date the count runs out and `due_at` that day's closing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from .explain import due_fields, explanation_build, segments_build, skip_runs
from .render import explain_render
from .workingtime import DAY_MINUTES, DEFAULT_PERIODS, TZ, US_PER_MINUTE, WorkingTime, local

__all__ = [
    "DEFAULT_PERIODS",
    "TZ",
    "UNITS",
    "Due",
    "WorkingTime",
    "apology_last_moment",
    "classify_finished",
    "classify_open",
    "classify_step",
    "due_compute",
    "due_pause",
    "due_reschedule",
    "due_restart",
    "explain_render",
    "is_due_soon",
    "overrun_minutes",
    "overrun_text",
    "step_due",
    "transfer_due",
]

WORKING_DAYS, WORKING_HOURS, SAME_DAY = "working_days", "working_hours", "same_day"
CALENDAR_DAYS, CALENDAR_MONTHS = "calendar_days", "calendar_months"
UNITS = (WORKING_DAYS, WORKING_HOURS, SAME_DAY, CALENDAR_DAYS, CALENDAR_MONTHS)
MINUTES_PER_UNIT = {WORKING_DAYS: DAY_MINUTES, WORKING_HOURS: 60}
Number = Decimal | int | float
_ONE_DAY = dt.timedelta(days=1)
_DAY_DELTAS = [dt.timedelta(days=days) for days in range(400)]


@functools.lru_cache(maxsize=64)
def _hhmm(time: dt.time) -> str:
    return f"{time.hour:02d}:{time.minute:02d}"


def _day_delta(days: int) -> dt.timedelta:
    return _DAY_DELTAS[days] if days < len(_DAY_DELTAS) else dt.timedelta(days=days)


@dataclass(frozen=True, slots=True)
class Due:
    start: dt.datetime  # raw start
    clock_start: dt.datetime  # normalised start
    clock_end: dt.datetime  # the instant the count runs out (closing of due_date for calendar units)
    due_date: dt.date
    due_at: dt.datetime
    minutes: int | None  # working minutes for day/hour units, None for same-day and calendar units
    explanation: dict  # JSON-serialisable, see explain.py


_SET = tuple(getattr(Due, name).__set__ for name in Due.__dataclass_fields__)


def _due(
    start: dt.datetime,
    clock_start: dt.datetime,
    clock_end: dt.datetime,
    due_date: dt.date,
    due_at: dt.datetime,
    minutes: int | None,
    explanation: dict,
) -> Due:
    """`Due(...)` at half the cost of the frozen dataclass's __init__ (the B5 hot path)."""
    due = object.__new__(Due)
    _SET[0](due, start)
    _SET[1](due, clock_start)
    _SET[2](due, clock_end)
    _SET[3](due, due_date)
    _SET[4](due, due_at)
    _SET[5](due, minutes)
    _SET[6](due, explanation)
    return due


_amounts: dict[int, dict[Number, tuple[int, str]]] = {DAY_MINUTES: {}, 60: {}, 1: {}}


def _amount(value: Number, factor: int) -> tuple[int, str]:
    """(value × factor as an exact, non-negative whole number, value as text), memoised: a province
    has a few dozen distinct durations, and Decimal arithmetic is the slowest step of the hot path."""
    known = _amounts[factor]
    cached = known.get(value)
    if cached is not None:
        return cached
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise ValueError(f"a duration must be a number, not {value!r}")
    exact = Decimal(str(value)) * factor
    if exact != exact.to_integral_value():
        raise ValueError(f"{value} × {factor} is not a whole number")
    if exact < 0:
        raise ValueError("a duration cannot be negative")
    text = format(Decimal(str(value)), "f")
    result = int(exact), text.rstrip("0").rstrip(".") if "." in text else text
    if len(known) < 10_000:
        known[value] = result
    return result


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the end of the month (31/01 + 1 → 28 or 29/02)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_compute(
    *,
    wt: WorkingTime,
    start: dt.datetime,
    value: Number,
    unit: str,
    channel: str = "counter",
    same_day_cutoff: dt.time = dt.time(15, 0),
    explain: bool = True,
) -> Due:
    """The due of a duration started at `start` (deadlines.md §3-5).

    `explain=False` skips the day-by-day explanation (the stored dict then only carries version,
    channel, unit and value, which pauses and restarts need).
    """
    if start.tzinfo is not TZ:
        start = local(start)
    start_pos, in_hours = wt.locate(start)
    clock_start = start if in_hours else wt.instant(start_pos)
    factor = MINUTES_PER_UNIT.get(unit)
    base: dict[str, Any] = {"version": wt.version, "channel": channel, "unit": unit, "value": ""}
    if type(channel) is not str or type(unit) is not str:  # e.g. TextChoices members: store plain strings
        base["channel"], base["unit"] = str(channel), str(unit)
    if factor is not None:
        minutes: int | None
        minutes, base["value"] = _amount(value, factor)
        if minutes and not minutes % DAY_MINUTES:
            clock_end, due_at = wt.finish_days(clock_start, start_pos, minutes // DAY_MINUTES)
        elif minutes:
            clock_end, due_at = wt.finish(start_pos + minutes * US_PER_MINUTE)
        else:
            clock_end = clock_start
            due_at = wt.closing(clock_start.date())
        due_date = clock_end.date()
        if unit == WORKING_HOURS:
            due_at = clock_end
    else:
        minutes = None
        due_date, due_at = _calendar_due(wt, clock_start, value, unit, same_day_cutoff, base, explain)
        clock_end = due_at
    base["minutes"] = minutes
    if explain:
        explanation = explanation_build(
            wt=wt,
            base=base,
            start=start,
            clock_start=clock_start,
            clock_end=clock_end,
            due_date=due_date,
            due_at=due_at,
        )
    else:
        explanation = base
    return _due(start, clock_start, clock_end, due_date, due_at, minutes, explanation)


def _calendar_due(
    wt: WorkingTime,
    clock_start: dt.datetime,
    value: Number,
    unit: str,
    cutoff: dt.time,
    base: dict[str, Any],
    explain: bool,
) -> tuple[dt.date, dt.datetime]:
    """Due date and time of the same-day and calendar units; records the unit's details in `base`."""
    day = clock_start.date()
    if unit == SAME_DAY:  # the value is not used: "trong ngày" has no amount
        after = clock_start.time() > cutoff
        base["value"], base["cutoff"], base["after_cutoff"] = "", _hhmm(cutoff), after
        return wt.first_working_day(day + _ONE_DAY if after else day)
    if unit not in (CALENDAR_DAYS, CALENDAR_MONTHS):
        raise ValueError(f"unknown duration unit {unit!r}; expected one of {UNITS}")
    amount, base["value"] = _amount(value, 1)
    target = day + (_day_delta(amount) if unit == CALENDAR_DAYS else _add_months(day, amount) - day)
    due_date, due_at = wt.first_working_day(target)
    if explain:
        base["target"], base["moved"] = target.isoformat(), due_date != target
    return due_date, due_at


def _event(kind: str, reason: str, actor: str, document: str, **fields: Any) -> dict[str, Any]:
    """An event of the explanation; empty reason, actor or document are left out."""
    event: dict[str, Any] = {"type": kind, **fields}
    if reason:
        event["reason"] = reason
    if actor:
        event["actor"] = actor
    if document:
        event["document"] = document
    return event


def due_restart(
    *,
    wt: WorkingTime,
    due: Due,
    value: Number,
    unit: str,
    restarted_at: dt.datetime,
    reason: str = "",
    actor: str = "",
    document: str = "",
    same_day_cutoff: dt.time = dt.time(15, 0),
) -> Due:
    """Supplement under `restart` (Decree 61 Art. 19.4): the full duration runs again from
    `restarted_at`; the earlier computation moves into the explanation's history."""
    old = dict(due.explanation or {})
    history = list(old.pop("history", []))
    channel = old.get("channel", "counter")
    new = due_compute(
        wt=wt, start=restarted_at, value=value, unit=unit, channel=channel, same_day_cutoff=same_day_cutoff
    )
    event = _event("restart", reason, actor, document, at=local(restarted_at).isoformat())
    explanation = dict(new.explanation, history=[*history, old], events=[event])
    return replace(new, explanation=explanation)


def _infer_unit(wt: WorkingTime, due: Due) -> str:
    if due.minutes is None:
        return CALENDAR_DAYS
    return WORKING_DAYS if due.due_at == wt.closing(due.due_date) else WORKING_HOURS


def due_pause(
    *,
    wt: WorkingTime,
    due: Due,
    paused_from: dt.datetime,
    resumed_at: dt.datetime,
    reason: str = "",
    actor: str = "",
    document: str = "",
) -> Due:
    """Supplement under `pause`, or an obligation pause: the due moves later by exactly the working
    time paused. Pausing a clock that has already run out changes nothing; nothing moves earlier."""
    if resumed_at < paused_from:
        raise ValueError("the clock cannot resume before it was paused")
    locate = wt.locate
    end_pos = locate(due.clock_end)[0]
    from_pos = locate(paused_from if paused_from > due.clock_start else due.clock_start)[0]
    to_pos = max(locate(resumed_at)[0], from_pos)
    paused = to_pos - from_pos if from_pos < end_pos else 0
    old = due.explanation or {}
    if paused and any(a < to_pos and from_pos < b for a, b, _event in _pauses(wt, old)):
        raise ValueError("this pause overlaps an earlier one")
    event = _event("pause", reason, actor, document, minutes=paused // US_PER_MINUTE)
    event["from"], event["to"] = local(paused_from).isoformat(), local(resumed_at).isoformat()
    explanation = {**old, "events": [*old.get("events", ()), event]}
    clock_end, due_date, due_at = due.clock_end, due.due_date, due.due_at
    if paused:
        if (old.get("unit") or _infer_unit(wt, due)) == WORKING_HOURS:
            clock_end = moved = wt.instant(end_pos + paused, end=True)
        else:
            clock_end, moved = wt.finish(end_pos + paused)
        if moved > due_at:
            due_date, due_at = moved.date(), moved
    if "segments" in explanation:
        _resegment(wt, explanation, due, wt.position(due.clock_start), wt.position(clock_end))
        due_fields(explanation, clock_end=clock_end, due_date=due_date, due_at=due_at)
    return _due(due.start, due.clock_start, clock_end, due_date, due_at, due.minutes, explanation)


def _pauses(wt: WorkingTime, explanation: dict[str, Any]) -> list[tuple[int, int, dict[str, Any]]]:
    """The recorded pauses that moved the due, as (from, to) positions with their event, in order."""
    events = explanation.get("events")
    if not events:
        return []
    pauses = [
        (wt.position(dt.datetime.fromisoformat(e["from"])), wt.position(dt.datetime.fromisoformat(e["to"])), e)
        for e in events
        if e.get("type") == "pause" and e.get("minutes")
    ]
    return sorted(pauses, key=lambda pause: pause[0])


def _resegment(wt: WorkingTime, explanation: dict[str, Any], due: Due, start_pos: int, end_pos: int) -> None:
    """Counted days again from the clock start to the new end, around every pause so far."""
    pauses = _pauses(wt, explanation)
    if due.minutes is not None:
        explanation["segments"] = segments_build(wt, start_pos, end_pos, due.minutes, pauses)
    else:
        segments = [s for s in explanation["segments"] if s.get("t") != "pause"]
        explanation["segments"] = segments + [{"t": "pause", **event} for *_, event in pauses]


def due_reschedule(
    *, wt: WorkingTime, due: Due, new_date: dt.date, actor: str = "", document: str = "", reason: str = ""
) -> Due:
    """Apology (Mẫu 04): a later working day is shown to the applicant, due at its closing."""
    if new_date <= due.due_date:
        raise ValueError("the new date must be later than the current due date")
    if not wt.is_working_day(new_date):
        raise ValueError("the new date must be a working day")
    due_at = wt.closing(new_date)
    event = _event("reschedule", reason, actor, document)
    event.update({"from": due.due_date.isoformat(), "to": new_date.isoformat()})
    explanation = dict(due.explanation or {})
    explanation["events"] = [*explanation.get("events", []), event]
    if "start" in explanation:
        explanation.update(due_date=new_date.isoformat(), due_at=due_at.isoformat())
    return replace(due, due_date=new_date, due_at=due_at, explanation=explanation)


def apology_last_moment(*, wt: WorkingTime, due_date: dt.date) -> dt.datetime:
    """An apology must be recorded by closing on the working day before the due date (E17)."""
    return wt.closing(wt.previous_working_day(due_date))


def step_due(*, wt: WorkingTime, start: dt.datetime, budget_minutes: int) -> dt.datetime:
    """A process step is due `budget_minutes` working minutes after it starts (E18)."""
    return wt.add_minutes(start, budget_minutes)


def transfer_due(
    *, wt: WorkingTime, accepted_at: dt.datetime, cutoff: dt.time = dt.time(15, 0), next_day_offset_minutes: int = 60
) -> dt.datetime:
    """Paper hand-over from the desk (E20): accepted by the cut-off → closing the same day; later →
    opening of the next working day plus the offset (08:00 by default)."""
    start = wt.normalise(accepted_at)
    if start.time() <= cutoff:
        return wt.closing(start.date())
    return wt.add_minutes(wt.opening(wt.next_working_day(start.date())), next_day_offset_minutes)


def classify_finished(*, end: dt.datetime, due_date: dt.date) -> str:
    """ "early", "on_time" or "late" by comparing local dates (deadlines.md §7)."""
    end_date = local(end).date()
    return "early" if end_date < due_date else "on_time" if end_date == due_date else "late"


def classify_open(*, due_date: dt.date, on: dt.date) -> str:
    """An open dossier at report date `on`: "within" the deadline or "overdue"."""
    return "within" if due_date >= on else "overdue"


def classify_step(*, end: dt.datetime, due_at: dt.datetime) -> str:
    """The control sheet's result column: the date rule of §7 applied to a step."""
    return classify_finished(end=end, due_date=local(due_at).date())


def overrun_minutes(*, wt: WorkingTime, due_at: dt.datetime, end: dt.datetime) -> int:
    """Working minutes from `due_at` to `end`; 0 when not late."""
    return wt.minutes_between(due_at, end)


def overrun_text(minutes: int, lang: str = "vi") -> str:
    """ "trễ X ngày Y giờ" with X whole 8-hour days (deadlines.md §7); minutes shown when not whole."""
    days, rest = divmod(max(0, minutes), DAY_MINUTES)
    hours, spare = divmod(rest, 60)
    if lang == "en":
        text = f"late {days} day{'s' * (days != 1)} {hours} hour{'s' * (hours != 1)}"
        return text + (f" {spare} minute{'s' * (spare != 1)}" if spare else "")
    return f"trễ {days} ngày {hours} giờ" + (f" {spare} phút" if spare else "")


def is_due_soon(*, wt: WorkingTime, due_date: dt.date, today: dt.date) -> bool:
    """Due today or on the next working day (staff list and reminders)."""
    return due_date == today or due_date == wt.next_working_day(today)


def skipped_days(*, wt: WorkingTime, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """Runs of non-working days in [first, last] with their reasons (for screens listing a calendar)."""
    return skip_runs(wt, first, last)
