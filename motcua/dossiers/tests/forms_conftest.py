"""Builders and PDF readers for the form tests (plain functions: no dependency on the dossier services)."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.tests.factories import published
from motcua.dossiers.choices import ApplicantKind, Channel, FormKey, IdType, IntakeOutcome, ReturnMethod, State
from motcua.dossiers.models import Dossier, DossierComponent, IntakeAttempt
from motcua.org.models import Desk, User
from motcua.org.tests.factories import AgencyFactory, DeskFactory, UnitFactory, UserFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ISSUABLE_KEYS = [k for k in FormKey.values if k not in (FormKey.CONTROL_SHEET, FormKey.REGISTER)]


@pytest.fixture
def forms_media(settings, tmp_path):
    """Stored PDFs go to a temporary folder (also when the project conftest is not loaded)."""
    settings.MEDIA_ROOT = tmp_path / "media"


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)


def make_desk() -> Desk:
    unit = UnitFactory(name="Xã Tả Van", division_type="Xã")
    agency = AgencyFactory(name="Ủy ban nhân dân xã Tả Van", unit=unit)
    return DeskFactory(agency=agency, name="Bộ phận một cửa xã Tả Van", address="Thôn Tả Van Mông")


def make_officer() -> User:
    return UserFactory(full_name="Lê Văn Tiếp")


def make_dossier(
    *,
    received_at: dt.datetime,
    desk: Desk | None = None,
    seq: int = 42,
    register_no: int = 7,
    applicant_name: str = "Nguyễn Thị Hoà",
    **overrides: Any,
) -> Dossier:
    """A received counter dossier with three components (two received) and a due date 5 days later."""
    desk = desk or make_desk()
    version = published(name="Đăng ký khai sinh")
    values: dict[str, Any] = {
        "code": f"{desk.agency.code}-{received_at:%y%m%d}-{seq:04d}",
        "procedure_version": version,
        "desk": desk,
        "receiving_agency": desk.agency,
        "competent_agency": desk.agency,
        "channel": Channel.COUNTER,
        "state": State.RECEIVED,
        "applicant_kind": ApplicantKind.PERSON,
        "applicant_name": applicant_name,
        "applicant_name_folded": applicant_name.lower(),
        "id_type": IdType.CCCD,
        "id_number": "001190012345",
        "phone": "0912345678",
        "address": "Số 5 đường Hoàng Liên, xã Tả Van",
        "return_method": ReturnMethod.COUNTER,
        "received_at": received_at,
        "received_by": make_officer(),
        "register_year": received_at.year,
        "register_no": register_no,
        "duration_value": Decimal("5.0"),
        "duration_unit": "working_days",
        "due_at": received_at + dt.timedelta(days=7),
        "due_date": (received_at + dt.timedelta(days=7)).date(),
    }
    values.update(overrides)
    dossier = Dossier.objects.create(**values)
    for order, (name, received) in enumerate(
        [("Tờ khai đăng ký khai sinh", True), ("Giấy chứng sinh", True), ("Giấy tờ không nộp", False)], start=1
    ):
        DossierComponent.objects.create(
            dossier=dossier, order=order, name=name, received=received, original_qty=1, copy_qty=order - 1
        )
    return dossier


def make_attempt(*, outcome: str = IntakeOutcome.GUIDED, when: dt.datetime | None = None) -> IntakeAttempt:
    return IntakeAttempt.objects.create(
        desk=make_desk(),
        procedure_version=published(name="Cấp bản sao trích lục hộ tịch"),
        officer=make_officer(),
        outcome=outcome,
        applicant_name="Trần Văn Đức",
        phone="0987654321",
        address="Thôn Lao Chải",
        items=[{"component": "Tờ khai", "defect": "Thiếu chữ ký", "legal_basis": "Điều 9 Luật Hộ tịch"}],
        reason="Hồ sơ chưa đầy đủ",
        at=when or at(2026, 3, 2, 9, 0),
    )


def pdf_text(data: bytes, *, layout: bool = True) -> str:
    """pdftotext output, NFC-normalised (the PDF stores real text, not outlines)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.pdf"
        path.write_bytes(data)
        args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return unicodedata.normalize("NFC", out)


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page, from pdfinfo."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.pdf"
        path.write_bytes(data)
        out = subprocess.run(
            ["pdfinfo", "-f", "1", "-l", "999", str(path)], check=True, capture_output=True, text=True
        ).stdout
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            width, _, height = line.split("size:")[1].split()[:3]
            sizes.append((float(width), float(height)))
    return sizes


def qr_payloads(data: bytes) -> list[str]:
    """QR codes found on the first page rendered at 200 dpi."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.pdf"
        path.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(path), f"{tmp}/p"], check=True)
        image = next(Path(tmp).glob("p*.png"))
        out = subprocess.run(
            ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(image)], capture_output=True, text=True
        ).stdout
    return [line for line in out.splitlines() if line]
