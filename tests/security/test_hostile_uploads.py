"""Hostile uploads (issue 8): each refused with a clear message on every surface, nothing stored.

The files: a program, a web page and an SVG with a script named as a PDF or a photo; a file one byte
over the limit; a decompression bomb (a tiny PNG declaring 20,000 × 20,000 pixels); PDFs with a
script in the open and hidden in a compressed object stream; a PDF stream inflating past the bound.
Valid files with hostile names are stored under a safe name and shown without control or direction
characters.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Attachment, Dossier, StoreItem
from motcua.dossiers.tests.api_support import b64, create_body, token_client
from motcua.dossiers.tests.conftest import World, build_world, pdf_bytes, png_bytes
from motcua.dossiers.uploads import display_name, safe_filename, upload_check
from motcua.feedback.models import Feedback, FeedbackAttachment
from motcua.portal.tests.test_citizen_support import (  # noqa: F401 - fixtures, registered under their names
    browser_fixture,
    citizen_fixture,
    frozen_fixture,
    online_fixture,
    url,
)

pytestmark = pytest.mark.django_db


def _pdf_with_stream(dictionary: bytes, content: bytes) -> bytes:
    return (
        b"%PDF-1.5\n5 0 obj\n<<" + dictionary + b"/Length " + str(len(content)).encode() + b">>stream\n"
        + content + b"\nendstream\nendobj\ntrailer<</Root 5 0 R>>\n%%EOF\n"
    )  # fmt: skip


def bomb_png() -> bytes:
    buffer = io.BytesIO()
    Image.MAX_IMAGE_PIXELS = None  # only to write it; the checker keeps Pillow's own limit
    try:
        Image.new("1", (20_000, 20_000)).save(buffer, format="PNG", optimize=True)
    finally:
        Image.MAX_IMAGE_PIXELS = 89_478_485
    return buffer.getvalue()


SCRIPT_IN_OBJECT_STREAM = _pdf_with_stream(
    b"/Type/ObjStm/N 1/First 4/Filter/FlateDecode",
    zlib.compress(b"1 0 obj <</Type/Action/S/JavaScript/JS(app.alert(1))>> endobj"),
)
INFLATING_PAST_THE_BOUND = _pdf_with_stream(b"/Filter/FlateDecode", zlib.compress(b"\0" * (65 * 2**20), 9))

HOSTILE: dict[str, tuple[str, bytes, str]] = {
    "program named as a PDF": ("giay-to.pdf", b"MZ\x90\x00\x03" + b"\0" * 200, "only PDF, JPEG and PNG"),
    "web page named as a photo": ("anh.jpg", b"<html><script>alert(1)</script></html>", "only PDF, JPEG and PNG"),
    "SVG with a script named as a PNG": (
        "anh.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "only PDF, JPEG and PNG",
    ),
    "a PNG header on garbage": ("anh.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 50, "damaged"),
    "decompression bomb": ("bom.png", bomb_png(), "too large"),
    "PDF with an open script": (
        "to-khai.pdf",
        pdf_bytes("x").replace(b"<</Type/Catalog", b"<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>"),
        "PDFs with scripts",
    ),
    "PDF with a script in a compressed object stream": ("to-khai.pdf", SCRIPT_IN_OBJECT_STREAM, "PDFs with scripts"),
    "PDF inflating past the bound": ("to-khai.pdf", INFLATING_PAST_THE_BOUND, "expands to too much data"),
    "empty file": ("trong.pdf", b"", "empty"),
}


def media_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_checker_refuses_with_a_reason(case):
    name, data, reason = HOSTILE[case]

    with pytest.raises(DossierError) as refused:
        upload_check(SimpleUploadedFile(name, data))

    assert reason in str(refused.value.message)
    assert name in str(refused.value.message)  # the message names the file


def test_one_byte_over_the_limit_is_refused_before_it_is_decoded(settings):
    settings.MOTCUA = {**settings.MOTCUA, "UPLOAD_MAX_FILE_BYTES": 4096}
    data = pdf_bytes("x")
    data = data[:-6] + b" " * (4097 - len(data)) + data[-6:]

    with pytest.raises(DossierError) as refused:
        upload_check(SimpleUploadedFile("to-khai.pdf", data))

    assert "larger than" in str(refused.value.message)


@pytest.mark.parametrize(
    ("name", "shown", "stored"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\a\\to-khai.pdf", "to-khai.pdf", "to-khai.pdf"),
        ("ho\x00so\x07\x1b[31m.pdf", "hoso[31m.pdf", "hoso-31m.pdf"),
        ("hoso\u202efdp.exe", "hosofdp.exe", "hosofdp.pdf"),
        ("CON.pdf", "CON.pdf", "file-CON.pdf"),
        ("Tờ khai đăng ký.pdf", "Tờ khai đăng ký.pdf", "To-khai-dang-ky.pdf"),
        ("a" * 1000 + ".pdf", "a" * 200, "a" * 60 + ".pdf"),
    ],
)
def test_a_valid_file_with_a_hostile_name_is_stored_under_a_safe_one(name, shown, stored):
    checked = upload_check(SimpleUploadedFile(name, pdf_bytes("x")))

    assert checked.original_name == shown == display_name(name)
    assert checked.safe_name == stored == safe_filename(name, "pdf")
    assert "/" not in checked.safe_name and "\\" not in checked.safe_name


@pytest.mark.parametrize(
    "case", ["program named as a PDF", "decompression bomb", "PDF with a script in a compressed object stream"]
)
def test_the_public_feedback_form_stores_nothing(client, settings, case):
    from motcua.org.tests.factories import AgencyFactory, DeskFactory

    agency = AgencyFactory()
    DeskFactory(agency=agency)
    name, data, reason = HOSTILE[case]
    good = SimpleUploadedFile("ok.png", png_bytes())
    files_before = media_files(settings)

    response = client.post(
        "/phan-anh-kien-nghi/gui/",
        {
            "agency": agency.pk,
            "about": "other",
            "subject": "Thủ tục",
            "content": "Nội dung",
            "sender_name": "Mai",
            "sender_phone": "0912000111",
            "attachments": [good, SimpleUploadedFile(name, data)],
        },
    )

    assert response.status_code == 400 and reason in response.content.decode()
    assert not Feedback.objects.exists() and not FeedbackAttachment.objects.exists()
    assert media_files(settings) == files_before


@pytest.mark.parametrize("case", ["SVG with a script named as a PNG", "PDF with an open script", "decompression bomb"])
def test_the_intake_api_stores_nothing(settings, case):
    world: World = build_world()
    name, data, reason = HOSTILE[case]
    body = create_body(world)
    body["components"][0]["scans"] = [{"name": name, "content_base64": b64(data)}]
    files_before = media_files(settings)

    response = token_client(world.desk_officer).post("/api/v1/dossiers/", body, format="json")

    assert response.status_code == 400, response.content
    assert reason in response.content.decode()
    assert not Dossier.objects.exists() and not Attachment.objects.exists()
    assert media_files(settings) == files_before


@pytest.mark.parametrize("case", ["web page named as a photo", "PDF inflating past the bound"])
def test_the_citizen_store_stores_nothing(browser, citizen, settings, case):
    name, data, reason = HOSTILE[case]
    files_before = media_files(settings)

    response = browser.post(url("store"), {"file": SimpleUploadedFile(name, data), "title": "Giấy tờ"})

    assert response.status_code == 400 and reason in response.content.decode()
    assert not StoreItem.objects.filter(owner=citizen).exists()
    assert media_files(settings) == files_before
