"""`/xac-thuc/` and `POST /api/v1/public/verify/`: a file or a code pair → the document's facts only."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.audit.models import AuditEvent
from motcua.dossiers.services import dossier_finish
from motcua.dossiers.tests.test_views_support import client_for
from motcua.esign.models import ResultDocument

from .conftest import pdf_bytes, pdfsig, result_bytes, to_clerk

pytestmark = pytest.mark.django_db
PAGE = "/xac-thuc/"
API = "/api/v1/public/verify/"
PERSONAL = ("Nguyễn Thị Hoà", "0912345678", "001190012345", "hoa@example.vn", "Phường Lào Cai")


@pytest.fixture
def issued(world: Any) -> tuple[ResultDocument, bytes]:
    dossier = dossier_finish(
        actor=world.clerk, dossier=to_clerk(world), content="Không có án tích.", document_number="126/PLLTP"
    )
    return ResultDocument.objects.get(dossier=dossier), result_bytes(dossier)


def check_file(client: Client, data: bytes, name: str = "ket-qua.pdf") -> Any:
    return client.post(PAGE, {"file": SimpleUploadedFile(name, data, content_type="application/pdf")})


def without_tokens(body: bytes) -> str:
    """The page minus its CSRF tokens and the language switch's return address (the URL itself)."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body.decode())
    return re.sub(r'name="next" type="hidden" value="[^"]+"', "", text)


def test_page_works_without_javascript(client: Client) -> None:
    page = client.get(PAGE).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'method="get"' in page and "<script" not in page
    assert 'name="kq"' in page and 'name="hs"' in page


def test_issued_file_is_intact_and_in_our_register(client: Client, issued: Any) -> None:
    result, data = issued
    response = check_file(client, data)
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "The file is intact" in page and "This exact file is a result we issued." in page
    for fact in (result.code, "126/PLLTP", "Sở Tư pháp tỉnh Lào Cai", result.sha256, "motcua Test CA"):
        assert fact in page
    assert "Yes: the certificate chains" in page and "valid at the signing time" in page
    assert not any(value in page for value in PERSONAL)


def test_a_byte_changed_inside_the_signed_range_is_altered(client: Client, issued: Any, tmp_path: Path) -> None:
    _result, data = issued
    changed = bytearray(data)
    at = changed.index(b"/Producer")  # inside the first signed byte range
    changed[at + 1] = ord("X")
    assert "Digest Mismatch" in pdfsig(bytes(changed), tmp_path)
    page = check_file(client, bytes(changed)).content.decode()
    assert "The file has been altered after it was signed" in page
    assert "Does not match the content (altered)" in page
    assert "No record: this exact file" in page


def test_bytes_appended_after_the_signature_are_altered(client: Client, issued: Any) -> None:
    _result, data = issued
    page = check_file(client, data + b"\n1 0 obj\n<<>>\nendobj\n% added later\n").content.decode()
    assert "The file has been altered after it was signed" in page
    assert "Intact, but content was added after signing" in page


def test_an_unknown_unsigned_pdf_has_no_record(client: Client, db: None) -> None:
    page = check_file(client, pdf_bytes("something else")).content.decode()
    assert "The file carries no digital signature" in page and "No record: this exact file" in page
    page = check_file(client, b"%PDF-1.4 broken").content.decode()
    assert "The file is not a readable PDF" in page


def test_code_pair_gives_the_record_and_a_wrong_pair_the_unknown_answer(client: Client, issued: Any) -> None:
    result, _data = issued
    code = result.dossier.code
    spaced = f"{result.code[:5].lower()} {result.code[5:]}"
    response = client.get(PAGE, {"kq": spaced, "hs": code.lower()})
    page = response.content.decode()
    assert response.status_code == 200 and "This result is in our register and valid" in page
    assert result.code in page and "126/PLLTP" in page and result.sha256 in page
    assert not any(value in page for value in PERSONAL)

    wrong_pair = client.get(PAGE, {"kq": result.code, "hs": code[:-1] + ("2" if code[-1] != "2" else "3")})
    unknown = client.get(PAGE, {"kq": "ZZZZZZZZZZ", "hs": code})
    malformed = client.get(PAGE, {"kq": "not a code", "hs": "x"})
    assert wrong_pair.status_code == unknown.status_code == malformed.status_code == 404
    assert without_tokens(wrong_pair.content) == without_tokens(unknown.content) == without_tokens(malformed.content)
    assert result.code not in without_tokens(wrong_pair.content)  # only in the language switch's own URL


def test_the_leader_revokes_and_verification_says_revoked(client: Client, world: Any, issued: Any) -> None:
    result, data = issued
    url = reverse("esign:revoke", args=[result.pk])
    clerk = client_for(world.clerk)
    assert clerk.post(url, {"reason": "Nhầm"}).status_code == 302
    result.refresh_from_db()
    assert result.revoked_at is None  # only the issuing agency's leader revokes
    other = client_for(world.other_leader)
    assert other.post(url, {"reason": "Nhầm"}).status_code == 404  # not in their scope

    leader = client_for(world.leader)
    page = leader.get(reverse("dossiers:detail", args=[result.dossier.code])).content.decode()
    assert "Revoke this result" in page
    assert leader.post(url, {"reason": ""}).status_code == 302
    result.refresh_from_db()
    assert result.revoked_at is None
    response = leader.post(url, {"reason": "Cấp nhầm nội dung, đã cấp lại"}, follow=True)
    assert "is revoked" in response.content.decode()
    result.refresh_from_db()
    assert result.revoked_at is not None and result.revocation_reason == "Cấp nhầm nội dung, đã cấp lại"
    assert AuditEvent.objects.filter(kind="esign.revoked", object_id=str(result.pk)).count() == 1

    page = client.get(PAGE, {"kq": result.code, "hs": result.dossier.code}).content.decode()
    assert "This result has been revoked" in page and "Cấp nhầm nội dung" in page
    page = check_file(client, data).content.decode()
    assert "This file is a result we issued, but it has been revoked." in page


def test_checks_are_rate_limited_per_ip(client: Client, issued: Any, settings: Any, esign_settings: Any) -> None:
    result, data = issued
    settings.MOTCUA_ESIGN = {**esign_settings, "VERIFY_LIMITS": {"PER_MINUTE": 2, "PER_DAY": 100}}
    query = {"kq": result.code, "hs": result.dossier.code}
    assert client.get(PAGE, query).status_code == 200
    assert check_file(client, data).status_code == 200
    refused = client.get(PAGE, query)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too many checks from your connection" in refused.content.decode()
    api = client.post(
        API, {"result_code": result.code, "dossier_code": result.dossier.code}, content_type="application/json"
    )
    assert api.status_code == 429 and api.json()["code"] == "verify_limited" and api["Retry-After"]
    other_ip = client.get(PAGE, query, REMOTE_ADDR="10.9.8.7")
    assert other_ip.status_code == 200


def test_api_answers_the_same_as_the_page(client: Client, issued: Any) -> None:
    result, data = issued
    response = client.post(API, {"file": SimpleUploadedFile("kq.pdf", data, content_type="application/pdf")})
    body = response.json()
    assert response.status_code == 200, body
    assert (body["kind"], body["verdict"]) == ("file", "intact")
    assert body["record"]["code"] == result.code and body["record"]["status"] == "valid"
    assert body["signatures"][0]["intact"] and body["signatures"][0]["trusted"]
    assert body["signatures"][0]["organisation"] == "Sở Tư pháp tỉnh Lào Cai"

    altered = client.post(
        API, {"file": SimpleUploadedFile("kq.pdf", data + b"\n% x\n", content_type="application/pdf")}
    )
    assert altered.json()["verdict"] == "altered" and altered.json()["record"] is None

    pair = {"result_code": result.code, "dossier_code": result.dossier.code}
    found = client.post(API, pair, content_type="application/json").json()
    assert found["verdict"] == "found" and found["record"]["document_number"] == "126/PLLTP"
    assert not any(value in str(found) for value in PERSONAL)
    wrong = client.post(API, {**pair, "result_code": "ZZZZZZZZZZ"}, content_type="application/json")
    missing = client.get("/api/v1/nothing-here/")
    assert wrong.status_code == 404 and wrong.json() == missing.json()
    assert client.post(API, {}, content_type="application/json").status_code == 400
