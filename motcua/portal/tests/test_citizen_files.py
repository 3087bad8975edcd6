"""Downloads and the personal data store (documents-and-codes §7): the owner downloads their files,
forms and store items; another citizen gets the 404 of a missing file; anonymous visitors sign in
first; own uploads can be deleted, results issued by an agency cannot."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers.forms import form_issue
from motcua.dossiers.models import StoreItem
from motcua.dossiers.services import dossier_component_reuse, dossier_draft_start, store_item_upload
from motcua.dossiers.tests.conftest import checked, pdf_bytes
from motcua.org.models import User

from .test_citizen_support import (  # noqa: F401 - fixtures, registered under their names
    World,
    accepted,
    browser_fixture,
    citizen_fixture,
    done,
    frozen_fixture,
    online_fixture,
    pdf_upload,
    stranger_fixture,
    url,
)

pytestmark = pytest.mark.django_db


def own_urls(world: World, citizen: User) -> list[str]:
    """Every file address of one citizen: an upload, the result, the receipt, a store item."""
    dossier = done(world, citizen)
    upload = dossier.attachments.filter(kind="upload").first()
    result = dossier.attachments.get(kind="result")
    receipt = dossier.forms.get(key="receipt")
    item = StoreItem.objects.filter(owner=citizen, kind="component").first()
    assert upload and item
    return [
        url("download", dossier.pk, upload.pk),
        url("download", dossier.pk, result.pk),
        url("form_pdf", dossier.pk, receipt.pk),
        url("store_download", item.pk),
    ]


def test_the_owner_downloads_files_forms_and_store_items(browser: Client, online: World, citizen: User) -> None:
    for target in own_urls(online, citizen):
        response = browser.get(target)
        assert response.status_code == 200, target
        assert response.content.startswith(b"%PDF"), target
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"].startswith("attachment"), target


def test_another_citizen_gets_404_and_anonymous_visitors_sign_in(
    client: Client, online: World, citizen: User, stranger: User
) -> None:
    targets = own_urls(online, citizen)
    for target in targets:
        response = client.get(target)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), target
    client.force_login(stranger)
    for target in targets:
        assert client.get(target).status_code == 404, target
    item = StoreItem.objects.filter(owner=citizen, kind="component").first()
    assert client.post(url("store_delete", item.pk)).status_code == 404
    item.refresh_from_db()
    assert item.deleted_at is None


def test_internal_forms_are_not_downloadable(browser: Client, online: World, citizen: User) -> None:
    dossier = accepted(online, citizen)
    internal = form_issue(key="control_sheet", dossier=dossier, actor=online.desk_officer, at=timezone.now())
    assert browser.get(url("form_pdf", dossier.pk, internal.pk)).status_code == 404


def test_store_upload_list_and_delete(browser: Client, online: World, citizen: User) -> None:
    assert "Your data store is empty." in browser.get(url("store")).content.decode()
    response = browser.post(
        url("store"), {"file": pdf_upload("cccd.pdf"), "title": "Căn cước công dân", "issuer": "Bộ Công an"}
    )
    assert response["Location"] == url("store")
    item = StoreItem.objects.get(owner=citizen)
    assert (item.title, item.issuer, item.kind) == ("Căn cước công dân", "Bộ Công an", "component")
    html = browser.get(url("store")).content.decode()
    assert "Căn cước công dân" in html and url("store_delete", item.pk) in html
    assert browser.post(url("store_delete", item.pk))["Location"] == url("store")
    item.refresh_from_db()
    assert item.deleted_at is not None
    assert "Căn cước công dân" not in browser.get(url("store")).content.decode()
    assert browser.get(url("store_download", item.pk)).status_code == 404  # deleted and cited by no dossier


def test_store_upload_refuses_a_bad_file_and_a_missing_title(browser: Client, online: World, citizen: User) -> None:
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = browser.post(url("store"), {"file": bad, "title": "Tệp lạ"})
    assert response.status_code == 400
    assert 'id="id_store_file_error"' in response.content.decode()
    response = browser.post(url("store"), {"file": SimpleUploadedFile("a.pdf", pdf_bytes()), "title": ""})
    assert response.status_code == 400 and "Give the document a name." in response.content.decode()
    assert not StoreItem.objects.filter(owner=citizen).exists()


def test_results_cannot_be_deleted_from_the_store(browser: Client, online: World, citizen: User) -> None:
    dossier = done(online, citizen)
    result = StoreItem.objects.get(owner=citizen, kind="result")
    html = browser.get(url("store")).content.decode()
    assert "Issued by an agency: it cannot be deleted." in html and url("store_delete", result.pk) not in html
    response = browser.post(url("store_delete", result.pk))
    assert response.status_code == 409
    assert "Results issued by an agency cannot be deleted" in response.content.decode()
    result.refresh_from_db()
    assert result.deleted_at is None and result.source_dossier == dossier


def test_a_deleted_upload_stays_readable_through_the_dossier_that_cites_it(
    browser: Client, online: World, citizen: User
) -> None:
    item = store_item_upload(owner=citizen, checked=checked("giay-to.pdf"), title="Giấy tờ")
    draft = dossier_draft_start(applicant=citizen, version=online.version, desk=online.centre)
    dossier_component_reuse(applicant=citizen, dossier=draft, component_id=draft.components.first().pk, item=item)
    assert browser.post(url("store_delete", item.pk)).status_code == 302
    assert browser.get(url("store_download", item.pk)).status_code == 200
