"""Helpers of the dossier API tests: token clients, request bodies, and moving a dossier along.

Dossiers are moved with the real services (as the conftest's `World.receive` does), so every
test starts from a state the application itself produced.
"""

from __future__ import annotations

import base64
from typing import Any

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.catalog.choices import StepRole
from motcua.dossiers import services
from motcua.dossiers.choices import TaskStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import VALID_CCCD, World, checked, fees_paid, pdf_bytes
from motcua.org.models import User

API = "/api/v1/dossiers/"


def token_client(user: User | None) -> APIClient:
    """A client sending `Authorization: Token …` for `user` (anonymous when None)."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def create_body(world: World, **overrides: Any) -> dict[str, Any]:
    """A complete counter intake for the world's procedure: both required components scanned."""
    components = [
        {
            "component": c.pk,
            "received": c.required,
            "original_qty": 1 if c.required else 0,
            "scans": [{"name": f"tp-{c.order}.pdf", "content_base64": b64(pdf_bytes(f"tp-{c.order}"))}]
            if c.required
            else [],
        }
        for c in world.version.components.order_by("order")
    ]
    body: dict[str, Any] = {
        "desk": world.centre.code,
        "procedure": world.version.procedure.code,
        "applicant": {
            "kind": "person",
            "name": "Nguyễn Thị Hoà",
            "id_type": "cccd",
            "id_number": VALID_CCCD,
            "phone": "0912345678",
            "email": "hoa@example.vn",
            "address": "Phường Lào Cai, tỉnh Lào Cai",
        },
        "subject": "Cấp Phiếu lý lịch tư pháp số 1",
        "return_method": "counter",
        "components": components,
    }
    body.update(overrides)
    return body


def active_task(dossier: Dossier, role: str) -> int:
    return dossier.tasks.get(status=TaskStatus.ACTIVE, role=role).pk


def complete(world: World, dossier: Dossier, role: str, actor: User, **kwargs: Any) -> Dossier:
    return services.task_complete(actor=actor, dossier=dossier, task_id=active_task(dossier, role), **kwargs)


def to_processing(world: World) -> Dossier:
    """Received and forwarded: the department head's assignment step is active."""
    dossier = world.receive()
    return services.dossier_forward(actor=world.desk_officer, dossier=dossier)


def to_appraisal(world: World) -> Dossier:
    """The specialist's appraisal step is active (the head assigned it without naming anyone)."""
    return complete(world, to_processing(world), StepRole.DEPARTMENT_HEAD, world.head)


def to_clerk(world: World) -> Dossier:
    """Appraised, reviewed and approved: the clerk's step is active."""
    dossier = complete(world, to_appraisal(world), StepRole.SPECIALIST, world.specialist)
    dossier = complete(world, dossier, StepRole.DEPARTMENT_HEAD, world.head)
    return complete(world, dossier, StepRole.AGENCY_LEADER, world.leader)


def to_done(world: World) -> Dossier:
    dossier = to_clerk(world)
    return services.dossier_finish(actor=world.clerk, dossier=dossier, result=checked("ket-qua.pdf"))


def to_done_paid(world: World) -> Dossier:
    """Done, and the fee collected at the desk: ready to hand over."""
    return fees_paid(to_done(world), world.desk_officer)


def consulted(world: World) -> Dossier:
    """The specialist asked the Department of Construction; its answer is awaited."""
    dossier = to_appraisal(world)
    return services.dossier_consult(
        actor=world.specialist,
        dossier=dossier,
        task_id=active_task(dossier, StepRole.SPECIALIST),
        agencies=[world.construction],
        question="Ý kiến về hiện trạng công trình",
        budget_minutes=480,
    )


def supplement_requested(world: World) -> Dossier:
    return services.dossier_request_supplement(
        actor=world.desk_officer,
        dossier=to_processing(world),
        items=[{"component": "Tờ khai", "defect": "Thiếu chữ ký", "legal_basis": "Điều 45 Luật LLTP"}],
    )


def awaiting_obligation(world: World) -> Dossier:
    return services.dossier_request_obligation(
        actor=world.leader, dossier=to_processing(world), amounts="Lệ phí: 200.000 đồng", payee="Sở Tư pháp"
    )


def snapshot(dossier: Dossier) -> tuple[Any, ...]:
    """What a refused action must leave untouched: the row, the history length, the steps."""
    row = Dossier.objects.filter(pk=dossier.pk).values().get()
    tasks = list(dossier.tasks.order_by("id").values_list("id", "status", "assignee_id", "finished_at"))
    return row, dossier.history.count(), tasks, dossier.forms.count(), dossier.handovers.count()
