"""The desk's check of online submissions through the API (accept, return for completion, refuse),
the list of submissions to check, and the applicant's own read API (`/api/v1/me/dossiers/`)."""

from __future__ import annotations

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from motcua.dossiers.choices import State
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_accept, dossier_draft_start, dossier_propose_supplement

from .api_support import API, snapshot, to_processing, token_client
from .test_api_concurrency import in_parallel
from .test_views_online_support import (
    GAP,
    OTHER_CCCD,
    make_citizen,
    province_leader,
    resubmitted,
    submitted,
    supplement_answered,
)

pytestmark = pytest.mark.django_db
ME = "/api/v1/me/dossiers/"
REFUSAL = [{"reason": "Không thuộc thẩm quyền", "legal_basis": "Khoản 1 Điều 19 Nghị định 61/2018/NĐ-CP"}]


def post(user, dossier: Dossier, action: str, body: dict | None = None):
    return token_client(user).post(f"{API}{dossier.code}/{action}/", body or {}, format="json")


# --- staff: the actions ------------------------------------------------------------------------


def test_the_detail_of_a_submission_lists_the_desks_three_choices(world):
    dossier = submitted(world)
    body = token_client(world.desk_officer).get(f"{API}{dossier.code}/").json()

    assert [a["action"] for a in body["actions"]] == ["accept", "return-for-completion", "refuse-online"]
    assert body["state"] == "submitted" and body["state_code"] == 1
    assert body["submitted_at"] and body["received_at"] is None
    assert body["submission"] == {
        "at": body["submitted_at"],
        "first_at": body["submitted_at"],
        "auth_method": "password",
        "identity_verified": False,
        "count": 1,
    }
    assert "203.0.113.7" not in str(body)
    assert body["form_data"] == {"request": "Cấp 02 Phiếu lý lịch tư pháp"}
    uploads = [f["name"] for line in body["components"] for f in line["scans"]]
    assert uploads == ["giay-to-1.pdf", "giay-to-2.pdf"]


def test_accept_counts_from_the_submission_and_forwards(world):
    dossier = submitted(world)
    response = post(world.desk_officer, dossier, "accept", {"lock_version": dossier.lock_version})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == State.PROCESSING
    assert body["due_date"] and body["register_no"] == 1
    assert [h["action"] for h in body["history"]] == ["submit", "receive", "forward"]
    assert [f["key"] for f in body["forms"]] == ["receipt", "transfer_slip"]


def test_return_for_completion_and_refusal(world):
    dossier = submitted(world)
    returned = post(world.desk_officer, dossier, "return-for-completion", {"items": GAP, "reason": "Bổ sung chữ ký"})

    assert returned.status_code == 200, returned.json()
    body = returned.json()
    assert body["state"] == State.RETURNED_FOR_COMPLETION and body["completion_returns"] == 1
    assert body["supplements"][0]["stage"] == "intake"
    assert body["supplements"][0]["items"] == [{**GAP[0], "legal_basis": ""}]
    assert [a["action"] for a in body["actions"]] == ["refuse-online"]

    refused = post(world.desk_officer, dossier, "refuse-online", {"items": REFUSAL})
    assert refused.status_code == 200, refused.json()
    assert refused.json()["state"] == State.NOT_ACCEPTED


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("return-for-completion", {"items": []}, "items"),
        ("return-for-completion", {"items": [{"component": "Tờ khai"}]}, "items"),
        ("refuse-online", {"items": [{"reason": "Không đủ điều kiện"}]}, "items"),
    ],
)
def test_invalid_bodies_are_400_and_change_nothing(world, action, body, field):
    dossier = submitted(world)
    before = snapshot(dossier)
    response = post(world.desk_officer, dossier, action, body)

    assert response.status_code == 400
    assert field in response.json()["detail"]
    assert snapshot(dossier) == before


def test_an_action_the_state_does_not_allow_is_409(world):
    dossier = to_processing(world)
    before = snapshot(dossier)
    response = post(world.desk_officer, dossier, "accept")

    assert response.status_code == 409
    assert response.json()["code"] == "not_allowed"
    assert snapshot(dossier) == before


def test_a_stale_version_is_409_and_changes_nothing(world):
    dossier = submitted(world)
    before = snapshot(dossier)
    response = post(world.desk_officer, dossier, "accept", {"lock_version": dossier.lock_version - 1})

    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    assert snapshot(dossier) == before


def test_the_wrong_role_is_403_and_another_agency_404(world):
    dossier = submitted(world)
    before = snapshot(dossier)

    wrong_role = post(world.leader, dossier, "accept")
    other_agency = post(world.other_leader, dossier, "accept")

    assert (wrong_role.status_code, wrong_role.json()["code"]) == (403, "permission_denied")
    assert (other_agency.status_code, other_agency.json()["code"]) == (404, "not_found")
    assert snapshot(dossier) == before


def test_a_second_return_is_the_receiving_agencys_leaders_with_a_reason(world):
    dossier = resubmitted(world)
    before = snapshot(dossier)
    leader = province_leader(world)

    officer = post(world.desk_officer, dossier, "return-for-completion", {"items": GAP, "reason": "Lần 2"})
    assert officer.status_code == 403
    assert officer.json()["message_en"] == "A second return for completion needs the desk's leader."
    assert officer.json()["message"] == (
        "Trả lại để bổ sung, hoàn thiện lần thứ hai phải do lãnh đạo cơ quan tiếp nhận thực hiện."
    )
    no_reason = post(leader, dossier, "return-for-completion", {"items": GAP})
    assert (no_reason.status_code, no_reason.json()["detail"]) == (
        400,
        {"reason": ["Hãy nêu lý do trả lại lần thứ hai."]},
    )
    assert snapshot(dossier) == before
    actions = [a["action"] for a in token_client(leader).get(f"{API}{dossier.code}/").json()["actions"]]
    assert actions == ["return-for-completion"]

    done = post(leader, dossier, "return-for-completion", {"items": GAP, "reason": "Lần 2: sai họ tên"})
    assert done.status_code == 200, done.json()
    assert done.json()["completion_returns"] == 2


def test_a_supplement_answered_online_shows_in_the_detail(world):
    dossier = supplement_answered(world)
    body = token_client(world.desk_officer).get(f"{API}{dossier.code}/").json()

    assert body["supplement_phase"] == "applicant_submitted"
    request = body["supplements"][-1]
    assert (request["stage"], request["phase"], request["answer"]) == (
        "processing",
        "applicant_submitted",
        "Gửi lại bản chụp rõ nét",
    )
    assert "complete-supplement" in [a["action"] for a in body["actions"]]
    kinds = {f["kind"] for line in body["components"] for f in line["scans"]}
    assert kinds == {"upload", "supplement"}


# --- staff: the list ---------------------------------------------------------------------------


def test_submissions_are_listed_by_state_or_queue_oldest_first(world):
    first = submitted(world)
    second = submitted(world)
    counter = world.receive()
    client = token_client(world.desk_officer)

    by_state = client.get(API, {"state": "submitted"}).json()
    by_queue = client.get(API, {"queue": "online"}).json()
    default = client.get(API).json()

    assert [row["code"] for row in by_state["results"]] == [first.code, second.code]
    assert [row["code"] for row in by_queue["results"]] == [first.code, second.code]
    assert [row["code"] for row in default["results"]] == [counter.code]
    paged = client.get(API, {"state": "submitted", "page_size": 1}).json()
    assert [row["code"] for row in client.get(paged["next"]).json()["results"]] == [second.code]
    assert client.get(API, {"state": "not_accepted"}).json()["results"] == []
    assert token_client(world.other_leader).get(API, {"state": "submitted"}).json()["results"] == []


# --- staff: two officers at once (PostgreSQL) --------------------------------------------------


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: SQLite serialises all writers, so this race cannot occur there",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
@pytest.mark.parametrize("with_version", [True, False])
def test_two_officers_accepting_at_once_one_wins_one_gets_409(world, with_version):
    dossier = submitted(world)
    clients = [token_client(world.desk_officer), token_client(world.desk_officer_2)]
    body = {"lock_version": dossier.lock_version} if with_version else {}

    def accept(index: int) -> int:
        return clients[index].post(f"{API}{dossier.code}/accept/", body, format="json").status_code

    statuses = in_parallel(2, accept)

    assert sorted(statuses) == [200, 409]
    assert dossier.history.filter(action="receive").count() == 1
    assert Dossier.objects.get(pk=dossier.pk).register_no == 1


# --- the applicant's own dossiers --------------------------------------------------------------


def session_client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_an_applicant_lists_only_their_own_dossiers_drafts_included(world):
    citizen = make_citizen()
    mine = submitted(world, citizen)
    draft = dossier_draft_start(applicant=citizen, version=world.version, desk=world.centre)
    other = submitted(world, make_citizen("other", id_number=OTHER_CCCD))
    world.receive()  # a counter dossier with the same ID number is not the account's

    for client in (session_client(citizen), token_client(citizen)):
        response = client.get(ME)
        assert response.status_code == 200
        rows = response.json()["results"]
        assert [row["id"] for row in rows] == [draft.pk, mine.pk]
        assert rows[0]["code"] is None and rows[0]["state"] == "draft" and rows[0]["state_code"] is None
        assert rows[1]["code"] == mine.code and rows[1]["state_label"] == "Submitted, waiting for the desk"
    assert [row["id"] for row in token_client(other.applicant).get(ME).json()["results"]] == [other.pk]


def test_an_applicant_reads_their_dossier_and_nobody_elses(world):
    citizen = make_citizen()
    mine = submitted(world, citizen)
    other = submitted(world, make_citizen("other", id_number=OTHER_CCCD))
    client = token_client(citizen)

    own = client.get(f"{ME}{mine.pk}/")
    foreign = client.get(f"{ME}{other.pk}/")
    missing = client.get(f"{ME}{other.pk + 1000}/")

    assert own.status_code == 200
    assert (foreign.status_code, missing.status_code) == (404, 404)
    assert foreign.content == missing.content
    assert token_client(world.desk_officer).get(f"{ME}{mine.pk}/").status_code == 404  # staff are not applicants
    assert APIClient().get(f"{ME}{mine.pk}/").status_code == 401
    assert APIClient().get(ME).status_code == 401


def test_the_applicants_detail_has_status_due_date_timeline_components_and_forms(world):
    citizen = make_citizen()
    dossier = submitted(world, citizen)
    dossier = dossier_accept(actor=world.desk_officer, dossier=dossier)
    dossier_propose_supplement(
        actor=world.specialist,
        dossier=dossier,
        items=[{"component": "Tờ khai", "defect": "Nội bộ", "legal_basis": "Điều 45"}],
        reason="Đề xuất nội bộ",
    )

    body = token_client(citizen).get(f"{ME}{dossier.pk}/").json()

    assert (body["code"], body["state"], body["state_code"]) == (dossier.code, "processing", 4)
    assert body["due_date"] == dossier.due_date.isoformat()
    assert body["receiving_agency"] == "Ủy ban nhân dân tỉnh Lào Cai"
    assert body["form_data"] == {"request": "Cấp 02 Phiếu lý lịch tư pháp"}
    assert [line["name"] for line in body["components"]][:2] == [
        "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
        "Bản chụp giấy tờ tùy thân",
    ]
    assert body["components"][0]["files"][0]["name"] == "giay-to-1.pdf"
    assert [(e["action"], e["label"]) for e in body["timeline"]] == [
        ("submit", "Submitted online"),
        ("receive", "Online submission accepted"),
        ("forward", "Forwarded to the deciding agency"),
    ]
    assert all(e["reason"] == "" for e in body["timeline"])  # internal notes stay with the agencies
    assert body["requests"] == []  # the specialist's proposal is not issued to the applicant
    assert [f["key"] for f in body["forms"]] == ["receipt"]  # not the agencies' transfer slip
    assert "actor" not in body["timeline"][0]
    assert body["submission"]["auth_method"] == "password" and "ip" not in body["submission"]


def test_the_applicant_sees_what_the_desk_asked_for(world):
    citizen = make_citizen()
    dossier = submitted(world, citizen)
    post(world.desk_officer, dossier, "return-for-completion", {"items": GAP, "reason": "Ký lại tờ khai"})

    body = token_client(citizen).get(f"{ME}{dossier.pk}/").json()

    assert body["state"] == "returned_for_completion"
    assert body["requests"][0]["items"] == [{**GAP[0], "legal_basis": ""}]
    returned = body["timeline"][-1]
    assert (returned["action"], returned["reason"]) == ("return_for_completion", "Ký lại tờ khai")


def test_the_applicant_sees_their_own_notes_in_the_timeline(world):
    dossier = resubmitted(world)
    body = token_client(dossier.applicant).get(f"{ME}{dossier.pk}/").json()
    assert [(e["action"], e["reason"]) for e in body["timeline"]] == [
        ("submit", ""),
        ("return_for_completion", ""),
        ("resubmit", "Đã ký bổ sung"),
    ]
    assert body["requests"][0]["answer"] == "Đã ký bổ sung"
