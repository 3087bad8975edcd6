"""Online intake through the services: draft → submit (code) → return for completion (once) →
resubmit → accept (clock from the submission) → supplement answered online → result; withdrawal."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from motcua.accounts.models import CitizenProfile
from motcua.catalog.choices import OnlineLevel
from motcua.dossiers.choices import Digitisation, State, SupplementPhase
from motcua.dossiers.errors import ActionNotAllowed, DossierError, NotPermitted
from motcua.dossiers.models import Dossier, StoreItem
from motcua.dossiers.services import (
    SubmissionInvalid,
    dossier_accept,
    dossier_complete_supplement,
    dossier_component_reuse,
    dossier_component_upload,
    dossier_draft_discard,
    dossier_draft_start,
    dossier_draft_update,
    dossier_refuse_online,
    dossier_request_supplement,
    dossier_resubmit,
    dossier_return_for_completion,
    dossier_submit,
    dossier_supplement_answer,
    dossier_withdraw_online,
)
from motcua.dossiers.tests.conftest import VALID_CCCD, World, checked
from motcua.notifications.models import OutboxMessage
from motcua.org.models import User

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=VN)


def make_citizen(username: str = "citizen", id_number: str = VALID_CCCD) -> User:
    user = User.objects.create_user(
        username=username, password="x", full_name="Lò Thị Mai", phone="0912000111", email=f"{username}@example.vn"
    )
    CitizenProfile.objects.create(user=user, id_type="cccd", id_number=id_number, address="Xã Bát Xát, Lào Cai")
    return user


@pytest.fixture
def online(world: World) -> World:
    world.version.online_level = OnlineLevel.PARTIAL
    world.version.save(update_fields=["online_level"])
    return world


def ready_draft(world: World, citizen: User, when: dt.datetime) -> Dossier:
    dossier = dossier_draft_start(applicant=citizen, version=world.version, desk=world.centre, at=when)
    dossier_draft_update(applicant=citizen, dossier=dossier, form_data={"request": "Cấp phiếu số 1"})
    for line in dossier.components.filter(required=True):
        dossier_component_upload(
            applicant=citizen, dossier=dossier, component_id=line.pk, files=[checked(f"{line.order}.pdf")]
        )
    return dossier


def test_draft_is_prefilled_and_invisible_to_staff(online: World) -> None:
    from motcua.dossiers.selectors import dossier_list_for

    citizen = make_citizen()
    dossier = dossier_draft_start(applicant=citizen, version=online.version, desk=online.centre)
    assert dossier.state == State.DRAFT and dossier.code is None
    assert (dossier.applicant_name, dossier.id_number, dossier.phone) == ("Lò Thị Mai", VALID_CCCD, "0912000111")
    assert dossier.components.count() == 3
    assert not dossier_list_for(user=online.desk_officer).filter(pk=dossier.pk).exists()


def test_information_only_procedure_cannot_start(world: World) -> None:
    world.version.online_level = OnlineLevel.INFORMATION
    world.version.save(update_fields=["online_level"])
    with pytest.raises(DossierError) as err:
        dossier_draft_start(applicant=make_citizen(), version=world.version, desk=world.centre)
    assert err.value.code == "not_online"


def test_submit_lists_every_gap_and_writes_nothing(online: World) -> None:
    citizen = make_citizen()
    dossier = dossier_draft_start(applicant=citizen, version=online.version, desk=online.centre)
    with pytest.raises(SubmissionInvalid) as err:
        dossier_submit(applicant=citizen, dossier=dossier)
    required = [f"component.{c.pk}" for c in dossier.components.filter(required=True)]
    assert set(required) <= set(err.value.errors)
    dossier.refresh_from_db()
    assert dossier.state == State.DRAFT and dossier.code is None
    assert not OutboxMessage.objects.exists()


def test_someone_else_cannot_touch_the_draft(online: World) -> None:
    citizen, stranger = make_citizen(), make_citizen("stranger", id_number="001090012346")
    dossier = dossier_draft_start(applicant=citizen, version=online.version, desk=online.centre)
    with pytest.raises(NotPermitted):
        dossier_submit(applicant=stranger, dossier=dossier)
    with pytest.raises(NotPermitted):
        dossier_draft_discard(applicant=stranger, dossier=dossier)


def test_full_online_path_with_one_return_and_clock_from_submission(online: World) -> None:
    citizen = make_citizen()
    # Submitted on a Saturday evening: the clock starts on Monday 07:00 when accepted.
    dossier = ready_draft(online, citizen, at(7, 20))
    dossier = dossier_submit(applicant=citizen, dossier=dossier, ip="10.0.0.1", at=at(7, 21))
    assert dossier.state == State.SUBMITTED and dossier.code and dossier.code.endswith("-260307-0001")
    assert OutboxMessage.objects.filter(event="dossier.submit", channel="email").count() == 1
    assert StoreItem.objects.filter(owner=citizen).count() == 2

    dossier = dossier_return_for_completion(
        actor=online.desk_officer,
        dossier=dossier,
        items=[{"component": "Tờ khai", "defect": "Thiếu chữ ký"}],
        at=at(9, 8),
    )
    assert dossier.state == State.RETURNED_FOR_COMPLETION
    with pytest.raises(ActionNotAllowed):
        dossier_accept(actor=online.desk_officer, dossier=dossier)
    line = dossier.components.get(order=1)
    dossier_component_upload(applicant=citizen, dossier=dossier, component_id=line.pk, files=[checked("ky.pdf")])
    dossier = dossier_resubmit(applicant=citizen, dossier=dossier, note="Đã ký", at=at(9, 18))
    assert dossier.state == State.SUBMITTED

    dossier = dossier_accept(actor=online.desk_officer, dossier=dossier, at=at(10, 9))
    assert dossier.state == State.PROCESSING
    # 5 working days from Mon 09/03 18:00 → start Tue 10/03 07:00 → ends Mon 16/03 17:00.
    assert dossier.clock_start == at(10, 7)
    assert dossier.due_date == dt.date(2026, 3, 16)
    assert dossier.register_no == 1
    assert dossier.forms.filter(key="receipt").count() == 1
    assert OutboxMessage.objects.filter(event="dossier.receive", channel="email").count() == 1


def test_second_return_needs_the_leader(online: World) -> None:
    from motcua.dossiers.tests.conftest import _staff
    from motcua.org.choices import Role

    citizen = make_citizen()
    dossier = dossier_submit(applicant=citizen, dossier=ready_draft(online, citizen, at(9, 8)), at=at(9, 8))
    items = [{"component": "Tờ khai", "defect": "Sai tên"}]
    dossier = dossier_return_for_completion(actor=online.desk_officer, dossier=dossier, items=items, at=at(9, 9))
    dossier = dossier_resubmit(applicant=citizen, dossier=dossier, at=at(9, 10))
    with pytest.raises(NotPermitted):
        dossier_return_for_completion(actor=online.desk_officer, dossier=dossier, items=items, reason="Lần 2")
    leader = _staff(Role.AGENCY_LEADER, online.province, username="giamdoc")
    with pytest.raises(DossierError):
        dossier_return_for_completion(actor=leader, dossier=dossier, items=items, reason="")
    dossier = dossier_return_for_completion(actor=leader, dossier=dossier, items=items, reason="Lần 2")
    assert dossier.completion_returns == 2


def test_refusal_keeps_the_code(online: World) -> None:
    citizen = make_citizen()
    dossier = dossier_submit(applicant=citizen, dossier=ready_draft(online, citizen, at(9, 8)), at=at(9, 8))
    dossier = dossier_refuse_online(
        actor=online.desk_officer,
        dossier=dossier,
        items=[{"reason": "Không thuộc thẩm quyền", "legal_basis": "Điều 19 Nghị định 61/2018"}],
    )
    assert dossier.state == State.NOT_ACCEPTED and dossier.code
    assert dossier.forms.filter(key="intake_refusal").exists()


def test_supplement_answered_online_then_completed_by_the_desk(online: World) -> None:
    citizen = make_citizen()
    dossier = dossier_submit(applicant=citizen, dossier=ready_draft(online, citizen, at(9, 8)), at=at(9, 8))
    dossier = dossier_accept(actor=online.desk_officer, dossier=dossier, at=at(9, 9))
    dossier = dossier_request_supplement(
        actor=online.desk_officer,
        dossier=dossier,
        items=[{"component": "Bản chụp CCCD", "defect": "Mờ", "legal_basis": "Khoản 2 Điều 45 Luật LLTP"}],
        at=at(9, 10),
    )
    line = dossier.components.get(order=2)
    dossier = dossier_supplement_answer(
        applicant=citizen, dossier=dossier, files=[(line.pk, checked("ro.pdf"))], note="Bản rõ", at=at(10, 8)
    )
    assert dossier.supplement_phase == SupplementPhase.APPLICANT_SUBMITTED
    assert dossier.supplements.get(stage="processing").answer == "Bản rõ"
    with pytest.raises(ActionNotAllowed):
        dossier_supplement_answer(applicant=citizen, dossier=dossier, files=[(None, checked("x.pdf"))])
    dossier = dossier_complete_supplement(actor=online.desk_officer, dossier=dossier, at=at(10, 9))
    assert dossier.state == State.PROCESSING
    assert dossier.supplements.get(stage="processing").phase == SupplementPhase.COMPLETE


def test_reuse_from_the_store_is_a_reference(online: World) -> None:
    citizen = make_citizen()
    first = dossier_submit(applicant=citizen, dossier=ready_draft(online, citizen, at(9, 8)), at=at(9, 8))
    item = StoreItem.objects.filter(owner=citizen, source_dossier=first).first()
    assert item is not None
    second = dossier_draft_start(applicant=citizen, version=online.version, desk=online.centre)
    lines = list(second.components.filter(required=True))
    dossier_component_reuse(applicant=citizen, dossier=second, component_id=lines[0].pk, item=item)
    dossier_component_upload(applicant=citizen, dossier=second, component_id=lines[1].pk, files=[checked("b.pdf")])
    dossier_draft_update(applicant=citizen, dossier=second, form_data={"request": "Lần hai"})
    second = dossier_submit(applicant=citizen, dossier=second, at=at(10, 8))
    reused = second.components.get(pk=lines[0].pk)
    assert reused.store_item_id == item.pk and reused.digitisation == Digitisation.REUSED_COMPONENT
    stranger = make_citizen("other", id_number="001090012346")
    third = dossier_draft_start(applicant=stranger, version=online.version, desk=online.centre)
    with pytest.raises(DossierError):
        dossier_component_reuse(applicant=stranger, dossier=third, component_id=third.components.first().pk, item=item)


def test_applicant_withdraws_online(online: World) -> None:
    citizen = make_citizen()
    dossier = dossier_submit(applicant=citizen, dossier=ready_draft(online, citizen, at(9, 8)), at=at(9, 8))
    dossier = dossier_accept(actor=online.desk_officer, dossier=dossier, at=at(9, 9))
    with pytest.raises(DossierError):
        dossier_withdraw_online(applicant=citizen, dossier=dossier, reason=" ")
    dossier = dossier_withdraw_online(applicant=citizen, dossier=dossier, reason="Không còn nhu cầu")
    assert dossier.state == State.WITHDRAWN
    assert dossier.forms.filter(key="withdrawal").exists()
    assert not dossier.tasks.filter(status="active").exists()


def test_two_officers_accept_at_once_only_one_wins(online: World) -> None:
    citizen = make_citizen()
    dossier = dossier_submit(applicant=citizen, dossier=ready_draft(online, citizen, at(9, 8)), at=at(9, 8))
    version = dossier.lock_version
    dossier_accept(actor=online.desk_officer, dossier=dossier, expected_version=version)
    with pytest.raises(DossierError):
        dossier_accept(actor=online.desk_officer_2, dossier=dossier, expected_version=version)
