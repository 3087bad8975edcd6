"""The desk's check of online submissions on the staff screens: the queue, the dossier page, accept,
return for completion (once), refuse, and a supplement answered online."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.audit.models import PersonalDataAccess
from motcua.dossiers.choices import State
from motcua.dossiers.models import Dossier, StoreItem
from motcua.dossiers.services import dossier_component_reuse, dossier_draft_start, dossier_draft_update, dossier_submit
from motcua.dossiers.tests.conftest import VALID_CCCD, checked
from motcua.org.choices import Role
from motcua.org.tests.factories import DeskFactory, RoleAssignmentFactory

from .test_views_online_support import province_leader, resubmitted, submitted, supplement_answered
from .test_views_support import client_for, post_action, snapshot

pytestmark = pytest.mark.django_db


def codes_in(html: str) -> list[str]:
    return re.findall(r'class="code" href="/can-bo/ho-so/([^/]+)/"', html)


def page(client, dossier: Dossier) -> str:
    response = client.get(reverse("dossiers:detail", args=[dossier.code]))
    assert response.status_code == 200
    return response.content.decode()


def gap_rows(dossier: Dossier, *rows: tuple[str, str, str]) -> dict[str, str]:
    """POST data of the return form: (component line order or 'form', defect, legal basis) per row."""
    data: dict[str, str] = {}
    for i, (which, defect, basis) in enumerate(rows):
        component = which if which in ("", "form") else str(dossier.components.get(order=int(which)).pk)
        data |= {f"item_{i}_component": component, f"item_{i}_defect": defect, f"item_{i}_legal_basis": basis}
    return data


# --- the queue ---------------------------------------------------------------------------------


def test_online_queue_is_the_desk_officers_first_tab_and_opens_when_it_has_work(world):
    dossier = submitted(world)
    response = client_for(world.desk_officer).get(reverse("dossiers:queues"))

    html = response.content.decode()
    tabs = re.findall(r'\?q=(\w+)" hx-get', html)
    assert tabs[0] == "online"
    assert 'aria-current="page" class="current">Online submissions to check' in html
    assert codes_in(html) == [dossier.code]
    assert "Waiting for" in html and "Submitted" in html
    assert "Lò Thị Mai" in html and "********2345" in html and VALID_CCCD not in html
    assert "Cấp Phiếu lý lịch tư pháp" in html


def test_to_receive_and_forward_is_unchanged_by_online_submissions(world):
    submitted(world)
    counter = world.receive()
    html = client_for(world.desk_officer).get(reverse("dossiers:queues") + "?q=receive").content.decode()
    assert codes_in(html) == [counter.code]


def test_without_online_work_the_page_opens_on_the_first_queue_with_work(world):
    counter = world.receive()
    html = client_for(world.desk_officer).get(reverse("dossiers:queues")).content.decode()
    assert codes_in(html) == [counter.code]
    online = client_for(world.desk_officer).get(reverse("dossiers:queues") + "?q=online").content.decode()
    assert "No online submission is waiting for the desk." in online


def test_only_the_desk_officers_of_that_desk_see_the_submission(world):
    dossier = submitted(world)
    other_desk = DeskFactory(agency=world.province, name="Bộ phận một cửa khác")
    elsewhere = RoleAssignmentFactory(role=Role.DESK_OFFICER, agency=world.province, desk=other_desk).user
    url = reverse("dossiers:queues") + "?q=online"

    assert codes_in(client_for(world.desk_officer_2).get(url).content.decode()) == [dossier.code]
    assert codes_in(client_for(elsewhere).get(url).content.decode()) == []
    assert client_for(elsewhere).get(reverse("dossiers:detail", args=[dossier.code])).status_code == 404
    for who in ("specialist", "head", "leader", "other_specialist"):
        html = client_for(world.users[who]).get(url).content.decode()
        assert "Online submissions to check" not in html, who
        assert codes_in(html) == [], who


def test_the_online_queue_queries_do_not_grow_with_rows(world):
    client = client_for(world.desk_officer)
    url = reverse("dossiers:queues") + "?q=online"
    submitted(world)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(5):
        submitted(world)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()

    assert len(codes_in(html)) == 6
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the dossier page --------------------------------------------------------------------------


def test_the_page_shows_the_form_the_files_and_the_submission_record(world):
    from motcua.catalog.formschema import schema_for

    dossier = submitted(world)
    html = page(client_for(world.desk_officer), dossier)

    spec = schema_for(dossier.procedure_version)["properties"]["request"]
    label = re.escape(spec.get("x-title-en") or spec.get("title") or "request")  # the tests run in English
    assert re.search(rf"<dt>{label}</dt><dd>Cấp 02 Phiếu lý lịch tư pháp</dd>", html)
    assert "Signed in with</dt><dd>Password" in html
    assert "not verified by an identity provider" in html
    assert "203.0.113.7" not in html
    for upload in dossier.attachments.filter(kind="upload"):
        assert reverse("dossiers:attachment", args=[dossier.code, upload.pk]) in html
    assert "Accept and forward" in html
    assert "Return for completion (one complete list)" in html
    assert "Refuse the submission (Mẫu 03)" in html
    assert html.count('name="item_4_defect"') == 1  # five empty rows, no JavaScript needed
    assert "The application form" in html  # the return form offers the e-form as a component


def test_the_accept_form_shows_the_due_date_it_will_give(world):
    dossier = submitted(world)
    client = client_for(world.desk_officer)
    match = re.search(r"If accepted now, the due date is (\d\d/\d\d/\d{4})", page(client, dossier))
    assert match

    post_action(client, dossier, "accept")

    dossier.refresh_from_db()
    assert dossier.due_date is not None and dossier.due_date.strftime("%d/%m/%Y") == match.group(1)


def test_a_reused_store_document_is_listed_and_its_download_is_logged(world):
    first = submitted(world)
    citizen = first.applicant
    item = StoreItem.objects.filter(owner=citizen, source_dossier=first).first()
    second = dossier_draft_start(applicant=citizen, version=world.version, desk=world.centre)
    dossier_draft_update(applicant=citizen, dossier=second, form_data={"request": "Lần hai"})
    lines = list(second.components.filter(required=True))
    dossier_component_reuse(applicant=citizen, dossier=second, component_id=lines[0].pk, item=item)
    from motcua.dossiers.services import dossier_component_upload

    dossier_component_upload(applicant=citizen, dossier=second, component_id=lines[1].pk, files=[checked("b.pdf")])
    second = dossier_submit(applicant=citizen, dossier=second)
    url = reverse("dossiers:store_document", args=[second.code, item.pk])
    client = client_for(world.desk_officer)

    assert url in page(client, second)
    assert "from the applicant's data store" in page(client, second)
    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(b"%PDF")
    access = PersonalDataAccess.objects.filter(purpose="file:store:component").get()
    assert (access.user, access.dossier_code, access.fields) == (
        world.desk_officer,
        second.code,
        [f"store_item:{item.pk}"],
    )
    # Only through a dossier that reuses it, and only for those who may see that dossier.
    assert client.get(reverse("dossiers:store_document", args=[first.code, item.pk])).status_code == 404
    assert client_for(world.other_specialist).get(url).status_code == 404


# --- accept, return, refuse --------------------------------------------------------------------


def test_accept_without_javascript_redirects_and_forwards(world):
    dossier = submitted(world)
    client = client_for(world.desk_officer)

    response = post_action(client, dossier, "accept")

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING and dossier.register_no == 1
    html = client.get(response["Location"]).content.decode()
    assert "Done: Accept and forward." in html
    assert "Online submission accepted" in html


def test_accept_with_htmx_swaps_the_body(world):
    dossier = submitted(world)
    response = post_action(client_for(world.desk_officer), dossier, "accept", htmx=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="dossier-body"') and "<html" not in html
    assert "Being processed" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_return_for_completion_lists_every_gap_in_one_notice(world, htmx):
    dossier = submitted(world)
    data = gap_rows(dossier, ("1", "Thiếu chữ ký", "Điều 45 Luật LLTP"), ("form", "Ghi rõ mục đích", ""))

    response = post_action(client_for(world.desk_officer), dossier, "return-for-completion", htmx=htmx, **data)

    assert response.status_code == (200 if htmx else 302)
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED_FOR_COMPLETION and dossier.completion_returns == 1
    request = dossier.supplements.get(stage="intake")
    assert request.items == [
        {
            "component": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
            "defect": "Thiếu chữ ký",
            "legal_basis": "Điều 45 Luật LLTP",
        },
        {"component": "The application form", "defect": "Ghi rõ mục đích", "legal_basis": ""},
    ]
    assert dossier.forms.filter(key="supplement_request").count() == 1


@pytest.mark.parametrize("htmx", [False, True])
def test_an_empty_return_is_refused_with_its_message_and_changes_nothing(world, htmx):
    dossier = submitted(world)
    before = snapshot(dossier)

    response = post_action(client_for(world.desk_officer), dossier, "return-for-completion", htmx=htmx)

    assert response.status_code == 400
    html = response.content.decode()
    assert "List everything that is missing or must be corrected, in one notice." in html
    assert 'role="alert"' in html
    assert snapshot(dossier) == before


def test_a_gap_without_what_is_missing_is_refused(world):
    dossier = submitted(world)
    response = post_action(
        client_for(world.desk_officer), dossier, "return-for-completion", **gap_rows(dossier, ("2", "", ""))
    )
    assert response.status_code == 400
    assert "Say for each item what is missing or wrong." in response.content.decode()


def test_refuse_needs_a_legal_ground_for_each_reason(world):
    dossier = submitted(world)
    client = client_for(world.desk_officer)
    before = snapshot(dossier)

    refused = post_action(client, dossier, "refuse-online", htmx=True, item_0_reason="Không thuộc thẩm quyền")
    assert refused.status_code == 400
    assert "Give each reason for refusal with its legal ground." in refused.content.decode()
    assert 'value="Không thuộc thẩm quyền"' in refused.content.decode()  # the input is kept
    assert snapshot(dossier) == before

    done = post_action(
        client,
        dossier,
        "refuse-online",
        item_0_reason="Không thuộc thẩm quyền",
        item_0_legal_basis="Điều 19 Nghị định 61/2018/NĐ-CP",
    )
    assert done.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.NOT_ACCEPTED
    assert dossier.forms.filter(key="intake_refusal").exists()


def test_a_stale_page_gets_409_and_changes_nothing(world):
    dossier = submitted(world)
    before = snapshot(dossier)
    response = client_for(world.desk_officer).post(
        reverse("dossiers:action", args=[dossier.code, "accept"]),
        {"lock_version": dossier.lock_version + 7},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert "Reload the dossier" in response.content.decode()
    assert snapshot(dossier) == before


def test_someone_without_the_desk_role_cannot_accept(world):
    dossier = submitted(world)
    before = snapshot(dossier)
    response = post_action(client_for(world.leader), dossier, "accept")  # the deciding agency's leader
    assert response.status_code == 403
    assert snapshot(dossier) == before


# --- a second return ---------------------------------------------------------------------------


def test_a_second_return_is_refused_to_the_desk_officer_with_a_clear_reason(world):
    dossier = resubmitted(world)
    client = client_for(world.desk_officer)
    html = page(client, dossier)
    assert "A second return needs the leader of Ủy ban nhân dân tỉnh Lào Cai" in html
    assert 'id="action-return-for-completion-0"' not in html
    assert "Returns for completion" in html and "Đã ký bổ sung" in html  # the first return and the answer
    before = snapshot(dossier)

    response = post_action(
        client, dossier, "return-for-completion", htmx=True, reason="Lần 2", **gap_rows(dossier, ("1", "Sai tên", ""))
    )

    assert response.status_code == 403
    assert "A second return for completion needs the desk&#x27;s leader." in response.content.decode()
    assert snapshot(dossier) == before


def test_the_receiving_agencys_leader_returns_a_second_time_with_a_reason(world):
    dossier = resubmitted(world)
    leader = client_for(province_leader(world))
    assert "This is a second return: give the reason in the note." in page(leader, dossier)

    no_reason = post_action(leader, dossier, "return-for-completion", **gap_rows(dossier, ("1", "Sai tên", "")))
    assert no_reason.status_code == 400
    field = re.search(r'<textarea[^>]*id="id_return-for-completion_0_reason"[^>]*>', no_reason.content.decode())
    assert field and 'aria-invalid="true"' in field.group(0)
    assert "Give the reason for a second return." in no_reason.content.decode()

    done = post_action(
        leader, dossier, "return-for-completion", reason="Lần 2: sai họ tên", **gap_rows(dossier, ("1", "Sai tên", ""))
    )
    assert done.status_code == 302
    dossier.refresh_from_db()
    assert dossier.completion_returns == 2 and dossier.state == State.RETURNED_FOR_COMPLETION


# --- supplement answered online ----------------------------------------------------------------


def test_a_supplement_answered_online_is_shown_and_completing_it_is_the_next_step(world):
    dossier = supplement_answered(world)
    client = client_for(world.desk_officer)
    html = page(client, dossier)

    assert "Supplement answered online." in html
    assert "Gửi lại bản chụp rõ nét" in html
    answer = dossier.attachments.get(kind="supplement")
    assert reverse("dossiers:attachment", args=[dossier.code, answer.pk]) in html
    action = re.search(r'<details class="action highlight" id="action-complete-supplement-0" open>', html)
    assert action, "the complete-supplement action is highlighted and open"
    assert "Next step" in html
    assert "The applicant answered online at" in html

    response = post_action(client, dossier, "complete-supplement", note="Đủ")

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING


def test_the_page_reads_in_vietnamese(world, vietnamese):
    dossier = resubmitted(world)
    html = page(client_for(world.desk_officer), dossier)
    assert "Chấp nhận và chuyển xử lý" in html
    assert "Hồ sơ nộp trực tuyến" in html
    from motcua.catalog.formschema import schema_for

    title = schema_for(dossier.procedure_version)["properties"]["request"]["title"]
    assert f"<dt>{title}</dt>" in html  # the schema's Vietnamese question
    assert "Hồ sơ này đã được trả lại để bổ sung, hoàn thiện một lần." in html
    queue = client_for(world.desk_officer).get(reverse("dossiers:queues") + "?q=online").content.decode()
    assert "Hồ sơ trực tuyến chờ kiểm tra" in queue


def test_a_counter_dossier_page_is_unchanged(world):
    dossier = world.receive()
    html = page(client_for(world.desk_officer), dossier)
    assert "Online submission" not in html
    assert "Originals / copies" in html and "Scans" in html


def test_answer_text_follows_the_schema():
    from motcua.dossiers.views.online import answer_text

    assert answer_text({"oneOf": [{"const": "a", "title": "Bản chính"}]}, "a") == "Bản chính"
    assert answer_text({"format": "date"}, "2026-03-09") == "09/03/2026"
    assert answer_text({}, True) == "Yes"
    assert answer_text({}, None) == "–"
    assert answer_text({"items": {"oneOf": [{"const": 1, "title": "Một"}]}}, [1, 2]) == "Một, 2"


def test_form_answers_use_the_labels_and_order_of_the_schema(world):
    from motcua.dossiers.views.online import form_answers

    schema = {
        "type": "object",
        "x-order": ["copies", "request"],
        "properties": {
            "request": {"type": "string", "title": "Nội dung yêu cầu", "x-title-en": "Request"},
            "copies": {"type": "integer", "title": "Số bản"},
        },
    }
    dossier = Dossier(procedure_version=world.version, form_data={"request": "Cấp phiếu", "copies": 2, "old": "x"})

    answers = [(a.label, a.value) for a in form_answers(dossier, schema)]

    assert answers == [("Số bản", "2"), ("Request", "Cấp phiếu"), ("old", "x")]
