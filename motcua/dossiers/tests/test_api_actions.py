"""POST /api/v1/dossiers/{code}/<action>/: the permission matrix, legal limits and stale versions.

Every action is tried by every kind of caller. Allowed callers get 200 and the action is listed in
the detail's `actions`; the others get 401 (anonymous), 404 (the dossier is outside their scope) or
403 (visible, but their roles do not allow it), and then the dossier row, its history, steps, forms
and hand-overs are exactly as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from motcua.dossiers.deadline import dossier_wt
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_forward
from motcua.dossiers.tests.conftest import VALID_CCCD, World, pdf_bytes
from motcua.org.choices import Role
from motcua.org.tests.factories import DeskFactory, RoleAssignmentFactory

from .api_support import (
    API,
    awaiting_obligation,
    b64,
    consulted,
    snapshot,
    supplement_requested,
    to_appraisal,
    to_clerk,
    to_done_paid,
    to_processing,
    token_client,
)
from .test_views_online_support import submitted

pytestmark = pytest.mark.django_db

ITEMS = [{"component": "Tờ khai", "defect": "Thiếu chữ ký", "legal_basis": "Điều 45 Luật Lý lịch tư pháp"}]
ACTORS = [
    "anonymous",
    "desk_officer",
    "specialist",
    "head",
    "leader",
    "clerk",
    "other_desk_officer",
    "other_specialist",
    "other_head",
    "other_leader",
    "other_clerk",
    "administrator",
    "auditor",
]
# Outside the scope of every dossier of the Department of Justice, unless their agency is consulted.
OUTSIDERS = {"other_desk_officer", "other_specialist", "other_head", "other_leader", "other_clerk", "administrator"}
CONSULTED = {"other_specialist", "other_head", "other_leader", "other_clerk"}


def _new_date(world: World, dossier: Dossier) -> dict[str, Any]:
    assert dossier.due_date is not None
    new_date = dossier_wt(dossier).next_working_day(dossier.due_date)
    return {"new_date": new_date.isoformat(), "reason": "Cần xác minh thêm tại cơ quan công an"}


def _transferable(world: World) -> Dossier:
    """In processing, for a procedure the Department of Construction may also decide."""
    world.version.agencies.add(world.construction)
    return dossier_forward(actor=world.desk_officer, dossier=world.receive(competent_agency=world.justice))


@dataclass(frozen=True)
class Case:
    setup: Callable[[World], Dossier]
    body: Callable[[World, Dossier], dict[str, Any]]
    allowed: frozenset[str]
    entries: int = 1  # history rows the action appends (an online acceptance also forwards)


def case(setup: Callable[[World], Dossier], body: Any, *allowed: str, entries: int = 1) -> Case:
    make_body = body if callable(body) else (lambda world, dossier, value=body: dict(value))
    return Case(setup, make_body, frozenset(allowed), entries)


GAPS = [{"component": "Tờ khai", "defect": "Thiếu chữ ký"}]
REFUSAL = [{"reason": "Không thuộc thẩm quyền", "legal_basis": "Điều 19 Nghị định 61/2018/NĐ-CP"}]
# The desk's check of an online submission: before acceptance no department holds a step yet.
INTAKE_ACTIONS = {"accept", "return-for-completion", "refuse-online"}
CASES = {
    "accept": case(submitted, {}, "desk_officer", entries=2),
    "return-for-completion": case(submitted, {"items": GAPS}, "desk_officer"),
    "refuse-online": case(submitted, {"items": REFUSAL}, "desk_officer"),
    "forward": case(lambda w: w.receive(), {"note": "Chuyển Sở Tư pháp"}, "desk_officer"),
    "complete-step": case(to_processing, {"note": "Giao chuyên viên"}, "head"),
    "send-back": case(to_appraisal, {"reason": "Phân công lại"}, "specialist"),
    "consult": case(
        to_appraisal,
        lambda w, d: {"agencies": [w.construction.code], "question": "Ý kiến về công trình", "budget_minutes": 480},
        "specialist",
    ),
    "answer-consultation": case(consulted, {"answer": "Thống nhất"}, "other_specialist", "other_head", "other_leader"),
    "propose-supplement": case(to_processing, {"items": ITEMS}, "specialist", "head"),
    "request-supplement": case(to_processing, {"items": ITEMS}, "desk_officer"),
    "complete-supplement": case(supplement_requested, {"note": "Đã nhận đủ"}, "desk_officer"),
    "request-obligation": case(to_processing, {"amounts": "200.000 đồng", "payee": "Sở Tư pháp"}, "head", "leader"),
    "obligation-met": case(awaiting_obligation, {"proof": "Biên lai số 0012"}, "desk_officer"),
    "reschedule": case(to_processing, _new_date, "leader"),
    "stop": case(to_processing, {"reason": "Người yêu cầu đã chết", "legal_basis": "Khoản 2 Điều 10"}, "leader"),
    "transfer": case(_transferable, {"to_agency": "000.00.12.H15", "reason": "Thuộc thẩm quyền Sở Xây dựng"}, "leader"),
    "withdraw": case(to_processing, {"request_text": "Đơn xin rút ngày hôm nay"}, "desk_officer"),
    "finish": case(
        to_clerk,
        {"result": {"name": "phieu-lltp.pdf", "content_base64": b64(pdf_bytes("kq"))}, "document_number": "12/PLL"},
        "clerk",
    ),
    "return-result": case(
        to_done_paid, {"recipient_name": "Nguyễn Thị Hoà", "recipient_id": VALID_CCCD}, "desk_officer"
    ),
}


@pytest.fixture
def cast(world: World) -> World:
    """The world plus the staff of another agency in every role, and a desk officer elsewhere."""
    other_desk = DeskFactory(agency=world.construction)
    extra = {
        "other_head": (Role.DEPARTMENT_HEAD, world.construction_dept, None),
        "other_clerk": (Role.CLERK, world.construction_dept, None),
        "other_desk_officer": (Role.DESK_OFFICER, None, other_desk),
    }
    for name, (role, department, desk) in extra.items():
        world.users[name] = RoleAssignmentFactory(
            role=role, agency=world.construction, department=department, desk=desk, valid_from=dt.date(2025, 1, 1)
        ).user
    return world


def denied_status(actor: str, action: str) -> int:
    if actor == "anonymous":
        return 401
    visible_outsiders = CONSULTED if action == "answer-consultation" else set()
    if action in INTAKE_ACTIONS and actor in ("specialist", "head", "clerk"):
        return 404
    return 404 if actor in OUTSIDERS - visible_outsiders else 403


def listed_actions(world: World, actor: str, dossier: Dossier) -> list[str]:
    response = token_client(world.users[actor]).get(f"{API}{dossier.code}/")
    assert response.status_code == 200
    return [link["action"] for link in response.json()["actions"]]


ALLOWED = [(action, actor) for action, spec in CASES.items() for actor in sorted(spec.allowed)]


@pytest.mark.parametrize(("action", "actor"), ALLOWED)
def test_allowed_callers_succeed_and_see_the_action_listed(cast, action, actor):
    spec = CASES[action]
    dossier = spec.setup(cast)
    history = dossier.history.count()
    assert action in listed_actions(cast, actor, dossier)

    response = token_client(cast.users[actor]).post(
        f"{API}{dossier.code}/{action}/", spec.body(cast, dossier), format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["code"] == dossier.code
    assert response.json()["history"][-1]["seq"] == history + spec.entries
    assert Dossier.objects.get(pk=dossier.pk).lock_version > dossier.lock_version


@pytest.mark.parametrize("action", list(CASES))
def test_other_callers_are_refused_and_nothing_changes(cast, action):
    spec = CASES[action]
    dossier = spec.setup(cast)
    body = spec.body(cast, dossier)
    before = snapshot(dossier)

    for actor in (a for a in ACTORS if a not in spec.allowed):
        user = None if actor == "anonymous" else cast.users[actor]
        response = token_client(user).post(f"{API}{dossier.code}/{action}/", body, format="json")

        expected = denied_status(actor, action)
        assert (actor, response.status_code) == (actor, expected), response.json()
        assert snapshot(dossier) == before, actor
        if expected == 403:
            assert response.json()["code"] in ("permission_denied", "not_staff")
            assert action not in listed_actions(cast, actor, dossier), actor
