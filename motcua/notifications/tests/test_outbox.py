"""The outbox around delivery: after-commit scheduling, no double sending, templates, the sweep."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction

from motcua.notifications.channels import configured_channels
from motcua.notifications.delivery import deliver_due
from motcua.notifications.models import Channel, MessageTemplate, OutboxMessage, OutboxStatus
from motcua.notifications.rendering import render_message
from motcua.notifications.services import (
    message_template_publish,
    message_template_set_active,
    outbox_enqueue,
)

from .conftest import payload

DAY = dt.datetime.fromisoformat("2026-02-12T10:00:00+07:00")


def enqueue(key: str, address: str = "hoa@example.vn") -> None:
    outbox_enqueue(
        event="dossier.receive", event_key=key, recipients=[(Channel.EMAIL, address)], payload=payload(agency_id=7)
    )


@pytest.mark.django_db(transaction=True)
def test_delivery_starts_after_commit_and_a_rolled_back_event_sends_nothing(smtp):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue("dossier:1:1")
        raise RuntimeError("the event failed")
    assert not OutboxMessage.objects.exists()

    with transaction.atomic():
        enqueue("dossier:1:2")
        assert smtp.messages == []  # never inside the transaction
    # Committed: the Celery task ran in-process (no REDIS_URL) right after the commit.
    assert len(smtp.messages) == 1
    row = OutboxMessage.objects.get()
    assert (row.status, row.agency_id) == (OutboxStatus.SENT, 7)


@pytest.mark.django_db
def test_national_portal_rows_stay_pending_without_attempts():
    outbox_enqueue(event="dossier.receive", event_key="k", recipients=[(Channel.NATIONAL_PORTAL, "dvcqg")], payload={})
    assert Channel.NATIONAL_PORTAL not in configured_channels()
    assert deliver_due() == 0
    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.PENDING, 0, "")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks with SKIP LOCKED need PostgreSQL")
def test_two_concurrent_sweeps_send_each_message_once(smtp):
    for n in range(40):
        enqueue(f"dossier:{n}:1")
    OutboxMessage.objects.update(next_attempt_at=DAY)  # the after-commit deliveries are done; make them due again
    OutboxMessage.objects.update(status=OutboxStatus.PENDING, attempts=0, sent_at=None)
    smtp.messages.clear()
    start = threading.Barrier(2)
    sent: list[int] = []

    def sweep() -> None:
        try:
            start.wait()
            sent.append(deliver_due(limit=100))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent) == 40
    assert len(smtp.messages) == 40
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT, attempts=1).count() == 40


@pytest.mark.django_db
def test_the_newest_active_template_version_wins_over_the_file(world):
    data = payload()
    assert render_message(event="dossier.receive", channel=Channel.EMAIL, payload=data).subject.startswith(
        "[Cổng dịch vụ công] Hồ sơ 000.00.00.H15-260212-0001 đã được tiếp nhận"
    )
    v1 = message_template_publish(
        event="dossier.receive",
        channel="email",
        language="vi",
        subject="V1 {{ code }}",
        body="Một",
        actor=world.administrator,
    )
    v2 = message_template_publish(
        event="dossier.receive",
        channel="email",
        language="vi",
        subject="V2 {{ code }}",
        body="Hai {{ due|date:'d/m/Y' }}",
    )
    assert (v1.version, v2.version, v1.created_by) == (1, 2, world.administrator)
    rendered = render_message(event="dossier.receive", channel=Channel.EMAIL, payload=data)
    assert (rendered.subject, rendered.body) == ("V2 000.00.00.H15-260212-0001", "Hai 26/02/2026\n")
    # English messages still come from the English file.
    assert render_message(
        event="dossier.receive", channel="email", payload={**data, "language": "en"}
    ).subject.endswith("accepted – result due on 26/02/2026")
    message_template_set_active(templates=[v2], active=False)
    assert (
        render_message(event="dossier.receive", channel="email", payload=data).subject == "V1 000.00.00.H15-260212-0001"
    )
    message_template_set_active(templates=MessageTemplate.objects.all(), active=False)
    assert "đã được tiếp nhận" in render_message(event="dossier.receive", channel="email", payload=data).subject


@pytest.mark.django_db
def test_a_broken_template_version_falls_back_to_the_file():
    message_template_publish(event="dossier.receive", channel="sms", language="vi", subject="", body="{% if %}")
    text = render_message(event="dossier.receive", channel="sms", payload=payload()).body
    assert text.startswith("Nguyen Thi Hoa: ho so 000.00.00.H15-260212-0001 da duoc tiep nhan")


@pytest.mark.django_db
def test_outbox_deliver_command_runs_one_sweep(smtp):
    with time_machine.travel(DAY, tick=False):
        enqueue("dossier:1:1")
        out = StringIO()
        call_command("outbox_deliver", stdout=out)
    assert out.getvalue().strip() == "outbox: 1 sent"
    assert len(smtp.messages) == 1
