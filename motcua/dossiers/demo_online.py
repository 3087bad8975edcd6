"""Demo citizens and their online dossiers, made through the real services: one draft, one waiting
for the desk's check, one returned for completion and one accepted and in processing. Idempotent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import CitizenProfile
from motcua.catalog.choices import DurationUnit, OnlineLevel, VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.org.models import Desk, User

from .models import Dossier
from .services import (
    dossier_accept,
    dossier_component_upload,
    dossier_draft_start,
    dossier_draft_update,
    dossier_return_for_completion,
    dossier_submit,
    online_desks,
)
from .uploads import upload_check

SCAN = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@dataclass(frozen=True)
class DemoCitizen:
    username: str
    full_name: str
    email: str
    phone: str
    id_type: str
    id_number: str
    kind: str = "person"
    organisation_name: str = ""


CITIZENS = (
    DemoCitizen("congdan", "Lò Thị Mai", "congdan@example.vn", "0912000111", "cccd", "010190054321"),
    DemoCitizen(
        "doanhnghiep",
        "Phạm Văn Hùng",
        "doanhnghiep@example.vn",
        "0913000222",
        "enterprise",
        "5300123456",
        kind="organisation",
        organisation_name="Công ty TNHH Chè Bát Xát",
    ),
)


def build_citizens(password: str) -> list[User]:
    users = []
    for spec in CITIZENS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User.objects.create_user(
                username=spec.username, password=password, full_name=spec.full_name, email=spec.email, phone=spec.phone
            )
        CitizenProfile.objects.get_or_create(
            user=user,
            defaults={
                "kind": spec.kind,
                "id_type": spec.id_type,
                "id_number": spec.id_number,
                "organisation_name": spec.organisation_name,
                "address": "Xã Bát Xát, tỉnh Lào Cai",
            },
        )
        users.append(user)
    return users


def demo_online_version(centre: Desk) -> ProcedureVersion | None:
    """A published, partly online procedure of a provincial department that the centre receives."""
    candidates = (
        ProcedureVersion.objects.filter(
            status=VersionStatus.PUBLISHED,
            online_level__in=[OnlineLevel.PARTIAL, OnlineLevel.FULL],
            time_unit=DurationUnit.WORKING_DAYS,
            time_value__gte=3,
            agencies__parent=centre.agency,
        )
        .exclude(components=None)
        .distinct()
        .order_by("procedure__code")
    )
    return next((v for v in candidates[:20] if centre in online_desks(v)), None)


def _ready(citizen: User, version: ProcedureVersion, centre: Desk, at: dt.datetime, note: str) -> Dossier:
    from motcua.catalog.formschema import schema_for

    dossier = dossier_draft_start(applicant=citizen, version=version, desk=centre, at=at)
    schema = schema_for(version)
    answers = {name: note for name, prop in schema.get("properties", {}).items() if prop.get("type") == "string"}
    answers.update(
        {name: 1 for name, prop in schema.get("properties", {}).items() if prop.get("type") in ("integer", "number")}
    )
    dossier_draft_update(applicant=citizen, dossier=dossier, form_data=answers)
    for line in dossier.components.filter(required=True):
        upload = upload_check(SimpleUploadedFile(f"thanh-phan-{line.order}.pdf", SCAN))
        dossier_component_upload(applicant=citizen, dossier=dossier, component_id=line.pk, files=[upload])
    return dossier


def build_online_dossiers(citizens: list[User], officer: User, centre: Desk) -> int:
    """Four online dossiers of the first demo citizen in four states; returns how many were made."""
    citizen = citizens[0]
    if Dossier.objects.filter(applicant=citizen).exists():
        return 0
    version = demo_online_version(centre)
    if version is None:
        return 0
    now = timezone.now()
    with transaction.atomic():
        _ready(citizen, version, centre, now, "Hồ sơ nháp")
        waiting = _ready(citizen, version, centre, now, "Đề nghị giải quyết hồ sơ")
        dossier_submit(applicant=citizen, dossier=waiting, at=now - dt.timedelta(hours=3))
        returned = _ready(citizen, version, centre, now, "Đề nghị giải quyết hồ sơ")
        returned = dossier_submit(applicant=citizen, dossier=returned, at=now - dt.timedelta(hours=2))
        dossier_return_for_completion(
            actor=officer,
            dossier=returned,
            items=[{"component": returned.components.all()[0].name[:200], "defect": "Bản chụp bị mờ, đề nghị tải lại"}],
            at=now - dt.timedelta(hours=1),
        )
        accepted = _ready(citizen, version, centre, now, "Đề nghị giải quyết hồ sơ")
        accepted = dossier_submit(applicant=citizen, dossier=accepted, at=now - dt.timedelta(hours=2))
        dossier_accept(actor=officer, dossier=accepted, at=now - dt.timedelta(minutes=30))
    return 4
