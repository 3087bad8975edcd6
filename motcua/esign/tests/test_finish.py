"""Issuing a granted result signs it inside the finish transaction (documents-and-codes.md §5)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.urls import reverse

from motcua.audit.models import AuditEvent
from motcua.catalog.choices import StepRole
from motcua.dossiers.choices import ReturnPhase, State
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier, StoreItem
from motcua.dossiers.services import dossier_finish, task_complete
from motcua.dossiers.tests.conftest import png_bytes
from motcua.dossiers.tests.test_views_support import client_for, post_action
from motcua.esign.models import ResultDocument
from motcua.esign.render import verify_url
from motcua.esign.services.codes import ALPHABET
from motcua.esign.signers import SignerNotConfigured
from motcua.notifications.models import OutboxMessage

from .conftest import checked, online_at_clerk, pdf_text, pdfsig, qr_codes, result_bytes, to_clerk

pytestmark = pytest.mark.django_db
CONTENT = "Ông/Bà Nguyễn Thị Hoà không có án tích.\nPhiếu được cấp theo yêu cầu của người nộp hồ sơ."


def test_template_result_is_generated_signed_and_recorded(world, tmp_path: Path) -> None:
    dossier = dossier_finish(actor=world.clerk, dossier=to_clerk(world), content=CONTENT, document_number="126/PLLTP")
    assert (dossier.state, dossier.outcome, dossier.return_phase) == (State.DONE, "granted", ReturnPhase.AVAILABLE)
    issued = ResultDocument.objects.get(dossier=dossier)
    data = result_bytes(dossier)
    assert re.fullmatch(f"[{ALPHABET}]{{10}}", issued.code)
    assert issued.sha256 == hashlib.sha256(data).hexdigest() == issued.attachment.sha256  # type: ignore[union-attr]
    assert issued.source == "template" and issued.source_sha256 and issued.source_sha256 != issued.sha256
    assert (issued.signer, issued.signed_by, issued.agency) == ("local_pkcs12", world.clerk, world.justice)
    assert issued.document_number == "126/PLLTP" and issued.certificate_sha256
    assert "Sở Tư pháp tỉnh Lào Cai" in issued.certificate_subject and "motcua Test CA" in issued.certificate_issuer

    text = pdf_text(data)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ TƯ PHÁP TỈNH LÀO CAI",
        "126/PLLTP",
        "CẤP PHIẾU LÝ LỊCH TƯ PHÁP",
        "Nguyễn Thị Hoà",
        "không có án tích",
        f"Mã kết quả: {issued.code} – kiểm tra tại http://127.0.0.1:8000/xac-thuc/",
    ):
        assert expected in text, expected
    assert "Signature is Valid" in pdfsig(data, tmp_path)
    assert verify_url(issued.code, dossier.code) in qr_codes(data, tmp_path)

    finish = dossier.history.get(action="finish")
    assert finish.documents[0]["result_document"] == issued.pk
    assert finish.documents[0]["sha256"] == issued.sha256
    event = AuditEvent.objects.get(kind="esign.signed", object_id=str(issued.pk))
    assert event.data["sha256"] == issued.sha256 and event.data["code"] == issued.code


def test_uploaded_pdf_is_signed_as_an_incremental_update(world, tmp_path: Path) -> None:
    upload = checked("quyet-dinh.pdf")
    dossier = dossier_finish(actor=world.clerk, dossier=to_clerk(world), result=upload, document_number="7/QĐ")
    issued = ResultDocument.objects.get(dossier=dossier)
    data = result_bytes(dossier)
    assert issued.source == "upload" and issued.source_sha256 == upload.sha256
    assert data.startswith(upload.data)  # the clerk's file is kept byte for byte, the signature appended
    assert "Signature is Valid" in pdfsig(data, tmp_path)


def test_non_pdf_results_are_refused_in_vietnamese(world, vietnamese) -> None:
    dossier = to_clerk(world)
    with pytest.raises(DossierError) as refused:
        dossier_finish(actor=world.clerk, dossier=dossier, result=checked("anh.png", png_bytes()))
    assert refused.value.field == "result"
    assert "phải là tệp PDF" in str(refused.value.message)
    fake = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    with pytest.raises(DossierError, match="PDF"):
        dossier_finish(actor=world.clerk, dossier=dossier, result=checked("hong.pdf", fake))
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING and not ResultDocument.objects.exists()


def test_when_signing_fails_nothing_is_written_and_the_clerk_sees_why(world, settings, esign_settings) -> None:
    dossier = to_clerk(world)
    settings.MOTCUA_ESIGN = {**esign_settings, "PKCS12_PATH": "/nonexistent/agency.p12"}
    before = (dossier.lock_version, dossier.history.count(), dossier.attachments.count())
    with pytest.raises(SignerNotConfigured):
        dossier_finish(actor=world.clerk, dossier=dossier, content=CONTENT)
    response = post_action(
        client_for(world.clerk), dossier, "finish", source="template", content=CONTENT, document_number="1/X"
    )
    assert response.status_code == 503  # a configuration problem on our side, said plainly
    assert "The signing certificate file is missing" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING
    assert (dossier.lock_version, dossier.history.count(), dossier.attachments.count()) == before
    assert not ResultDocument.objects.exists()


def test_clerk_issues_from_the_staff_form_and_sees_the_signed_result(world) -> None:
    dossier = to_clerk(world)
    clerk = client_for(world.clerk)
    page = clerk.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Generate it from the template with the content below" in page and 'name="content"' in page
    response = post_action(clerk, dossier, "finish", source="template", content=CONTENT, document_number="9/PLLTP")
    assert response.status_code == 302, response.content.decode()[:2000]
    issued = ResultDocument.objects.get(dossier=dossier)
    page = clerk.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Signed results" in page and issued.code in page and issued.sha256[:16] in page
    assert "Revoke this result" not in page  # the clerk is not the agency leader

    upload = post_action(
        clerk, Dossier.objects.get(pk=to_clerk(world).pk), "finish", source="upload", result=_file("kq.pdf")
    )
    assert upload.status_code == 302 and ResultDocument.objects.filter(source="upload").count() == 1


def _file(name: str):  # noqa: ANN202 - a Django upload
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import pdf_bytes

    return SimpleUploadedFile(name, pdf_bytes(name), content_type="application/pdf")


def test_a_refusal_keeps_its_written_reasons_and_is_not_signed(world) -> None:
    dossier = to_clerk(world)
    dossier = dossier_finish(actor=world.clerk, dossier=dossier, outcome="refused", reasons="Không đủ điều kiện")
    assert (dossier.state, dossier.outcome) == (State.DONE, "refused")
    assert not ResultDocument.objects.exists()


def test_online_result_with_nothing_owed_is_published_at_once(world, citizen) -> None:
    dossier = dossier_finish(actor=world.clerk, dossier=online_at_clerk(world, citizen), content=CONTENT)
    assert (dossier.state, dossier.return_phase) == (State.RETURNED, ReturnPhase.HANDED_OVER)
    assert dossier.returned_at == dossier.finished_at
    returned = dossier.history.get(action="return_result")
    assert returned.actor is None and returned.data["method"] == "online"
    issued = ResultDocument.objects.get(dossier=dossier)
    assert returned.documents[0]["sha256"] == issued.sha256
    assert OutboxMessage.objects.filter(
        event="dossier.return_result", event_key__startswith=f"dossier:{dossier.pk}:", channel="email"
    ).exists()
    # The signed bytes are what the applicant's data store holds.
    item = StoreItem.objects.get(owner=citizen, kind="result")
    assert item.sha256 == issued.sha256 and item.source_dossier == dossier
    with item.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == issued.sha256
    assert not dossier.tasks.filter(status="active").exists()


def test_online_result_with_a_fee_owed_waits_for_the_payment(world, citizen) -> None:
    from motcua.dossiers.services.results import dossier_publish_eresult
    from motcua.payments.services.counter import payment_record_counter
    from motcua.payments.services.fees import fees_outstanding

    dossier = online_at_clerk(world, citizen, fees=True)
    assert fees_outstanding(dossier) == 200_000
    dossier = dossier_finish(actor=world.clerk, dossier=dossier, content=CONTENT)
    assert (dossier.state, dossier.return_phase) == (State.DONE, ReturnPhase.AVAILABLE)
    assert dossier_publish_eresult(dossier=dossier) is None
    payment_record_counter(actor=world.desk_officer, dossier=dossier, method="cash")
    dossier.refresh_from_db()
    assert (dossier.state, dossier.return_phase) == (State.RETURNED, ReturnPhase.HANDED_OVER)
    assert dossier_publish_eresult(dossier=dossier) is None  # once only
    assert dossier.history.filter(action="return_result").count() == 1


def test_an_e_result_reused_in_a_later_dossier_is_counted_as_reuse(world, citizen) -> None:
    from motcua.dossiers.choices import Digitisation
    from motcua.dossiers.services import dossier_component_reuse, dossier_submit
    from motcua.dossiers.tests.test_online import ready_draft

    first = dossier_finish(actor=world.clerk, dossier=online_at_clerk(world, citizen), content=CONTENT)
    item = StoreItem.objects.get(owner=citizen, kind="result", source_dossier=first)
    draft = ready_draft(world, citizen, None)  # type: ignore[arg-type]
    line = draft.components.get(order=2)
    dossier_component_reuse(applicant=citizen, dossier=draft, component_id=line.pk, item=item)
    dossier_submit(applicant=citizen, dossier=draft)
    line.refresh_from_db()
    assert line.store_item == item and line.digitisation == Digitisation.REUSED_RESULT
    assert item.sha256 == ResultDocument.objects.get(dossier=first).sha256


def test_only_the_clerk_step_issues(world) -> None:
    dossier = to_clerk(world)
    task = dossier.tasks.get(status="active", role=StepRole.CLERK)
    assert task  # the clerk's step is where the result is issued
    with pytest.raises(DossierError):
        dossier_finish(actor=world.specialist, dossier=dossier, content=CONTENT)
    assert task_complete is not None and not ResultDocument.objects.exists()
