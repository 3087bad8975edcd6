"""Seeding, publishing, versioning and schedules (services) and the cached working time (selectors)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from motcua.audit.models import AuditEvent
from motcua.calendars.choices import CalendarStatus, DayKind
from motcua.calendars.engine import due_compute
from motcua.calendars.models import CalendarDay, CalendarVersion, CalendarYear, WorkSchedule
from motcua.calendars.selectors import latest_version, working_time_for
from motcua.calendars.services import (
    calendar_day_delete,
    calendar_day_set,
    calendar_publish,
    calendar_seed_year,
    work_schedule_set,
)
from motcua.org.tests.factories import AgencyFactory, UserFactory

from .helpers import at, date

pytestmark = pytest.mark.django_db
CULTURE_DAY = date("24/11/2026")


def test_seed_is_a_draft_with_culture_day_disabled_and_idempotent():
    assert calendar_seed_year(year=2026) is None

    calendar_year = CalendarYear.objects.get(year=2026)
    culture = CalendarDay.objects.get(date=CULTURE_DAY)
    assert calendar_year.status == CalendarStatus.DRAFT
    assert (culture.kind, culture.enabled) == (DayKind.HOLIDAY, False)
    count = CalendarDay.objects.count()
    CalendarDay.objects.filter(date=date("02/01/2026")).update(name="Sửa bởi quản trị")

    calendar_seed_year(year=2026)

    assert CalendarDay.objects.count() == count == 17
    assert CalendarDay.objects.get(date=date("02/01/2026")).name == "Sửa bởi quản trị"
    assert CalendarVersion.objects.count() == 0
    assert AuditEvent.objects.filter(kind="calendar.seed").count() == 1


def test_publish_writes_a_version_with_a_snapshot_of_the_published_days():
    user = UserFactory()
    calendar_seed_year(year=2026)

    version = calendar_publish(year=2026, actor=user)

    assert version is not None and version.number == 1 and version.created_by == user
    assert CalendarYear.objects.get(year=2026).published_by == user
    snapshot_dates = {row[0] for row in version.snapshot["days"]}
    assert "2026-01-02" in snapshot_dates and "2026-11-24" not in snapshot_dates
    assert version.changed_dates == frozenset()  # the published days equal the seed already in use
    assert calendar_publish(year=2026, actor=user) is None
    assert latest_version() == 1


def test_publish_needs_a_seeded_year():
    with pytest.raises(ValidationError, match="seed it first"):
        calendar_publish(year=2031, actor=None)


def test_editing_a_published_year_writes_a_version_and_reports_the_changed_date():
    calendar_seed_year(year=2026)
    calendar_publish(year=2026, actor=None)
    assert working_time_for(version=1).is_working_day(CULTURE_DAY)

    version = calendar_day_set(
        date=CULTURE_DAY, kind=DayKind.HOLIDAY, name="Ngày Văn hóa Việt Nam", legal_basis="Luật số …", enabled=True
    )

    assert version is not None and version.number == 2
    assert version.changed_dates == {CULTURE_DAY}
    assert version.changed_agency_id is None
    assert not working_time_for().is_working_day(CULTURE_DAY)
    assert working_time_for(version=1).is_working_day(CULTURE_DAY)
    assert AuditEvent.objects.filter(kind="calendar.day_set", object_id="2026-11-24").exists()


def test_renaming_a_day_writes_a_version_without_changed_dates():
    calendar_seed_year(year=2026)
    calendar_publish(year=2026, actor=None)

    version = calendar_day_set(date=date("01/01/2026"), kind=DayKind.HOLIDAY, name="Tết Dương lịch 2026")

    assert version is not None and version.changed_dates == frozenset()


def test_editing_a_draft_year_writes_no_version():
    assert calendar_day_set(date=date("05/01/2027"), kind=DayKind.LOCAL_CLOSURE, name="Bão") is None
    assert CalendarYear.objects.get(year=2027).status == CalendarStatus.DRAFT
    assert CalendarVersion.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "day", "name", "message"),
    [
        (DayKind.WORKING_SATURDAY, "05/01/2027", "Làm bù", "Saturday or Sunday"),
        (DayKind.HOLIDAY, "05/01/2027", "  ", "name"),
        ("birthday", "05/01/2027", "Sinh nhật", "Unknown kind"),
    ],
)
def test_invalid_days_are_refused(kind, day, name, message):
    with pytest.raises(ValidationError, match=message):
        calendar_day_set(date=date(day), kind=kind, name=name)
    assert not CalendarDay.objects.exists()


def test_a_local_closure_affects_only_its_agency():
    storm, elsewhere = AgencyFactory(), AgencyFactory()
    calendar_seed_year(year=2026)
    calendar_publish(year=2026, actor=None)
    closed = date("15/09/2026")

    version = calendar_day_set(date=closed, kind=DayKind.LOCAL_CLOSURE, name="Bão số 5", agency=storm)

    assert version is not None and version.changed_agency_id == storm.pk
    assert version.changed_dates == {closed}
    assert not working_time_for(agency=storm).is_working_day(closed)
    assert working_time_for(agency=elsewhere).is_working_day(closed)
    assert working_time_for(agency=None).is_working_day(closed)
    assert working_time_for(agency=storm.pk).version == 2
    calendar_day_delete(day=CalendarDay.objects.get(date=closed, agency=storm))
    assert working_time_for(agency=storm).is_working_day(closed)


def test_without_any_version_the_seed_computes_correct_dates():
    wt = working_time_for()

    assert (wt.version, latest_version()) == (0, 0)
    due = due_compute(wt=wt, start=at("12/02/2026", "10:00"), value=5, unit="working_days")
    assert due.due_at == at("26/02/2026", "17:00")


def test_working_time_is_cached_per_version(django_assert_num_queries):
    calendar_seed_year(year=2026)
    calendar_publish(year=2026, actor=None)
    first = working_time_for()

    with django_assert_num_queries(1):
        assert working_time_for() is first
    with django_assert_num_queries(0):
        assert working_time_for(version=1) is first

    calendar_day_set(date=CULTURE_DAY, kind=DayKind.HOLIDAY, name="Ngày Văn hóa Việt Nam")
    assert working_time_for() is not first
    assert working_time_for().version == 2


def test_schedule_must_total_480_minutes():
    with pytest.raises(ValidationError, match="total 450 minutes; a working day must total exactly 480"):
        work_schedule_set(periods=[[420, 690], [810, 990]], valid_from=date("01/01/2026"))
    with pytest.raises(ValidationError, match="must not overlap"):
        work_schedule_set(periods=[[420, 700], [690, 890]], valid_from=date("01/01/2026"))
    schedule = WorkSchedule(periods=[[480, 900]], valid_from=date("01/01/2026"))
    with pytest.raises(ValidationError, match="480"):
        schedule.full_clean()
    assert not WorkSchedule.objects.exists()


def test_an_agency_schedule_applies_in_its_date_range_and_writes_a_version():
    agency = AgencyFactory()
    summer = [[390, 660], [810, 1020]]  # 06:30–11:00, 13:30–17:00

    version = work_schedule_set(
        periods=summer, valid_from=date("01/05/2026"), valid_to=date("30/09/2026"), agency=agency
    )

    assert version.schedule_changed_from == date("01/05/2026")
    in_summer = working_time_for(agency=agency, on=date("01/06/2026"))
    assert in_summer.opening(date("01/06/2026")) == at("01/06/2026", "06:30")
    assert working_time_for(agency=agency, on=date("01/10/2026")).periods == ((420, 690), (810, 1020))
    assert working_time_for(agency=AgencyFactory(), on=date("01/06/2026")).periods == ((420, 690), (810, 1020))
    with pytest.raises(ValidationError, match="Another schedule"):
        work_schedule_set(periods=summer, valid_from=date("01/09/2026"), agency=agency)


def test_the_default_schedule_applies_to_agencies_without_their_own():
    work_schedule_set(periods=[[450, 720], [840, 1050]], valid_from=date("01/01/2026"))
    assert working_time_for(agency=AgencyFactory(), on=date("01/06/2026")).periods == ((450, 720), (840, 1050))


def test_seed_calendar_command_keyword_form_is_idempotent():
    call_command("seed_calendar", years=[2025, 2026, 2027], publish=True)
    call_command("seed_calendar", years=[2025, 2026, 2027], publish=True)

    assert set(CalendarYear.objects.values_list("year", "status")) == {
        (2025, CalendarStatus.PUBLISHED),
        (2026, CalendarStatus.PUBLISHED),
        (2027, CalendarStatus.PUBLISHED),
    }
    assert CalendarVersion.objects.count() == 3
    assert working_time_for().version == 3
    assert not working_time_for().is_working_day(date("02/01/2026"))


def test_publishing_reports_days_that_differ_from_the_seed():
    calendar_seed_year(year=2027)
    calendar_day_set(date=date("05/01/2027"), kind=DayKind.LOCAL_CLOSURE, name="Bão")
    calendar_day_set(date=date("24/11/2027"), kind=DayKind.HOLIDAY, name="Ngày Văn hóa Việt Nam", enabled=True)

    version = calendar_publish(year=2027, actor=None)

    assert version is not None and version.changed_dates == {date("05/01/2027"), date("24/11/2027")}
    assert dt.date(2027, 1, 5) in {dt.date.fromisoformat(row[0]) for row in version.snapshot["days"]}


def test_schedule_errors_read_in_vietnamese(vietnamese):
    with pytest.raises(ValidationError, match="một ngày làm việc phải đúng 480 phút"):
        work_schedule_set(periods=[[420, 690]], valid_from=date("01/01/2026"))
