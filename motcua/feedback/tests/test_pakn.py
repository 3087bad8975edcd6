"""Feedback (PAKN, services.md §5): stages, legal time limits over the holiday calendar, overdue
marking, publication without personal data, votes, pages and who may see what."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from motcua.audit.models import AuditEvent, PersonalDataAccess
from motcua.dossiers.errors import ActionNotAllowed, DossierError, StaleDossier
from motcua.notifications.models import OutboxMessage
from motcua.org.choices import Role
from motcua.org.tests.factories import AgencyFactory, DeskFactory, staff

from ..choices import FeedbackState
from ..models import Feedback, FeedbackVote
from ..pakn_selectors import feedback_list_for, open_and_overdue, pakn_period_figures, stage_view
from ..pakn_services import (
    Sender,
    feedback_accept,
    feedback_answer,
    feedback_assign,
    feedback_close,
    feedback_forward,
    feedback_publish,
    feedback_refuse,
    feedback_request_supplement,
    feedback_submit,
    feedback_supplement,
    feedback_vote,
)

TZ = dt.timezone(dt.timedelta(hours=7))


def at(day: str, time: str = "09:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=TZ)


@pytest.fixture
def agency(db):
    agency = AgencyFactory(code="000.00.00.H99")
    DeskFactory(agency=agency)
    return agency


@pytest.fixture
def officer(agency):
    return staff(Role.DESK_OFFICER, agency=agency)


def send(agency, when="2026-12-07", **kw):
    data = {
        "agency": agency,
        "sender": Sender("Lò Thị Mai", "0912 000 111", "mai@example.vn", "Bát Xát"),
        "subject": "Chờ lâu tại quầy",
        "content": "Tôi chờ hơn một giờ.",
        "at": at(when),
    } | kw
    return feedback_submit(**data)


def test_submission_gets_a_code_deadlines_and_an_acknowledgement(agency):
    first, second = send(agency), send(agency)
    assert first.code == "PA-000.00.00.H99-261207-0001" and second.code.endswith("-0002")
    # Monday 07/12 09:00: refuse by Wed 09/12, request more by Mon 14/12, answer by Mon 28/12 (15 WD)
    assert [d.date() for d in (first.refuse_due, first.supplement_due, first.answer_due)] == [
        dt.date(2026, 12, 9),
        dt.date(2026, 12, 14),
        dt.date(2026, 12, 28),
    ]
    assert set(OutboxMessage.objects.filter(event="feedback.received").values_list("channel", flat=True)) == {
        "sms",
        "email",
    }


def test_deadlines_skip_the_lunar_new_year(agency):
    from motcua.calendars.selectors import cache_clear
    from motcua.calendars.services import calendar_publish, calendar_seed_year

    calendar_seed_year(year=2027)
    calendar_publish(year=2027, actor=None)
    cache_clear()
    feedback = send(agency, when="2027-02-03")  # the Wednesday before Tết (Thu 04 – Wed 10 Feb closed)
    assert feedback.refuse_due.date() == dt.date(2027, 2, 12)
    assert feedback.answer_due.date() == dt.date(2027, 3, 3)  # without Tết: Wed 24 Feb


def test_a_bad_sender_is_refused_and_nothing_is_written(agency):
    with pytest.raises(DossierError):
        send(agency, sender=Sender("", "0912000111"))
    with pytest.raises(DossierError):
        send(agency, sender=Sender("A", "", ""))
    with pytest.raises(DossierError):
        send(agency, subject="  ")
    assert not Feedback.objects.exists()


def test_the_whole_way_on_time(agency, officer):
    feedback = send(agency)
    feedback = feedback_accept(feedback=feedback, actor=officer, at=at("2026-12-08"))
    feedback = feedback_assign(feedback=feedback, actor=officer, assignee=officer, at=at("2026-12-08", "10:00"))
    feedback = feedback_answer(
        feedback=feedback, actor=officer, answer="Đã chấn chỉnh.", founded=True, at=at("2026-12-15")
    )
    assert feedback.publish_due.date() == dt.date(2026, 12, 17)
    feedback = feedback_publish(feedback=feedback, actor=officer, at=at("2026-12-16"))
    feedback = feedback_close(feedback=feedback, actor=officer, at=at("2026-12-17"))
    assert feedback.state == FeedbackState.CLOSED and not feedback.late and feedback.founded is True
    assert list(feedback.events.values_list("action", flat=True)) == [
        "submit",
        "accept",
        "assign",
        "answer",
        "publish",
        "close",
    ]


def test_a_late_answer_marks_the_feedback_late(agency, officer):
    feedback = feedback_accept(feedback=send(agency), actor=officer, at=at("2026-12-08"))
    feedback = feedback_answer(feedback=feedback, actor=officer, answer="Trả lời muộn.", at=at("2026-12-29"))
    assert feedback.late and feedback.events.get(action="answer").late


def test_overdue_marking_of_open_feedback(agency, officer):
    waiting = send(agency)
    handled = feedback_accept(feedback=send(agency), actor=officer, at=at("2026-12-08"))
    with time_machine.travel(at("2026-12-10"), tick=False):
        assert stage_view(waiting).overdue  # not accepted or refused within 2 working days
        assert not stage_view(handled).overdue
        assert open_and_overdue({agency.pk}) == (2, 1)
        overdue = feedback_list_for(user=officer, filters={"overdue": "1"})
        assert [f.pk for f in overdue] == [waiting.pk]
    with time_machine.travel(at("2026-12-25"), tick=False):
        assert stage_view(handled).soon and not stage_view(handled).overdue  # answer due Mon 28/12


def test_supplement_restarts_the_clock(agency, officer):
    feedback = feedback_request_supplement(
        feedback=send(agency), actor=officer, request="Ngày giờ cụ thể?", at=at("2026-12-08")
    )
    feedback = feedback_supplement(feedback=feedback, text="Sáng 07/12, quầy 3.", at=at("2026-12-10"))
    assert feedback.state == FeedbackState.RECEIVED and feedback.answer_due.date() == dt.date(2026, 12, 31)
    assert "quầy 3" in feedback.content


def test_refuse_needs_a_reason_and_guards_hold(agency, officer):
    feedback = send(agency)
    with pytest.raises(DossierError):
        feedback_refuse(feedback=feedback, actor=officer, reason=" ")
    feedback = feedback_refuse(feedback=feedback, actor=officer, reason="Không thuộc thẩm quyền.", at=at("2026-12-08"))
    with pytest.raises(ActionNotAllowed):
        feedback_accept(feedback=feedback, actor=officer)
    with pytest.raises(ActionNotAllowed):
        feedback_publish(feedback=feedback, actor=officer)


def test_a_stale_screen_cannot_act(agency, officer):
    feedback = send(agency)
    feedback_accept(feedback=feedback, actor=officer)
    with pytest.raises(StaleDossier):
        feedback_refuse(feedback=feedback, actor=officer, reason="x", seen_state=FeedbackState.RECEIVED)


def test_forwarding_moves_it_with_new_limits(agency, officer):
    other = AgencyFactory()
    feedback = feedback_forward(feedback=send(agency), actor=officer, to=other, at=at("2026-12-08"))
    assert (feedback.agency_id, feedback.forwarded_from_id, feedback.state) == (
        other.pk,
        agency.pk,
        FeedbackState.RECEIVED,
    )
    assert feedback.answer_due.date() == dt.date(2026, 12, 29)
    assert not feedback_list_for(user=officer).filter(pk=feedback.pk).exists()


def test_votes_once_per_voter(agency, officer):
    feedback = feedback_accept(feedback=send(agency), actor=officer)
    with pytest.raises(ActionNotAllowed):
        feedback_vote(feedback=feedback, voter="a", liked=True)
    feedback = feedback_publish(feedback=feedback_answer(feedback=feedback, actor=officer, answer="Ok"), actor=officer)
    feedback_vote(feedback=feedback, voter="a", liked=True)
    feedback_vote(feedback=feedback, voter="a", liked=True)
    feedback = feedback_vote(feedback=feedback, voter="b", liked=False)
    assert (feedback.likes, feedback.dislikes, FeedbackVote.objects.count()) == (1, 1, 2)
    feedback = feedback_vote(feedback=feedback, voter="a", liked=False)
    assert (feedback.likes, feedback.dislikes) == (0, 2)


def test_period_figures_for_the_reports(agency, officer):
    on_time = feedback_accept(feedback=send(agency), actor=officer, at=at("2026-12-08"))
    feedback_publish(
        feedback=feedback_answer(feedback=on_time, actor=officer, answer="Ok", at=at("2026-12-09")),
        actor=officer,
        at=at("2026-12-10"),
    )
    late = feedback_accept(feedback=send(agency), actor=officer, at=at("2026-12-08"))
    feedback_answer(feedback=late, actor=officer, answer="Muộn", at=at("2026-12-30"))
    figures = pakn_period_figures(
        agency_ids={agency.pk}, start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 31), now=at("2026-12-31")
    )
    assert (figures.total, figures.late, figures.on_time) == (2, 1, 1)


# Pages -------------------------------------------------------------------------------------------


def test_public_submit_follow_and_details(client, agency, officer):
    response = client.post(
        reverse("feedback_public:submit"),
        {
            "agency": agency.pk,
            "about": "officer",
            "subject": "Thái độ",
            "content": "Cán bộ quát.",
            "sender_name": "Mai",
            "sender_phone": "0912000111",
        },
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert feedback.code in page and "Cán bộ quát" not in page  # the content needs the phone digits
    wrong = client.post(response["Location"], {"factor": "9999"})
    assert wrong.status_code == 400
    right = client.post(response["Location"], {"factor": "0111"})
    assert right.status_code == 302
    assert "Cán bộ quát" in client.get(response["Location"]).content.decode()


def test_bad_attachment_refuses_everything(client, agency):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("feedback_public:submit"),
        {
            "agency": agency.pk,
            "about": "other",
            "subject": "S",
            "content": "C",
            "sender_name": "Mai",
            "sender_phone": "0912000111",
            "attachments": [fake],
        },
    )
    assert response.status_code == 400 and "only PDF, JPEG and PNG" in response.content.decode()
    assert not Feedback.objects.exists()


def test_published_answers_hide_the_sender(client, agency, officer):
    feedback = feedback_accept(feedback=send(agency), actor=officer)
    feedback_publish(feedback=feedback_answer(feedback=feedback, actor=officer, answer="Đã xử lý."), actor=officer)
    page = client.get(reverse("feedback_public:answers")).content.decode()
    assert "Đã xử lý." in page and "Lò Thị Mai" not in page and "0912000111" not in page and "Bát Xát" not in page
    voted = client.post(reverse("feedback_public:vote", args=[feedback.code]), {"liked": "1"})
    assert voted.status_code == 302 and Feedback.objects.get().likes == 1


def test_staff_scope_404_and_nothing_changes(client, agency, officer):
    feedback = send(agency)
    stranger = staff(Role.AGENCY_LEADER, agency=AgencyFactory())
    client.force_login(stranger)
    assert client.get(reverse("feedback_staff:detail", args=[feedback.code])).status_code == 404
    assert client.post(reverse("feedback_staff:action", args=[feedback.code, "tiep-nhan"])).status_code == 404
    assert Feedback.objects.get().state == FeedbackState.RECEIVED
    client.force_login(officer)
    page = client.get(reverse("feedback_staff:list")).content.decode()
    assert feedback.code in page
    done = client.post(reverse("feedback_staff:action", args=[feedback.code, "tiep-nhan"]), {"seen_state": "received"})
    assert done.status_code == 302 and Feedback.objects.get().state == FeedbackState.ACCEPTED
    again = client.post(reverse("feedback_staff:action", args=[feedback.code, "tiep-nhan"]), {"seen_state": "received"})
    assert again.status_code == 303


def test_staff_key_in_from_the_hotline(client, agency, officer):
    client.force_login(officer)
    response = client.post(
        reverse("feedback_staff:key_in"),
        {
            "agency": agency.pk,
            "source": "hotline",
            "about": "procedure",
            "subject": "Hỏi thủ tục",
            "content": "Gọi điện hỏi.",
            "sender_name": "Ông Páo",
            "sender_phone": "0913000222",
        },
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.source == "hotline" and feedback.events.get().actor_id == officer.pk
    assert re.match(r"PA-000\.00\.00\.H99-\d{6}-0001", feedback.code)
    assert timezone.localtime(feedback.received_at).date() == timezone.localdate()


@pytest.mark.skipif(
    __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: SQLite serialises all writers",
)
@pytest.mark.django_db(transaction=True)
def test_two_officers_answer_at_once_one_wins(agency, officer):
    from motcua.dossiers.tests.test_api_concurrency import in_parallel

    other = staff(Role.DESK_OFFICER, agency=agency)
    feedback = feedback_accept(feedback=send(agency), actor=officer)

    def answer(index: int) -> str:
        try:
            feedback_answer(
                feedback=feedback, actor=(officer, other)[index], answer=f"Trả lời {index}", seen_state="accepted"
            )
        except DossierError as exc:
            return exc.code
        return "ok"

    assert sorted(in_parallel(2, answer)) == ["ok", "stale"]
    assert Feedback.objects.get().events.filter(action="answer").count() == 1


def test_api_submit_follow_and_act(agency, officer):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    anonymous = APIClient()
    made = anonymous.post(
        "/api/v1/feedback/",
        {
            "agency": agency.code,
            "subject": "Hỏi",
            "content": "Nội dung",
            "sender_name": "Mai",
            "sender_phone": "0912000111",
        },
        format="json",
    )
    assert made.status_code == 201 and made.json()["state"] == "received"
    code = made.json()["code"]
    assert anonymous.get(f"/api/v1/feedback/{code}/").json()["answer"] == ""
    assert anonymous.get("/api/v1/feedback/").status_code == 401
    bad = anonymous.post(
        "/api/v1/feedback/", {"agency": "nope", "subject": "x", "content": "y", "sender_name": "z"}, format="json"
    )
    assert bad.status_code == 400
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer).key}")
    assert [row["code"] for row in client.get("/api/v1/feedback/").json()] == [code]
    assert (
        client.post(f"/api/v1/feedback/{code}/accept/", {"seen_state": "received"}, format="json").json()["state"]
        == "accepted"
    )
    stale = client.post(f"/api/v1/feedback/{code}/accept/", {"seen_state": "received"}, format="json")
    assert stale.status_code == 409
    answered = client.post(
        f"/api/v1/feedback/{code}/answer/", {"answer": "Đã trả lời", "founded": False}, format="json"
    ).json()
    assert answered["state"] == "answered" and answered["next_stage"] == "publish"
    client.post(f"/api/v1/feedback/{code}/publish/", {}, format="json")
    assert anonymous.get(f"/api/v1/feedback/{code}/").json()["answer"] == "Đã trả lời"
    outsider = APIClient()
    outsider.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff(Role.DESK_OFFICER)).key}")
    assert outsider.post(f"/api/v1/feedback/{code}/close/", {}, format="json").status_code == 404


def test_opening_a_feedback_logs_who_saw_the_sender(client, agency, officer):
    feedback = send(agency, sender=Sender("Lò Thị Mai", "0912 000 111", "", "Bát Xát"))
    stranger = staff(Role.AGENCY_LEADER, agency=AgencyFactory())
    client.force_login(stranger)
    assert client.get(reverse("feedback_staff:detail", args=[feedback.code])).status_code == 404
    assert not PersonalDataAccess.objects.exists()  # refused: nothing seen, nothing logged

    client.force_login(officer)
    page = client.get(reverse("feedback_staff:detail", args=[feedback.code])).content.decode()

    assert "0912000111" in page
    row = PersonalDataAccess.objects.get()
    assert (row.subject, row.dossier_id, row.dossier_code) == ("feedback", feedback.pk, feedback.code)
    assert row.fields == ["sender_name", "sender_phone", "sender_address"]
    assert (row.user, row.role, row.purpose) == (officer, Role.DESK_OFFICER, "feedback_view")
    event = AuditEvent.objects.get(kind="personal_data.view")
    assert event.object_type == "feedback" and event.chain.startswith(f"access:{agency.pk}:")
