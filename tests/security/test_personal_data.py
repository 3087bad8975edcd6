"""Personal data (issue 8; documents-and-codes.md §9): never in an address, every view logged.

The generated check: every staff, postal and API route is opened by officers who may see the dossier;
whenever an answer shows the applicant's ID number, phone number or e-mail address, the same request
must have written a PersonalDataAccess row (who, role, dossier, purpose, address) and its audit event.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from motcua.audit.models import AuditEvent, PersonalDataAccess
from motcua.audit.verify import audit_verify_all

from .conftest import Province
from .routes import all_routes
from .test_permission_matrix import (
    API_STAFF,
    POSTAL,
    STAFF,
    audience,
    signed_in,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PERSONAL_PARAMS = re.compile(r"(cccd|cmnd|id_number|so_dinh_danh|phone|dien_thoai|sdt|email)", re.I)


def personal_values(province: Province) -> list[str]:
    d = province.dossier
    return [v for v in (d.id_number, d.phone, d.email) if v]


@pytest.mark.parametrize("officer", ["desk_officer", "leader", "auditor"])
def test_every_answer_showing_personal_details_is_logged(province, officer):
    client = signed_in(getattr(province.world, officer))
    values = province.values()
    secrets = personal_values(province)
    unlogged, showing = [], []
    for route in all_routes():
        if audience(route) not in (STAFF, API_STAFF, POSTAL) or route.name.endswith(("logout", "login")):
            continue
        before = PersonalDataAccess.objects.count()
        response = client.get(route.path(values))
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        shown = [s for s in secrets if s in response.content.decode(errors="ignore")]
        if shown:
            showing.append(route.name)
        if shown and PersonalDataAccess.objects.count() == before:
            unlogged.append(f"{route.name} shows {shown} without an access-log row")
    assert not unlogged, "\n".join(unlogged)
    assert {"dossiers:detail", "api-dossier-detail"} <= set(showing)  # the check saw the detail views


def test_the_access_row_says_who_what_why_and_from_where(province):
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.force_login(province.world.desk_officer)

    assert client.get(f"/can-bo/ho-so/{province.dossier.code}/").status_code == 200

    row = PersonalDataAccess.objects.get()
    assert (row.user, row.role, row.dossier_id, row.purpose, row.ip) == (
        province.world.desk_officer,
        "desk_officer",
        province.dossier.pk,
        "dossier_view",
        "203.0.113.7",
    )
    event = AuditEvent.objects.get(kind="personal_data.view")
    assert event.data["code"] == province.dossier.code and event.chain.startswith("access:")
    assert audit_verify_all()[1] == []


def test_lists_mask_id_numbers(province):
    """Lists show ********1234; the full number appears only on logged detail views."""
    client = signed_in(province.world.desk_officer)
    number = province.dossier.id_number

    found = client.post("/can-bo/ho-so/tim/", {"q": province.dossier.code}, follow=True).content.decode()
    queues = client.get("/can-bo/ho-so/").content.decode()

    for html in (found, queues):
        assert number not in html
    assert PersonalDataAccess.objects.count() == 0


def test_no_route_takes_personal_data_in_its_address():
    carrying = [f"{r.name} /{r.pattern}" for r in all_routes() if PERSONAL_PARAMS.search(" ".join(r.params))]
    assert carrying == []


def test_no_form_sends_personal_data_in_the_address():
    """A GET form puts its fields in the address: none of them may be an ID, phone or e-mail field."""
    form = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
    offenders = []
    for path in ROOT.glob("motcua/**/templates/**/*.html"):
        for match in form.finditer(path.read_text()):
            html = match.group(0)
            opening = html[: html.index(">") + 1].lower()
            if 'method="post"' in opening:
                continue
            names = re.findall(r'name="([^"]+)"', html)
            bad = [n for n in names if PERSONAL_PARAMS.search(n)]
            if bad:
                offenders.append(f"{path.relative_to(ROOT)}: {bad}")
    assert offenders == []
