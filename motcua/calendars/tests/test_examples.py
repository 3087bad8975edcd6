"""The worked examples E1–E20 of deadlines.md §9, exactly (default hours, corrected 2026 calendar)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.calendars.engine import (
    TZ,
    apology_last_moment,
    classify_finished,
    classify_open,
    classify_step,
    due_compute,
    due_pause,
    due_reschedule,
    due_restart,
    is_due_soon,
    overrun_minutes,
    overrun_text,
    step_due,
    transfer_due,
)

from .helpers import WT, at, date


@pytest.mark.parametrize(
    ("case", "start", "value", "unit", "channel", "clock_start", "clock_end", "due_at"),
    [
        ("E1", at("12/02/2026", "10:00"), 5, "working_days", "counter", None, at("26/02/2026", "10:00"), None),
        ("E2", at("28/08/2026", "14:50"), 0, "same_day", "counter", None, None, at("28/08/2026", "17:00")),
        ("E3", at("28/08/2026", "15:30"), 0, "same_day", "counter", None, None, at("03/09/2026", "17:00")),
        ("E4", at("22/08/2026", "09:00"), 3, "working_days", "online", None, at("26/08/2026", "09:00"), None),
        (
            "E5",
            at("22/08/2026", "20:00"),
            3,
            "working_days",
            "online",
            at("24/08/2026", "07:00"),
            at("26/08/2026", "17:00"),
            None,
        ),
        ("E6", at("15/08/2026", "09:00"), 3, "working_days", "online", at("17/08/2026", "07:00"), None, None),
        ("E7", at("27/08/2026", "21:00"), 3, "working_days", "online", at("28/08/2026", "07:00"), None, None),
        ("E8", at("31/12/2025", "16:00"), 6, "working_days", "counter", None, at("10/01/2026", "16:00"), None),
        ("E9", at("07/01/2026", "10:00"), 4, "working_hours", "counter", None, None, at("07/01/2026", "16:00")),
        ("E10", at("09/01/2026", "15:00"), 8, "working_hours", "online", None, None, at("10/01/2026", "15:00")),
        ("E11", at("20/01/2026", "09:00"), 30, "calendar_days", "counter", None, None, at("23/02/2026", "17:00")),
        ("E12", at("07/03/2026", "09:00"), 2, "working_days", "counter", at("09/03/2026", "07:00"), None, None),
        ("E13", at("04/05/2026", "09:15"), 3, "working_days", "postal", None, at("07/05/2026", "09:15"), None),
        ("E14", at("20/04/2026", "10:00"), 15, "working_days", "counter", None, at("14/05/2026", "10:00"), None),
    ],
)
def test_worked_examples(case, start, value, unit, channel, clock_start, clock_end, due_at):
    expected_due = {
        "E1": "26/02/2026",
        "E2": "28/08/2026",
        "E3": "03/09/2026",
        "E4": "26/08/2026",
        "E5": "26/08/2026",
        "E6": "19/08/2026",
        "E7": "04/09/2026",
        "E8": "10/01/2026",
        "E9": "07/01/2026",
        "E10": "10/01/2026",
        "E11": "23/02/2026",
        "E12": "10/03/2026",
        "E13": "07/05/2026",
        "E14": "14/05/2026",
    }[case]

    due = due_compute(wt=WT, start=start, value=value, unit=unit, channel=channel)

    assert due.due_date == date(expected_due)
    if unit == "working_hours":
        assert due.due_at == due_at == due.clock_end
    else:
        assert due.due_at == (due_at or at(expected_due, "17:00"))
    assert due.clock_start == (clock_start or start)
    if clock_end is not None:
        assert due.clock_end == clock_end
    assert due.start == start
    assert due.explanation["channel"] == channel


def test_e1_minutes_and_versions():
    due = due_compute(wt=WT, start=at("12/02/2026", "10:00"), value=Decimal("5"), unit="working_days")
    assert due.minutes == 2400
    assert due.explanation["version"] == 0


def test_half_a_working_day_is_four_hours():
    due = due_compute(wt=WT, start=at("12/02/2026", "10:00"), value=Decimal("0.5"), unit="working_days")
    assert due.clock_end == at("12/02/2026", "16:00")
    assert due.due_at == at("12/02/2026", "17:00")
    assert due.minutes == 240


def test_e15_restart_runs_the_full_duration_again():
    original = due_compute(wt=WT, start=at("20/04/2026", "10:00"), value=15, unit="working_days")
    assert WT.minutes_between(original.clock_start, at("23/04/2026", "10:00")) == 24 * 60
    assert WT.minutes_between(at("23/04/2026", "10:00"), at("04/05/2026", "10:00")) == 4 * 480

    due = due_restart(
        wt=WT,
        due=original,
        value=15,
        unit="working_days",
        restarted_at=at("04/05/2026", "10:00"),
        actor="Nguyễn Văn A",
        document="Mẫu 02 số 12",
    )

    assert due.due_date == date("25/05/2026")
    assert due.due_at == at("25/05/2026", "17:00")
    assert due.start == at("04/05/2026", "10:00")
    assert due.explanation["history"][0]["due_date"] == "2026-05-14"
    assert due.explanation["events"] == [
        {"type": "restart", "at": "2026-05-04T10:00:00+07:00", "actor": "Nguyễn Văn A", "document": "Mẫu 02 số 12"}
    ]


def test_e16_pause_moves_the_due_by_the_paused_working_time():
    original = due_compute(wt=WT, start=at("20/04/2026", "10:00"), value=15, unit="working_days")

    due = due_pause(wt=WT, due=original, paused_from=at("23/04/2026", "10:00"), resumed_at=at("04/05/2026", "10:00"))

    assert due.due_date == date("20/05/2026")
    assert due.due_at == at("20/05/2026", "17:00")
    assert due.clock_end == at("20/05/2026", "10:00")
    assert WT.minutes_between(original.clock_end, due.clock_end) == 32 * 60
    assert due.explanation["events"][0]["minutes"] == 32 * 60


def test_e16_pause_without_explanation_gives_the_same_dates():
    original = due_compute(wt=WT, start=at("20/04/2026", "10:00"), value=15, unit="working_days", explain=False)
    due = due_pause(wt=WT, due=original, paused_from=at("23/04/2026", "10:00"), resumed_at=at("04/05/2026", "10:00"))
    assert due.due_at == at("20/05/2026", "17:00")


def test_e17_apology_deadline_and_reschedule():
    due = due_compute(wt=WT, start=at("09/02/2026", "08:00"), value=5, unit="working_days")
    assert due.due_date == date("23/02/2026")

    last_moment = apology_last_moment(wt=WT, due_date=due.due_date)

    assert last_moment == at("13/02/2026", "17:00")
    assert at("13/02/2026", "16:00") <= last_moment
    assert at("23/02/2026", "08:00") > last_moment
    shown = due_reschedule(wt=WT, due=due, new_date=date("27/02/2026"), actor="Lãnh đạo", document="Mẫu 04")
    assert (shown.due_date, shown.due_at) == (date("27/02/2026"), at("27/02/2026", "17:00"))
    assert shown.clock_end == due.clock_end
    assert shown.explanation["events"][-1]["type"] == "reschedule"


@pytest.mark.parametrize("new_date", ["23/02/2026", "20/02/2026", "28/02/2026"])
def test_e17_reschedule_refuses_an_earlier_or_non_working_date(new_date):
    due = due_compute(wt=WT, start=at("09/02/2026", "08:00"), value=5, unit="working_days")
    with pytest.raises(ValueError):
        due_reschedule(wt=WT, due=due, new_date=date(new_date))


def test_e18_step_overrun():
    transfer = step_due(wt=WT, start=at("12/02/2026", "10:00"), budget_minutes=120)
    specialist = step_due(wt=WT, start=transfer, budget_minutes=24 * 60)
    handed_on = at("25/02/2026", "09:00")

    assert transfer == at("12/02/2026", "14:00")
    assert specialist == at("24/02/2026", "14:00")
    assert classify_step(end=handed_on, due_at=specialist) == "late"
    assert overrun_minutes(wt=WT, due_at=specialist, end=handed_on) == 300
    assert overrun_text(300) == "trễ 0 ngày 5 giờ"
    assert overrun_text(300, lang="en") == "late 0 days 5 hours"
    assert overrun_minutes(wt=WT, due_at=specialist, end=at("24/02/2026", "13:00")) == 0


def test_overrun_text_whole_days_and_minutes():
    assert overrun_text(480 + 90) == "trễ 1 ngày 1 giờ 30 phút"
    assert overrun_text(480 + 60, lang="en") == "late 1 day 1 hour"


def test_e19_classification_against_e1():
    due_date = date("26/02/2026")

    assert classify_finished(end=at("25/02/2026", "11:00"), due_date=due_date) == "early"
    assert classify_finished(end=at("26/02/2026", "16:30"), due_date=due_date) == "on_time"
    assert classify_finished(end=at("27/02/2026", "08:00"), due_date=due_date) == "late"
    assert overrun_minutes(wt=WT, due_at=at("26/02/2026", "17:00"), end=at("27/02/2026", "08:00")) == 60
    assert classify_open(due_date=due_date, on=date("26/02/2026")) == "within"
    assert classify_open(due_date=due_date, on=date("27/02/2026")) == "overdue"


def test_classification_compares_local_dates():
    utc_evening = dt.datetime(2026, 2, 25, 18, 0, tzinfo=dt.UTC)  # 01:00 on 26/02 in Hà Nội
    assert classify_finished(end=utc_evening, due_date=date("26/02/2026")) == "on_time"


def test_e20_paper_transfer_cutoff():
    assert transfer_due(wt=WT, accepted_at=at("13/02/2026", "15:20")) == at("23/02/2026", "08:00")
    assert transfer_due(wt=WT, accepted_at=at("13/02/2026", "14:40")) == at("13/02/2026", "17:00")
    assert transfer_due(wt=WT, accepted_at=at("13/02/2026", "15:00")) == at("13/02/2026", "17:00")
    assert transfer_due(wt=WT, accepted_at=at("13/02/2026", "15:20"), next_day_offset_minutes=30) == at(
        "23/02/2026", "07:30"
    )


def test_same_day_cutoff_is_strict_and_configurable():
    assert due_compute(wt=WT, start=at("28/08/2026", "15:00"), value=0, unit="same_day").due_date == date("28/08/2026")
    late = dt.datetime(2026, 8, 28, 15, 0, 1, tzinfo=TZ)
    assert due_compute(wt=WT, start=late, value=0, unit="same_day").due_date == date("03/09/2026")
    early_cutoff = due_compute(
        wt=WT, start=at("28/08/2026", "14:50"), value=0, unit="same_day", same_day_cutoff=dt.time(14, 0)
    )
    assert early_cutoff.due_date == date("03/09/2026")
    no_amount = due_compute(wt=WT, start=at("28/08/2026", "14:50"), value=None, unit="same_day")
    assert (no_amount.due_date, no_amount.minutes) == (date("28/08/2026"), None)


def test_calendar_months_clamp_to_the_month_end():
    due = due_compute(wt=WT, start=at("30/01/2026", "09:00"), value=1, unit="calendar_months")
    assert due.explanation["target"] == "2026-02-28"
    assert due.due_date == date("02/03/2026")  # 28/02 is a Saturday
    assert due.minutes is None


def test_due_soon():
    assert is_due_soon(wt=WT, due_date=date("13/02/2026"), today=date("13/02/2026"))
    assert is_due_soon(wt=WT, due_date=date("23/02/2026"), today=date("13/02/2026"))
    assert not is_due_soon(wt=WT, due_date=date("24/02/2026"), today=date("13/02/2026"))
    assert not is_due_soon(wt=WT, due_date=date("12/02/2026"), today=date("13/02/2026"))


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        due_compute(wt=WT, start=dt.datetime(2026, 2, 12, 10), value=5, unit="working_days")  # noqa: DTZ001
    with pytest.raises(ValueError, match="naive"):
        WT.add_minutes(dt.datetime(2026, 2, 12, 10), 10)  # noqa: DTZ001


def test_invalid_durations_are_refused():
    with pytest.raises(ValueError):
        due_compute(wt=WT, start=at("12/02/2026", "10:00"), value=-1, unit="working_days")
    with pytest.raises(ValueError):
        due_compute(wt=WT, start=at("12/02/2026", "10:00"), value=Decimal("0.001"), unit="working_hours")
    with pytest.raises(ValueError, match="unit"):
        due_compute(wt=WT, start=at("12/02/2026", "10:00"), value=1, unit="fortnights")
