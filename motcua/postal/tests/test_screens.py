"""The postal screens: the applicant's order, postal staff (collect, hand-over), the desk, the panels."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.dossiers.tests.conftest import VALID_CCCD, pdf_bytes
from motcua.notifications.models import OutboxMessage
from motcua.org.choices import Role
from motcua.org.tests.factories import DeskFactory, RoleAssignmentFactory
from motcua.postal.models import PostalHandover, PostalOrder

from .conftest import PostalWorld, collected_body, order_body
from .test_api_flow import sign_on_screen

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def order_form(pw: PostalWorld, **overrides: Any) -> dict[str, Any]:
    data = {
        "desk": pw.world.centre.pk,
        "kind": "both",
        "applicant_name": "Trần Văn Bình",
        "phone": "0987654321",
        "pickup_address": "Thôn 3, xã Bát Xát",
        "return_address": "Thôn 3, xã Bát Xát",
    }
    data.update(overrides)
    return data


def test_anonymous_applicant_orders_a_pickup(postal: PostalWorld) -> None:
    url = f"/buu-chinh/dat-lay-ho-so/{postal.world.version.procedure.code}/"
    client = Client()
    page = client.get(url)
    assert page.status_code == 200 and "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in page.content.decode()
    invalid = client.post(url, order_form(postal, phone="12"))
    assert invalid.status_code == 200 and not PostalOrder.objects.exists()
    response = client.post(url, order_form(postal))
    order = PostalOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/buu-chinh/don/{order.code}/da-dat/"
    assert (order.operator, order.kind, order.status, order.applicant) == (postal.operator, "both", "requested", None)
    done = client.get(response["Location"]).content.decode()
    assert order.code in done and "Bản chụp giấy tờ tùy thân" in done
    assert Client().get(response["Location"]).status_code == 404  # another browser learns nothing
    sms = OutboxMessage.objects.get(event="postal.order_created", channel="sms")
    assert sms.recipient == "0987654321" and sms.payload["order_code"] == order.code


def test_procedure_without_postal_intake_has_no_order_page(postal: PostalWorld) -> None:
    postal.world.version.accepts_postal_intake = False
    postal.world.version.save(update_fields=["accepts_postal_intake"])
    assert Client().get(f"/buu-chinh/dat-lay-ho-so/{postal.world.version.procedure.code}/").status_code == 404


def test_postal_staff_collect_and_hand_over_on_screen(postal: PostalWorld) -> None:
    worker = signed_in(postal.worker)
    code = postal.api().post("orders/", order_body(postal)).json()["code"]
    home = worker.get("/buu-chinh/").content.decode()
    assert code in home
    components = list(postal.world.version.components.order_by("order"))
    data: dict[str, Any] = {
        "name": "Nguyễn Thị Hoà",
        "id_type": "cccd",
        "id_number": VALID_CCCD,
        "phone": "0912345678",
        "address": "Lào Cai",
        "sets_count": 1,
        "inbound_tracking": "RR222333444VN",
        "fees_vnd": 200000,
        "postage_vnd": 20000,
    }
    for c in components:
        data[f"c{c.pk}-received"] = "on" if c.required else ""
        data[f"c{c.pk}-original_qty"] = 1 if c.required else 0
        data[f"c{c.pk}-copy_qty"] = 0
    data[f"c{components[0].pk}-scan"] = SimpleUploadedFile("to-khai.pdf", pdf_bytes("to-khai"), "application/pdf")
    collected = worker.post(f"/buu-chinh/don/{code}/thu-gom/", data)
    assert collected.status_code == 302, collected.content.decode()[-3000:]
    order = PostalOrder.objects.get(code=code)
    assert order.status == "collected" and order.scans.count() == 1 and order.slip["sender"]["id_number"] == VALID_CCCD
    slip = worker.get(f"/buu-chinh/don/{code}/phieu-gui.pdf")
    assert slip.status_code == 200 and slip.content.startswith(b"%PDF-")

    created = worker.post("/buu-chinh/bien-ban/", {"desk": postal.world.centre.pk, "orders": [order.pk]})
    record = PostalHandover.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/buu-chinh/bien-ban/{record.pk}/"
    assert worker.get(created["Location"]).status_code == 200

    desk = signed_in(postal.world.desk_officer)
    assert record.number in desk.get("/can-bo/buu-chinh/").content.decode()
    assert sign_on_screen(postal, record.pk, {order.pk: "complete"}, counted=1).status_code == 302
    order.refresh_from_db()
    page = worker.get(f"/buu-chinh/bien-ban/{record.pk}/").content.decode()
    form_id = record.__class__.objects.get(pk=record.pk).parcels[0]["receipt_form"]
    assert order.dossier.code in page and f"/buu-chinh/bien-ban/{record.pk}/mau-01/{form_id}/" in page
    receipt = worker.get(f"/buu-chinh/bien-ban/{record.pk}/mau-01/{form_id}/")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF-")

    staff_page = desk.get(f"/can-bo/ho-so/{order.dossier.code}/").content.decode()
    assert "RR222333444VN" in staff_page and record.number in staff_page


def test_screens_are_scoped(postal: PostalWorld) -> None:
    api = postal.api()
    code = api.post("orders/", order_body(postal)).json()["code"]
    api.post(f"orders/{code}/collected/", collected_body(postal))
    record = api.post("handovers/", {"desk": postal.world.centre.code, "orders": [code]}).json()
    assert signed_in(postal.world.specialist).get("/buu-chinh/").status_code == 403
    assert signed_in(postal.world.desk_officer).get(f"/buu-chinh/don/{code}/").status_code == 403
    elsewhere = DeskFactory(agency=postal.world.province)
    stranger = RoleAssignmentFactory(role=Role.DESK_OFFICER, agency=postal.world.province, desk=elsewhere).user
    stranger_client = signed_in(stranger)
    assert stranger_client.get(f"/can-bo/buu-chinh/bien-ban/{record['id']}/").status_code == 404
    order = PostalOrder.objects.get(code=code)
    url = f"/can-bo/buu-chinh/bien-ban/{record['id']}/"
    refused = stranger_client.post(url, {"counted": 1, f"p{order.pk}": "complete"})
    assert refused.status_code == 404
    assert PostalHandover.objects.get(pk=record["id"]).signed_at is None


def test_lookup_with_second_factor_shows_tracking(postal: PostalWorld) -> None:
    cache.clear()
    api = postal.api()
    code = api.post("orders/", order_body(postal)).json()["code"]
    api.post(f"orders/{code}/collected/", collected_body(postal, "RR999888777VN"))
    record = api.post("handovers/", {"desk": postal.world.centre.code, "orders": [code]}).json()
    sign_on_screen(postal, record["id"], {PostalOrder.objects.get(code=code).pk: "complete"}, counted=1)
    dossier_code = PostalOrder.objects.get(code=code).dossier.code
    public = Client().get("/tra-cuu/", {"ma": dossier_code}).content.decode()
    assert "RR999888777VN" not in public
    details = Client().post("/tra-cuu/", {"ma": dossier_code, "factor": "5678"}).content.decode()
    assert "RR999888777VN" in details


def test_procedure_page_links_to_the_order(postal: PostalWorld) -> None:
    code = postal.world.version.procedure.code
    page = Client().get(f"/thu-tuc/{code}/").content.decode()
    assert f"/buu-chinh/dat-lay-ho-so/{code}/" in page


def test_demo_is_idempotent(postal: PostalWorld) -> None:
    from motcua.postal.demo import build_demo_postal

    first = build_demo_postal(postal.worker, postal.world.centre)
    again = build_demo_postal(postal.worker, postal.world.centre)
    assert first.made == 1 and again.made == 0 and first.token == again.token
    assert PostalOrder.objects.filter(operator=first.operator).count() == 1


def test_order_page_in_vietnamese(postal: PostalWorld, vietnamese: None) -> None:
    page = Client().get(f"/buu-chinh/dat-lay-ho-so/{postal.world.version.procedure.code}/").content.decode()
    assert "Đặt bưu điện đến lấy hồ sơ" in page and "Giấy tờ cần chuẩn bị" in page
