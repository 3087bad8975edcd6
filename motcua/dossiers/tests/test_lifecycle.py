"""The whole path of a dossier through the real services, with the legal limits (lifecycle.md §3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.audit.models import AuditEvent
from motcua.audit.verify import audit_verify_all
from motcua.catalog.choices import StepRole, SupplementMode
from motcua.dossiers.choices import ReturnPhase, State, TaskStatus
from motcua.dossiers.codes import code_parse
from motcua.dossiers.errors import ActionNotAllowed, DossierError, NotPermitted, StaleDossier
from motcua.dossiers.models import CodeSequence, Dossier, Task
from motcua.dossiers.services import (
    consultation_answer,
    dossier_complete_supplement,
    dossier_consult,
    dossier_finish,
    dossier_forward,
    dossier_propose_supplement,
    dossier_request_supplement,
    dossier_reschedule,
    dossier_return_result,
    dossier_stop,
    dossier_withdraw,
    task_complete,
    task_send_back,
)
from motcua.notifications.models import OutboxMessage

from .conftest import build_world, checked, fees_paid

TZ = dt.timezone(dt.timedelta(hours=7))
pytestmark = pytest.mark.django_db


def at(day: str, hhmm: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hhmm}:00+07:00")


def active(dossier: Dossier, role: str) -> Task:
    return dossier.tasks.get(status=TaskStatus.ACTIVE, role=role)


def test_receive_fixes_code_due_date_register_and_receipt(world):
    dossier = world.receive(at=at("2026-02-12"))  # E1: 5 working days from Thu 12/02/2026 10:00
    assert dossier.code == "000.00.00.H15-260212-0001"
    assert code_parse(dossier.code) == ("000.00.00.H15", dt.date(2026, 2, 12), 1)
    assert dossier.state == State.RECEIVED
    assert dossier.due_date == dt.date(2026, 2, 26) == dossier.legal_due_date == dossier.original_due_date
    assert dossier.due_at == at("2026-02-26", "17:00")
    assert (dossier.register_year, dossier.register_no) == (2026, 1)
    assert dossier.competent_agency == world.justice
    assert list(dossier.forms.values_list("key", "number")) == [("receipt", "01")]
    assert dossier.components.filter(received=True, digitisation=1).count() == 3
    assert dossier.attachments.count() == 3
    assert dossier.tasks.count() == 7
    first = active(dossier, StepRole.DESK_OFFICER)
    assert first.assignee == world.desk_officer
    assert first.due_at == at("2026-02-12", "17:00")  # paper hand-over by closing (accepted before 15:00)
    assert OutboxMessage.objects.filter(event="dossier.receive").count() == 3  # portal sync, e-mail, SMS
    second = world.receive(at=at("2026-02-12", "11:00"))
    assert second.code.endswith("-0002") and second.register_no == 2


def test_full_path_across_two_departments_and_two_agencies(world):
    dossier = world.receive(at=at("2026-03-02", "08:00"))
    dossier = dossier_forward(actor=world.desk_officer, dossier=dossier, at=at("2026-03-02", "09:00"))
    assert dossier.state == State.PROCESSING
    assert dossier.forms.filter(key="transfer_slip").exists()
    assign = active(dossier, StepRole.DEPARTMENT_HEAD)
    assert assign.agency == world.justice
    task_complete(
        actor=world.head, dossier=dossier, task_id=assign.pk, assignee=world.specialist, at=at("2026-03-02", "10:00")
    )
    appraise = active(dossier, StepRole.SPECIALIST)
    assert appraise.assignee == world.specialist and appraise.department == world.justice_dept
    dossier_consult(
        actor=world.specialist,
        dossier=dossier,
        task_id=appraise.pk,
        agencies=[world.construction],
        question="Xin ý kiến về công trình",
        budget_minutes=480,
        at=at("2026-03-02", "11:00"),
    )
    with pytest.raises(ActionNotAllowed):
        task_complete(actor=world.specialist, dossier=dossier, task_id=appraise.pk, at=at("2026-03-02", "14:00"))
    consult = active(dossier, StepRole.COORDINATING_AGENCY)
    with pytest.raises(NotPermitted):
        consultation_answer(actor=world.specialist, dossier=dossier, task_id=consult.pk, answer="x")
    consultation_answer(
        actor=world.other_specialist, dossier=dossier, task_id=consult.pk, answer="Đồng ý", at=at("2026-03-03", "09:00")
    )
    task_complete(
        actor=world.specialist, dossier=dossier, task_id=appraise.pk, note="Đủ điều kiện", at=at("2026-03-04", "09:00")
    )
    review = active(dossier, StepRole.DEPARTMENT_HEAD)
    task_complete(actor=world.head, dossier=dossier, task_id=review.pk, at=at("2026-03-04", "10:00"))
    approve = active(dossier, StepRole.AGENCY_LEADER)
    with pytest.raises(NotPermitted):
        task_complete(actor=world.other_leader, dossier=dossier, task_id=approve.pk)
    task_complete(
        actor=world.leader, dossier=dossier, task_id=approve.pk, decision="granted", at=at("2026-03-04", "14:00")
    )
    with pytest.raises(DossierError):  # a grant needs the signed result
        dossier_finish(actor=world.clerk, dossier=dossier, at=at("2026-03-05", "09:00"))
    dossier = dossier_finish(
        actor=world.clerk,
        dossier=dossier,
        result=checked("ket-qua.pdf"),
        document_number="123/PLLTP",
        at=at("2026-03-05", "09:00"),
    )
    assert (dossier.state, dossier.outcome, dossier.timeliness) == (State.DONE, "granted", "early")
    assert dossier.return_phase == ReturnPhase.AVAILABLE
    assert active(dossier, StepRole.DESK_OFFICER).agency == world.province
    with pytest.raises(DossierError):  # the fee is collected before the result is handed over
        dossier_return_result(
            actor=world.desk_officer, dossier=dossier, recipient_name="Nguyễn Thị Hoà", recipient_id=dossier.id_number
        )
    dossier = fees_paid(dossier, world.desk_officer)
    with pytest.raises(DossierError):  # someone else collecting needs a proxy letter
        dossier_return_result(
            actor=world.desk_officer, dossier=dossier, recipient_name="Trần Văn B", recipient_id="001099000001"
        )
    dossier = dossier_return_result(
        actor=world.desk_officer,
        dossier=dossier,
        recipient_name="Nguyễn Thị Hoà",
        recipient_id=dossier.id_number,
        at=at("2026-03-05", "15:00"),
    )
    assert dossier.state == State.RETURNED
    actions = list(dossier.history.values_list("action", flat=True))
    assert actions == [
        "receive",
        "forward",
        "step_complete",
        "consult",
        "consult_answer",
        "step_complete",
        "step_complete",
        "step_complete",
        "finish",
        "return_result",
    ]
    sheet = list(dossier.handovers.values_list("from_agency__code", "to_agency__code", "timeliness"))
    assert sheet[0] == ("000.00.00.H15", "000.00.11.H15", "on_time")
    assert ("000.00.12.H15", "000.00.11.H15", "on_time") in sheet  # answered on the day its 8 h ran out
    assert not dossier.tasks.filter(status=TaskStatus.ACTIVE).exists()
    chains, problems = audit_verify_all()
    kinds = list(AuditEvent.objects.filter(chain=f"dossier:{dossier.pk}").values_list("kind", flat=True))
    # 10 transitions, the result's signature and the fee collected at the desk.
    assert problems == [] and len(kinds) == 12 and "payment.paid" in kinds


def test_send_back_reopens_the_appraisal(world):
    dossier = dossier_forward(actor=world.desk_officer, dossier=world.receive())
    task_complete(
        actor=world.head,
        dossier=dossier,
        task_id=active(dossier, StepRole.DEPARTMENT_HEAD).pk,
        assignee=world.specialist,
    )
    task_complete(actor=world.specialist, dossier=dossier, task_id=active(dossier, StepRole.SPECIALIST).pk)
    review = active(dossier, StepRole.DEPARTMENT_HEAD)
    with pytest.raises(DossierError):
        task_send_back(actor=world.head, dossier=dossier, task_id=review.pk, reason=" ")
    task_send_back(actor=world.head, dossier=dossier, task_id=review.pk, reason="Thiếu ý kiến thẩm định")
    redo = active(dossier, StepRole.SPECIALIST)
    assert redo.assignee == world.specialist
    task_complete(actor=world.specialist, dossier=dossier, task_id=redo.pk)
    assert active(dossier, StepRole.DEPARTMENT_HEAD).pk not in (review.pk,)


@pytest.mark.parametrize(
    ("mode", "expected"), [(SupplementMode.RESTART, dt.date(2026, 5, 25)), (SupplementMode.PAUSE, dt.date(2026, 5, 20))]
)
def test_supplement_once_with_restart_or_pause(db, mode, expected):
    world = build_world(value="15", supplement_mode=mode)  # E15 / E16 of deadlines.md
    dossier = world.receive(at=at("2026-04-20"))
    assert dossier.due_date == dt.date(2026, 5, 14)
    dossier = dossier_forward(actor=world.desk_officer, dossier=dossier, at=at("2026-04-20", "11:00"))
    dossier_propose_supplement(
        actor=world.specialist,
        dossier=dossier,
        at=at("2026-04-22"),
        items=[{"component": "Tờ khai", "defect": "Thiếu chữ ký", "legal_basis": "Điều 45 Luật Lý lịch tư pháp"}],
    )
    dossier = dossier_request_supplement(actor=world.desk_officer, dossier=dossier, at=at("2026-04-23"))
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    request = dossier.supplements.get()
    assert request.items[0]["defect"] == "Thiếu chữ ký" and request.late_request is False
    dossier = dossier_complete_supplement(actor=world.desk_officer, dossier=dossier, at=at("2026-05-04"))
    assert dossier.state == State.PROCESSING
    assert dossier.due_date == dossier.legal_due_date == expected
    assert dossier.original_due_date == dt.date(2026, 5, 14)
    assert dossier.forms.filter(key="receipt").count() == 2
    with pytest.raises(ActionNotAllowed) as refused:
        dossier_request_supplement(
            actor=world.desk_officer, dossier=dossier, items=[{"component": "x", "defect": "y", "legal_basis": "z"}]
        )
    assert refused.value.code == "supplement_limit"


def test_supplement_items_need_legal_basis_and_only_desk_issues(world):
    dossier = dossier_forward(actor=world.desk_officer, dossier=world.receive())
    items = [{"component": "Tờ khai", "defect": "Sai", "legal_basis": ""}]
    with pytest.raises(DossierError):
        dossier_request_supplement(actor=world.desk_officer, dossier=dossier, items=items)
    with pytest.raises(NotPermitted):
        dossier_request_supplement(
            actor=world.specialist, dossier=dossier, items=[{"component": "a", "defect": "b", "legal_basis": "c"}]
        )
    assert Dossier.objects.get(pk=dossier.pk).supplement_count == 0


def test_apology_once_and_not_too_late(world):
    # E17: 5 WD from Mon 09/02/2026 08:00 → due Mon 23/02; last moment to apologise Fri 13/02 17:00.
    dossier = world.receive(at=at("2026-02-09", "08:00"))
    assert dossier.due_date == dt.date(2026, 2, 23)
    late = world.receive(at=at("2026-02-09", "08:30"))
    with pytest.raises(ActionNotAllowed) as too_late:
        dossier_reschedule(
            actor=world.leader,
            dossier=late,
            new_date=dt.date(2026, 2, 27),
            reason="Chờ xác minh",
            at=at("2026-02-23", "08:00"),
        )
    assert too_late.value.code == "reschedule_too_late"
    with pytest.raises(NotPermitted):
        dossier_reschedule(actor=world.desk_officer, dossier=dossier, new_date=dt.date(2026, 2, 27), reason="x")
    dossier = dossier_reschedule(
        actor=world.leader,
        dossier=dossier,
        new_date=dt.date(2026, 2, 27),
        reason="Chờ kết quả xác minh",
        at=at("2026-02-13", "16:00"),
    )
    assert dossier.due_date == dt.date(2026, 2, 27) and dossier.legal_due_date == dt.date(2026, 2, 23)
    assert dossier.due_at == at("2026-02-27", "17:00")
    assert set(dossier.forms.values_list("key", flat=True)) == {"receipt", "apology"}
    with pytest.raises(ActionNotAllowed) as second:
        dossier_reschedule(
            actor=world.leader,
            dossier=dossier,
            new_date=dt.date(2026, 3, 2),
            reason="Lần hai",
            at=at("2026-02-13", "16:30"),
        )
    assert second.value.code == "reschedule_limit"


def test_stop_and_withdraw_are_terminal(world):
    stopped = dossier_forward(actor=world.desk_officer, dossier=world.receive())
    with pytest.raises(NotPermitted):
        dossier_stop(actor=world.specialist, dossier=stopped, reason="r", legal_basis="l")
    stopped = dossier_stop(
        actor=world.leader,
        dossier=stopped,
        reason="Người yêu cầu không đủ điều kiện",
        legal_basis="Điều 49 Luật Lý lịch tư pháp",
        originals_and_fees="Hoàn trả bản gốc",
    )
    assert stopped.state == State.STOPPED and stopped.finished_at is not None
    assert not stopped.tasks.filter(status=TaskStatus.ACTIVE).exists()
    assert stopped.forms.filter(key="stop_notice").exists()
    withdrawn = dossier_withdraw(
        actor=world.desk_officer,
        dossier=world.receive(),
        request_text="Đơn rút hồ sơ ngày 02/03",
        originals_taken_by="Nguyễn Thị Hoà",
    )
    assert withdrawn.state == State.WITHDRAWN
    with pytest.raises(ActionNotAllowed):
        dossier_withdraw(actor=world.desk_officer, dossier=withdrawn, request_text="again")


def test_stale_form_is_refused_and_nothing_changes(world):
    dossier = world.receive()
    version = dossier.lock_version
    dossier_forward(actor=world.desk_officer, dossier=dossier, expected_version=version)
    before = Dossier.objects.get(pk=dossier.pk)
    with pytest.raises(StaleDossier):
        dossier_withdraw(actor=world.desk_officer_2, dossier=dossier, request_text="Rút", expected_version=version)
    after = Dossier.objects.get(pk=dossier.pk)
    assert (after.state, after.lock_version, after.history.count()) == (before.state, before.lock_version, 2)


def test_refused_intake_writes_nothing_and_gives_the_number_back(world):
    with pytest.raises(DossierError):
        world.receive(components=world.components()[2:])  # required components missing
    with pytest.raises(DossierError):
        world.receive(
            applicant=__import__("motcua.dossiers.services", fromlist=["Applicant"]).Applicant(
                name="A", id_type="cccd", id_number="999190012345"
            )
        )
    with pytest.raises(NotPermitted):
        world.receive(actor=world.specialist)
    assert Dossier.objects.count() == 0
    assert not CodeSequence.objects.filter(last__gt=0).exists()
    assert world.receive().code.endswith("-0001")


def test_overdue_finish_is_late(world):
    dossier = dossier_forward(
        actor=world.desk_officer, dossier=world.receive(at=at("2026-02-12")), at=at("2026-02-12", "11:00")
    )
    for role, user in (
        (StepRole.DEPARTMENT_HEAD, world.head),
        (StepRole.SPECIALIST, world.specialist),
        (StepRole.DEPARTMENT_HEAD, world.head),
        (StepRole.AGENCY_LEADER, world.leader),
    ):
        task_complete(actor=user, dossier=dossier, task_id=active(dossier, role).pk, at=at("2026-02-27", "08:00"))
    dossier = dossier_finish(
        actor=world.clerk,
        dossier=dossier,
        outcome="refused",
        reasons="Không đủ điều kiện",
        at=at("2026-02-27", "08:00"),
    )
    assert (dossier.outcome, dossier.timeliness) == ("refused", "late")  # E19: Fri 27/02 08:00 is late
    sheet_late = dossier.handovers.filter(timeliness="late")
    assert sheet_late.exists() and sheet_late.first().overrun_minutes > 0


def test_decimal_durations_keep_half_days(db):
    world = build_world(value="0.5")
    dossier = world.receive(at=at("2026-03-02", "08:00"))
    assert dossier.duration_value == Decimal("0.5")
    assert dossier.due_date == dt.date(2026, 3, 2)


def test_a_new_closure_moves_open_due_dates_later_never_earlier(world):
    from motcua.calendars.services import calendar_day_set, calendar_publish, calendar_seed_year
    from motcua.dossiers.services.calendar import dossiers_recompute_for_calendar

    calendar_seed_year(year=2026)
    calendar_publish(year=2026, actor=None)
    dossier = world.receive(at=at("2026-03-02", "07:00"))  # 5 WD from opening → Fri 06/03 closing
    assert dossier.due_date == dt.date(2026, 3, 6)
    version = calendar_day_set(
        date=dt.date(2026, 3, 4),
        kind="local_closure",
        name="Bão số 3",
        legal_basis="Công điện của UBND tỉnh",
        enabled=True,
        actor=None,
    )
    assert dossiers_recompute_for_calendar(version=version) == 1
    dossier.refresh_from_db()
    assert dossier.due_date == dossier.legal_due_date == dt.date(2026, 3, 9)
    assert dossier.history.last().action == "calendar_recompute"
    reopened = calendar_day_set(
        date=dt.date(2026, 3, 4),
        kind="local_closure",
        name="Bão số 3",
        legal_basis="Công điện của UBND tỉnh",
        enabled=False,
        actor=None,
    )
    assert dossiers_recompute_for_calendar(version=reopened) == 0
    dossier.refresh_from_db()
    assert dossier.due_date == dt.date(2026, 3, 9)  # an earlier date is ignored


def test_transfer_to_another_agency_keeps_code_desk_and_clock(world):
    from motcua.dossiers.services import dossier_transfer

    world.version.agencies.add(world.construction)
    dossier = dossier_forward(actor=world.desk_officer, dossier=world.receive(competent_agency=world.justice))
    due = dossier.due_at
    with pytest.raises(NotPermitted):
        dossier_transfer(actor=world.other_leader, dossier=dossier, to_agency=world.construction, reason="x")
    dossier = dossier_transfer(
        actor=world.leader, dossier=dossier, to_agency=world.construction, reason="Thuộc thẩm quyền Sở Xây dựng"
    )
    assert dossier.competent_agency == world.construction and dossier.due_at == due
    assign = active(dossier, StepRole.DEPARTMENT_HEAD)
    assert assign.agency == world.construction
    assert dossier.forms.filter(key="transfer_slip").count() == 2
    assert dossier.handovers.last().to_agency == world.construction


def test_commune_desk_receives_a_province_procedure_and_gets_the_result_back(world):
    """Liên thông across levels: the Sở decides, the commune desk keeps the dossier's code and returns it."""
    from motcua.dossiers.selectors import queue_dossiers
    from motcua.org.choices import AgencyLevel, DeskKind, Role
    from motcua.org.tests.factories import AgencyFactory, DeskFactory, RoleAssignmentFactory

    commune = AgencyFactory(name="Ủy ban nhân dân xã Bát Xát", level=AgencyLevel.COMMUNE, code="000.00.31.H15")
    desk = DeskFactory(agency=commune, kind=DeskKind.COMMUNE_DESK, name="Bộ phận một cửa xã Bát Xát")
    officer = RoleAssignmentFactory(role=Role.DESK_OFFICER, agency=commune, desk=desk).user
    dossier = world.receive(actor=officer, desk=desk, at=at("2026-03-02", "09:00"))
    assert dossier.code.startswith("000.00.31.H15-260302-")
    assert (dossier.receiving_agency, dossier.competent_agency) == (commune, world.justice)
    dossier = dossier_forward(actor=officer, dossier=dossier, at=at("2026-03-02", "10:00"))
    assert [t.dossier for t in queue_dossiers(user=world.head, key="assign")] == [dossier]
    for role, user, extra in (
        (StepRole.DEPARTMENT_HEAD, world.head, {"assignee": world.specialist}),
        (StepRole.SPECIALIST, world.specialist, {}),
        (StepRole.DEPARTMENT_HEAD, world.head, {}),
        (StepRole.AGENCY_LEADER, world.leader, {}),
    ):
        task_complete(actor=user, dossier=dossier, task_id=active(dossier, role).pk, at=at("2026-03-03"), **extra)
    dossier = dossier_finish(actor=world.clerk, dossier=dossier, result=checked(), at=at("2026-03-04"))
    assert [d.pk for d in queue_dossiers(user=officer, key="ready")] == [dossier.pk]
    assert list(queue_dossiers(user=world.desk_officer, key="ready")) == []  # not the provincial centre's
    with pytest.raises(NotPermitted):
        dossier_return_result(actor=world.desk_officer, dossier=dossier, recipient_name="x", recipient_id="y")
    dossier = fees_paid(dossier, officer)
    dossier = dossier_return_result(
        actor=officer, dossier=dossier, recipient_name="Nguyễn Thị Hoà", recipient_id=dossier.id_number
    )
    assert dossier.state == State.RETURNED and dossier.desk == desk
