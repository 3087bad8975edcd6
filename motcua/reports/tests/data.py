"""A varied set of dossiers made with the real services over several weeks (report tests).

Returns the dossiers by the story they tell, so tests can say which column each must land in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from motcua.catalog.choices import StepRole
from motcua.dossiers import services
from motcua.dossiers.tests.api_support import complete, to_clerk
from motcua.dossiers.tests.conftest import VALID_CCCD, World, checked, fees_paid

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def _finish(world: World, time_machine: Any, day: dt.date) -> Any:
    dossier = to_clerk(world)
    time_machine.move_to(at(day, 10))
    return services.dossier_finish(actor=world.clerk, dossier=dossier, result=checked("ket-qua.pdf"))


def build(world: World, time_machine: Any, start: dt.date) -> dict[str, Any]:
    """Receptions on working days from `start` (a Monday), five working days allowed by the world."""
    made: dict[str, Any] = {}
    time_machine.move_to(at(start))
    made["early"] = _finish(world, time_machine, start + dt.timedelta(days=1))
    time_machine.move_to(at(start + dt.timedelta(days=1)))
    d = to_clerk(world)
    time_machine.move_to(at(start + dt.timedelta(days=8), 16))  # due day + 0 → on time
    made["on_time"] = services.dossier_finish(actor=world.clerk, dossier=d, result=checked("kq.pdf"))
    time_machine.move_to(at(start + dt.timedelta(days=1), 11))
    d = to_clerk(world)
    time_machine.move_to(at(start + dt.timedelta(days=15)))
    made["late"] = services.dossier_finish(actor=world.clerk, dossier=d, result=checked("kq.pdf"))
    made["late"] = fees_paid(made["late"], world.desk_officer)
    time_machine.move_to(at(start + dt.timedelta(days=16)))
    made["late"] = services.dossier_return_result(
        actor=world.desk_officer, dossier=made["late"], recipient_name="Nguyễn Thị Hoà", recipient_id=VALID_CCCD
    )
    time_machine.move_to(at(start + dt.timedelta(days=2)))
    made["withdrawn"] = services.dossier_withdraw(
        actor=world.desk_officer, dossier=world.receive(), request_text="Đơn xin rút hồ sơ"
    )
    time_machine.move_to(at(start + dt.timedelta(days=2), 10))
    d = services.dossier_forward(actor=world.desk_officer, dossier=world.receive())
    time_machine.move_to(at(start + dt.timedelta(days=3)))
    made["stopped"] = services.dossier_stop(
        actor=world.leader, dossier=d, reason="Không thuộc thẩm quyền", legal_basis="Điều 10"
    )
    time_machine.move_to(at(start + dt.timedelta(days=3), 10))
    d = services.dossier_forward(actor=world.desk_officer, dossier=world.receive())
    made["supplement"] = services.dossier_request_supplement(
        actor=world.desk_officer,
        dossier=d,
        items=[{"component": "Tờ khai", "defect": "Thiếu chữ ký", "legal_basis": "Điều 45"}],
    )
    time_machine.move_to(at(start + dt.timedelta(days=4)))
    made["open_within"] = services.dossier_forward(actor=world.desk_officer, dossier=world.receive())
    time_machine.move_to(at(start, 14))
    d = services.dossier_forward(actor=world.desk_officer, dossier=world.receive())
    made["overdue"] = complete(world, d, StepRole.DEPARTMENT_HEAD, world.head)
    time_machine.move_to(at(start + dt.timedelta(days=4), 11))
    made["post"] = world.receive(return_method="post", return_address="Số 1 đường Hoàng Liên, Lào Cai")
    made["post"] = services.dossier_forward(actor=world.desk_officer, dossier=made["post"])
    time_machine.move_to(at(start + dt.timedelta(days=5)))
    d = to_clerk_existing(world, made["post"])
    d = services.dossier_finish(actor=world.clerk, dossier=d, result=checked("kq.pdf"))
    d = fees_paid(d, world.desk_officer)
    time_machine.move_to(at(start + dt.timedelta(days=7)))
    made["post"] = services.dossier_return_result(actor=world.desk_officer, dossier=d, tracking_number="EL123456789VN")
    time_machine.move_to(at(start + dt.timedelta(days=17)))
    return made


def to_clerk_existing(world: World, dossier: Any) -> Any:
    dossier = complete(world, dossier, StepRole.DEPARTMENT_HEAD, world.head)
    dossier = complete(world, dossier, StepRole.SPECIALIST, world.specialist)
    dossier = complete(world, dossier, StepRole.DEPARTMENT_HEAD, world.head)
    return complete(world, dossier, StepRole.AGENCY_LEADER, world.leader)
