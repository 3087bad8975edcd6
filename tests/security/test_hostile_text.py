"""Hostile text (issue 8): very long input, control characters, mixed Unicode normalisation.

Decision: invisible characters (controls, zero-width, direction overrides) are removed where text
enters (motcua.core.text.clean_text), not refused: most come from copy-pasting out of documents and
chat apps, and a refusal would only confuse the person typing. Text is stored in NFC, so an NFD name
(as some phone keyboards send it) is the same name.
"""

from __future__ import annotations

import unicodedata

import pytest
from django.test import Client

from motcua.catalog.tests.factories import birth_registration
from motcua.core.text import clean_text
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.api_support import create_body, token_client
from motcua.dossiers.tests.conftest import build_world
from motcua.feedback.models import Feedback
from motcua.org.tests.factories import AgencyFactory, DeskFactory

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Ánh Hoà"
NFD = unicodedata.normalize("NFD", NAME)
HUGE = "Đăng ký khai sinh " * 6000  # about 100 kB
CONTROLS = "\u0007\u001b\u200b\u202e\ufeff"  # NUL is refused outright, see below


def codes_found(client: Client, text: str) -> list[str]:
    html = client.post("/can-bo/ho-so/tim/", {"q": text}, follow=True).content.decode()
    return sorted({d.code for d in Dossier.objects.all() if f"/can-bo/ho-so/{d.code}/" in html})


def test_clean_text_keeps_vietnamese_and_drops_what_cannot_be_seen():
    assert NFD != NAME and clean_text(NFD) == NAME
    assert clean_text(f"  Lò{CONTROLS} Thị\tMai \n") == "Lò Thị Mai"
    assert clean_text("dòng 1\r\n\u200bdòng   2", multiline=True) == "dòng 1\ndòng 2"


def test_a_name_typed_in_nfd_is_stored_in_nfc_and_found_by_every_spelling():
    world = build_world()
    body = create_body(world)
    body["applicant"]["name"] = NFD[:4] + CONTROLS + NFD[4:]
    response = token_client(world.desk_officer).post("/api/v1/dossiers/", body, format="json")
    assert response.status_code == 201, response.content
    dossier = Dossier.objects.get()
    assert dossier.applicant_name == NAME  # NFC, nothing invisible left

    client = Client()
    client.force_login(world.desk_officer)
    for spelling in (NAME, NFD, "nguyen thi anh hoa", "NGUYỄN THỊ ÁNH HOÀ"):
        assert codes_found(client, spelling) == [dossier.code], spelling


@pytest.mark.parametrize(
    "query", ["Đăng ký khai sinh", unicodedata.normalize("NFD", "Đăng ký khai sinh"), "dang ky khai sinh"]
)
def test_the_catalogue_finds_the_procedure_in_nfc_nfd_and_without_accents(client, query):
    version = birth_registration()

    html = client.get("/thu-tuc/", {"q": query}).content.decode()

    assert version.procedure.code in html


@pytest.mark.parametrize(
    "path",
    ["/thu-tuc/", "/tra-cuu/", "/phan-anh-kien-nghi/", "/", "/api/v1/procedures/", "/minh-bach/"],
)
def test_very_long_or_strange_queries_are_answered_not_crashed(client, path):
    for query in (HUGE, CONTROLS * 50, "'; DROP TABLE dossiers_dossier; --", "%00%ff", "\ud7ff" * 100):
        response = client.get(path, {"q": query, "ma": query})
        assert response.status_code < 500, (path, query[:20])


def test_staff_search_survives_long_and_strange_input():
    world = build_world()
    client = Client()
    client.force_login(world.desk_officer)
    for text in (HUGE, CONTROLS, "a" * 5000, "%" * 50, "____"):
        response = client.post("/can-bo/ho-so/tim/", {"q": text}, follow=True)
        assert response.status_code == 200


def test_the_public_feedback_form_cleans_names_and_bounds_long_text(client):
    agency = AgencyFactory()
    DeskFactory(agency=agency)
    form = {
        "agency": agency.pk,
        "about": "other",
        "subject": f"Chờ{CONTROLS} lâu",
        "content": NFD,
        "sender_name": NFD + CONTROLS,
        "sender_phone": "0912000111",
    }

    response = client.post("/phan-anh-kien-nghi/gui/", form)
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.sender_name, feedback.subject, feedback.content) == (NAME, "Chờ lâu", NAME)

    too_long = client.post("/phan-anh-kien-nghi/gui/", {**form, "content": HUGE * 2})
    assert too_long.status_code == 400 and Feedback.objects.count() == 1


def test_a_nul_character_is_refused_with_a_message(client):
    """NUL cannot be stored in PostgreSQL text at all: the form and the API say so (Django's and DRF's
    own validators) instead of failing later."""
    world = build_world()
    body = create_body(world)
    body["applicant"]["name"] = "Lò\u0000Mai"

    response = token_client(world.desk_officer).post("/api/v1/dossiers/", body, format="json")

    assert response.status_code == 400
    assert response.json()["detail"]["applicant"]["name"] == ["Null characters are not allowed."]
    assert not Dossier.objects.exists()
