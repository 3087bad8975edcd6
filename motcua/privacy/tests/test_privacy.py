"""Personal-data rights (documents-and-codes.md §9): the applicant's export and access log, data-subject
requests answered within 2 working days and reported, and the retention job."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from motcua.audit.models import AuditChainHead, AuditEvent, PersonalDataAccess
from motcua.audit.services import personal_data_access_record
from motcua.audit.verify import audit_verify_all
from motcua.dossiers.errors import StaleDossier
from motcua.feedback.pakn_services import Sender, feedback_submit
from motcua.notifications.models import OutboxMessage, OutboxStatus
from motcua.portal.tests.test_citizen_support import (  # noqa: F401 - fixtures, registered under their names
    NOW,
    VN,
    World,
    accepted,
    browser_fixture,
    citizen_fixture,
    frozen_fixture,
    online_fixture,
)
from motcua.privacy import services
from motcua.privacy.models import DataSubjectRequest, RequestState
from motcua.privacy.retention import retention_run
from motcua.privacy.selectors import request_figures

pytestmark = pytest.mark.django_db

HOME = "/ca-nhan/du-lieu-ca-nhan/"
STAFF = "/can-bo/du-lieu-ca-nhan/"


def test_a_request_gets_a_code_and_is_due_in_two_working_days(browser, citizen):
    friday = dt.datetime(2026, 3, 13, 10, 0, tzinfo=VN)

    made = services.request_submit(user=citizen, kind="correction", details="Sai ngày sinh", at=friday)

    assert made.code == "DL-260313-0001"
    assert timezone.localtime(made.due_at).date() == dt.date(2026, 3, 17)  # Monday and Tuesday count
    assert set(OutboxMessage.objects.filter(event="privacy.request_received").values_list("channel", flat=True))
    assert AuditEvent.objects.filter(chain=f"privacy:{made.pk}", kind="privacy.request_received").exists()


def test_the_applicant_files_and_follows_a_request_on_the_page(browser, citizen):
    refused = browser.post(HOME, {"kind": "correction", "details": "   "})
    assert refused.status_code == 400 and not DataSubjectRequest.objects.exists()

    response = browser.post(HOME, {"kind": "correction", "dossier_code": "", "details": "Địa chỉ cũ, xin sửa"})

    assert response.status_code == 302
    page = browser.get(HOME).content.decode()
    made = DataSubjectRequest.objects.get()
    assert made.code in page and "Being handled" in page and made.user == citizen


def test_the_export_holds_everything_and_who_viewed_my_dossier(browser, online: World, citizen):
    dossier = accepted(online, citizen)
    officer = Client()
    officer.force_login(online.desk_officer)
    assert officer.get(f"/can-bo/ho-so/{dossier.code}/").status_code == 200

    page = browser.get(HOME).content.decode()
    exported = browser.get(HOME + "tai-ve/")

    assert str(online.desk_officer) in page and "One-stop officer" in page
    assert exported["Content-Disposition"] == 'attachment; filename="du-lieu-ca-nhan.json"'
    data = json.loads(exported.content)
    assert data["account"]["username"] == citizen.username
    assert data["dossiers"][0]["code"] == dossier.code and data["dossiers"][0]["id_number"] == dossier.id_number
    assert data["who_viewed_my_dossiers"][0]["purpose"] == "dossier_view"
    assert AuditEvent.objects.filter(kind="privacy.export", actor=citizen).count() == 1


def test_who_viewed_covers_my_feedback_and_never_a_record_of_another_kind_with_the_same_id(
    browser, online: World, citizen
):
    mine = feedback_submit(
        agency=online.province,
        sender=Sender("Lò Thị Mai", "0912000111", user=citizen),
        subject="Chờ lâu tại quầy",
        content="Tôi chờ hơn một giờ.",
    )
    officer = Client()
    officer.force_login(online.desk_officer)
    assert officer.get(f"/can-bo/phan-anh/{mine.code}/").status_code == 200
    # Somebody else's dossier whose id happens to equal my feedback's id.
    personal_data_access_record(
        user=online.desk_officer, dossier_id=mine.pk, dossier_code="NOT-MINE", fields=["id_number"], purpose="x"
    )

    page = browser.get(HOME).content.decode()
    exported = json.loads(browser.get(HOME + "tai-ve/").content)

    assert mine.code in page and "feedback_view" in page and "NOT-MINE" not in page
    assert [(row["dossier"], row["purpose"]) for row in exported["who_viewed_my_dossiers"]] == [
        (mine.code, "feedback_view")
    ]


def test_leaders_answer_auditors_read_others_are_refused(online: World, citizen):
    made = services.request_submit(user=citizen, kind="deletion", details="Xoá ảnh đã tải lên")
    leader, auditor, officer = Client(), Client(), Client()
    leader.force_login(online.leader)
    auditor.force_login(online.auditor)
    officer.force_login(online.desk_officer)

    assert made.code in leader.get(STAFF).content.decode()
    assert auditor.get(f"{STAFF}{made.code}/").status_code == 200
    assert auditor.post(f"{STAFF}{made.code}/tra-loi/", {"answer": "x", "version": 1}).status_code == 403
    assert officer.get(STAFF).status_code == 403
    answered = leader.post(f"{STAFF}{made.code}/tra-loi/", {"answer": "Đã xoá.", "version": made.version})

    assert answered.status_code == 302
    made.refresh_from_db()
    assert (made.state, made.answer, made.answered_by, made.late) == (
        RequestState.DONE,
        "Đã xoá.",
        online.leader,
        False,
    )
    assert OutboxMessage.objects.filter(event="privacy.request_answered").exists()
    again = leader.post(f"{STAFF}{made.code}/tra-loi/", {"answer": "Lần hai", "version": 1})
    assert again.status_code == 409 and DataSubjectRequest.objects.get().answer == "Đã xoá."


def test_late_answers_and_overdue_requests_are_reported(online: World, citizen, frozen):
    on_time = services.request_submit(user=citizen, kind="access", details="Bản sao dữ liệu")
    late = services.request_submit(user=citizen, kind="objection", details="Không đồng ý")
    services.request_answer(actor=online.leader, request=on_time, answer="Đã gửi")
    frozen.shift(dt.timedelta(days=5))
    services.request_answer(actor=online.leader, request=late, answer="Đã xem xét")
    services.request_submit(user=citizen, kind="restriction", details="Hạn chế", at=NOW)

    figures = request_figures(NOW - dt.timedelta(days=1), timezone.now())

    assert figures == {"received": 3, "on_time": 1, "late": 1, "overdue": 1}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_leaders_answering_at_once_one_wins(online: World, citizen):
    made = services.request_submit(user=citizen, kind="correction", details="Sai tên")
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def answer(text: str) -> None:
        barrier.wait()
        try:
            services.request_answer(actor=online.leader, request=made, answer=text, expected_version=1)
            outcomes.append("ok")
        except StaleDossier:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(t,)) for t in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["ok", "stale"]
    assert DataSubjectRequest.objects.get().version == 2


def test_retention_removes_old_logs_and_message_bodies_and_keeps_the_rest(online: World, citizen):
    dossier = accepted(online, citizen)
    old = timezone.now() - dt.timedelta(days=6 * 365)
    with_time = {"user": online.desk_officer, "dossier_id": dossier.pk, "dossier_code": dossier.code, "fields": []}
    import time_machine

    with time_machine.travel(old, tick=False):
        personal_data_access_record(**with_time, purpose="old view", agency_id=online.province.pk)
    personal_data_access_record(**with_time, purpose="recent view", agency_id=online.province.pk)
    message = OutboxMessage.objects.filter(recipient__contains="@").first()
    assert message is not None
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENT, created_at=timezone.now() - dt.timedelta(days=400)
    )

    summary = retention_run()

    assert list(PersonalDataAccess.objects.values_list("purpose", flat=True)) == ["recent view"]
    assert summary["access_rows_deleted"] == 1 and summary["access_chains_deleted"] == 1
    assert not AuditChainHead.objects.filter(chain__endswith=timezone.localdate(old).isoformat()).exists()
    message.refresh_from_db()
    assert message.payload == {} and message.recipient.startswith("*") and message.status == OutboxStatus.SENT
    assert AuditEvent.objects.get(kind="retention.run").data["messages_emptied"] == summary["messages_emptied"] >= 1
    assert audit_verify_all()[1] == []  # whole chains go; no kept chain is cut
