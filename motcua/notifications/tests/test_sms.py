"""SMS: console and HTTP providers (a real local gateway), ASCII text, quiet hours."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import time_machine

from motcua.notifications.delivery import deliver_due, deliver_event
from motcua.notifications.models import Channel, OutboxMessage, OutboxStatus
from motcua.notifications.services import outbox_enqueue

from .conftest import payload

pytestmark = pytest.mark.django_db
DAY = dt.datetime.fromisoformat("2026-02-12T10:00:00+07:00")
NIGHT = dt.datetime.fromisoformat("2026-02-12T22:30:00+07:00")


def enqueue_sms(phone: str = "0912345678", key: str = "dossier:1:1", event: str = "dossier.receive", **extra: object):
    outbox_enqueue(event=event, event_key=key, recipients=[(Channel.SMS, phone)], payload=payload(**extra))
    return OutboxMessage.objects.get(event_key=key, channel=Channel.SMS)


def test_console_provider_logs_an_ascii_sms_with_name_code_and_date(caplog):
    caplog.set_level(logging.INFO, logger="motcua.notifications.sms")
    with time_machine.travel(DAY, tick=False):
        message = enqueue_sms(applicant_name="Nguyễn Thị Hoàng Phương Thảo Nguyên Đặng")
        assert deliver_event(message.event_key) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 1)
    [record] = [r for r in caplog.records if r.name == "motcua.notifications.sms"]
    text = record.getMessage().split(": ", 1)[1]
    assert record.getMessage().startswith("SMS to ******5678: ")  # the phone number is masked in logs
    assert text == (
        "Nguyen Thi Hoang Phuong Thao ...: ho so 000.00.00.H15-260212-0001 da duoc tiep nhan. "
        "Hen tra ket qua ngay 26/02/2026."
    )
    assert text.isascii() and len(text) <= 160
    assert "Cấp Phiếu" not in text and "Cap Phieu" not in text  # no procedure or other personal data


def test_unicode_sms_keeps_diacritics_when_the_provider_takes_them(caplog, notify_settings):
    notify_settings(SMS_ASCII=False)
    caplog.set_level(logging.INFO, logger="motcua.notifications.sms")
    with time_machine.travel(DAY, tick=False):
        deliver_event(enqueue_sms().event_key)
    assert "Nguyễn Thị Hoà: hồ sơ 000.00.00.H15-260212-0001 đã được tiếp nhận." in caplog.text


def test_a_number_that_is_not_a_mobile_fails_at_once():
    with time_machine.travel(DAY, tick=False):
        message = enqueue_sms("12345")
        deliver_due()
    message.refresh_from_db()
    assert (message.status, message.last_error) == (OutboxStatus.FAILED, "not a mobile phone number")


@pytest.mark.parametrize(
    ("status", "expected", "attempts"),
    [(200, OutboxStatus.SENT, 1), (400, OutboxStatus.FAILED, 1), (503, OutboxStatus.PENDING, 1)],
)
def test_http_provider_against_a_real_gateway(sms_gateway, status, expected, attempts):
    sms_gateway.status = status
    with time_machine.travel(DAY, tick=False):
        message = enqueue_sms("+84 912 345 678")
        deliver_event(message.event_key)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (expected, attempts)
    [request] = sms_gateway.received
    assert request["auth"] == "Bearer secret-token"
    assert request["body"]["to"] == "0912345678"
    assert request["body"]["text"].startswith("Nguyen Thi Hoa: ho so 000.00.00.H15-260212-0001")
    if status == 200:
        assert message.sent_at == DAY
    else:
        assert f"HTTP {status}" in message.last_error
    if status == 503:
        assert message.next_attempt_at == DAY + dt.timedelta(minutes=1)


def test_http_provider_timeout_is_retried(sms_gateway, notify_settings):
    sms_gateway.delay = 1.5
    notify_settings(SMS_HTTP_TIMEOUT=0.3)
    with time_machine.travel(DAY, tick=False):
        message = enqueue_sms()
        deliver_event(message.event_key)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert "Timeout" in message.last_error


def test_quiet_hours_hold_sms_until_seven_but_not_email_or_urgent_sms(settings, caplog):
    caplog.set_level(logging.INFO, logger="motcua.notifications.sms")
    with time_machine.travel(NIGHT, tick=False) as clock:
        outbox_enqueue(
            event="dossier.receive",
            event_key="dossier:1:1",
            recipients=[(Channel.SMS, "0912345678"), (Channel.EMAIL, "hoa@example.vn")],
            payload=payload(),
        )
        reset = enqueue_sms(
            "0987654321", key="account.password_reset:9:1", event="account.password_reset", name="A", link="http://x/r/"
        )
        assert deliver_due() == 2  # the e-mail and the urgent reset SMS
        sms = OutboxMessage.objects.get(event_key="dossier:1:1", channel=Channel.SMS)
        assert (sms.status, sms.attempts) == (OutboxStatus.PENDING, 0)
        assert sms.next_attempt_at == dt.datetime.fromisoformat("2026-02-13T07:00:00+07:00")
        clock.move_to(dt.datetime.fromisoformat("2026-02-13T06:59:00+07:00"))
        assert deliver_due() == 0
        clock.move_to(sms.next_attempt_at)
        assert deliver_due() == 1
    sms.refresh_from_db()
    reset.refresh_from_db()
    assert (sms.status, sms.attempts, reset.status) == (OutboxStatus.SENT, 1, OutboxStatus.SENT)
    assert "dat lai mat khau tai http://x/r/" in caplog.text


def test_quiet_hours_after_midnight_and_switched_off(notify_settings):
    early = dt.datetime.fromisoformat("2026-02-13T05:10:00+07:00")
    with time_machine.travel(early, tick=False):
        held = enqueue_sms(key="k:1")
        deliver_due()
        held.refresh_from_db()
        assert held.next_attempt_at == dt.datetime.fromisoformat("2026-02-13T07:00:00+07:00")
        notify_settings(QUIET_HOURS=None)
        sent_now = enqueue_sms(key="k:2")
        deliver_due()
    held.refresh_from_db()
    sent_now.refresh_from_db()
    assert (held.status, sent_now.status) == (OutboxStatus.PENDING, OutboxStatus.SENT)
