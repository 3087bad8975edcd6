"""The floor pages through the client: binding, kiosk, board (fragment and stream), tablet, counter
screen, the intake started from a ticket, and who may open what."""

from __future__ import annotations

import base64
import re
import subprocess

import pytest
from django.urls import reverse

from motcua.feedback.models import Rating

from ..access import COOKIES
from ..choices import TicketState
from ..models import FloorDevice, QueueTicket
from ..services import device_bind, ticket_call_next, ticket_issue
from ..services.devices import device_token


def kiosk_url(floor, name="kiosk", **kw):
    return reverse(f"queue_public:{name}", kwargs={"desk_code": floor.desk.code, **kw})


def bound_client(client, floor, kind, counter=None):
    device = device_bind(actor=floor.officer, kind=kind, desk=floor.desk, counter=counter)
    client.cookies[COOKIES[kind]] = device_token(device)
    return device


def test_a_floor_screen_needs_a_bound_device_or_staff(client, floor):
    for url in (kiosk_url(floor), kiosk_url(floor, "board"), kiosk_url(floor, "tablet", number=1)):
        response = client.get(url)
        assert response.status_code == 403 and b"has not been set up" in response.content
    client.force_login(floor.stranger)
    assert client.get(kiosk_url(floor)).status_code == 403
    client.force_login(floor.officer)
    assert client.get(kiosk_url(floor)).status_code == 200


def test_binding_sets_the_cookie_and_revoking_ends_it(client, floor):
    client.force_login(floor.officer)
    response = client.post(reverse("queue_staff:devices"), {"desk": floor.desk.pk, "kind": "kiosk", "name": "Sảnh"})
    assert response.status_code == 302 and response["Location"] == kiosk_url(floor)
    token = response.cookies[COOKIES["kiosk"]].value
    client.logout()
    client.cookies[COOKIES["kiosk"]] = token
    assert client.get(kiosk_url(floor)).status_code == 200
    device = FloorDevice.objects.get()
    client.force_login(floor.officer)
    client.post(reverse("queue_staff:device_revoke", args=[device.pk]))
    client.logout()
    client.cookies[COOKIES["kiosk"]] = token
    assert client.get(kiosk_url(floor)).status_code == 403


def test_a_kiosk_device_is_not_a_board(client, floor):
    bound_client(client, floor, "kiosk")
    assert client.get(kiosk_url(floor, "board")).status_code == 403


def test_kiosk_issues_once_per_tap_and_shows_the_ticket(client, floor, tmp_path):
    bound_client(client, floor, "kiosk")
    page = client.get(kiosk_url(floor)).content.decode()
    key = re.search(r'name="client_key" value="([0-9a-f]+)"', page).group(1)
    data = {"group": floor.a.pk, "priority": "elderly", "client_key": key}
    first = client.post(kiosk_url(floor, "kiosk_issue"), data)
    second = client.post(kiosk_url(floor, "kiosk_issue"), data)
    assert first.status_code == 302 and first["Location"] == second["Location"]
    ticket = QueueTicket.objects.get()
    shown = client.get(first["Location"]).content.decode()
    assert 'data-ticket="A001"' in shown and "Elderly person" in shown
    png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', shown).group(1))
    (tmp_path / "qr.png").write_bytes(png)
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "qr.png")], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert decoded.endswith(reverse("queue_public:ticket", args=[ticket.public_token]))
    bad = client.post(kiosk_url(floor, "kiosk_issue"), {"group": floor.a.pk, "priority": "vip", "client_key": "x"})
    assert bad.status_code == 400 and QueueTicket.objects.count() == 1


def test_board_fragment_answers_204_while_nothing_changes(client, floor):
    bound_client(client, floor, "board")
    ticket_issue(desk=floor.desk, group=floor.a)
    ticket_call_next(counter=floor.counters[0], officer=floor.officer)
    page = client.get(kiosk_url(floor, "board_content")).content.decode()
    assert 'data-label="A001"' in page and 'data-counter-number="1"' in page
    version = re.search(r'data-version="([^"]+)"', page).group(1)
    assert client.get(kiosk_url(floor, "board_content"), {"v": version}).status_code == 204
    ticket_issue(desk=floor.desk, group=floor.b)
    assert client.get(kiosk_url(floor, "board_content"), {"v": version}).status_code == 200


def test_board_stream_sends_the_board_then_closes(client, floor, settings):
    settings.MOTCUA_QUEUE = {"SSE_STREAM_SECONDS": 0.3, "SSE_CHECK_SECONDS": 0.05}
    bound_client(client, floor, "board")
    ticket_issue(desk=floor.desk, group=floor.a)
    response = client.get(kiosk_url(floor, "board_events"))
    assert response["Content-Type"] == "text/event-stream"
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("retry: 2000") and "event: board" in body and body.count("event: board") == 1
    assert "data: " in body and "A – Tư pháp" in body


def test_tablet_two_taps_after_not_satisfied(client, floor):
    device = bound_client(client, floor, "tablet", counter=floor.counters[0])
    assert device.counter_id == floor.counters[0].pk
    state = kiosk_url(floor, "tablet_state", number=1)
    assert 'data-screen="idle"' in client.get(state).content.decode()
    ticket = ticket_issue(desk=floor.desk, group=floor.a)
    ticket_call_next(counter=floor.counters[0], officer=floor.officer)
    from ..services import ticket_finish

    ticket_finish(counter=floor.counters[0], officer=floor.officer)
    assert 'data-screen="rate"' in client.get(state).content.decode()
    rate = kiosk_url(floor, "tablet_rate", number=1)
    asked = client.post(rate, {"ticket": ticket.pk, "score": "not_satisfied"}).content.decode()
    assert 'data-screen="criteria"' in asked and not Rating.objects.exists()
    done = client.post(
        rate, {"ticket": ticket.pk, "score": "not_satisfied", "criteria": ["attitude"], "comment": "Chờ lâu"}
    )
    assert 'data-screen="thanks"' in done.content.decode()
    assert Rating.objects.get().criteria == ["attitude"]
    assert 'data-screen="idle"' in client.get(state).content.decode()  # rated: back to idle


def test_tablet_of_counter_1_cannot_open_counter_2(client, floor):
    bound_client(client, floor, "tablet", counter=floor.counters[0])
    assert client.get(kiosk_url(floor, "tablet", number=2)).status_code == 403


def test_counter_screen_actions(client, floor):
    client.force_login(floor.officer)
    ticket_issue(desk=floor.desk, group=floor.a)
    counter = floor.counters[0]
    screen = reverse("queue_staff:counter", args=[counter.pk])
    assert client.get(screen).status_code == 200
    called = client.post(reverse("queue_staff:action", args=[counter.pk, "goi-tiep"]), HTTP_HX_REQUEST="true")
    assert "data-current>A001" in called.content.decode()
    ticket = QueueTicket.objects.get()
    stale = client.post(
        reverse("queue_staff:action", args=[counter.pk, "xong"]), {"ticket": ticket.pk + 99}, HTTP_HX_REQUEST="true"
    )
    assert stale.status_code == 409
    done = client.post(reverse("queue_staff:action", args=[counter.pk, "xong"]), {"ticket": ticket.pk})
    assert done.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == TicketState.DONE
    empty = client.post(reverse("queue_staff:action", args=[counter.pk, "goi-tiep"]), HTTP_HX_REQUEST="true")
    assert "Nobody is waiting" in empty.content.decode()


def test_another_centres_officer_gets_404_and_nothing_changes(client, floor):
    ticket_issue(desk=floor.desk, group=floor.a)
    client.force_login(floor.stranger)
    counter = floor.counters[0]
    assert client.get(reverse("queue_staff:counter", args=[counter.pk])).status_code == 404
    assert client.post(reverse("queue_staff:action", args=[counter.pk, "goi-tiep"])).status_code == 404
    assert QueueTicket.objects.get().state == TicketState.WAITING


@pytest.mark.parametrize("action", ["bogus"])
def test_unknown_counter_action_is_404(client, floor, action):
    client.force_login(floor.officer)
    assert client.post(reverse("queue_staff:action", args=[floor.counters[0].pk, action])).status_code == 404


def test_ticket_follow_page_on_a_phone(client, floor):
    first = ticket_issue(desk=floor.desk, group=floor.a)
    second = ticket_issue(desk=floor.desk, group=floor.a)
    page = client.get(reverse("queue_public:ticket", args=[second.public_token])).content.decode()
    assert "A002" in page and "People ahead of you" in page
    ticket_call_next(counter=floor.counters[1], officer=floor.officer)
    page = client.get(reverse("queue_public:ticket", args=[first.public_token])).content.decode()
    assert "please go to counter 2" in page
    assert client.get(reverse("queue_public:ticket", args=["nope"])).status_code == 404


def test_booking_pages(client, floor, mailoutbox):
    start = client.get(
        reverse("queue_public:booking"), {"noi": floor.desk.code, "nhom": floor.a.pk, "ngay": "2026-12-08"}
    )
    assert start.status_code == 200 and 'value="09:30"' in start.content.decode()
    made = client.post(
        reverse("queue_public:booking_make"),
        {"group": floor.a.pk, "day": "2026-12-08", "slot": "09:30", "name": "Lò Thị Mai", "phone": "0912000111"},
    )
    assert made.status_code == 302
    page = client.get(made["Location"]).content.decode()
    assert "data-code" in page and "Cancel the appointment" in page
    refused = client.post(
        reverse("queue_public:booking_make"),
        {"group": floor.a.pk, "day": "2026-12-12", "slot": "09:30", "name": "X", "phone": "0912000111"},
    )
    assert refused.status_code == 400 and b"Choose one of the offered times" in refused.content
    cancelled = client.post(made["Location"])
    assert cancelled.status_code == 302
    assert "Cancelled" in client.get(made["Location"]).content.decode()


def test_tablet_shows_the_officers_photo(client, floor):
    from django.core.files.base import ContentFile

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    floor.officer.photo.save("hoa.png", ContentFile(png), save=True)
    bound_client(client, floor, "tablet", counter=floor.counters[0])
    ticket_issue(desk=floor.desk, group=floor.a)
    ticket_call_next(counter=floor.counters[0], officer=floor.officer)
    from ..services import ticket_finish

    ticket_finish(counter=floor.counters[0], officer=floor.officer)
    page = client.get(kiosk_url(floor, "tablet_state", number=1)).content.decode()
    assert 'data-screen="rate"' in page and floor.officer.photo.url in page


def test_a_photo_must_be_an_image(floor):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.org.models import staff_photo_check

    with pytest.raises(ValidationError):
        staff_photo_check(SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image"))
