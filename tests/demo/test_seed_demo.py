"""`make demo` loads a real province, real procedures and an account for every role that can sign in."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from motcua.catalog.choices import VersionStatus
from motcua.catalog.importing.national import default_path
from motcua.catalog.models import ProcedureVersion
from motcua.org.choices import Role
from motcua.org.demo import DEMO_PASSWORD, DEMO_USERS
from motcua.org.models import Agency, Counter, Desk

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    pytest.mark.skipif(not default_path().exists(), reason="the national data set is not available"),
]


def test_demo_province_catalogue_and_accounts(client):
    """One seeding (it imports the whole national file), then every promise of `make demo`."""
    call_command("seed_demo", verbosity=0)

    published = ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
    assert published.count() >= 60
    assert published.values("field").distinct().count() >= 10
    birth = published.get(procedure__code="1.001193")
    assert birth.name == "Thủ tục đăng ký khai sinh"
    assert birth.agencies.count() == 12

    assert Agency.objects.filter(level="commune").count() >= 10
    assert Desk.objects.filter(kind="commune_desk").count() >= 10
    assert Counter.objects.filter(desk__kind="commune_desk").count() >= 30

    assert {spec.role for spec in DEMO_USERS} == set(Role.values)
    for spec in DEMO_USERS:
        client.logout()
        response = client.post(reverse("staff:login"), {"username": spec.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, spec.username
        landing = client.get(reverse("staff:home"), follow=True)
        assert landing.status_code == 200, spec.username
        if spec.role == Role.POSTAL_STAFF:  # their partner screens, not the back office
            assert landing.redirect_chain == [(reverse("postal:home"), 302)]

    # The demo citizen has online dossiers in each intake state, all made by the real services.
    from motcua.dossiers.models import Dossier

    online = Dossier.objects.filter(applicant__username="congdan")
    assert set(online.values_list("state", flat=True)) == {
        "draft",
        "submitted",
        "returned_for_completion",
        "processing",
    }
    assert online.exclude(state="draft").filter(code__isnull=True).count() == 0

    # Reports: a year of history with its facts; the province leader sees the dashboard, the period
    # report (balanced, with drill-downs and exports) and the evaluation.
    from django.utils import timezone

    from motcua.reports.models import DossierFact
    from motcua.reports.periods import month
    from motcua.reports.scope import Scope
    from motcua.reports.selectors import period_report

    assert DossierFact.objects.count() >= 3000
    last_month = month(timezone.localdate().year, timezone.localdate().month).previous()
    total = period_report(scope=Scope(), period=last_month).total
    assert total["E"] > 100 and total.balanced
    client.logout()
    client.post(reverse("staff:login"), {"username": "lanhdao.tinh", "password": DEMO_PASSWORD})
    params = last_month.params()
    assert client.get(reverse("reports:dashboard")).status_code == 200
    page = client.get(reverse("reports:period"), {**params, "nhom": "agency"})
    assert page.status_code == 200 and "cot=M" in page.content.decode()
    cell = client.get(reverse("reports:cell"), {**params, "cot": "I"})
    assert f"{total['I']} dossiers" in cell.content.decode()
    assert client.get(reverse("reports:export", args=["xlsx"]), params).status_code == 200
    assert client.get(reverse("reports:evaluation")).status_code == 200

    before = (ProcedureVersion.objects.count(), Agency.objects.count(), Counter.objects.count(), published.count())
    call_command("seed_demo", verbosity=0)
    after = (ProcedureVersion.objects.count(), Agency.objects.count(), Counter.objects.count(), published.count())
    assert after == before
