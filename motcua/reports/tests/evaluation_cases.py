"""Hand-built dossiers for the evaluation tests, moved with the real services and `time_machine`.

The world's procedure allows 5 working days: a dossier received on Monday 02/03/2026 is due on
Monday 09/03/2026; finished on 03/03 it is early, on 09/03 on time, on 12/03 late.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from motcua.catalog.choices import StepRole
from motcua.dossiers import services
from motcua.dossiers.services.intake import Applicant
from motcua.dossiers.tests.api_support import active_task, complete
from motcua.dossiers.tests.conftest import VALID_CCCD, World, checked

from .data import at

MONDAY = dt.date(2026, 3, 2)
EARLY, ON_TIME, LATE = dt.date(2026, 3, 3), dt.date(2026, 3, 9), dt.date(2026, 3, 12)


def steps_to_clerk(world: World, dossier: Any) -> Any:
    dossier = complete(world, dossier, StepRole.DEPARTMENT_HEAD, world.head)
    dossier = complete(world, dossier, StepRole.SPECIALIST, world.specialist)
    dossier = complete(world, dossier, StepRole.DEPARTMENT_HEAD, world.head)
    return complete(world, dossier, StepRole.AGENCY_LEADER, world.leader)


def finished(
    world: World, tm: Any, *, finish: dt.date, received: dt.date = MONDAY, hour: int = 9, **receive: Any
) -> Any:
    """Received at `hour` on `received`, every step up to the clerk's done at once, finished by the clerk on
    `finish` at 10:00 (or 30 minutes after receipt on the same day).

    Steps are classified by date (deadlines.md §7): the 2-hour steps of a dossier received at 9:00 are
    due that day, so done at once they are on time, and the clerk's is late when the result comes a day
    later; received at 16:00 every step is due the next day, so done at once they are all early."""
    tm.move_to(at(received, hour))
    dossier = services.dossier_forward(actor=world.desk_officer, dossier=world.receive(**receive))
    dossier = steps_to_clerk(world, dossier)
    tm.move_to(at(finish, 10) if finish != received else at(received, hour) + dt.timedelta(minutes=30))
    return services.dossier_finish(actor=world.clerk, dossier=dossier, result=checked("ket-qua.pdf"))


def guidance_note(world: World, tm: Any, day: dt.date, id_number: str = VALID_CCCD) -> Any:
    """An incomplete visit at the counter: a guidance note (Mẫu 02), no dossier code."""
    tm.move_to(at(day, 8))
    return services.intake_guide(
        actor=world.desk_officer,
        desk=world.centre,
        version=world.version,
        applicant=Applicant(
            name="Nguyễn Thị Hoà", id_type="cccd", id_number=id_number, phone="0912345678", address="Lào Cai"
        ),
        items=[{"component": "Tờ khai", "defect": "Thiếu chữ ký", "legal_basis": "Điều 45"}],
    )


def with_supplement(world: World, tm: Any, *, finish: dt.date) -> Any:
    """Received Monday, one supplement request after acceptance answered the same day, then finished."""
    tm.move_to(at(MONDAY))
    dossier = services.dossier_forward(actor=world.desk_officer, dossier=world.receive())
    dossier = services.dossier_request_supplement(
        actor=world.desk_officer,
        dossier=dossier,
        items=[{"component": "Tờ khai", "defect": "Thiếu chữ ký", "legal_basis": "Điều 45"}],
    )
    tm.move_to(at(MONDAY, 15))
    dossier = services.dossier_complete_supplement(actor=world.desk_officer, dossier=dossier)
    dossier = steps_to_clerk(world, dossier)
    tm.move_to(at(finish, 10))
    return services.dossier_finish(actor=world.clerk, dossier=dossier, result=checked("ket-qua.pdf"))


def consulted_late(world: World, tm: Any) -> Any:
    """The specialist consults the Department of Construction (1 working day) on Monday; it answers on
    Thursday (late); the Department of Justice's own steps are all done at once; finished early."""
    tm.move_to(at(MONDAY))
    dossier = services.dossier_forward(actor=world.desk_officer, dossier=world.receive())
    dossier = complete(world, dossier, StepRole.DEPARTMENT_HEAD, world.head)
    dossier = services.dossier_consult(
        actor=world.specialist,
        dossier=dossier,
        task_id=active_task(dossier, StepRole.SPECIALIST),
        agencies=[world.construction],
        question="Ý kiến về hiện trạng công trình",
        budget_minutes=480,
    )
    tm.move_to(at(MONDAY + dt.timedelta(days=3)))
    dossier = services.consultation_answer(
        actor=world.other_specialist,
        dossier=dossier,
        task_id=active_task(dossier, StepRole.COORDINATING_AGENCY),
        answer="Đồng ý",
    )
    dossier = complete(world, dossier, StepRole.SPECIALIST, world.specialist)
    dossier = complete(world, dossier, StepRole.DEPARTMENT_HEAD, world.head)
    dossier = complete(world, dossier, StepRole.AGENCY_LEADER, world.leader)
    tm.move_to(at(MONDAY + dt.timedelta(days=3), 11))
    return services.dossier_finish(actor=world.clerk, dossier=dossier, result=checked("ket-qua.pdf"))
