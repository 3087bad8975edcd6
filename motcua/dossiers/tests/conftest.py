"""A small province for dossier tests: a provincial centre desk, the Department of Justice (lead,
two departments) and the Department of Construction (consulted), staff for every role, and a
published Justice procedure of 5 working days with the default seven-step template.

`World` gives names to everything; `receive()` accepts a dossier at the counter through the real
service, so tests start from real state, never from hand-made rows.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from motcua.catalog.choices import DurationUnit, StepRole, SupplementMode
from motcua.catalog.importing.template import default_steps
from motcua.catalog.models import ProcedureVersion, ProcessStep
from motcua.catalog.tests.factories import ComponentFactory, FeeFactory, published
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, ComponentInput, dossier_receive
from motcua.dossiers.uploads import CheckedFile, upload_check
from motcua.esign.testing import esign_pki, esign_settings  # noqa: F401 - granted results are signed
from motcua.org.choices import AgencyLevel, DeskKind, Role
from motcua.org.models import Agency, Department, Desk, User
from motcua.org.tests.factories import AgencyFactory, DepartmentFactory, DeskFactory, RoleAssignmentFactory

VALID_CCCD = "001190012345"  # Hà Nội, female, born 1990


def pdf_bytes(text: str = "scan") -> bytes:
    """A small real one-page PDF (cross-reference table included) showing `text`: results are signed
    now (motcua.esign), and a signer needs a PDF it can parse."""
    shown = text.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 12 Tf 72 770 Td (" + shown + b") Tj ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n% " + text.encode() + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def checked(name: str = "to-khai.pdf", data: bytes | None = None) -> CheckedFile:
    return upload_check(SimpleUploadedFile(name, data if data is not None else pdf_bytes(name)))


@dataclass
class World:
    province: Agency
    justice: Agency
    construction: Agency
    centre: Desk
    justice_dept: Department
    justice_office: Department
    construction_dept: Department
    version: ProcedureVersion
    users: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:  # world.desk_officer, world.specialist, ...
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)

    def components(self, *, scans: bool = True) -> list[ComponentInput]:
        return [
            ComponentInput(
                component_id=c.pk,
                received=True,
                original_qty=1,
                scans=[checked(f"tp-{c.order}.pdf")] if scans else [],
                no_scan_reason="" if scans else "Bản giấy",
            )
            for c in self.version.components.all()
        ]

    def receive(self, *, at: dt.datetime | None = None, actor: User | None = None, **kwargs: Any) -> Dossier:
        values: dict[str, Any] = {
            "actor": actor or self.desk_officer,
            "desk": self.centre,
            "version": self.version,
            "applicant": Applicant(
                name="Nguyễn Thị Hoà",
                id_type="cccd",
                id_number=VALID_CCCD,
                phone="0912345678",
                email="hoa@example.vn",
                address="Phường Lào Cai, tỉnh Lào Cai",
            ),
            "components": self.components(),
            "at": at,
        }
        values.update(kwargs)
        return dossier_receive(**values)


def _staff(
    role: str, agency: Agency, department: Department | None = None, desk: Desk | None = None, username: str = ""
) -> User:
    extra: dict[str, Any] = {"department": department, "desk": desk}
    if username:
        extra["user__username"] = username
    return RoleAssignmentFactory(role=role, agency=agency, valid_from=dt.date(2025, 1, 1), **extra).user


def build_world(
    *, unit: str = DurationUnit.WORKING_DAYS, value: str = "5", supplement_mode: str = SupplementMode.RESTART
) -> World:
    province = AgencyFactory(
        name="Ủy ban nhân dân tỉnh Lào Cai", short_name="UBND tỉnh", level=AgencyLevel.PROVINCE, code="000.00.00.H15"
    )
    justice = AgencyFactory(
        name="Sở Tư pháp tỉnh Lào Cai",
        short_name="Sở Tư pháp",
        level=AgencyLevel.PROVINCE,
        parent=province,
        code="000.00.11.H15",
    )
    construction = AgencyFactory(
        name="Sở Xây dựng tỉnh Lào Cai",
        short_name="Sở Xây dựng",
        level=AgencyLevel.PROVINCE,
        parent=province,
        code="000.00.12.H15",
    )
    centre = DeskFactory(
        agency=province,
        kind=DeskKind.PROVINCIAL_CENTRE,
        name="Trung tâm Phục vụ hành chính công tỉnh Lào Cai",
        phone="02143840000",
    )
    justice_dept = DepartmentFactory(agency=justice, code="STP-01", name="Phòng Hành chính tư pháp")
    justice_office = DepartmentFactory(agency=justice, code="STP-03", name="Văn phòng Sở")
    construction_dept = DepartmentFactory(agency=construction, code="SXD-01", name="Phòng Quản lý hoạt động xây dựng")
    version = published(
        name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        time_value=Decimal(value),
        time_unit=unit,
        levels=["province"],
        supplement_mode=supplement_mode,
    )
    version.agencies.set([justice])
    ComponentFactory(version=version, order=1, name="Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", required=True)
    ComponentFactory(version=version, order=2, name="Bản chụp giấy tờ tùy thân", required=True)
    ComponentFactory(version=version, order=3, name="Giấy ủy quyền (nếu có)", required=False)
    FeeFactory(version=version, order=1, name="Phí cung cấp thông tin lý lịch tư pháp", amount_vnd=200000)
    minutes = version.time_minutes or 480
    for step in default_steps(minutes):
        ProcessStep.objects.create(version=version, **{k: v for k, v in step.items() if k != "is_default"})
    world = World(province, justice, construction, centre, justice_dept, justice_office, construction_dept, version)
    world.users = {
        "desk_officer": _staff(Role.DESK_OFFICER, province, desk=centre, username="motcua"),
        "desk_officer_2": _staff(Role.DESK_OFFICER, province, desk=centre, username="motcua2"),
        "head": _staff(Role.DEPARTMENT_HEAD, justice, justice_dept, username="truongphong"),
        "specialist": _staff(Role.SPECIALIST, justice, justice_dept, username="chuyenvien"),
        "leader": _staff(Role.AGENCY_LEADER, justice, username="lanhdao"),
        "clerk": _staff(Role.CLERK, justice, justice_office, username="vanthu"),
        "other_specialist": _staff(Role.SPECIALIST, construction, construction_dept, username="chuyenvien.sxd"),
        "other_leader": _staff(Role.AGENCY_LEADER, construction, username="lanhdao.sxd"),
        "auditor": _staff(Role.AUDITOR, province, username="kiemtra"),
        "administrator": _staff(Role.ADMINISTRATOR, province, username="quantri"),
    }
    return world


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


__all__ = ["StepRole", "World", "build_world", "checked", "pdf_bytes", "png_bytes"]


def fees_paid(dossier: Dossier, officer: User) -> Dossier:
    """The fees collected in cash at the desk: no result is handed over while one is owed."""
    from motcua.payments.services.counter import payment_record_counter
    from motcua.payments.services.fees import fees_outstanding

    if fees_outstanding(dossier):
        payment_record_counter(actor=officer, dossier=dossier, method="cash")
    return Dossier.objects.get(pk=dossier.pk)
