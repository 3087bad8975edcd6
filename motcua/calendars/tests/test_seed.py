"""The seed reproduces the corrected 2026 calendar of deadlines.md §1 exactly."""

from __future__ import annotations

import datetime as dt

from motcua.calendars.seed import NEW_YEAR_2026_BASIS, seed_days, special_days
from motcua.calendars.workingtime import DAY_OFF_IN_LIEU, WORKING_SATURDAY

from .helpers import WT, date

# deadlines.md §1: Thu 01/01, Fri 02/01; Tết weekdays 16–20/02; Mon 27/04; Thu 30/04, Fri 01/05;
# Mon 31/08, Tue 01/09, Wed 02/09. Worked Saturdays: 10/01 and 22/08.
NON_WORKING_WEEKDAYS_2026 = {
    date(day)
    for day in (
        "01/01/2026",
        "02/01/2026",
        "16/02/2026",
        "17/02/2026",
        "18/02/2026",
        "19/02/2026",
        "20/02/2026",
        "27/04/2026",
        "30/04/2026",
        "01/05/2026",
        "31/08/2026",
        "01/09/2026",
        "02/09/2026",
    )
}
WORKING_WEEKEND_DAYS_2026 = {date("10/01/2026"), date("22/08/2026")}


def _days_of(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    return [first + dt.timedelta(days=n) for n in range((dt.date(year + 1, 1, 1) - first).days)]


def test_2026_matches_the_published_calendar_exactly():
    days = _days_of(2026)
    assert {d for d in days if d.weekday() < 5 and not WT.is_working_day(d)} == NON_WORKING_WEEKDAYS_2026
    assert {d for d in days if d.weekday() >= 5 and WT.is_working_day(d)} == WORKING_WEEKEND_DAYS_2026


def test_the_2026_new_year_swap_is_added_with_its_legal_basis():
    by_date = {seed.date: seed for seed in seed_days(2026)}
    assert by_date[date("02/01/2026")].kind == DAY_OFF_IN_LIEU
    assert by_date[date("10/01/2026")].kind == WORKING_SATURDAY
    assert by_date[date("02/01/2026")].legal_basis == by_date[date("10/01/2026")].legal_basis == NEW_YEAR_2026_BASIS


def test_culture_day_is_seeded_disabled():
    culture_day = next(seed for seed in seed_days(2026) if seed.date == date("24/11/2026"))
    assert culture_day.name == "Ngày Văn hóa Việt Nam"
    assert culture_day.enabled is False
    assert date("24/11/2026") not in special_days()
    assert WT.is_working_day(date("24/11/2026"))


def test_package_swaps_become_paired_days_off_and_working_saturdays():
    by_date = {seed.date: seed for seed in seed_days(2025)}
    assert by_date[date("02/05/2025")].kind == DAY_OFF_IN_LIEU
    assert by_date[date("26/04/2025")].kind == WORKING_SATURDAY
    assert by_date[date("26/04/2025")].name == "Ngày làm việc bù cho ngày nghỉ 02/05/2025"


def test_tet_names_use_the_official_spelling():
    names = {seed.name for seed in seed_days(2025)}
    assert "29 Tết Nguyên đán" in names
    assert not any("Nguyên Đán" in name for name in names)
