"""Properties of the engine over random calendars and schedules (deadlines.md §10)."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.calendars.engine import TZ, WorkingTime, due_compute, due_pause, explain_render
from motcua.calendars.workingtime import DAY_OFF_IN_LIEU, HOLIDAY, LOCAL_CLOSURE, WORKING_SATURDAY

YEARS = range(2026, 2028)
FIRST, LAST = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
PROPERTY = settings(max_examples=200, deadline=None)


@st.composite
def schedules(draw: st.DrawFn) -> tuple[tuple[int, int], ...]:
    """1–3 periods totalling 480 minutes, with random gaps, inside one day."""
    count = draw(st.integers(1, 3))
    cuts = sorted(draw(st.lists(st.integers(1, 479), min_size=count - 1, max_size=count - 1, unique=True)))
    lengths = [b - a for a, b in zip([0, *cuts], [*cuts, 480], strict=True)]
    gaps = draw(st.lists(st.integers(0, 120), min_size=count - 1, max_size=count - 1))
    first = draw(st.integers(0, 24 * 60 - 481 - sum(gaps)))
    periods, start = [], first
    for length, gap in zip(lengths, [*gaps, 0], strict=True):
        periods.append((start, start + length))
        start += length + gap
    return tuple(periods)


@st.composite
def calendars(draw: st.DrawFn) -> WorkingTime:
    days = draw(st.lists(st.dates(FIRST, dt.date(2027, 12, 31)), max_size=24, unique=True))
    special = {}
    for day in days:
        if day.weekday() == 5:
            kind = draw(st.sampled_from([WORKING_SATURDAY, HOLIDAY]))
        else:
            kind = draw(st.sampled_from([HOLIDAY, DAY_OFF_IN_LIEU, LOCAL_CLOSURE]))
        special[day] = (kind, draw(st.sampled_from(["Lễ A", "Lễ B", "Bão số 3"])), "")
    return WorkingTime(special_days=special, periods=draw(schedules()), version=draw(st.integers(0, 9)), years=YEARS)


instants = st.datetimes(
    min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 12, 31, 23, 59), timezones=st.just(TZ)
).map(lambda at: at.replace(second=0, microsecond=0))
durations = st.integers(0, 480 * 25)


def _minute_of_day(at: dt.datetime) -> float:
    return at.hour * 60 + at.minute + at.second / 60


@PROPERTY
@given(calendars(), instants, st.integers(1, 480 * 25))
def test_the_end_is_always_inside_working_time(wt, start, minutes):
    end = wt.add_minutes(start, minutes)
    assert wt.is_working_day(end.date())
    assert any(a < _minute_of_day(end) <= b for a, b in wt.periods)


@PROPERTY
@given(calendars(), instants)
def test_the_normalised_start_is_a_working_moment(wt, start):
    clock_start = wt.normalise(start)
    assert clock_start >= start
    assert wt.is_working_day(clock_start.date())
    assert any(a <= _minute_of_day(clock_start) < b for a, b in wt.periods)
    assert wt.minutes_between(start, clock_start) == 0


@PROPERTY
@given(calendars(), instants, durations, durations)
def test_adding_a_then_b_equals_adding_a_plus_b(wt, start, a, b):
    stepwise = wt.add_minutes(wt.add_minutes(start, a), b)
    at_once = wt.add_minutes(start, a + b)
    assert wt.position(stepwise) == wt.position(at_once)
    if b > 0:
        assert stepwise == at_once


@PROPERTY
@given(calendars(), instants, instants, durations)
def test_a_later_start_never_gives_an_earlier_end(wt, first, second, minutes):
    early, late = sorted([first, second])
    assert wt.add_minutes(early, minutes) <= wt.add_minutes(late, minutes)
    for unit in ("working_days", "same_day", "calendar_days"):
        value = minutes // 480
        assert (
            due_compute(wt=wt, start=early, value=value, unit=unit, explain=False).due_at
            <= due_compute(wt=wt, start=late, value=value, unit=unit, explain=False).due_at
        )


@PROPERTY
@given(calendars(), instants, durations)
def test_minutes_between_inverts_add_minutes(wt, start, minutes):
    clock_start = wt.normalise(start)
    assert wt.minutes_between(clock_start, wt.add_minutes(clock_start, minutes)) == minutes
    assert wt.minutes_between(wt.add_minutes(clock_start, minutes), clock_start) == 0


@st.composite
def paused_dues(draw: st.DrawFn):
    wt = draw(calendars())
    unit = draw(st.sampled_from(["working_days", "working_hours"]))
    value = draw(st.integers(1, 20)) if unit == "working_days" else draw(st.integers(1, 60))
    due = due_compute(wt=wt, start=draw(instants), value=value, unit=unit)
    pauses = []
    running_since = due.clock_start
    for _ in range(draw(st.integers(1, 3))):
        # A pause starts while the clock still runs, after the previous one, and lasts up to ten working days.
        offset = draw(st.integers(0, wt.minutes_between(running_since, due.clock_end) - 1))
        paused_from = wt.add_minutes(running_since, offset)
        resumed_at = wt.add_minutes(paused_from, draw(st.integers(0, 4800)))
        before = due
        due = due_pause(wt=wt, due=due, paused_from=paused_from, resumed_at=resumed_at, actor="A", document="D")
        pauses.append((before, paused_from, resumed_at))
        running_since = wt.normalise(resumed_at)
    return wt, due, pauses


@PROPERTY
@given(paused_dues())
def test_a_pause_moves_the_due_later_by_exactly_the_paused_time(case):
    wt, due, pauses = case
    for before, _paused_from, _resumed_at in pauses:
        assert before.due_at <= due.due_at
        assert before.due_date <= due.due_date
    first, *_ = pauses
    paused_total = sum(event["minutes"] for event in due.explanation["events"])
    assert wt.minutes_between(first[0].clock_start, due.clock_end) == first[0].minutes + paused_total


@PROPERTY
@given(paused_dues())
def test_counted_minutes_sum_to_the_duration_and_pauses_to_the_paused_time(case):
    wt, due, pauses = case
    segments = due.explanation["segments"]
    counted = sum(s["minutes"] * s.get("count", 1) for s in segments if s["t"] in ("day", "days"))
    paused = sum(s["minutes"] for s in segments if s["t"] == "pause")
    assert counted == due.minutes
    assert paused == sum(event["minutes"] for event in due.explanation["events"] if event["minutes"])
    assert [s["left"] for s in segments if s["t"] in ("day", "days")][-1] == 0


@PROPERTY
@given(calendars(), instants, st.integers(1, 30), st.sampled_from(["vi", "en"]))
def test_a_stored_explanation_renders_the_same_without_the_calendar(wt, start, value, lang):
    due = due_compute(wt=wt, start=start, value=value, unit="working_days", channel="online")
    stored = json.loads(json.dumps(due.explanation))
    text = explain_render(stored, lang)
    assert text == explain_render(due.explanation, lang)
    assert text.splitlines()[-1].endswith(f"{due.explanation['version']})")


@PROPERTY
@given(calendars(), instants, st.integers(0, 59_999_999), st.integers(0, 40))
def test_whole_working_days_match_the_general_arithmetic(wt, start, microseconds, days):
    start += dt.timedelta(microseconds=microseconds)
    due = due_compute(wt=wt, start=start, value=days, unit="working_days", explain=False)
    assert due.clock_end == wt.add_minutes(start, days * 480)
    assert due.due_at == wt.closing(due.clock_end.date())
    assert due.clock_end.tzinfo is TZ
