"""Counter intake screens: choose the procedure, accept with scans, guide, refuse, keep input on errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers.models import Dossier, IntakeAttempt
from motcua.dossiers.tests.conftest import VALID_CCCD, pdf_bytes

from .test_views_support import client_for

pytestmark = pytest.mark.django_db


def form_data(world: Any, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "desk": world.centre.pk,
        "outcome": "accept",
        "applicant_kind": "person",
        "applicant_name": "Trần Văn Bình",
        "id_type": "cccd",
        "id_number": VALID_CCCD,
        "phone": "0987654321",
        "address": "Lào Cai",
        "sets_count": 1,
        "return_method": "counter",
    }
    for component in world.version.components.all():
        prefix = f"c{component.pk}"
        data[f"{prefix}-received"] = "on"
        data[f"{prefix}-original_qty"] = 1
        data[f"{prefix}-copy_qty"] = 0
        data[f"{prefix}-no_scan_reason"] = "" if component.order == 1 else "Bản giấy lưu tại quầy"
    first = world.version.components.get(order=1)
    data[f"c{first.pk}-scans"] = [SimpleUploadedFile("to-khai.pdf", pdf_bytes("to khai"), "application/pdf")]
    data.update(overrides)
    return data


def url(world: Any) -> str:
    return reverse("dossiers:intake_form", args=[world.version.pk]) + f"?desk={world.centre.pk}"


def test_step_one_finds_the_procedure_without_accents(world):
    client = client_for(world.desk_officer)
    response = client.get(reverse("dossiers:intake"), {"q": "phieu ly lich tu phap"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Cấp Phiếu lý lịch tư pháp" in html
    assert reverse("dossiers:intake_form", args=[world.version.pk]) in html


def test_only_desk_officers_receive(world):
    assert client_for(world.specialist).get(reverse("dossiers:intake")).status_code == 403
    assert client_for(world.specialist).post(url(world), form_data(world)).status_code == 403
    assert not Dossier.objects.exists()


def test_the_form_shows_checklist_fees_and_return_methods(world):
    html = client_for(world.desk_officer).get(url(world)).content.decode()
    assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in html
    assert "200.000 đ" in html
    assert 'value="counter"' in html
    assert 'value="post"' not in html  # the version does not offer postal return


def test_accept_creates_the_dossier_and_shows_code_due_and_receipt(world):
    client = client_for(world.desk_officer)
    response = client.post(url(world), form_data(world))

    assert response.status_code == 302, response.content.decode()[:3000]
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("dossiers:detail", args=[dossier.code])
    assert dossier.applicant_name == "Trần Văn Bình"
    assert dossier.attachments.filter(kind="scan", original_name="to-khai.pdf").exists()
    page = client.get(response["Location"]).content.decode()
    assert dossier.code in page
    assert "Print the receipt (Mẫu 01)" in page
    receipt = dossier.forms.get(key="receipt")
    pdf = client.get(reverse("dossiers:form_pdf", args=[dossier.code, receipt.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith("attachment;")


def test_a_service_refusal_keeps_the_input_and_is_400(world):
    first = world.version.components.get(order=1)
    data = form_data(world, **{f"c{first.pk}-received": ""})
    data.pop(f"c{first.pk}-received")

    response = client_for(world.desk_officer).post(url(world), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Required components not received" in html
    assert 'value="Trần Văn Bình"' in html
    assert 'value="0987654321"' in html
    assert "choose the scans again" in html
    assert not Dossier.objects.exists()


def test_a_wrong_id_shows_under_the_field_in_vietnamese(world, vietnamese):
    response = client_for(world.desk_officer).post(url(world), form_data(world, id_number="12345"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "Số định danh cá nhân gồm đúng 12 chữ số." in html
    assert 'value="Trần Văn Bình"' in html
    assert "Chưa ghi nhận gì." in html
    assert not Dossier.objects.exists()


def test_a_refused_upload_is_reported_for_its_component(world):
    first = world.version.components.get(order=1)
    data = form_data(world, **{f"c{first.pk}-scans": [SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary")]})

    response = client_for(world.desk_officer).post(url(world), data)

    assert response.status_code == 400
    assert "virus.exe: only PDF, JPEG and PNG files are accepted." in response.content.decode()
    assert not Dossier.objects.exists()


def test_guide_records_the_attempt_and_prints_form_02(world):
    client = client_for(world.desk_officer)
    data = form_data(world, outcome="guide", id_number="", **{"g0-defect": "Chưa ký tên", "g0-legal_basis": "Điều 45"})

    response = client.post(url(world), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    attempt = IntakeAttempt.objects.get()
    assert attempt.outcome == "guided"
    assert attempt.items[0]["defect"] == "Chưa ký tên"
    page = client.get(response["Location"]).content.decode()
    form = attempt.forms.get()
    link = reverse("dossiers:attempt_pdf", args=[attempt.pk, form.pk])
    assert link in page
    assert client.get(link).content.startswith(b"%PDF")
    assert not Dossier.objects.exists()
    assert client_for(world.desk_officer_2).get(link).status_code == 200
    assert client_for(world.specialist).get(link).status_code in (403, 404)


def test_guide_without_items_is_400_in_its_section(world):
    response = client_for(world.desk_officer).post(url(world), form_data(world, outcome="guide"))
    assert response.status_code == 400
    assert "List at least one item." in response.content.decode()
    assert not IntakeAttempt.objects.exists()


def test_refuse_records_reasons_with_legal_basis(world):
    data = form_data(world, outcome="refuse", **{"r0-reason": "Không thuộc thẩm quyền", "r0-legal_basis": "Điều 5"})
    response = client_for(world.desk_officer).post(url(world), data)

    assert response.status_code == 302, response.content.decode().split("<main")[1][:6000]
    attempt = IntakeAttempt.objects.get()
    assert attempt.outcome == "refused"
    assert attempt.forms.get().key == "intake_refusal"


def test_live_id_check(world):
    client = client_for(world.desk_officer)
    bad = client.get(reverse("dossiers:id_check"), {"id_type": "cccd", "id_number": "999190012345"})
    assert "are not a province code" in bad.content.decode()
    good = client.get(reverse("dossiers:id_check"), {"id_type": "cccd", "id_number": VALID_CCCD})
    assert "The ID number looks valid." in good.content.decode()
    old = client.get(reverse("dossiers:id_check"), {"id_type": "cmnd", "id_number": "123456789"})
    assert "Old 9-digit ID card" in old.content.decode()
