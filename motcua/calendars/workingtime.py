"""Working time of one calendar version and one schedule: pure, immutable, O(1) arithmetic.

Time is mapped onto a *position*: working-day index × one working day + working microseconds
elapsed that day. Every instant maps to the next working position (deadlines.md §4), so adding
minutes and counting minutes between instants are integer arithmetic, with no day-by-day loops.
Stdlib only: the engine must run without Django (benchmarks, property tests).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping, Sequence

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

HOLIDAY = "holiday"
DAY_OFF_IN_LIEU = "day_off_in_lieu"
WORKING_SATURDAY = "working_saturday"
LOCAL_CLOSURE = "local_closure"
DAY_KINDS = (HOLIDAY, DAY_OFF_IN_LIEU, WORKING_SATURDAY, LOCAL_CLOSURE)
CLOSED_KINDS = frozenset({HOLIDAY, DAY_OFF_IN_LIEU, LOCAL_CLOSURE})

DEFAULT_PERIODS: tuple[tuple[int, int], ...] = ((420, 690), (810, 1020))
DAY_MINUTES = 480
US_PER_MINUTE = 60_000_000
DAY_US = DAY_MINUTES * US_PER_MINUTE

SpecialDay = tuple[str, str, str]  # (kind, name_vi, legal_basis)
_timedelta = dt.timedelta
_MINUTES = [_timedelta(minutes=minute) for minute in range(24 * 60 + 1)]
_DAYS = [_timedelta(days=days) for days in range(1000)]


def check_periods(periods: Sequence[Sequence[int]]) -> tuple[tuple[int, int], ...]:
    """The periods as a tuple of (start, end) minutes after midnight, or ValueError.

    Periods must be ordered, non-empty, non-overlapping, end before midnight and total 480 minutes
    (deadlines.md §2: 8 working hours = 1 working day).
    """
    result = tuple((int(start), int(end)) for start, end in periods)
    if not result:
        raise ValueError("a schedule needs at least one working period")
    previous_end = 0
    for start, end in result:
        if not previous_end <= start < end < 24 * 60:  # a day closing at midnight would end on the next date
            raise ValueError(f"working periods must be ordered and not overlap: {result}")
        previous_end = end
    total = sum(end - start for start, end in result)
    if total != DAY_MINUTES:
        raise ValueError(f"working periods total {total} minutes; they must total {DAY_MINUTES} (8 hours)")
    return result


def local(at: dt.datetime) -> dt.datetime:
    """`at` in Asia/Ho_Chi_Minh; naive datetimes are refused (architecture.md §10)."""
    if at.tzinfo is TZ:
        return at
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"naive datetime refused: {at!r}")
    return at.astimezone(TZ)


def _minute_tables(
    periods: tuple[tuple[int, int], ...],
) -> tuple[list[tuple[int, bool]], list[dt.timedelta], list[dt.timedelta]]:
    """Lookup tables that replace loops over the periods on the hot path.

    - by minute of the day: (working µs before that minute, whether the minute is worked);
    - by working minute 0..479: its time of day as the start of a minute (13:30 for 270);
    - by working minute 0..480: its time of day as the end of a minute (11:30 for 270).
    """
    by_clock: list[tuple[int, bool]] = []
    starts: list[dt.timedelta] = []
    ends: list[dt.timedelta] = [_MINUTES[periods[0][0]]]
    worked = 0
    for start, end in periods:
        by_clock += [(worked * US_PER_MINUTE, False)] * (start - len(by_clock))
        by_clock += [((worked + n) * US_PER_MINUTE, True) for n in range(end - start)]
        starts += _MINUTES[start:end]
        ends += _MINUTES[start + 1 : end + 1]
        worked += end - start
    by_clock += [(worked * US_PER_MINUTE, False)] * (24 * 60 - len(by_clock))
    return by_clock, starts, ends


class WorkingTime:
    """Immutable working time built once per (calendar version, schedule).

    `special_days` maps a date to (kind, name_vi, legal_basis) for enabled special days only.
    Working days of `years` are precomputed as sorted ordinals with an ordinal → index table, and
    the schedule as per-minute tables, so every operation is a few lookups.
    """

    __slots__ = (
        "_base",
        "_boundaries",
        "_by_clock",
        "_closings",
        "_day_closings",
        "_days",
        "_end_offsets",
        "_midnights",
        "_next",
        "_start_offsets",
        "periods",
        "special_days",
        "version",
        "years",
    )

    def __init__(
        self,
        *,
        special_days: Mapping[dt.date, SpecialDay],
        periods: Sequence[tuple[int, int]] = DEFAULT_PERIODS,
        version: int = 0,
        years: range = range(2015, 2041),
    ) -> None:
        self.version = version
        self.years = years
        self.periods = check_periods(periods)
        self.special_days: Mapping[dt.date, SpecialDay] = dict(special_days)
        self._base = dt.date(years.start, 1, 1).toordinal()
        stop = dt.date(years.stop, 1, 1).toordinal()
        self._days: list[int] = []  # ordinals of working days, sorted
        self._next: list[int] = []  # by ordinal - base: index in _days of the first working day on or after it
        for ordinal in range(self._base, stop):
            self._next.append(len(self._days))
            if self._works(dt.date.fromordinal(ordinal)):
                self._days.append(ordinal)
        self._by_clock, self._start_offsets, self._end_offsets = _minute_tables(self.periods)
        # Working offsets within a day where a period closes (and 0): an end there is not a start.
        cumulative = [sum(end - start for start, end in self.periods[: n + 1]) for n in range(len(self.periods))]
        self._boundaries = frozenset([0, *(minutes * US_PER_MINUTE for minutes in cumulative)])
        self._midnights = [dt.datetime(d.year, d.month, d.day, tzinfo=TZ) for d in map(dt.date.fromordinal, self._days)]
        to_closing = _timedelta(minutes=self.periods[-1][1])
        self._day_closings = [midnight + to_closing for midnight in self._midnights]
        self._closings: dict[int, dt.datetime] = {}

    def _works(self, d: dt.date) -> bool:
        special = self.special_days.get(d)
        if special is not None:
            if special[0] == WORKING_SATURDAY:
                return True
            if special[0] in CLOSED_KINDS:
                return False
        return d.weekday() < 5

    def _index(self, ordinal: int) -> int:
        """Index of the first working day on or after `ordinal`."""
        offset = ordinal - self._base
        if not 0 <= offset < len(self._next):
            raise ValueError(f"{dt.date.fromordinal(ordinal)} is outside the calendar years {self.years}")
        return self._next[offset]

    def _ordinal(self, index: int) -> int:
        if not 0 <= index < len(self._days):
            raise ValueError(f"the result falls outside the calendar years {self.years}")
        return self._days[index]

    # Days ---------------------------------------------------------------------------------------

    def is_working_day(self, d: dt.date) -> bool:
        ordinal = d.toordinal()
        index = self._index(ordinal)
        return index < len(self._days) and self._days[index] == ordinal

    def next_working_day(self, d: dt.date) -> dt.date:
        """The first working day strictly after `d`."""
        return dt.date.fromordinal(self._ordinal(self._index(d.toordinal() + 1)))

    def previous_working_day(self, d: dt.date) -> dt.date:
        """The last working day strictly before `d`."""
        return dt.date.fromordinal(self._ordinal(self._index(d.toordinal()) - 1))

    def first_working_day(self, d: dt.date) -> tuple[dt.date, dt.datetime]:
        """The first working day on or after `d`, with its closing time."""
        index = self._index(d.toordinal())
        if index >= len(self._days):
            raise ValueError(f"the result falls outside the calendar years {self.years}")
        closing = self._day_closings[index]
        return closing.date(), closing

    def opening(self, d: dt.date) -> dt.datetime:
        """Start of the first period on `d` (whether or not `d` is a working day)."""
        return dt.datetime(d.year, d.month, d.day, tzinfo=TZ) + dt.timedelta(minutes=self.periods[0][0])

    def closing(self, d: dt.date) -> dt.datetime:
        """End of the last period on `d` (whether or not `d` is a working day)."""
        ordinal = d.toordinal()
        closing = self._closings.get(ordinal)
        if closing is None:
            midnight = dt.datetime(d.year, d.month, d.day, tzinfo=TZ)
            closing = self._closings[ordinal] = midnight + dt.timedelta(minutes=self.periods[-1][1])
        return closing

    def day_index(self, d: dt.date) -> int:
        """Index of the working day `d` in the precomputed list (of the next one if `d` is not working)."""
        return self._index(d.toordinal())

    def day_at(self, index: int) -> dt.date:
        return dt.date.fromordinal(self._ordinal(index))

    # Positions ----------------------------------------------------------------------------------

    def position(self, at: dt.datetime) -> int:
        """Working microseconds from the start of the calendar up to `at` (its next working moment)."""
        return self.locate(at)[0]

    def locate(self, at: dt.datetime) -> tuple[int, bool]:
        """The position of `at`, and whether `at` is a working moment (so it is its own normalised start)."""
        if at.tzinfo is not TZ:
            at = local(at)
        ordinal = at.toordinal()
        offset = ordinal - self._base
        following = self._next
        if not 0 <= offset < len(following):
            raise ValueError(f"{at.date()} is outside the calendar years {self.years}")
        index = following[offset]
        days = self._days
        if index >= len(days) or days[index] != ordinal:
            return index * DAY_US, False
        worked, inside = self._by_clock[at.hour * 60 + at.minute]
        if inside:
            return index * DAY_US + worked + at.second * 1_000_000 + at.microsecond, True
        return index * DAY_US + worked, False

    def instant(self, position: int, *, end: bool = False) -> dt.datetime:
        """The clock time of `position`; with `end`, a position at a period close stays at the close."""
        index, rest = divmod(position, DAY_US)
        minute, fraction = divmod(rest, US_PER_MINUTE)
        if fraction:
            offset = self._start_offsets[minute] + _timedelta(0, 0, fraction)
        elif end:
            if minute == 0:
                index, minute = index - 1, DAY_MINUTES
            offset = self._end_offsets[minute]
        else:
            offset = self._start_offsets[minute]
        if not 0 <= index < len(self._midnights):
            raise ValueError(f"the result falls outside the calendar years {self.years}")
        return self._midnights[index] + offset

    def finish(self, position: int) -> tuple[dt.datetime, dt.datetime]:
        """`instant(position, end=True)` and the closing of its day, in one step (the B5 hot path)."""
        index, rest = divmod(position, DAY_US)
        if rest == 0:
            index -= 1
            offset = self._end_offsets[DAY_MINUTES]
        else:
            minute, fraction = divmod(rest, US_PER_MINUTE)
            offset = self._start_offsets[minute] + _timedelta(0, 0, fraction) if fraction else self._end_offsets[minute]
        if not 0 <= index < len(self._midnights):
            raise ValueError(f"the result falls outside the calendar years {self.years}")
        return self._midnights[index] + offset, self._day_closings[index]

    def finish_days(self, clock_start: dt.datetime, position: int, days: int) -> tuple[dt.datetime, dt.datetime]:
        """`finish(position + days × one working day)` for a normalised `clock_start` at `position`.

        Whole working days keep the time of day, so most ends are the start moved by a precomputed
        number of calendar days (the B5 hot path); a start at a period boundary takes the general way.
        """
        index, rest = divmod(position, DAY_US)
        end_index = index + days
        if days <= 0 or end_index >= len(self._days):
            return self.finish(position + days * DAY_US)
        if rest == 0:  # from an opening: N whole days end at the closing of the (N-1)th following day
            closing = self._day_closings[end_index - 1]
            return closing, closing
        if rest in self._boundaries:
            return self.finish(position + days * DAY_US)
        span = self._days[end_index] - self._days[index]
        return clock_start + (_DAYS[span] if span < len(_DAYS) else _timedelta(days=span)), self._day_closings[
            end_index
        ]

    # Arithmetic ---------------------------------------------------------------------------------

    def normalise(self, at: dt.datetime) -> dt.datetime:
        """The moment the clock starts for `at` (deadlines.md §4): `at` itself inside working hours,
        else the start of the next working period."""
        return self.instant(self.position(at))

    def add_minutes(self, start: dt.datetime, minutes: int) -> dt.datetime:
        """The instant `minutes` working minutes after `start`; an end that meets a period close
        stays there (deadlines.md §5). Zero minutes gives the normalised start."""
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        return self.instant(self.position(start) + minutes * US_PER_MINUTE, end=minutes > 0)

    def minutes_between(self, a: dt.datetime, b: dt.datetime) -> int:
        """Whole working minutes in [a, b); 0 when b is not after a."""
        return max(0, (self.position(b) - self.position(a)) // US_PER_MINUTE)
