"""E-mail delivery against a real SMTP server (aiosmtpd): arrival, outage and retries, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.notifications.delivery import deliver_due, deliver_event
from motcua.notifications.models import Channel, OutboxMessage, OutboxStatus
from motcua.notifications.services import outbox_enqueue

from .conftest import free_port, payload

pytestmark = pytest.mark.django_db
MORNING = dt.datetime.fromisoformat("2026-02-12T10:00:00+07:00")


def enqueue_email(address: str = "hoa@example.vn", key: str = "dossier:1:1", **extra: object) -> OutboxMessage:
    outbox_enqueue(
        event="dossier.receive", event_key=key, recipients=[(Channel.EMAIL, address)], payload=payload(**extra)
    )
    return OutboxMessage.objects.get(event_key=key, channel=Channel.EMAIL)


def test_accepted_dossier_email_arrives_in_vietnamese(world, smtp, django_capture_on_commit_callbacks):
    with time_machine.travel(MORNING, tick=False), django_capture_on_commit_callbacks(execute=True):
        dossier = world.receive()
    [mail] = smtp.to("hoa@example.vn")
    assert mail["Subject"].strip() == (
        f"[Cổng dịch vụ công] Hồ sơ {dossier.code} đã được tiếp nhận – hẹn trả kết quả ngày 26/02/2026"
    )
    body = mail.get_content()
    assert "Kính gửi ông/bà Nguyễn Thị Hoà," in body
    assert f"mã số {dossier.code}" in body and "Ngày hẹn trả kết quả: 26/02/2026" in body
    assert f"/tra-cuu/?ma={dossier.code}" in body
    assert mail["Auto-Submitted"] == "auto-generated"
    row = OutboxMessage.objects.get(event="dossier.receive", channel=Channel.EMAIL)
    assert (row.status, row.attempts, row.sent_at, row.agency_id) == (
        OutboxStatus.SENT,
        1,
        MORNING,
        dossier.receiving_agency_id,
    )
    # The national-portal row waits for its channel: pending, never attempted.
    portal = OutboxMessage.objects.get(event="dossier.receive", channel=Channel.NATIONAL_PORTAL)
    assert (portal.status, portal.attempts) == (OutboxStatus.PENDING, 0)


def test_english_applicant_gets_english_email(smtp):
    with time_machine.travel(MORNING, tick=False):
        enqueue_email(language="en")
        assert deliver_event("dossier:1:1") == 1
    [mail] = smtp.messages
    assert mail["Subject"].endswith("Dossier 000.00.00.H15-260212-0001 accepted – result due on 26/02/2026")
    assert "Dear Nguyễn Thị Hoà," in mail.get_content()


def test_smtp_outage_keeps_the_message_pending_and_the_sweep_sends_it_once_when_back(world, smtp):
    smtp.stop()
    with time_machine.travel(MORNING, tick=False) as clock:
        message = enqueue_email()
        assert deliver_event(message.event_key) == 0
        message.refresh_from_db()
        assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
        assert message.next_attempt_at == MORNING + dt.timedelta(minutes=1)
        assert "ConnectionRefusedError" in message.last_error
        assert message.claimed_until is None

        smtp.start()
        assert deliver_due() == 0  # not due yet: nothing is sent before its time
        clock.shift(dt.timedelta(seconds=61))
        assert deliver_due() == 1
        assert deliver_due() == 0
        assert deliver_event(message.event_key) == 0
    assert len(smtp.messages) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.SENT, 2, "")
    assert message.sent_at == MORNING + dt.timedelta(seconds=61)


def test_permanent_refusal_fails_at_once_and_a_4xx_is_retried(smtp):
    smtp.refuse["nobody@example.vn"] = "550 5.1.1 No such user"
    smtp.refuse["busy@example.vn"] = "451 4.3.0 Try again later"
    with time_machine.travel(MORNING, tick=False):
        refused = enqueue_email("nobody@example.vn", key="k:1")
        deferred = enqueue_email("busy@example.vn", key="k:2")
        invalid = enqueue_email("not-an-address", key="k:3")
        assert deliver_due() == 0
    refused.refresh_from_db()
    assert (refused.status, refused.attempts) == (OutboxStatus.FAILED, 1)
    assert "550" in refused.last_error and "No such user" in refused.last_error
    deferred.refresh_from_db()
    assert (deferred.status, deferred.attempts) == (OutboxStatus.PENDING, 1)
    assert deferred.next_attempt_at == MORNING + dt.timedelta(minutes=1) and "451" in deferred.last_error
    invalid.refresh_from_db()
    assert (invalid.status, invalid.last_error) == (OutboxStatus.FAILED, "not an e-mail address")
    assert smtp.messages == []


def test_retry_schedule_ends_in_failed_48_hours_after_creation(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens there
    with time_machine.travel(MORNING, tick=False) as clock:
        message = enqueue_email()
        attempts_at = []
        for _attempt in range(20):
            attempts_at.append(message.next_attempt_at - MORNING)
            clock.move_to(message.next_attempt_at)
            deliver_due()
            message.refresh_from_db()
            if message.status != OutboxStatus.PENDING:
                break
    minutes = [int(delta.total_seconds() // 60) for delta in attempts_at]
    assert minutes == [0, 1, 6, 36, 156, 516, 1236, 1956, 2676, 2880]  # … 20 h 36, 32 h 36, 44 h 36, 48 h
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 10)
    assert "gave up" in message.last_error
