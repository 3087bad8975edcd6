"""Downloads reach files only through a dossier (or intake record) the user may see, and are logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.audit.models import PersonalDataAccess

from .test_views_support import client_for

pytestmark = pytest.mark.django_db


def test_form_pdf_is_scoped_to_its_dossier(world):
    dossier = world.receive()
    other = world.receive()
    receipt = dossier.forms.get(key="receipt")
    client = client_for(world.desk_officer)

    ok = client.get(reverse("dossiers:form_pdf", args=[dossier.code, receipt.pk]) + "?in=1")
    assert ok.status_code == 200
    assert ok.content.startswith(b"%PDF")
    assert ok["Content-Type"] == "application/pdf"
    assert ok["Content-Disposition"].startswith("inline;")
    assert ok["Cache-Control"] == "private, no-store"
    assert PersonalDataAccess.objects.filter(dossier_code=dossier.code, purpose="form_pdf:receipt").exists()

    assert client.get(reverse("dossiers:form_pdf", args=[other.code, receipt.pk])).status_code == 404
    assert (
        client_for(world.other_specialist)
        .get(reverse("dossiers:form_pdf", args=[dossier.code, receipt.pk]))
        .status_code
        == 404
    )


def test_scan_download_has_the_safe_name(world):
    dossier = world.receive()
    scan = dossier.attachments.filter(kind="scan").first()
    response = client_for(world.desk_officer).get(reverse("dossiers:attachment", args=[dossier.code, scan.pk]))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="{scan.safe_name}"'
    assert (
        client_for(world.other_leader).get(reverse("dossiers:attachment", args=[dossier.code, scan.pk])).status_code
        == 404
    )


def test_control_sheet_is_live(world):
    dossier = world.receive()
    response = client_for(world.desk_officer).get(reverse("dossiers:control_sheet", args=[dossier.code]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_register_for_the_desk_officer_and_leaders_of_its_agency(world):
    world.receive()
    client = client_for(world.desk_officer)
    page = client.get(reverse("dossiers:register"))
    assert world.centre.name in page.content.decode()

    base = reverse("dossiers:register") + f"?desk={world.centre.pk}&year=2026"
    pdf = client.get(base + "&format=pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(base + "&format=xlsx")
    assert xlsx.status_code == 200
    assert xlsx.content.startswith(b"PK")

    assert client_for(world.specialist).get(base + "&format=pdf").status_code == 404
    assert client_for(world.leader).get(base + "&format=pdf").status_code == 404  # Justice does not run the desk


def test_register_for_a_leader_of_the_desk_agency_but_not_another_desk_officer(world):
    from motcua.org.choices import Role
    from motcua.org.tests.factories import DeskFactory, RoleAssignmentFactory

    province_leader = RoleAssignmentFactory(role=Role.AGENCY_LEADER, agency=world.province).user
    branch = DeskFactory(agency=world.province, name="Chi nhánh số 2")
    branch_officer = RoleAssignmentFactory(role=Role.DESK_OFFICER, agency=world.province, desk=branch).user
    url = reverse("dossiers:register") + f"?desk={world.centre.pk}&year=2026&format=pdf"

    assert client_for(province_leader).get(url).status_code == 200
    assert client_for(branch_officer).get(url).status_code == 404
