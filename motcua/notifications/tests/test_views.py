"""The staff resend screen: who sees what, resend, recipient correction (audited), masking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.audit.models import AuditEvent
from motcua.notifications.models import Channel, OutboxMessage, OutboxStatus
from motcua.notifications.services import outbox_enqueue

from .conftest import payload

pytestmark = pytest.mark.django_db
LIST = reverse("notifications:list")
RESEND = reverse("notifications:resend")


def failed(world, *, agency, key: str, channel: str = Channel.SMS, recipient: str = "0912345678") -> OutboxMessage:
    """An outbox row of `agency`'s event that failed three times."""
    outbox_enqueue(
        event="dossier.receive", event_key=key, recipients=[(channel, recipient)], payload=payload(agency_id=agency.pk)
    )
    row = OutboxMessage.objects.get(event_key=key, channel=channel)
    OutboxMessage.objects.filter(pk=row.pk).update(
        status=OutboxStatus.FAILED, attempts=3, last_error="550 No such user", next_attempt_at=timezone.now()
    )
    row.refresh_from_db()
    return row


@pytest.fixture
def rows(world):
    return {
        "province_sms": failed(world, agency=world.province, key="dossier:1:1"),
        "province_mail": failed(
            world, agency=world.province, key="dossier:1:2", channel=Channel.EMAIL, recipient="x@y.vn"
        ),
        "justice": failed(world, agency=world.justice, key="dossier:2:1", recipient="0987654321"),
    }


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302 and reverse("staff:login") in response["Location"]
    assert client.post(RESEND, {"one": "1"}).status_code == 302


def test_citizen_and_roles_without_resend_right_are_refused(client, world, rows, django_user_model):
    client.force_login(django_user_model.objects.create_user("citizen", password="x"))
    assert client.get(LIST).status_code == 403
    client.force_login(world.specialist)
    assert client.get(LIST).status_code == 403
    assert client.post(RESEND, {"one": rows["justice"].pk}).status_code == 403
    assert client.get(reverse("notifications:recipient", args=[rows["justice"].pk])).status_code == 403


def test_officer_sees_only_own_agency_with_phone_numbers_masked(client, world, rows):
    client.force_login(world.desk_officer)
    page = client.get(LIST).content.decode()
    assert "*******678" in page and "0912345678" not in page
    assert "x@y.vn" in page
    assert "*******321" not in page  # the Department of Justice's message
    assert client.get(reverse("notifications:recipient", args=[rows["justice"].pk])).status_code == 404
    client.force_login(world.leader)  # leader of the Department of Justice
    page = client.get(LIST).content.decode()
    assert "*******321" in page and "*******678" not in page


def test_superuser_sees_everything_and_filters(client, rows, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.vn", "x"))
    page = client.get(LIST).content.decode()
    assert "*******321" in page and "*******678" in page
    page = client.get(LIST, {"channel": "email"}).content.decode()
    assert "x@y.vn" in page and "*******678" not in page
    page = client.get(LIST, {"event": "dossier.finish"}).content.decode()
    assert "No message is waiting to be resent." in page


def test_stuck_pending_messages_are_listed_after_15_minutes(client, world):
    outbox_enqueue(
        event="dossier.receive",
        event_key="dossier:3:1",
        recipients=[(Channel.EMAIL, "late@example.vn"), (Channel.NATIONAL_PORTAL, "dvcqg")],
        payload=payload(agency_id=world.province.pk),
    )
    client.force_login(world.desk_officer)
    assert "late@example.vn" not in client.get(LIST).content.decode()
    OutboxMessage.objects.update(created_at=timezone.now() - dt.timedelta(minutes=16))
    page = client.get(LIST, {"status": "pending"}).content.decode()
    assert "late@example.vn" in page and "dvcqg" not in page  # national-portal rows wait by design


def test_resend_one_and_selected_keep_attempts_and_are_audited(client, world, rows):
    client.force_login(world.desk_officer)
    before = timezone.now()
    response = client.post(RESEND, {"one": rows["province_sms"].pk, "next": f"{LIST}?channel=sms"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?channel=sms"
    row = OutboxMessage.objects.get(pk=rows["province_sms"].pk)
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 3)
    assert before <= row.next_attempt_at <= timezone.now() and row.retry_from == row.next_attempt_at
    assert AuditEvent.objects.filter(chain=f"outbox:{row.pk}", kind="outbox.resent", actor=world.desk_officer).exists()

    # Selected: another agency's message in the list of ids is ignored.
    response = client.post(
        RESEND, {"ids": [rows["province_mail"].pk, rows["justice"].pk], "next": "https://evil.example/"}
    )
    assert response["Location"] == LIST
    assert OutboxMessage.objects.get(pk=rows["province_mail"].pk).status == OutboxStatus.PENDING
    assert OutboxMessage.objects.get(pk=rows["justice"].pk).status == OutboxStatus.FAILED


def test_resend_sends_right_away_after_commit(client, world, rows, smtp, django_capture_on_commit_callbacks):
    client.force_login(world.desk_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESEND, {"one": rows["province_mail"].pk})
    assert len(smtp.to("x@y.vn")) == 1
    row = OutboxMessage.objects.get(pk=rows["province_mail"].pk)
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 4)


def test_recipient_correction_is_validated_and_audited(client, world, rows):
    client.force_login(world.desk_officer)
    url = reverse("notifications:recipient", args=[rows["province_sms"].pk])
    page = client.get(url).content.decode()
    assert "*******678" in page and 'type="tel"' in page

    response = client.post(url, {"recipient": "12ab"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page and "recipient-errors" in page and "10 digits" in page

    response = client.post(url, {"recipient": "+84 98 111 2233"})
    assert response.status_code == 302 and response["Location"] == LIST
    row = OutboxMessage.objects.get(pk=rows["province_sms"].pk)
    assert (row.recipient, row.status, row.attempts) == ("0981112233", OutboxStatus.PENDING, 3)
    event = AuditEvent.objects.get(chain=f"outbox:{row.pk}", kind="outbox.recipient_corrected")
    assert event.actor == world.desk_officer
    assert (event.data["from"], event.data["to"], event.object_type) == ("0912345678", "0981112233", "outbox_message")


def test_recipient_correction_refuses_a_duplicate_and_a_sent_message(client, world, rows):
    outbox_enqueue(
        event="dossier.receive",
        event_key="dossier:1:2",
        recipients=[(Channel.EMAIL, "other@y.vn")],
        payload=payload(agency_id=world.province.pk),
    )
    client.force_login(world.desk_officer)
    url = reverse("notifications:recipient", args=[rows["province_mail"].pk])
    response = client.post(url, {"recipient": "Other@Y.vn"})
    assert response.status_code == 400 and "already has a message to that recipient" in response.content.decode()
    OutboxMessage.objects.filter(pk=rows["province_mail"].pk).update(status=OutboxStatus.SENT)
    assert client.get(url).status_code == 302


def test_screen_in_vietnamese(client, world, rows, vietnamese):
    client.force_login(world.desk_officer)
    page = client.get(LIST).content.decode()
    assert "Thông báo cần gửi lại" in page and "Gửi lại" in page and "Sửa người nhận" in page
