"""Catalog admin: publishing and drafting actions, read-only published versions, export, import page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.choices import VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import version_publish

from .factories import StepFactory, VersionFactory
from .test_import_national import LINE_1_001193, LINE_5_002562

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:catalog_procedureversion_changelist")


def publishable() -> ProcedureVersion:
    version = VersionFactory(number=1)
    StepFactory(version=version, order=1, budget_minutes=2400)
    return version


def run_action(client, action: str, *versions: ProcedureVersion, follow: bool = True):
    data = {"action": action, "_selected_action": [v.pk for v in versions]}
    return client.post(CHANGELIST, data, follow=follow)


def test_changelist_links_to_import_and_filters_defaults(admin_client) -> None:
    VersionFactory(name="Đăng ký khai sinh", time_is_default=True)

    response = admin_client.get(CHANGELIST, {"defaults": "time", "q": "dang ky khai sinh"})

    assert response.status_code == 200
    assert reverse("admin:catalog_procedureversion_import") in response.content.decode()
    assert response.context["cl"].result_count == 1


def test_publish_action_publishes_and_reports_refusals(admin_client) -> None:
    good, bad = publishable(), VersionFactory(number=1)  # `bad` has no steps for its 5 working days

    response = run_action(admin_client, "publish_selected", good, bad)

    texts = [str(m) for m in response.context["messages"]]
    assert "1 version(s) published." in texts
    assert any(text.startswith(f"{bad}: The process steps take 0 working minutes") for text in texts)
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, good.valid_from) == (VersionStatus.PUBLISHED, timezone.localdate())
    assert bad.status == VersionStatus.DRAFT


def test_published_version_is_read_only_and_new_draft_action_copies_it(admin_client) -> None:
    version = version_publish(version=publishable(), valid_from=dt.date(2026, 1, 1))
    url = reverse("admin:catalog_procedureversion_change", args=[version.pk])

    page = admin_client.get(url)
    refused = admin_client.post(url, {"name": "Changed"})

    assert page.status_code == 200 and 'name="name"' not in page.content.decode()
    assert refused.status_code == 403
    response = run_action(admin_client, "create_draft_selected", version)
    assert "1 draft(s) created." in [str(m) for m in response.context["messages"]]
    copy = ProcedureVersion.objects.get(procedure=version.procedure, number=2)
    assert copy.status == VersionStatus.DRAFT and copy.steps.count() == 1
    version.refresh_from_db()
    assert version.name != "Changed"


def test_draft_is_editable(admin_client) -> None:
    version = VersionFactory()

    page = admin_client.get(reverse("admin:catalog_procedureversion_change", args=[version.pk]))

    assert 'name="name"' in page.content.decode()


@pytest.mark.parametrize(("action", "content_type"), [("export_json", "application/json"), ("export_xlsx", "sheet")])
def test_export_actions_download_a_file(admin_client, action, content_type) -> None:
    version = publishable()

    response = run_action(admin_client, action, version, follow=False)

    assert response.status_code == 200
    assert content_type in response["Content-Type"]
    assert "attachment;" in response["Content-Disposition"]


def test_import_page_imports_and_lists_rejections(admin_client) -> None:
    url = reverse("admin:catalog_procedureversion_import")
    content = f"{LINE_1_001193}\nnot json\n{LINE_5_002562}\n".encode()

    response = admin_client.post(url, {"file": SimpleUploadedFile("national.jsonl", content)})

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, len(report.rejections)) == (2, 1)
    assert "invalid JSON" in response.content.decode()
    assert ProcedureVersion.objects.count() == 2


def test_import_page_refuses_unknown_file_types(admin_client) -> None:
    url = reverse("admin:catalog_procedureversion_import")

    response = admin_client.post(url, {"file": SimpleUploadedFile("catalog.csv", b"a,b")})

    assert response.status_code == 200 and response.context["report"] is None
    assert response.context["form"].errors["file"]
