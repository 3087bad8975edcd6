"""The applicant's dossiers: the list (drafts first, a fixed number of queries), the dossier page with
its due date explained, answering a supplement request, withdrawing after a confirmation, rating once
and changing it within 7 days, and the page in Vietnamese."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from motcua.dossiers.choices import State, SupplementPhase
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_draft_start, dossier_request_supplement, dossier_return_result
from motcua.dossiers.tests.conftest import fees_paid
from motcua.feedback.models import Rating
from motcua.org.models import User

from .test_citizen_support import (  # noqa: F401 - fixtures, registered under their names
    World,
    accepted,
    browser_fixture,
    citizen_fixture,
    done,
    frozen_fixture,
    online_fixture,
    pdf_upload,
    stranger_fixture,
    submitted,
    url,
)

pytestmark = pytest.mark.django_db


def supplement_requested(world: World, citizen: User) -> Dossier:
    return dossier_request_supplement(
        actor=world.desk_officer,
        dossier=accepted(world, citizen),
        items=[{"component": "Bản chụp CCCD", "defect": "Ảnh bị mờ", "legal_basis": "Khoản 2 Điều 45 Luật LLTP"}],
    )


def test_my_dossiers_drafts_first_with_what_to_do_next(browser: Client, online: World, citizen: User) -> None:
    first = submitted(online, citizen)
    draft = dossier_draft_start(applicant=citizen, version=online.version, desk=online.centre)
    html = browser.get(url("dossiers")).content.decode()
    assert html.index(url("edit", draft.pk)) < html.index(url("detail", first.pk))
    assert first.code in html and "Draft, started 09/03/2026" in html
    assert "Finish the application and submit it." in html and "the desk is checking your application" in html
    assert 'aria-current="page"' in html


def test_my_dossiers_costs_the_same_queries_whatever_the_count(
    browser: Client, online: World, citizen: User, django_assert_max_num_queries: Any
) -> None:
    submitted(online, citizen)
    dossier_draft_start(applicant=citizen, version=online.version, desk=online.centre)
    with django_assert_max_num_queries(8) as few:
        assert browser.get(url("dossiers")).status_code == 200
    for _ in range(4):
        submitted(online, citizen)
        dossier_draft_start(applicant=citizen, version=online.version, desk=online.centre)
    done(online, citizen)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = browser.get(url("dossiers")).content.decode()
    assert html.count('class="card') == 11


def test_the_list_shows_only_ones_own_dossiers(client: Client, online: World, citizen: User, stranger: User) -> None:
    mine = submitted(online, citizen)
    client.force_login(stranger)
    assert mine.code not in client.get(url("dossiers")).content.decode()


def test_dossier_page_shows_the_due_date_with_its_explanation_and_the_receipt(
    browser: Client, online: World, citizen: User
) -> None:
    dossier = accepted(online, citizen)
    html = browser.get(url("detail", dossier.pk)).content.decode()
    assert dossier.code in html and "Being processed" in html
    assert dossier.due_at is not None
    assert dossier.due_at.astimezone(dossier.due_at.tzinfo).strftime("%d/%m/%Y") in html
    assert "How the due date was computed" in html and "Due: 17:00 Monday 16/03/2026" in html
    receipt = dossier.forms.get(key="receipt")
    assert url("form_pdf", dossier.pk, receipt.pk) in html
    assert "Submitted online" in html and "Online submission accepted" in html  # the timeline in words
    assert "Withdraw this dossier" in html


def test_answer_a_supplement_request(browser: Client, online: World, citizen: User) -> None:
    dossier = supplement_requested(online, citizen)
    html = browser.get(url("detail", dossier.pk)).content.decode()
    assert "Ảnh bị mờ" in html and url("supplement", dossier.pk) in html
    line = dossier.components.get(order=2)
    response = browser.post(url("supplement", dossier.pk), {f"file_{line.pk}": pdf_upload("ro.pdf"), "note": "Bản rõ"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.supplement_phase == SupplementPhase.APPLICANT_SUBMITTED
    assert dossier.attachments.get(kind="supplement").component_id == line.pk
    assert dossier.supplements.get(stage="processing").answer == "Bản rõ"
    html = browser.get(url("detail", dossier.pk)).content.decode()
    assert "The desk is checking it." in html and url("supplement", dossier.pk) not in html
    again = browser.post(url("supplement", dossier.pk), {"file_other": pdf_upload("x.pdf")})
    assert again.status_code == 409


def test_an_empty_supplement_answer_is_refused_on_its_field(browser: Client, online: World, citizen: User) -> None:
    dossier = supplement_requested(online, citizen)
    response = browser.post(url("supplement", dossier.pk), {"note": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and 'id="id_sup_file_other_error"' in html
    dossier.refresh_from_db()
    assert dossier.supplement_phase == SupplementPhase.ISSUED


def test_withdraw_after_confirming(browser: Client, online: World, citizen: User) -> None:
    dossier = accepted(online, citizen)
    assert browser.post(url("withdraw", dossier.pk), {"reason": " "}).status_code == 400
    page = browser.post(url("withdraw", dossier.pk), {"reason": "Không còn nhu cầu"})
    assert page.status_code == 200 and "Yes, withdraw my dossier" in page.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING  # nothing happens before the confirmation
    response = browser.post(url("withdraw", dossier.pk), {"reason": "Không còn nhu cầu", "confirm": "yes"})
    assert response["Location"] == url("detail", dossier.pk)
    dossier.refresh_from_db()
    assert dossier.state == State.WITHDRAWN
    form = dossier.forms.get(key="withdrawal")
    html = browser.get(url("detail", dossier.pk)).content.decode()
    assert url("form_pdf", dossier.pk, form.pk) in html and "Withdraw this dossier" not in html
    assert browser.get(url("form_pdf", dossier.pk, form.pk))["Content-Type"] == "application/pdf"


def test_rate_once_and_change_it_within_7_days(browser: Client, online: World, citizen: User, frozen: Any) -> None:
    dossier = done(online, citizen)
    html = browser.get(url("detail", dossier.pk)).content.decode()
    assert "Rate the service" in html and url("download", dossier.pk, dossier.attachments.get(kind="result").pk) in html
    refused = browser.post(url("rate", dossier.pk), {"score": "not_satisfied"})
    assert refused.status_code == 400 and 'id="id_rating_criteria_error"' in refused.content.decode()
    assert not Rating.objects.exists()
    assert browser.post(url("rate", dossier.pk), {"score": "satisfied"}).status_code == 302
    frozen.shift(dt.timedelta(days=6))
    changed = {"score": "not_satisfied", "criteria": ["waiting", "guidance"], "comment": "Chờ lâu"}
    assert browser.post(url("rate", dossier.pk), changed).status_code == 302
    rating = Rating.objects.get()
    assert (rating.score, rating.criteria, rating.comment) == ("not_satisfied", ["waiting", "guidance"], "Chờ lâu")
    assert "You can change it until 16/03/2026." in browser.get(url("detail", dossier.pk)).content.decode()
    frozen.shift(dt.timedelta(days=2))
    late = browser.post(url("rate", dossier.pk), {"score": "very_satisfied"})
    assert late.status_code == 409
    assert Rating.objects.get().score == "not_satisfied"
    assert "It can no longer be changed." in browser.get(url("detail", dossier.pk)).content.decode()


def test_returned_dossiers_can_be_rated_and_others_cannot(browser: Client, online: World, citizen: User) -> None:
    processing = accepted(online, citizen)
    assert browser.post(url("rate", processing.pk), {"score": "satisfied"}).status_code == 409
    returned = dossier_return_result(
        actor=online.desk_officer,
        dossier=fees_paid(done(online, citizen), online.desk_officer),
        recipient_name="Lò Thị Mai",
        recipient_id=citizen.citizen_profile.id_number,
    )
    assert returned.state == State.RETURNED
    assert browser.post(url("rate", returned.pk), {"score": "very_satisfied"}).status_code == 302
    assert Rating.objects.get().officer == online.desk_officer


def test_the_pages_in_vietnamese(browser: Client, online: World, citizen: User, vietnamese: Any) -> None:
    draft = dossier_draft_start(applicant=citizen, version=online.version, desk=online.centre)
    edit = browser.get(url("edit", draft.pk)).content.decode()
    assert '<html lang="vi">' in edit
    for words in ("Nộp hồ sơ", "Lưu nháp", "Thông tin của bạn", "Giấy tờ", "Nhận kết quả", "Hồ sơ của tôi"):
        assert words in edit, words
    dossier = accepted(online, citizen)
    page = browser.get(url("detail", dossier.pk)).content.decode()
    for words in ("Việc cần làm tiếp", "Hạn trả kết quả", "Cách tính ngày hẹn trả", "Hạn trả: 17:00", "Rút hồ sơ này"):
        assert words in page, words
    listing = browser.get(url("dossiers")).content.decode()
    assert "Hồ sơ của tôi" in listing and "Bản nháp, bắt đầu ngày 09/03/2026" in listing


def test_pages_are_small(browser: Client, online: World, citizen: User) -> None:
    css = Path(settings.BASE_DIR, "motcua/static/css/motcua.css").read_bytes()
    draft = dossier_draft_start(applicant=citizen, version=online.version, desk=online.centre)
    dossier = done(online, citizen)
    for target in (url("edit", draft.pk), url("detail", dossier.pk), url("dossiers"), url("store")):
        body = browser.get(target).content
        assert len(gzip.compress(body)) + len(gzip.compress(css)) < 60_000, target
        assert b"<script" not in body
