"""Application forms in the catalog: default form of imported procedures, admin editing, public API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from motcua.catalog.formschema import default_schema, schema_for
from motcua.catalog.importing.national import import_national_file
from motcua.catalog.models import ProcedureVersion

from .factories import VersionFactory, published
from .test_import_national import LINE_1_001193

pytestmark = pytest.mark.django_db

FORM = {
    "type": "object",
    "properties": {
        "child_name": {"type": "string", "title": "Họ, chữ đệm, tên của trẻ", "x-title-en": "Child's name"},
        "birth_date": {"type": "string", "format": "date", "title": "Ngày sinh của trẻ"},
    },
    "required": ["child_name", "birth_date"],
}


def imported(tmp_path: Path, line: str) -> ProcedureVersion:
    path = tmp_path / "national.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    import_national_file(path, progress=False)
    return ProcedureVersion.objects.get(procedure__code=json.loads(line)["code"])


def test_imported_birth_registration_gets_the_generic_form(tmp_path: Path) -> None:
    version = imported(tmp_path, LINE_1_001193)

    schema = schema_for(version)

    assert version.form_schema is None
    assert list(schema["properties"]) == ["request"]  # the result is the birth certificate itself: no copies
    assert schema == default_schema(version)


def test_imported_copy_procedure_asks_how_many_copies(tmp_path: Path) -> None:
    # The shape of the real birth-registration line, with the name and result of 2.000908 (copies from the register).
    record = json.loads(LINE_1_001193)
    record.update(code="2.000908", name="Thủ tục cấp bản sao từ sổ gốc", result="Bản sao được cấp từ sổ gốc")
    version = imported(tmp_path, json.dumps(record, ensure_ascii=False))

    schema = schema_for(version)

    assert list(schema["properties"]) == ["request", "copies"]
    assert schema["properties"]["copies"]["maximum"] == 20


# --- admin ---------------------------------------------------------------------------------------


def change_url(version: ProcedureVersion) -> str:
    return reverse("admin:catalog_procedureversion_change", args=[version.pk])


def change_data(client: Any, version: ProcedureVersion, **changes: str) -> dict[str, Any]:
    """The admin change form as the page shows it (every field and inline), with `changes` applied."""
    page = client.get(change_url(version))
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = ",".join(str(v) for v in value) if isinstance(value, list) else value
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management[name].html_name: management[name].value() for name in management.fields}
    return data | changes


def test_admin_edits_the_form_of_a_draft_and_previews_it(admin_client) -> None:
    version = VersionFactory()
    text = json.dumps(FORM, ensure_ascii=False)

    response = admin_client.post(change_url(version), change_data(admin_client, version, form_schema=text))

    assert response.status_code == 302, response.context["adminform"].form.errors
    version.refresh_from_db()
    assert version.form_schema == FORM
    page = admin_client.get(change_url(version)).content.decode()
    assert "&quot;Họ, chữ đệm, tên của trẻ&quot;" in page  # pretty JSON, Vietnamese kept readable
    assert '<fieldset disabled class="form-preview"' in page
    assert '<label for="id_preview_child_name">Child&#x27;s name <span class="form-required req">(required)' in page


def test_admin_refuses_a_bad_form_and_saves_nothing(admin_client) -> None:
    version = VersionFactory(name="Tên cũ")
    bad = {"type": "object", "properties": {"files": {"type": "array", "title": "Tệp"}}}
    data = change_data(admin_client, version, form_schema=json.dumps(bad), name="Tên mới")

    response = admin_client.post(change_url(version), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["form_schema"]
    assert errors == ["Field “files”: the type must be one of string, integer, number, boolean (found: array)."]
    assert "Field “files”: the type must be one of" in response.content.decode()
    version.refresh_from_db()
    assert (version.form_schema, version.name) == (None, "Tên cũ")


def test_admin_refuses_text_that_is_not_json_and_empty_means_default(admin_client) -> None:
    version = VersionFactory(form_schema=FORM)

    broken = admin_client.post(change_url(version), change_data(admin_client, version, form_schema="{not json"))
    emptied = admin_client.post(change_url(version), change_data(admin_client, version, form_schema=""))

    assert broken.status_code == 200 and broken.context["adminform"].form.errors["form_schema"]
    assert emptied.status_code == 302
    version.refresh_from_db()
    assert version.form_schema is None


def test_published_form_is_read_only(admin_client) -> None:
    version = published(form_schema=FORM)

    page = admin_client.get(change_url(version)).content.decode()
    refused = admin_client.post(change_url(version), {"form_schema": "{}"})

    assert 'name="form_schema"' not in page and "id_preview_child_name" in page
    assert refused.status_code == 403
    version.refresh_from_db()
    assert version.form_schema == FORM


def test_admin_error_in_vietnamese(admin_client, vietnamese) -> None:
    version = VersionFactory()
    bad = {"type": "object", "properties": {"x": {"type": "string"}}}

    response = admin_client.post(change_url(version), change_data(admin_client, version, form_schema=json.dumps(bad)))

    assert response.context["adminform"].form.errors["form_schema"] == ["Trường “x”: cần có “title” (nhãn tiếng Việt)."]


# --- public API ---------------------------------------------------------------------------------


def test_api_exposes_the_effective_form(client) -> None:
    own = published(form_schema=FORM)
    default = published(result_name="Trích lục khai tử")

    own_body = client.get(f"/api/v1/procedures/{own.procedure.code}/").json()
    default_body = client.get(f"/api/v1/procedures/{default.procedure.code}/").json()

    assert own_body["form_schema"] == FORM
    assert default_body["form_schema"] == default_schema(default)
    assert list(default_body["form_schema"]["properties"]) == ["request", "copies"]


def test_add_page_previews_the_default_form(admin_client) -> None:
    page = admin_client.get(reverse("admin:catalog_procedureversion_add")).content.decode()

    assert 'name="form_schema"' in page
    assert '<label for="id_preview_request">Your request <span class="form-required req">(required)' in page
