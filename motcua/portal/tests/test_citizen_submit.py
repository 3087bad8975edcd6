"""Submitting online through the pages (lifecycle.md §1, §3): start, save a half-filled draft, a refused
submission that shows every gap on its field and writes nothing, uploads, submission with the code,
and the resubmission after the desk returned the dossier for completion."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.dossiers.choices import State, SupplementPhase
from motcua.dossiers.models import Dossier, StoreItem
from motcua.dossiers.services import dossier_draft_start, dossier_return_for_completion
from motcua.notifications.models import OutboxMessage
from motcua.org.models import User

from .test_citizen_support import (  # noqa: F401 - fixtures, registered under their names
    World,
    browser_fixture,
    citizen_fixture,
    frozen_fixture,
    online_fixture,
    pdf_upload,
    stranger_fixture,
    submitted,
    url,
)

pytestmark = pytest.mark.django_db


def fields(dossier: Dossier, **overrides: Any) -> dict[str, Any]:
    """What the form posts back as it was shown (pre-filled), plus the changes."""
    data = {
        "applicant_kind": dossier.applicant_kind,
        "applicant_name": dossier.applicant_name,
        "organisation_name": dossier.organisation_name,
        "id_type": dossier.id_type,
        "id_number": dossier.id_number,
        "birth_date": "",
        "phone": dossier.phone,
        "email": dossier.email,
        "address": dossier.address,
        "return_method": dossier.return_method,
        "return_address": "",
        "form.request": (dossier.form_data or {}).get("request", ""),
        "action": "save",
    }
    data.update(overrides)
    return data


def start(browser: Client, online: World) -> Dossier:
    response = browser.post(url("start", online.version.pk))
    assert response.status_code == 302
    dossier = Dossier.objects.get(applicant__username="citizen")
    assert response["Location"] == url("edit", dossier.pk)
    return dossier


def test_start_page_lists_what_is_needed_then_creates_the_draft(browser: Client, online: World) -> None:
    page = browser.get(url("start", online.version.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert online.centre.name in html and "Bản chụp giấy tờ tùy thân" in html
    assert not Dossier.objects.exists()  # a GET never creates anything
    dossier = start(browser, online)
    assert dossier.state == State.DRAFT and dossier.code is None and dossier.desk == online.centre


def test_a_procedure_not_online_cannot_be_started(browser: Client, online: World) -> None:
    online.version.online_level = "information"
    online.version.save(update_fields=["online_level"])
    assert "cannot be submitted online" in browser.get(url("start", online.version.pk)).content.decode()
    assert browser.post(url("start", online.version.pk)).status_code == 400
    assert not Dossier.objects.exists()


def test_journey_draft_errors_uploads_submit(browser: Client, online: World) -> None:
    dossier = start(browser, online)
    page = browser.get(url("edit", dossier.pk)).content.decode()
    assert 'value="Lò Thị Mai"' in page  # pre-filled from the account
    assert 'enctype="multipart/form-data"' in page and "<script" not in page

    # Save a half-filled draft: nothing is checked yet.
    response = browser.post(url("edit", dossier.pk), fields(dossier, address="Số 5 Hoàng Liên", **{"form.request": ""}))
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.address == "Số 5 Hoàng Liên" and dossier.state == State.DRAFT

    # Submit too early: every gap on its field, in a summary that links to them; nothing submitted.
    response = browser.post(url("edit", dossier.pk), fields(dossier, phone="", email="", action="submit"))
    assert response.status_code == 400
    html = response.content.decode()
    required = list(dossier.components.filter(required=True))
    assert 'role="alert"' in html and "Your application was not submitted" in html
    assert 'href="#id_form_request"' in html and "Your request: This field is required." in html
    assert 'id="id_phone_error"' in html and 'aria-invalid="true"' in html
    for line in required:
        assert f'id="id_file_{line.pk}_error"' in html and f'href="#id_file_{line.pk}"' in html
        assert re.search(rf'id="id_file_{line.pk}"[^>]*aria-describedby="files-help id_file_{line.pk}_error"', html)
    dossier.refresh_from_db()
    assert dossier.state == State.DRAFT and dossier.code is None
    assert not OutboxMessage.objects.exists()

    # Upload the documents and fill in the form, then submit.
    files = {f"file_{line.pk}": pdf_upload(f"tp-{line.order}.pdf") for line in required}
    complete = {"form.request": "Cấp 1 phiếu", "phone": "0912000111"}
    response = browser.post(url("edit", dossier.pk), {**fields(dossier, **complete), **files})
    assert response.status_code == 302
    assert dossier.attachments.filter(kind="upload").count() == 2
    response = browser.post(url("edit", dossier.pk), fields(dossier, **complete, action="submit"))
    assert response.status_code == 302 and response["Location"] == url("detail", dossier.pk) + "?da-nop=1"
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED and dossier.code
    assert dossier.form_data == {"request": "Cấp 1 phiếu"}
    assert dossier.submission["submits"][0]["ip"] == "127.0.0.1"
    page = browser.get(response["Location"]).content.decode()
    assert f'<p class="bigcode">{dossier.code}</p>' in page and "We sent you an acknowledgement" in page
    # Submitted: the form is closed; the page says so and goes to the dossier.
    assert browser.get(url("edit", dossier.pk))["Location"] == url("detail", dossier.pk)


def test_a_refused_file_is_shown_on_its_line_and_the_rest_is_saved(browser: Client, online: World) -> None:
    dossier = start(browser, online)
    line = dossier.components.get(order=1)
    bad = SimpleUploadedFile("note.txt", b"just text", content_type="text/plain")
    response = browser.post(
        url("edit", dossier.pk), {**fields(dossier, applicant_name="Lò Văn Páo"), f"file_{line.pk}": bad}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "only PDF, JPEG and PNG files are accepted" in html and f'id="id_file_{line.pk}_error"' in html
    assert "Your draft was saved, but please check the following." in html
    dossier.refresh_from_db()
    assert dossier.applicant_name == "Lò Văn Páo" and not dossier.attachments.exists()


def test_a_mistyped_date_keeps_the_saved_value_and_shows_the_error(browser: Client, online: World) -> None:
    dossier = start(browser, online)
    response = browser.post(url("edit", dossier.pk), fields(dossier, birth_date="31/02/1990"))
    assert response.status_code == 400
    assert 'id="id_birth_date_error"' in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.birth_date is None


def test_remove_a_lines_files(browser: Client, online: World) -> None:
    dossier = start(browser, online)
    line = dossier.components.get(order=1)
    browser.post(url("edit", dossier.pk), {**fields(dossier), f"file_{line.pk}": pdf_upload()})
    assert line.scans.count() == 1
    response = browser.post(url("edit", dossier.pk), fields(dossier, remove=str(line.pk)))
    assert response.status_code == 302 and response["Location"].endswith(f"#line-{line.pk}")
    assert line.scans.count() == 0


def test_reuse_a_document_from_the_store(browser: Client, online: World, citizen: User) -> None:
    submitted(online, citizen)
    item = StoreItem.objects.filter(owner=citizen).first()
    assert item is not None
    dossier = dossier_draft_start(applicant=citizen, version=online.version, desk=online.centre)
    line = dossier.components.get(order=1)
    page = browser.get(url("edit", dossier.pk)).content.decode()
    assert f'<option value="{item.pk}">' in page and "Or use a document from my data store" in page
    response = browser.post(url("edit", dossier.pk), fields(dossier, **{f"store_{line.pk}": str(item.pk)}))
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.store_item_id == item.pk


def test_someone_elses_item_cannot_be_reused(browser: Client, online: World, stranger: User) -> None:
    other = submitted(online, stranger)
    item = StoreItem.objects.filter(owner=stranger).first()
    dossier = start(browser, online)
    line = dossier.components.get(order=1)
    response = browser.post(url("edit", dossier.pk), fields(dossier, **{f"store_{line.pk}": str(item.pk)}))
    assert response.status_code == 400 and "This document is not in your data store." in response.content.decode()
    line.refresh_from_db()
    assert line.store_item_id is None and other.pk != dossier.pk


def test_a_fully_online_procedure_offers_no_collection_at_the_desk(browser: Client, online: World) -> None:
    online.version.online_level = "full"
    online.version.save(update_fields=["online_level"])
    dossier = start(browser, online)
    page = browser.get(url("edit", dossier.pk)).content.decode()
    assert 'value="online"' in page and 'value="counter"' not in page
    response = browser.post(url("edit", dossier.pk), fields(dossier, return_method="counter"))
    assert response.status_code == 400 and 'id="id_return_method_error"' in response.content.decode()


def test_resubmit_after_a_return_for_completion(browser: Client, online: World, citizen: User) -> None:
    dossier = submitted(online, citizen)
    dossier_return_for_completion(
        actor=online.desk_officer, dossier=dossier, items=[{"component": "Tờ khai", "defect": "Thiếu chữ ký"}]
    )
    detail = browser.get(url("detail", dossier.pk)).content.decode()
    assert "Thiếu chữ ký" in detail and url("edit", dossier.pk) in detail
    page = browser.get(url("edit", dossier.pk)).content.decode()
    assert "What the desk asked you to complete" in page and "Submit again" in page
    assert 'name="remove"' not in page  # after a return, files are added, not removed
    line = dossier.components.get(order=1)
    dossier.refresh_from_db()
    data = fields(dossier, action="submit", note="Đã ký tờ khai")
    response = browser.post(url("edit", dossier.pk), {**data, f"file_{line.pk}": pdf_upload("da-ky.pdf")})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED
    gap = dossier.supplements.get(stage="intake")
    assert (gap.phase, gap.answer) == (SupplementPhase.COMPLETE, "Đã ký tờ khai")
    assert line.scans.filter(kind="upload").count() == 2


def test_discard_a_draft_after_confirming(browser: Client, online: World) -> None:
    dossier = start(browser, online)
    assert "Delete the draft?" in browser.get(url("discard", dossier.pk)).content.decode()
    assert browser.post(url("discard", dossier.pk)).status_code == 200  # no confirmation: nothing deleted
    assert Dossier.objects.filter(pk=dossier.pk).exists()
    response = browser.post(url("discard", dossier.pk), {"confirm": "yes"})
    assert response["Location"] == url("dossiers")
    assert not Dossier.objects.filter(pk=dossier.pk).exists()


def test_another_citizen_sees_a_404_and_changes_nothing(
    client: Client, online: World, citizen: User, stranger: User
) -> None:
    dossier = dossier_draft_start(applicant=citizen, version=online.version, desk=online.centre)
    client.force_login(stranger)
    for name in ("edit", "detail", "discard"):
        assert client.get(url(name, dossier.pk)).status_code == 404
    assert client.post(url("edit", dossier.pk), fields(dossier, applicant_name="X", action="submit")).status_code == 404
    assert client.post(url("discard", dossier.pk), {"confirm": "yes"}).status_code == 404
    dossier.refresh_from_db()
    assert dossier.applicant_name == "Lò Thị Mai" and dossier.state == State.DRAFT
    assert client.get(url("detail", 999999)).status_code == 404


def test_anonymous_visitors_sign_in_first(client: Client, online: World, citizen: User) -> None:
    dossier = dossier_draft_start(applicant=citizen, version=online.version, desk=online.centre)
    for target in (url("dossiers"), url("start", online.version.pk), url("edit", dossier.pk), url("store")):
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    assert client.post(url("start", online.version.pk)).status_code == 302
    assert Dossier.objects.count() == 1


def test_the_procedure_page_links_to_online_submission_only_when_open(client: Client, online: World) -> None:
    page = reverse("catalog:detail", args=[online.version.procedure.code])
    assert f'href="{url("start", online.version.pk)}"' in client.get(page).content.decode()
    online.version.online_level = "information"
    online.version.save(update_fields=["online_level"])
    assert url("start", online.version.pk) not in client.get(page).content.decode()
