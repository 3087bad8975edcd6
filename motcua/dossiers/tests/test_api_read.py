"""GET /api/v1/dossiers/ (scoped, filtered, cursor pages, no COUNT) and GET …/{code}/ (full, logged)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.audit.models import PersonalDataAccess
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant

from .api_support import API, supplement_requested, to_processing, token_client

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


def test_rows_are_newest_first_and_mask_the_id_number(world):
    first, second = world.receive(), world.receive()

    response = token_client(world.desk_officer).get(API)

    assert response.status_code == 200
    assert codes(response) == [second.code, first.code]
    row = response.json()["results"][0]
    assert row["id_number_masked"] == "********2345"
    assert "001190012345" not in response.content.decode()
    assert "applicant" not in row and "id_number" not in row


def test_list_has_no_count_and_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for _ in range(3):
        world.receive()
    client = token_client(world.leader)

    with CaptureQueriesContext(connection) as captured, django_assert_max_num_queries(8):
        response = client.get(API, {"page_size": 2})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2
    assert "count" not in response.json()
    assert not [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]


def test_cursor_pages_walk_the_whole_list_once(world):
    made = [world.receive().code for _ in range(5)]
    client = token_client(world.desk_officer)

    seen: list[str] = []
    url: str | None = f"{API}?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [row["code"] for row in page["results"]]
        url = page["next"]

    assert seen == list(reversed(made))


def test_hidden_dossiers_are_not_listed(world):
    world.receive()

    assert codes(token_client(world.other_leader).get(API)) == []
    assert codes(token_client(world.administrator).get(API)) == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "received"}, ["named", "plain"]),
        ({"state": "supplement_requested"}, ["supplement"]),
        ({"channel": "postal"}, []),
        ({"q": "Lò Văn"}, ["named"]),
        ({"q": "lo van"}, ["named"]),
        ({"overdue": "true"}, []),
        ({"overdue": "false"}, ["named", "supplement", "plain"]),
        ({"queue": "supplement"}, ["supplement"]),
        ({"queue": "receive"}, ["named", "plain"]),
    ],
)
def test_filters(world, params, expected):
    plain = world.receive()
    supplement = supplement_requested(world)
    named = world.receive(
        applicant=Applicant(name="Lò Văn Páo", id_type="cccd", id_number="001190012345", phone="0987654321")
    )
    names = {plain.code: "plain", supplement.code: "supplement", named.code: "named"}

    response = token_client(world.desk_officer).get(API, params)

    assert response.status_code == 200, response.json()
    assert [names[code] for code in codes(response)] == expected


def test_procedure_and_date_filters(world):
    dossier = world.receive()
    today = timezone.localdate()
    client = token_client(world.desk_officer)

    assert codes(client.get(API, {"procedure": world.version.procedure.code})) == [dossier.code]
    assert codes(client.get(API, {"procedure": "1.000000"})) == []
    assert codes(client.get(API, {"received_from": today.isoformat(), "received_to": today.isoformat()})) == [
        dossier.code
    ]
    assert codes(client.get(API, {"received_from": (today + dt.timedelta(days=1)).isoformat()})) == []
    assert codes(client.get(API, {"due_before": dossier.due_date.isoformat()})) == [dossier.code]
    assert codes(client.get(API, {"due_before": (dossier.due_date - dt.timedelta(days=1)).isoformat()})) == []


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"received_from": "01/07/2025"}, "received_from", "invalid_date"),
        ({"queue": "nope"}, "queue", "invalid"),
        ({"state": "lost"}, "state", "invalid"),
    ],
)
def test_bad_filters_are_400(world, params, field, code):
    response = token_client(world.desk_officer).get(API, params)

    assert (response.status_code, response.json()["code"], list(response.json()["detail"])) == (400, code, [field])


def test_an_overdue_dossier_is_flagged_and_filtered(world):
    dossier = world.receive()
    Dossier.objects.filter(pk=dossier.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))

    response = token_client(world.desk_officer).get(API, {"overdue": "true"})

    assert codes(response) == [dossier.code]
    assert response.json()["results"][0]["overdue"] is True


def test_detail_has_everything_and_logs_the_view(world):
    dossier = to_processing(world)

    response = token_client(world.head).get(f"{API}{dossier.code}/")

    assert response.status_code == 200
    body = response.json()
    assert body["applicant"]["name"] == "Nguyễn Thị Hoà"
    assert body["applicant"]["id_number"] == "001190012345"
    assert (body["state"], body["lock_version"]) == ("processing", dossier.lock_version)
    assert body["competent_agency"] == {"code": world.justice.code, "name": world.justice.name}
    assert [h["action"] for h in body["history"]] == ["receive", "forward"]
    assert [t["status"] for t in body["tasks"]][:2] == ["done", "active"]
    assert {p["role"] for p in body["participations"]} == {"receiving", "lead"}
    assert len(body["handovers"]) == 1
    assert body["due_explanation_text"]
    assert [a["action"] for a in body["actions"]] == [
        "complete-step",
        "consult",
        "propose-supplement",
        "request-obligation",
    ]
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.purpose, access.dossier_code) == (world.head, "api detail", dossier.code)


def test_detail_explanation_follows_lang(world):
    dossier = world.receive()
    client = token_client(world.desk_officer)

    vietnamese = client.get(f"{API}{dossier.code}/").json()["due_explanation_text"]
    english = client.get(f"{API}{dossier.code}/", {"lang": "en"}).json()["due_explanation_text"]

    assert vietnamese != english
    assert "ngày làm việc" in vietnamese.lower()
    assert "working day" in english.lower()


def test_detail_accepts_the_code_as_typed(world):
    dossier = world.receive()

    response = token_client(world.desk_officer).get(f"{API}{dossier.code.lower()}/")

    assert response.json()["code"] == dossier.code


def test_hidden_and_missing_dossiers_are_the_same_404(world):
    dossier = world.receive()
    client = token_client(world.other_leader)

    hidden = client.get(f"{API}{dossier.code}/")
    missing = client.get(f"{API}000.00.00.H15-250101-9999/")

    assert (hidden.status_code, missing.status_code) == (404, 404)
    assert hidden.content == missing.content
    assert not PersonalDataAccess.objects.exists()


def test_detail_query_count_does_not_grow_with_history(world, django_assert_max_num_queries):
    dossier = to_processing(world)
    client = token_client(world.leader)

    with django_assert_max_num_queries(30):
        response = client.get(f"{API}{dossier.code}/")

    assert response.status_code == 200


def test_form_pdf_and_control_sheet(world):
    dossier = to_processing(world)
    client = token_client(world.desk_officer)
    receipt = client.get(f"{API}{dossier.code}/").json()["forms"][0]

    pdf = client.get(receipt["pdf"], headers={"accept": "application/pdf"})
    sheet = client.get(f"{API}{dossier.code}/control-sheet.pdf")
    other = token_client(world.other_leader).get(receipt["pdf"])

    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf.content.startswith(b"%PDF")
    assert (sheet.status_code, sheet["Content-Type"]) == (200, "application/pdf")
    assert (other.status_code, other.json()["code"]) == (404, "not_found")
