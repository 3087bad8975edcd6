"""Catalog exchange format: export → import round trips for JSON and XLSX, bad rows, idempotence."""

from __future__ import annotations

import datetime as dt
import json
from io import BytesIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from motcua.catalog.importing.content import CHILD_SPECS, content_from_version
from motcua.catalog.importing.exchange_export import export_json, export_xlsx
from motcua.catalog.importing.exchange_import import import_exchange
from motcua.catalog.importing.national import import_national_lines
from motcua.catalog.models import Component, FeeItem, Field, Procedure, ProcedureVersion, ProcessStep
from motcua.catalog.services import version_publish

from .test_import_national import LINE_1_001193, LINE_1_007411, LINE_1_013837

pytestmark = pytest.mark.django_db


@pytest.fixture
def published() -> list[ProcedureVersion]:
    import_national_lines([LINE_1_001193, LINE_1_013837, LINE_1_007411])
    return [version_publish(version=v, valid_from=dt.date(2026, 1, 1)) for v in ProcedureVersion.objects.all()]


def contents() -> dict[str, dict]:
    versions = ProcedureVersion.objects.select_related("procedure", "field").prefetch_related(*CHILD_SPECS)
    return {v.procedure.code: content_from_version(v) for v in versions}


def wipe() -> None:
    for model in (Component, FeeItem, ProcessStep, ProcedureVersion, Procedure, Field):
        model.objects.all().delete()


@pytest.mark.parametrize(("file_format", "export"), [("json", export_json), ("xlsx", export_xlsx)])
def test_round_trip_recreates_the_same_content_and_is_idempotent(published, file_format, export) -> None:
    data = export(ProcedureVersion.objects.all())
    original = contents()

    same_db = import_exchange(BytesIO(data), file_format=file_format)
    assert (same_db.created, same_db.updated, same_db.unchanged, same_db.rejections) == (0, 0, 3, [])

    wipe()
    fresh = import_exchange(BytesIO(data), file_format=file_format)
    assert (fresh.created, fresh.rejections) == (3, [])
    assert contents() == original
    assert set(ProcedureVersion.objects.values_list("status", flat=True)) == {"draft"}

    before = list(ProcedureVersion.objects.values_list("pk", "updated_at", "content_hash"))
    again = import_exchange(BytesIO(data), file_format=file_format)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert list(ProcedureVersion.objects.values_list("pk", "updated_at", "content_hash")) == before


def test_json_bad_entries_are_rejected_with_column_and_good_ones_kept(published) -> None:
    document = json.loads(export_json(ProcedureVersion.objects.all()))
    good = document["procedures"][0]
    bad_code = {**good, "code": "12.34"}
    bad_component = json.loads(json.dumps(good))
    bad_component["code"] = "1.999998"
    bad_component["components"][1]["original_qty"] = "many"
    bad_level = {**good, "code": "1.999997", "online_level": "level4", "version": 0}
    document["procedures"] = [good, bad_code, bad_component, bad_level]
    wipe()

    report = import_exchange(BytesIO(json.dumps(document).encode()), file_format="json")

    assert report.created == 1
    assert [(r.line, r.column) for r in report.rejections] == [
        (2, "code"),
        (3, "components[2].original_qty"),
        (4, "version"),
        (4, "online_level"),
    ]
    assert "expected a whole number" in report.rejections[1].message
    assert "allowed: information, partial, full" in report.rejections[3].message
    assert list(Procedure.objects.values_list("code", flat=True)) == [good["code"]]


def test_xlsx_bad_rows_report_sheet_row_and_column(published) -> None:
    workbook = load_workbook(BytesIO(export_xlsx(ProcedureVersion.objects.all())))
    components, procedures = workbook["components"], workbook["procedures"]
    header = [cell.value for cell in components[1]]
    components.cell(row=3, column=header.index("copy_qty") + 1, value=-1)
    bad_code = components.cell(row=3, column=1).value
    procedures.append(["1.999996", 1, "draft", None, None, "Tên", "Hộ tịch", '["galaxy"]'])
    components.append(["1.999995", 1, 1, "Orphan"])
    buffer = BytesIO()
    workbook.save(buffer)
    wipe()

    report = import_exchange(BytesIO(buffer.getvalue()), file_format="xlsx")

    rejected = {(r.sheet, r.line, r.column, r.code) for r in report.rejections}
    assert ("components", 3, "copy_qty", bad_code) in rejected
    assert ("procedures", 5, "levels", "1.999996") in rejected
    assert ("components", components.max_row, "code", "1.999995") in rejected
    assert report.created == 2
    assert bad_code not in set(Procedure.objects.values_list("code", flat=True))


def test_not_an_exchange_file_is_rejected() -> None:
    report = import_exchange(BytesIO(b'{"hello": 1}'), file_format="json")
    assert [r.message for r in report.rejections] == ["not a motcua-catalog file"]

    report = import_exchange(BytesIO(b"not a zip"), file_format="xlsx")
    assert report.rejections[0].message.startswith("not a readable XLSX file")


def test_only_the_highest_version_of_a_code_is_imported(published) -> None:
    document = json.loads(export_json(ProcedureVersion.objects.all()))
    older = {**document["procedures"][0], "version": 1, "name": "Older"}
    newer = {**document["procedures"][0], "version": 2, "name": "Newer"}
    document["procedures"] = [newer, older]
    wipe()

    report = import_exchange(BytesIO(json.dumps(document).encode()), file_format="json")

    assert report.created == 1 and report.warnings_by_kind() == {"older_version_skipped": 1}
    assert ProcedureVersion.objects.get().name == "Newer"


def test_commands_export_and_import(published, tmp_path, capsys) -> None:
    out = tmp_path / "catalog.xlsx"
    call_command("export_catalog", "--format", "xlsx", "--out", str(out))
    wipe()

    call_command("import_catalog", str(out))

    assert "Kept: 3 (created 3, updated 0, unchanged 0)" in capsys.readouterr().out
