"""Export versions in motcua's catalog exchange format (JSON or XLSX); see docs/catalog-format.md."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from io import BytesIO
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook

from ..models import ProcedureVersion
from .content import CHILD_SPECS, COMPONENT_SPECS, FEE_SPECS, STEP_SPECS, VERSION_SPECS, content_from_version

FORMAT_NAME = "motcua-catalog"
FORMAT_VERSION = 1
KEY_COLUMNS = ["code", "version"]
PROCEDURE_COLUMNS = [*KEY_COLUMNS, "status", "valid_from", "valid_to", *VERSION_SPECS]
SHEET_COLUMNS = {
    "procedures": PROCEDURE_COLUMNS,
    "components": [*KEY_COLUMNS, *COMPONENT_SPECS],
    "fees": [*KEY_COLUMNS, *FEE_SPECS],
    "steps": [*KEY_COLUMNS, *STEP_SPECS],
    "long_texts": [*KEY_COLUMNS, "column", "part", "text"],
}
# An XLSX cell holds at most 32,767 characters; longer procedure texts go to `long_texts` in parts.
CELL_LIMIT = 32767
PART_SIZE = 32000


def export_queryset(versions: QuerySet[ProcedureVersion]) -> Iterable[ProcedureVersion]:
    return (
        versions.select_related("procedure", "field")
        .prefetch_related(*CHILD_SPECS)
        .order_by("procedure__code", "number")
    )


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def version_entry(version: ProcedureVersion) -> dict[str, Any]:
    """One version as a JSON entry: keys, status and dates, then the content."""
    content = content_from_version(version)
    code = content.pop("code")
    return {
        "code": code,
        "version": version.number,
        "status": version.status,
        "valid_from": _date(version.valid_from),
        "valid_to": _date(version.valid_to),
        **content,
    }


def export_json(versions: QuerySet[ProcedureVersion]) -> bytes:
    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "procedures": [version_entry(version) for version in export_queryset(versions)],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _cell(value: Any) -> Any:
    """Lists and dicts go into one cell as JSON text; None stays an empty cell."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def export_xlsx(versions: QuerySet[ProcedureVersion]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {name: workbook.create_sheet(name) for name in SHEET_COLUMNS}
    for name, sheet in sheets.items():
        sheet.append(SHEET_COLUMNS[name])
        sheet.freeze_panes = "A2"
    for version in export_queryset(versions):
        entry = version_entry(version)
        row = [_cell(entry[column]) for column in PROCEDURE_COLUMNS]
        for index, column in enumerate(PROCEDURE_COLUMNS):
            if isinstance(row[index], str) and len(row[index]) > CELL_LIMIT:
                for part, start in enumerate(range(0, len(row[index]), PART_SIZE), start=1):
                    text = row[index][start : start + PART_SIZE]
                    sheets["long_texts"].append([entry["code"], entry["version"], column, part, text])
                row[index] = None
        sheets["procedures"].append(row)
        for kind in CHILD_SPECS:
            for item in entry[kind]:
                child = {"code": entry["code"], "version": entry["version"], **item}
                sheets[kind].append([_cell(child[column]) for column in SHEET_COLUMNS[kind]])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
