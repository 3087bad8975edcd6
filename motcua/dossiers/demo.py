"""Demo dossiers in every state, made through the real services so queues, timelines, control sheets
and forms are exactly what the staff would see. Idempotent: nothing is added if dossiers exist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from motcua.catalog.choices import DurationUnit, StepRole, VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.org.models import Agency, Desk, User
from motcua.payments.services.counter import payment_record_counter
from motcua.payments.services.fees import fees_outstanding

from .choices import TaskStatus
from .deadline import wt_for
from .models import Dossier
from .services import (
    Applicant,
    ComponentInput,
    consultation_answer,
    dossier_consult,
    dossier_finish,
    dossier_forward,
    dossier_receive,
    dossier_request_supplement,
    dossier_return_result,
    task_complete,
)
from .uploads import upload_check

APPLICANTS = (
    ("Nguyễn Thị Hoà", "010190012345", "0912345678"),
    ("Lò Văn Thắng", "010085004321", "0987654321"),
    ("Giàng A Sử", "010092007788", "0971112233"),
    ("Hoàng Thị Thu", "010301001122", "0355667788"),
    ("Vàng Seo Pao", "010088009911", "0868123456"),
    ("Phạm Minh Đức", "010079003344", "0904556677"),
    ("Sùng Thị Mỷ", "010195005566", "0394001122"),
    ("Trần Quốc Bảo", "010200007700", "0916778899"),
)
SCAN = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _version_for(agency: Agency) -> ProcedureVersion | None:
    return (
        ProcedureVersion.objects.filter(
            status=VersionStatus.PUBLISHED, agencies=agency, time_unit=DurationUnit.WORKING_DAYS, time_value__gte=3
        )
        .exclude(components=None)
        .order_by("procedure__code")
        .first()
    )


def _components(version: ProcedureVersion) -> list[ComponentInput]:
    return [
        ComponentInput(
            component_id=c.pk,
            received=True,
            original_qty=1,
            scans=[upload_check(SimpleUploadedFile(f"thanh-phan-{c.order}.pdf", SCAN))],
        )
        for c in version.components.filter(required=True)
    ]


def _step(dossier: Dossier, role: str, actor: User, at: dt.datetime, **kwargs: Any) -> Dossier:
    task = dossier.tasks.get(status=TaskStatus.ACTIVE, role=role, step_order__isnull=False)
    return task_complete(actor=actor, dossier=dossier, task_id=task.pk, at=at, **kwargs)


def build_demo_dossiers(users: dict[str, User], centre: Desk, commune_desk: Desk | None) -> int:
    """About a dozen dossiers spread over the lifecycle; returns how many were made."""
    if Dossier.objects.exists():
        return 0
    justice = Agency.objects.filter(name__startswith="Sở Tư pháp").first()
    version = _version_for(justice) if justice else None
    if version is None:
        return 0
    wt = wt_for(centre.agency)
    today = timezone.localdate()
    days = [today]
    while len(days) < 12:
        days.append(wt.previous_working_day(days[-1]))

    def moment(back: int, hour: int = 9) -> dt.datetime:
        day = days[back]
        when = dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=timezone.get_current_timezone())
        return min(when, timezone.now() - dt.timedelta(hours=2))

    made = 0
    stages: list[tuple[int, Callable[[Dossier, dt.datetime], Any]]] = [
        (0, lambda d, t: d),
        (1, lambda d, t: _forward(d, users, t)),
        (2, lambda d, t: _assign(d, users, t)),
        (3, lambda d, t: _consult(d, users, t)),
        (4, lambda d, t: _approve_stage(d, users, t)),
        (5, lambda d, t: _issue(d, users, t)),
        (6, lambda d, t: _returned(d, users, t)),
        (2, lambda d, t: _supplement(d, users, t)),
        (11, lambda d, t: _assign(d, users, t)),  # received long ago, still being appraised: overdue
    ]
    for index, (back, advance) in enumerate(stages):
        name, id_number, phone = APPLICANTS[index % len(APPLICANTS)]
        start = moment(back)
        with transaction.atomic():
            dossier = dossier_receive(
                actor=users["motcua.tinh"],
                desk=centre,
                version=version,
                at=start,
                applicant=Applicant(
                    name=name, id_type="cccd", id_number=id_number, phone=phone, address="Phường Lào Cai, tỉnh Lào Cai"
                ),
                components=_components(version),
            )
            advance(dossier, start)
        made += 1
    return made


def _later(t: dt.datetime, steps: int) -> dt.datetime:
    """Ten minutes per step: every demo dossier was received at least two hours ago, so this stays in the past."""
    return t + dt.timedelta(minutes=10 * steps)


def _forward(d: Dossier, users: dict[str, User], t: dt.datetime) -> Dossier:
    return dossier_forward(actor=users["motcua.tinh"], dossier=d, at=_later(t, 1))


def _assign(d: Dossier, users: dict[str, User], t: dt.datetime) -> Dossier:
    d = _forward(d, users, t)
    return _step(d, StepRole.DEPARTMENT_HEAD, users["truongphong.stp"], _later(t, 2), assignee=users["chuyenvien.stp"])


def _consult(d: Dossier, users: dict[str, User], t: dt.datetime) -> Dossier:
    d = _assign(d, users, t)
    task = d.tasks.get(status=TaskStatus.ACTIVE, role=StepRole.SPECIALIST)
    construction = Agency.objects.filter(name__startswith="Sở Xây dựng").first()
    if construction is None:
        return d
    return dossier_consult(
        actor=users["chuyenvien.stp"],
        dossier=d,
        task_id=task.pk,
        agencies=[construction],
        question="Đề nghị cho ý kiến về hồ sơ",
        budget_minutes=480,
        at=_later(t, 3),
    )


def _approve_stage(d: Dossier, users: dict[str, User], t: dt.datetime) -> Dossier:
    d = _consult(d, users, t)
    consult = d.tasks.filter(status=TaskStatus.ACTIVE, role=StepRole.COORDINATING_AGENCY).first()
    if consult is not None:
        d = consultation_answer(
            actor=users["chuyenvien.sxd"],
            dossier=d,
            task_id=consult.pk,
            answer="Thống nhất, không có ý kiến khác",
            at=_later(t, 4),
        )
    d = _step(d, StepRole.SPECIALIST, users["chuyenvien.stp"], _later(t, 5), note="Đủ điều kiện")
    return _step(d, StepRole.DEPARTMENT_HEAD, users["truongphong.stp"], _later(t, 6))


def _issue(d: Dossier, users: dict[str, User], t: dt.datetime) -> Dossier:
    d = _approve_stage(d, users, t)
    d = _step(d, StepRole.AGENCY_LEADER, users["lanhdao.stp"], _later(t, 7), decision="granted")
    # Generated from the result template and signed with the demo CA's key (manage.py esign_demo_ca).
    return dossier_finish(
        actor=users["vanthu.stp"],
        dossier=d,
        content=f"Cấp cho ông/bà {d.applicant_name} theo hồ sơ {d.code}.",
        document_number="01/STP",
        at=_later(t, 8),
    )


def _returned(d: Dossier, users: dict[str, User], t: dt.datetime) -> Dossier:
    d = _issue(d, users, t)
    if fees_outstanding(d):  # paid in cash at the counter before the result is handed over
        payment_record_counter(actor=users["motcua.tinh"], dossier=d, method="cash", at=_later(t, 9))
    return dossier_return_result(
        actor=users["motcua.tinh"],
        dossier=d,
        recipient_name=d.applicant_name,
        recipient_id=d.id_number,
        at=_later(t, 9),
    )


def _supplement(d: Dossier, users: dict[str, User], t: dt.datetime) -> Dossier:
    d = _forward(d, users, t)
    return dossier_request_supplement(
        actor=users["motcua.tinh"],
        dossier=d,
        at=_later(t, 2),
        items=[
            {
                "component": "Tờ khai",
                "defect": "Thiếu chữ ký của người yêu cầu",
                "legal_basis": "Thành phần hồ sơ theo thủ tục đã công bố",
            }
        ],
    )
