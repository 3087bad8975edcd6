"""Calendar admin: edits go through the services (audit, versions); versions are read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.audit.models import AuditEvent
from motcua.calendars.choices import CalendarStatus, DayKind
from motcua.calendars.models import CalendarDay, CalendarVersion, CalendarYear, WorkSchedule
from motcua.calendars.services import calendar_day_set, calendar_publish

from .helpers import date

pytestmark = pytest.mark.django_db


def _inline_data(year: CalendarYear, rows: list[dict]) -> dict:
    existing = list(CalendarDay.objects.filter(year=year).order_by("date"))
    data = {
        "days-TOTAL_FORMS": str(len(rows)),
        "days-INITIAL_FORMS": str(len(existing)),
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"days-{n}-{key}"] = value
        data[f"days-{n}-year"] = str(year.year)
    return data


def test_adding_a_day_to_a_published_year_in_the_admin_creates_a_version(admin_client, admin_user):
    calendar_day_set(date=date("02/01/2030"), kind=DayKind.HOLIDAY, name="Tết Dương lịch")
    calendar_publish(year=2030, actor=None)
    year = CalendarYear.objects.get(year=2030)
    existing = CalendarDay.objects.get(date=date("02/01/2030"))
    rows = [
        {"id": str(existing.pk), "date": "2030-01-02", "kind": "holiday", "name": "Tết Dương lịch", "enabled": "on"},
        {
            "date": "2030-03-05",
            "kind": "local_closure",
            "name": "Bão số 1",
            "legal_basis": "Công điện 1",
            "enabled": "on",
        },
    ]

    response = admin_client.post(
        reverse("admin:calendars_calendaryear_change", args=[year.pk]), _inline_data(year, rows)
    )

    assert response.status_code == 302
    closure = CalendarDay.objects.get(date=date("05/03/2030"))
    assert (closure.kind, closure.legal_basis) == (DayKind.LOCAL_CLOSURE, "Công điện 1")
    latest = CalendarVersion.objects.order_by("-number").first()
    assert latest is not None and latest.created_by == admin_user
    assert date("05/03/2030") in latest.changed_dates
    assert AuditEvent.objects.filter(kind="calendar.day_set", object_id="2030-03-05").exists()


def test_adding_a_year_in_the_admin_seeds_a_draft(admin_client):
    response = admin_client.post(reverse("admin:calendars_calendaryear_add"), _add_year_data(2026))

    assert response.status_code == 302
    year = CalendarYear.objects.get(year=2026)
    assert year.status == CalendarStatus.DRAFT
    assert year.days.count() == 17


def _add_year_data(year: int) -> dict:
    return {
        "year": str(year),
        "days-TOTAL_FORMS": "0",
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }


def test_publish_action(admin_client):
    admin_client.post(reverse("admin:calendars_calendaryear_add"), _add_year_data(2026))
    year = CalendarYear.objects.get(year=2026)

    response = admin_client.post(
        reverse("admin:calendars_calendaryear_changelist"),
        {"action": "publish_selected", "_selected_action": [year.pk]},
        follow=True,
    )

    assert any("New calendar version v1" in str(message) for message in response.context["messages"])
    year.refresh_from_db()
    assert year.status == CalendarStatus.PUBLISHED


def test_schedule_not_totalling_480_minutes_is_refused_with_a_clear_error(admin_client):
    data = {"valid_from": "2026-01-01", "periods": "[[420, 690], [810, 990]]"}

    response = admin_client.post(reverse("admin:calendars_workschedule_add"), data)

    assert response.status_code == 200
    assert "a working day must total exactly 480 minutes" in response.content.decode()
    assert not WorkSchedule.objects.exists()


def test_schedule_saved_in_the_admin_writes_a_version(admin_client):
    data = {"valid_from": "2026-01-01", "periods": "[[450, 720], [840, 1050]]"}

    response = admin_client.post(reverse("admin:calendars_workschedule_add"), data)

    assert response.status_code == 302
    assert WorkSchedule.objects.get().periods == [[450, 720], [840, 1050]]
    assert CalendarVersion.objects.get().schedule_changed_from == date("01/01/2026")


def test_versions_are_read_only(admin_client):
    calendar_day_set(date=date("02/01/2030"), kind=DayKind.HOLIDAY, name="Tết Dương lịch")
    version = calendar_publish(year=2030, actor=None)
    assert version is not None

    change = admin_client.get(reverse("admin:calendars_calendarversion_change", args=[version.pk]))
    add = admin_client.get(reverse("admin:calendars_calendarversion_add"))

    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert add.status_code == 403
