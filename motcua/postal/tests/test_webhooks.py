"""Webhooks to the operator, received by a real local HTTP server: the HMAC-SHA256 signature over
the raw body verifies with the shared secret; a failing receiver leaves the webhook pending with its
next attempt scheduled, and a later sweep delivers it exactly once."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.dossiers.tests.conftest import VALID_CCCD, pdf_bytes
from motcua.dossiers.uploads import upload_check
from motcua.postal.models import PostalOrder, Webhook
from motcua.postal.services import (
    CollectedLine,
    OrderInput,
    ParcelCheck,
    Sender,
    postal_handover_create,
    postal_handover_sign,
    postal_order_collect,
    postal_order_create,
)
from motcua.postal.services.webhooks import webhooks_deliver_due

from .conftest import SECRET, SECRET_ENV, PostalWorld, build_postal

pytestmark = pytest.mark.django_db(transaction=True)


class Receiver:
    """A local HTTP endpoint that records what it receives and answers with `status`."""

    def __init__(self) -> None:
        self.status = 200
        self.received: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/motcua"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def verified(self, index: int) -> dict[str, Any]:
        """The JSON of delivery `index`, after checking its signature as the operator would."""
        item = self.received[index]
        expected = "sha256=" + hmac.new(SECRET.encode(), item["body"], hashlib.sha256).hexdigest()
        assert hmac.compare_digest(item["headers"]["X-Motcua-Signature"], expected)
        return json.loads(item["body"])


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    found.thread.start()
    yield found
    found.server.shutdown()
    found.server.server_close()


@pytest.fixture
def hooked(receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> PostalWorld:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    return build_postal(webhook_url=receiver.url)


def signed_record(pw: PostalWorld) -> Any:
    world = pw.world
    order = postal_order_create(
        actor=pw.client_user,
        operator=pw.operator,
        data=OrderInput(
            desk=world.centre,
            version=world.version,
            kind="both",
            applicant_name="Nguyễn Thị Hoà",
            phone="0912345678",
            pickup_address="Lào Cai",
            return_address="Lào Cai",
        ),
    )
    lines = [
        CollectedLine(
            component_id=c.pk,
            received=True,
            original_qty=1,
            scans=[upload_check_pdf(f"tp-{c.order}.pdf")] if c.order == 1 else [],
        )
        for c in world.version.components.order_by("order")
    ]
    postal_order_collect(
        actor=pw.worker,
        order=order,
        sender=Sender(name="Nguyễn Thị Hoà", id_type="cccd", id_number=VALID_CCCD, phone="0912345678"),
        lines=lines,
        inbound_tracking="RR111111111VN",
        fees_vnd=200000,
    )
    record = postal_handover_create(actor=pw.worker, operator=pw.operator, desk=world.centre, orders=[order])
    return postal_handover_sign(
        actor=world.desk_officer, handover=record, checks=[ParcelCheck(order_id=order.pk, complete=True)], counted=1
    )


def upload_check_pdf(name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return upload_check(SimpleUploadedFile(name, pdf_bytes(name)))


def test_signed_handover_webhook_verifies(hooked: PostalWorld, receiver: Receiver) -> None:
    record = signed_record(hooked)
    assert len(receiver.received) == 1
    body = receiver.verified(0)
    dossier = PostalOrder.objects.get(inbound_handover=record).dossier
    assert body["event"] == "handover.signed" and body["data"]["handover"] == record.number
    assert body["data"]["parcels"][0]["dossier"] == dossier.code
    headers = receiver.received[0]["headers"]
    assert headers["X-Motcua-Event"] == "handover.signed"
    assert headers["X-Motcua-Delivery"] == f"handover:{record.pk}:signed"
    webhook = Webhook.objects.get()
    assert (webhook.status, webhook.attempts, webhook.sent_at is not None) == ("sent", 1, True)


def test_failing_receiver_is_retried_by_the_sweep_once(hooked: PostalWorld, receiver: Receiver) -> None:
    receiver.status = 500
    signed_record(hooked)
    webhook = Webhook.objects.get()
    assert (webhook.status, webhook.attempts) == ("pending", 1)
    assert webhook.next_attempt_at is not None and webhook.next_attempt_at > timezone.now()
    assert "HTTP 500" in webhook.last_error
    assert webhooks_deliver_due() == 0  # not due yet: nothing sent
    assert len(receiver.received) == 1

    receiver.status = 204
    later = timezone.now() + dt.timedelta(minutes=2)
    assert webhooks_deliver_due(now=later) == 1
    assert webhooks_deliver_due(now=later + dt.timedelta(hours=1)) == 0
    call_command("postal_webhooks")
    assert len(receiver.received) == 2
    receiver.verified(1)
    webhook.refresh_from_db()
    assert (webhook.status, webhook.attempts, webhook.last_error) == ("sent", 2, "")


def test_missing_secret_never_sends_unsigned(
    hooked: PostalWorld, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SECRET_ENV)
    signed_record(hooked)
    assert receiver.received == []
    webhook = Webhook.objects.get()
    assert webhook.status == "pending" and SECRET_ENV in webhook.last_error
