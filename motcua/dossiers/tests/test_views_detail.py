"""The dossier page and its actions: who sees what, each action through its service, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.audit.models import PersonalDataAccess
from motcua.catalog.choices import StepRole
from motcua.dossiers.tests.conftest import VALID_CCCD, fees_paid, pdf_bytes

from .test_views_support import active_task, client_for, post_action, snapshot

pytestmark = pytest.mark.django_db


def test_desk_officer_sees_full_details_and_the_view_is_logged(world):
    dossier = world.receive()
    client = client_for(world.desk_officer)

    response = client.get(reverse("dossiers:detail", args=[dossier.code]))

    assert response.status_code == 200
    html = response.content.decode()
    assert VALID_CCCD in html
    assert "Nguyễn Thị Hoà" in html
    assert "Forward to the deciding agency" in html
    assert "How the due date was computed" in html
    access = PersonalDataAccess.objects.get(dossier_code=dossier.code)
    assert access.user == world.desk_officer
    assert access.purpose == "dossier_view"
    assert "id_number" in access.fields


@pytest.mark.parametrize("who", ["other_specialist", "other_leader", "administrator"])
def test_a_dossier_of_another_agency_is_404_and_a_post_changes_nothing(world, who):
    dossier = world.receive()
    before = snapshot(dossier)
    client = client_for(getattr(world, who))

    assert client.get(reverse("dossiers:detail", args=[dossier.code])).status_code == 404
    assert post_action(client, dossier, "forward").status_code == 404
    assert snapshot(dossier) == before
    assert not PersonalDataAccess.objects.exists()


def test_anonymous_is_sent_to_sign_in(world, client):
    dossier = world.receive()
    response = client.get(reverse("dossiers:detail", args=[dossier.code]))
    assert response.status_code == 302
    assert reverse("staff:login") in response["Location"]


def test_forward_without_js_redirects_with_a_message(world):
    dossier = world.receive()
    client = client_for(world.desk_officer)

    response = post_action(client, dossier, "forward", note="Chuyển Sở Tư pháp")

    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:detail", args=[dossier.code])
    dossier.refresh_from_db()
    assert dossier.state == "processing"
    page = client.get(response["Location"]).content.decode()
    assert "Done: Forward to the deciding agency." in page


def test_forward_with_htmx_swaps_the_body(world):
    dossier = world.receive()
    response = post_action(client_for(world.desk_officer), dossier, "forward", htmx=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="dossier-body"')
    assert "<html" not in html
    assert "Being processed" in html


def test_a_stale_form_gives_409_with_a_reload_link_and_changes_nothing(world):
    dossier = world.receive()
    version = dossier.lock_version
    before = snapshot(dossier)
    dossier.lock_version = version - 1 if version > 1 else version + 5

    response = client_for(world.desk_officer).post(
        reverse("dossiers:action", args=[dossier.code, "forward"]),
        {"lock_version": dossier.lock_version},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "This dossier was changed by someone else meanwhile" in html
    assert "Reload the dossier" in html
    assert snapshot(dossier) == before


def test_a_user_without_the_role_gets_403_and_nothing_changes(world):
    dossier = world.receive()
    before = snapshot(dossier)
    response = post_action(client_for(world.leader), dossier, "forward")

    assert response.status_code == 403
    assert "You do not have permission to perform this action." in response.content.decode()
    assert snapshot(dossier) == before


def test_an_invalid_form_is_400_and_keeps_the_input(world):
    dossier = world.receive()
    post_action(client_for(world.desk_officer), dossier, "forward")
    head = client_for(world.head)
    task = active_task(dossier, StepRole.DEPARTMENT_HEAD)
    client_for(world.head)
    response = post_action(head, dossier, "complete", task=task, assignee=world.specialist.pk, note="Giao anh Minh")
    assert response.status_code == 302
    specialist_task = active_task(dossier, StepRole.SPECIALIST)

    response = post_action(
        client_for(world.specialist),
        dossier,
        "consult",
        task=specialist_task,
        question="Xin ý kiến",
        budget_hours="",
        mode="parallel",
    )

    assert response.status_code == 400
    assert "Xin ý kiến" in response.content.decode()
    assert dossier.participations.filter(role="coordinating").count() == 0


def test_unknown_action_is_404(world):
    dossier = world.receive()
    assert post_action(client_for(world.desk_officer), dossier, "delete").status_code == 404


def test_the_straight_path_through_every_step(world):
    dossier = world.receive()
    desk, head, specialist = client_for(world.desk_officer), client_for(world.head), client_for(world.specialist)
    assert post_action(desk, dossier, "forward").status_code == 302

    page = head.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Assign to a specialist" in page
    post_action(
        head, dossier, "complete", task=active_task(dossier, StepRole.DEPARTMENT_HEAD), assignee=world.specialist.pk
    )
    task = active_task(dossier, StepRole.SPECIALIST)
    assert task.assignee == world.specialist

    response = post_action(
        specialist,
        dossier,
        "consult",
        task=task,
        agencies=[world.construction.pk],
        question="Xin ý kiến về quy hoạch",
        budget_hours=8,
        mode="parallel",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    consult = dossier.tasks.get(role=StepRole.COORDINATING_AGENCY)
    assert (
        post_action(
            client_for(world.other_specialist), dossier, "answer", task=consult, answer="Thống nhất"
        ).status_code
        == 302
    )

    assert post_action(specialist, dossier, "complete", task=task, note="Đủ điều kiện").status_code == 302
    post_action(head, dossier, "complete", task=active_task(dossier, StepRole.DEPARTMENT_HEAD))
    leader = client_for(world.leader)
    assert (
        "Approve: record the decision" in leader.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    )
    post_action(leader, dossier, "complete", task=active_task(dossier, StepRole.AGENCY_LEADER), decision="granted")

    clerk = client_for(world.clerk)
    response = post_action(
        clerk,
        dossier,
        "finish",
        document_number="123/QĐ-STP",
        result=SimpleUploadedFile("ket-qua.pdf", pdf_bytes("result")),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    fees_paid(dossier, world.desk_officer)
    response = post_action(desk, dossier, "return-result", recipient_name="Nguyễn Thị Hoà", recipient_id=VALID_CCCD)
    assert response.status_code == 302, response.content.decode()[:3000]

    dossier.refresh_from_db()
    assert dossier.state == "returned"
    page = desk.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    for label in (
        "Received at the counter",
        "Forwarded to the deciding agency",
        "Other agencies consulted",
        "Consultation answered",
        "Step completed",
        "Result issued",
        "Result returned",
    ):
        assert label in page


def test_supplement_proposed_issued_and_completed(world):
    dossier = world.receive()
    desk, specialist = client_for(world.desk_officer), client_for(world.specialist)
    post_action(desk, dossier, "forward")
    post_action(
        client_for(world.head),
        dossier,
        "complete",
        task=active_task(dossier, StepRole.DEPARTMENT_HEAD),
        assignee=world.specialist.pk,
    )

    response = post_action(
        specialist,
        dossier,
        "propose-supplement",
        reason="Thiếu giấy tờ",
        item_0_component="Bản chụp giấy tờ tùy thân",
        item_0_defect="Không rõ nét",
        item_0_legal_basis="Điều 45 Luật LLTP",
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    page = desk.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert 'value="Không rõ nét"' in page  # the desk's form is prefilled from the proposal
    response = post_action(
        desk,
        dossier,
        "request-supplement",
        reason="Thiếu giấy tờ",
        item_0_component="Bản chụp giấy tờ tùy thân",
        item_0_defect="Không rõ nét",
        item_0_legal_basis="Điều 45 Luật LLTP",
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "supplement_requested"
    assert dossier.forms.filter(key="supplement_request").exists()

    assert post_action(desk, dossier, "complete-supplement", note="Đã bổ sung").status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "processing"
    second = post_action(
        desk, dossier, "request-supplement", item_0_component="X", item_0_defect="Y", item_0_legal_basis="Z"
    )
    assert second.status_code == 409
    assert "only one" in second.content.decode()


def test_leader_reschedules_then_stops(world):
    dossier = world.receive(at=dt.datetime(2026, 2, 12, 10, 0, tzinfo=dt.UTC))
    post_action(client_for(world.desk_officer), dossier, "forward")
    leader = client_for(world.leader)

    response = post_action(leader, dossier, "reschedule", new_date="2026-12-31", reason="Chờ xác minh", number="01")
    assert response.status_code in (302, 409)  # 409 when the fixed date is too late for an apology today
    response = post_action(leader, dossier, "stop", reason="Người yêu cầu đã mất", legal_basis="Điều 1")
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier.refresh_from_db()
    assert dossier.state == "stopped"
    assert dossier.forms.filter(key="stop_notice").exists()


def test_desk_registers_a_withdrawal(world):
    dossier = world.receive()
    response = post_action(
        client_for(world.desk_officer),
        dossier,
        "withdraw",
        request_text="Đơn rút hồ sơ",
        originals_taken_by="Nguyễn Thị Hoà",
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "withdrawn"


def test_obligation_requested_and_met(world):
    dossier = world.receive()
    post_action(client_for(world.desk_officer), dossier, "forward")
    response = post_action(client_for(world.head), dossier, "request-obligation", amounts="500.000 đ", payee="Kho bạc")
    assert response.status_code == 302
    response = post_action(client_for(world.desk_officer), dossier, "obligation-met", proof="Biên lai 0001")
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "processing"


def test_send_back_from_review_to_appraisal(world):
    dossier = world.receive()
    post_action(client_for(world.desk_officer), dossier, "forward")
    head = client_for(world.head)
    post_action(
        head, dossier, "complete", task=active_task(dossier, StepRole.DEPARTMENT_HEAD), assignee=world.specialist.pk
    )
    post_action(client_for(world.specialist), dossier, "complete", task=active_task(dossier, StepRole.SPECIALIST))

    response = post_action(
        head, dossier, "send-back", task=active_task(dossier, StepRole.DEPARTMENT_HEAD), reason="Thiếu ý kiến"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert dossier.tasks.filter(status="active", role=StepRole.SPECIALIST).exists()
