"""The sender slip and the hand-over record are real PDFs with the record's content (pdftotext)."""

from __future__ import annotations

import subprocess

import pytest

from motcua.postal.models import PostalHandover, PostalOrder
from motcua.postal.pdf import handover_pdf_bytes, slip_pdf

from .conftest import PostalWorld, collected_body, order_body
from .test_api_flow import sign_on_screen

pytestmark = pytest.mark.django_db


def text_of(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def test_sender_slip_and_handover_record(postal: PostalWorld) -> None:
    api = postal.api()
    code = api.post("orders/", order_body(postal)).json()["code"]
    api.post(f"orders/{code}/collected/", collected_body(postal, "RR555666777VN"))
    order = PostalOrder.objects.get(code=code)
    slip = text_of(slip_pdf(order))
    assert "PHIẾU GỬI HỒ SƠ" in slip and "RR555666777VN" in slip and code in slip
    assert "Nguyễn Thị Hoà" in slip and "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in slip
    assert "200.000 đồng" in slip and "25.000 đồng" in slip
    by_api = api.client.get(f"/api/postal/orders/{code}/slip.pdf")
    assert by_api.status_code == 200 and text_of(by_api.content) == slip

    handover = api.post("handovers/", {"desk": postal.world.centre.code, "orders": [code]}).json()
    record = PostalHandover.objects.get(pk=handover["id"])
    before = text_of(handover_pdf_bytes(record))
    assert "BIÊN BẢN GIAO NHẬN HỒ SƠ" in before and record.number in before and "RR555666777VN" in before
    assert "NHÂN VIÊN BƯU CHÍNH" in before and "CÁN BỘ TIẾP NHẬN" in before

    sign_on_screen(postal, record.pk, {order.pk: "complete"}, counted=1)
    record.refresh_from_db()
    order.refresh_from_db()
    after = text_of(handover_pdf_bytes(record))
    assert order.dossier.code in after and "Đủ, nguyên" in after and "200.000 đồng" in after
    desk = api.client.get(f"/api/postal/handovers/{record.pk}/pdf")
    assert text_of(desk.content) == after
