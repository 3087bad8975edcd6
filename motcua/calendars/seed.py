"""Seed of the working calendar: the pinned `holidays` package plus the fix-ups it lacks.

Pure (no Django): the engine tests and the version-0 fallback of the selectors use it directly;
`calendar_seed_year` turns it into draft rows an administrator reviews (deadlines.md §1).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .workingtime import (
    DAY_OFF_IN_LIEU,
    DEFAULT_PERIODS,
    HOLIDAY,
    WORKING_SATURDAY,
    SpecialDay,
    WorkingTime,
)

HOLIDAYS_VERSION = "0.109"  # the validated release; a different one must be checked against §1 first
DEFAULT_YEARS = range(2015, 2041)

LABOUR_CODE = "Bộ luật Lao động 2019, Điều 112"
LABOUR_CODE_OBSERVED = "Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù)"
SWAP_TO_CHECK = "Hoán đổi ngày làm việc theo dữ liệu holidays {version}, cần đối chiếu thông báo năm {year}"
NEW_YEAR_2026_BASIS = "Công văn 12729/VPCP-KGVX"
CULTURE_DAY_BASIS = "Nghị quyết 80-NQ/TW (đang đề xuất, bật khi có văn bản chính thức)"

_SUBSTITUTED = re.compile(r"thay cho ngày (\d{2}/\d{2}/\d{4})")


@dataclass(frozen=True)
class SeedDay:
    date: dt.date
    kind: str
    name: str
    legal_basis: str
    enabled: bool = True


# Days the validated release lacks or gets wrong (deadlines.md §1).
FIXUPS = (
    SeedDay(dt.date(2026, 1, 2), DAY_OFF_IN_LIEU, "Ngày nghỉ (thay cho ngày 10/01/2026)", NEW_YEAR_2026_BASIS),
    SeedDay(dt.date(2026, 1, 10), WORKING_SATURDAY, "Ngày làm việc bù cho ngày nghỉ 02/01/2026", NEW_YEAR_2026_BASIS),
)


def _name(raw: str) -> str:
    """Official spelling: "Tết Nguyên đán"; "29 Tết" names its festival so runs group under it."""
    name = raw.replace("Nguyên Đán", "Nguyên đán")
    return "29 Tết Nguyên đán" if name == "29 Tết" else name


def _day(day: dt.date, raw: str) -> SeedDay:
    name = _name(raw)
    if _SUBSTITUTED.search(name):
        return SeedDay(day, DAY_OFF_IN_LIEU, name, SWAP_TO_CHECK.format(version=HOLIDAYS_VERSION, year=day.year))
    if day.month == 11 and day.day == 24:
        return SeedDay(day, HOLIDAY, name, CULTURE_DAY_BASIS, enabled=False)
    if "nghỉ bù" in name:
        return SeedDay(day, HOLIDAY, name, LABOUR_CODE_OBSERVED)
    return SeedDay(day, HOLIDAY, name, LABOUR_CODE)


def _working_saturday(day: dt.date, days_off: Iterable[SeedDay]) -> SeedDay:
    worked = f"{day:%d/%m/%Y}"
    for off in days_off:
        if worked in off.name:
            return SeedDay(
                day, WORKING_SATURDAY, f"Ngày làm việc bù cho ngày nghỉ {off.date:%d/%m/%Y}", off.legal_basis
            )
    basis = SWAP_TO_CHECK.format(version=HOLIDAYS_VERSION, year=day.year)
    return SeedDay(day, WORKING_SATURDAY, "Ngày làm việc bù", basis)


@functools.lru_cache(maxsize=8)
def _seed(years: tuple[int, ...]) -> dict[int, tuple[SeedDay, ...]]:
    import holidays

    package = holidays.country_holidays("VN", years=range(min(years) - 1, max(years) + 2), language="vi")
    everything = [_day(day, name) for day, name in package.items()]
    days_off = [day for day in everything if day.kind == DAY_OFF_IN_LIEU]
    everything += [_working_saturday(day, days_off) for day in package.weekend_workdays]
    by_date = {day.date: day for day in everything}
    by_date.update({day.date: day for day in FIXUPS})
    wanted = set(years)
    result: dict[int, list[SeedDay]] = {year: [] for year in years}
    for day in sorted(by_date.values(), key=lambda seed_day: seed_day.date):
        if day.date.year in wanted:
            result[day.date.year].append(day)
    return {year: tuple(days) for year, days in result.items()}


def seed_days(year: int) -> tuple[SeedDay, ...]:
    """Every special day of `year` as seeded, including disabled ones (24/11 until confirmed)."""
    return _seed((year,))[year]


def special_days(years: Sequence[int] = DEFAULT_YEARS) -> dict[dt.date, SpecialDay]:
    """The enabled seed days of `years` as the engine's mapping date → (kind, name, legal basis)."""
    by_year = _seed(tuple(years))
    return {day.date: (day.kind, day.name, day.legal_basis) for days in by_year.values() for day in days if day.enabled}


@functools.lru_cache(maxsize=4)
def seed_working_time(
    years: range = DEFAULT_YEARS, periods: tuple[tuple[int, int], ...] = DEFAULT_PERIODS
) -> WorkingTime:
    """Version 0: the working time of a fresh install, straight from the seed."""
    return WorkingTime(special_days=special_days(years), periods=periods, version=0, years=years)
