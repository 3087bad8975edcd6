"""The queue API: a kiosk device issues with an Idempotency-Key, people follow tickets and book,
staff act on counters, tablets rate; wrong callers get 401/404 and nothing changes."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.feedback.models import Rating

from ..models import Appointment, QueueTicket
from ..services import device_bind, ticket_finish, ticket_issue
from ..services.devices import device_token

API = "/api/v1/queue"


@pytest.fixture
def kiosk(floor):
    client = APIClient()
    device = device_bind(actor=floor.officer, kind="kiosk", desk=floor.desk)
    client.credentials(HTTP_AUTHORIZATION=f"Device {device_token(device)}")
    return client


def staff_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_groups_are_public(floor):
    ticket_issue(desk=floor.desk, group=floor.a)
    body = APIClient().get(f"{API}/desks/{floor.desk.code}/groups/").json()
    assert [(g["prefix"], g["waiting"]) for g in body] == [("A", 1), ("B", 0), ("R", 0)]
    assert APIClient().get(f"{API}/desks/NOPE/groups/").status_code == 404


def test_kiosk_issues_once_per_key(floor, kiosk):
    url = f"{API}/desks/{floor.desk.code}/tickets/"
    first = kiosk.post(url, {"group": "a"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = kiosk.post(url, {"group": "A"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["label"] == again.json()["label"] == "A001"
    assert first.json()["people_ahead"] == 0 and first.json()["state"] == "waiting"
    assert kiosk.post(url, {"group": "Z"}, format="json").status_code == 400
    assert QueueTicket.objects.count() == 1
    status = APIClient().get(f"{API}/tickets/{first.json()['token']}/").json()
    assert status["label"] == "A001"


def test_issuing_needs_a_kiosk_of_this_centre_or_its_staff(floor):
    url = f"{API}/desks/{floor.desk.code}/tickets/"
    assert APIClient().post(url, {"group": "A"}, format="json").status_code == 401
    assert staff_client(floor.stranger).post(url, {"group": "A"}, format="json").status_code == 404
    board = APIClient()
    board.credentials(
        HTTP_AUTHORIZATION=f"Device {device_token(device_bind(actor=floor.officer, kind='board', desk=floor.desk))}"
    )
    assert board.post(url, {"group": "A"}, format="json").status_code == 404
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Device not-a-token")
    assert forged.post(url, {"group": "A"}, format="json").status_code == 401
    assert not QueueTicket.objects.exists()
    assert staff_client(floor.officer).post(url, {"group": "A"}, format="json").status_code == 201


def test_counter_actions_and_board(floor):
    ticket_issue(desk=floor.desk, group=floor.a)
    officer = staff_client(floor.officer)
    base = f"{API}/desks/{floor.desk.code}/counters/1"
    called = officer.post(f"{base}/call-next/", {}, format="json").json()
    assert called["status"] == "open" and called["current"]["label"] == "A001" and called["current"]["counter"] == 1
    board = APIClient().get(f"{API}/desks/{floor.desk.code}/board/").json()
    assert board["counters"][0]["label"] == "A001" and board["recent"][0]["label"] == "A001"
    transferred = officer.post(f"{base}/transfer/", {"group": "B"}, format="json").json()
    assert transferred["current"] is None
    assert QueueTicket.objects.get().group_id == floor.b.pk
    assert officer.post(f"{base}/finish/", {}, format="json").status_code == 400
    assert staff_client(floor.stranger).post(f"{base}/call-next/", {}, format="json").status_code == 404
    assert officer.post(f"{base}/explode/", {}, format="json").status_code == 404


def test_booking_and_cancel_through_the_api(floor):
    client = APIClient()
    body = {
        "desk": floor.desk.code,
        "group": "A",
        "day": "2026-12-08",
        "time": "10:00",
        "name": "Lò Thị Mai",
        "phone": "0912000111",
    }
    slots = client.get(f"{API}/desks/{floor.desk.code}/slots/", {"group": "A", "day": "2026-12-08"}).json()
    assert {"time": "10:00", "free": 4} in slots
    made = client.post(f"{API}/appointments/", body, format="json")
    assert made.status_code == 201 and made.json()["time"] == "10:00:00"
    bad = client.post(f"{API}/appointments/", body | {"time": "10:10"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"]
    cancelled = client.post(f"{API}/appointments/cancel/", {"cancel_token": made.json()["cancel_token"]}, format="json")
    assert cancelled.json()["state"] == "cancelled"
    assert Appointment.objects.count() == 1


def test_tablet_rates_through_the_api(floor):
    ticket = ticket_issue(desk=floor.desk, group=floor.a)
    staff_client(floor.officer).post(f"{API}/desks/{floor.desk.code}/counters/1/call-next/", {}, format="json")
    ticket_finish(counter=floor.counters[0], officer=floor.officer)
    tablet = APIClient()
    device = device_bind(actor=floor.officer, kind="tablet", desk=floor.desk, counter=floor.counters[0])
    tablet.credentials(HTTP_AUTHORIZATION=f"Device {device_token(device)}")
    url = f"{API}/desks/{floor.desk.code}/counters/1/ratings/"
    assert tablet.post(url, {"ticket": ticket.pk, "score": "not_satisfied"}, format="json").status_code == 400
    made = tablet.post(url, {"ticket": ticket.pk, "score": "very_satisfied"}, format="json")
    assert made.status_code == 201 and Rating.objects.get().ticket_id == ticket.pk
    other = f"{API}/desks/{floor.desk.code}/counters/2/ratings/"
    assert tablet.post(other, {"ticket": ticket.pk, "score": "satisfied"}, format="json").status_code == 404
