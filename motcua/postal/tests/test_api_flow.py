"""The whole postal intake and return through the partner API (services.md §2, lifecycle.md §1, §5):
order → collected → hand-over → the desk signs on its screen → a postal dossier received at the
signing time → processing → results?ready=1 → picked up (state 10) → delivery events."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from motcua.audit.models import AuditEvent
from motcua.catalog.choices import StepRole
from motcua.dossiers import services
from motcua.dossiers.choices import State
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.api_support import active_task
from motcua.payments.models import Payment
from motcua.postal.models import DeliveryEvent, PostalHandover, PostalOrder, Webhook

from .conftest import PostalWorld, collected_body, order_body

pytestmark = pytest.mark.django_db


def at(day: str, hhmm: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hhmm}:00+07:00")


def sign_on_screen(pw: PostalWorld, handover_id: int, decisions: dict[int, str], counted: int) -> object:
    desk = Client()
    desk.force_login(pw.world.desk_officer)
    data: dict[str, object] = {"counted": counted}
    for order_id, finding in decisions.items():
        data[f"p{order_id}"] = finding
        if finding == "incomplete":
            data[f"p{order_id}_note"] = "Thiếu bản chụp giấy tờ tùy thân"
    return desk.post(f"/can-bo/buu-chinh/bien-ban/{handover_id}/", data)


def to_done(pw: PostalWorld, dossier: Dossier) -> Dossier:
    world = pw.world
    dossier = services.dossier_forward(actor=world.desk_officer, dossier=dossier)
    for role, actor in (
        (StepRole.DEPARTMENT_HEAD, world.head),
        (StepRole.SPECIALIST, world.specialist),
        (StepRole.DEPARTMENT_HEAD, world.head),
        (StepRole.AGENCY_LEADER, world.leader),
    ):
        dossier = services.task_complete(actor=actor, dossier=dossier, task_id=active_task(dossier, role))
    # A written refusal: the granted path needs the e-signature certificates (motcua.esign), and what
    # travels back by post is the same either way.
    return services.dossier_finish(
        actor=world.clerk, dossier=dossier, outcome="refused", reasons="Không đủ điều kiện theo Điều 7"
    )


def test_postal_intake_and_return_through_the_api(postal: PostalWorld) -> None:
    postal.operator.webhook_url = "http://127.0.0.1:9/unused"  # rows only: nothing commits in this test
    postal.operator.save(update_fields=["webhook_url"])
    api = postal.api()
    with time_machine.travel(at("2026-02-11", "15:00"), tick=False) as clock:
        created = api.post("orders/", order_body(postal))
        assert created.status_code == 201, created.json()
        code = created.json()["code"]
        assert code == "BC-260211-0001"
        assert [c["order"] for c in created.json()["components"]] == [1, 2, 3]
        assert api.get("orders/", status="requested").json()[0]["code"] == code

        collected = api.post(f"orders/{code}/collected/", collected_body(postal))
        assert collected.status_code == 200, collected.json()
        assert collected.json()["status"] == "collected"

        handed = api.post("handovers/", {"desk": postal.world.centre.code, "orders": [code]})
        assert handed.status_code == 201, handed.json()
        handover = handed.json()
        assert handover["signed_at"] is None and handover["parcels"][0]["dossier"] == ""
        assert api.client.get(handover["pdf"]).status_code == 200

        clock.move_to(at("2026-02-12", "10:00"))
        order = PostalOrder.objects.get(code=code)
        response = sign_on_screen(postal, handover["id"], {order.pk: "complete"}, counted=1)
        assert response.status_code == 302, response.content.decode()[:2000]

    record = PostalHandover.objects.get(pk=handover["id"])
    dossier = Dossier.objects.get(postal_orders__code=code)
    assert record.signed_at == at("2026-02-12", "10:00")
    assert dossier.channel == "postal" and dossier.state == State.RECEIVED
    assert dossier.received_at == record.signed_at  # the legal reception time, not the collection (11/02 15:00)
    assert dossier.due_date == dt.date(2026, 2, 26)  # 5 working days from Thu 12/02/2026 10:00
    assert dossier.return_method == "post" and dossier.return_address.startswith("Số 5")
    assert dossier.forms.filter(key="receipt").count() == 1
    assert dossier.components.get(order=1).digitisation == 1  # the worker's scan
    assert dossier.components.get(order=2).no_scan_reason.startswith("Chờ số hóa")
    assert dossier.handovers.first().at == record.signed_at  # control sheet: the postal record's time
    payment = Payment.objects.get(dossier=dossier)
    assert (payment.method, payment.amount_vnd, payment.status) == ("postal", 200000, "paid")
    assert record.fees_remitted_vnd == 200000 and len(record.sha256) == 64

    detail = api.get(f"handovers/{handover['id']}/").json()
    parcel = detail["parcels"][0]
    assert parcel["dossier"] == dossier.code and parcel["complete"] is True
    receipt = api.client.get(parcel["receipt_pdf"])
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"

    dossier = to_done(postal, dossier)
    ready = api.get("results/", ready=1).json()
    assert [r["dossier"] for r in ready] == [dossier.code]
    picked = api.post(f"results/{dossier.code}/picked-up/", {"tracking_number": "RR987654321VN", "postage_vnd": 25000})
    assert picked.status_code == 200, picked.json()
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED and dossier.returned_at is not None
    assert dossier.history.last().data["tracking_number"] == "RR987654321VN"
    assert api.get("results/", ready=1).json() == []

    event = {
        "event_id": "ev-1",
        "status": "delivered",
        "at": "2026-03-06T10:00:00+07:00",
        "location": "Lào Cai",
        "delivered_to": "Nguyễn Thị Hoà",
    }
    first = api.post(f"results/{dossier.code}/delivery-events/", event)
    again = api.post(f"results/{dossier.code}/delivery-events/", event)  # another key, same event id
    assert (first.status_code, first.json()["recorded"]) == (201, True)
    assert (again.status_code, again.json()["recorded"]) == (200, False)
    assert DeliveryEvent.objects.filter(order__dossier=dossier).count() == 1
    order = PostalOrder.objects.get(code=code)
    assert (order.status, order.delivered_to) == ("delivered", "Nguyễn Thị Hoà")
    assert order.outbound_tracking == "RR987654321VN"
    events = list(Webhook.objects.order_by("id").values_list("event", flat=True))
    assert events == ["handover.signed", "result.ready", "result.picked_up"]
    kinds = set(AuditEvent.objects.filter(kind__startswith="postal.").values_list("kind", flat=True))
    assert {"postal.order_created", "postal.collected", "postal.handover_created", "postal.handover_signed"} <= kinds


def test_incomplete_parcel_creates_no_dossier(postal: PostalWorld) -> None:
    api = postal.api()
    codes = []
    for tracking in ("RR000000001VN", "RR000000002VN"):
        code = api.post("orders/", order_body(postal)).json()["code"]
        assert api.post(f"orders/{code}/collected/", collected_body(postal, tracking)).status_code == 200
        codes.append(code)
    handover = api.post("handovers/", {"desk": postal.world.centre.code, "orders": codes}).json()
    first, second = (PostalOrder.objects.get(code=c) for c in codes)
    wrong_count = sign_on_screen(postal, handover["id"], {first.pk: "complete", second.pk: "incomplete"}, counted=3)
    assert wrong_count.status_code == 400 and not Dossier.objects.exists()
    response = sign_on_screen(postal, handover["id"], {first.pk: "complete", second.pk: "incomplete"}, counted=2)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.dossier is not None and second.dossier is None
    assert (second.status, second.desk_note) == ("incomplete", "Thiếu bản chụp giấy tờ tùy thân")
    assert Dossier.objects.count() == 1
    parcels = api.get(f"handovers/{handover['id']}/").json()["parcels"]
    assert [(p["complete"], bool(p["dossier"])) for p in parcels] == [(True, True), (False, False)]
