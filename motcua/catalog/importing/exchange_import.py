"""Import the catalog exchange format (JSON or XLSX) through the same upsert as the national file.

Each procedure entry is all-or-nothing: a bad procedure row or any bad component, fee or step row
rejects that procedure, and every bad cell is reported with its sheet, row and column. When a file
holds several versions of one code, only the highest version number is imported (the upsert keeps
one draft per procedure; importing them all would flip that draft back and forth).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl import load_workbook

from ..choices import VersionStatus
from .content import CHILD_SPECS
from .exchange_export import FORMAT_NAME, SHEET_COLUMNS
from .report import ImportReport, Notice, Rejection
from .upsert import FieldCache, normalise_content, version_upsert_content

_CHILD_COLUMN = re.compile(r"^(components|fees|steps)\[(\d+)\]\.(.+)$")


@dataclass
class Entry:
    """One procedure version read from the file, with where each of its parts came from."""

    sheet: str
    row: int
    raw: dict[str, Any]
    child_rows: dict[str, list[int]] = field(default_factory=lambda: {kind: [] for kind in CHILD_SPECS})
    errors: list[Rejection] = field(default_factory=list)

    @property
    def code(self) -> str:
        return str(self.raw.get("code") or "").strip()

    def reject(self, column: str, message: str, *, sheet: str = "", row: int | None = None) -> None:
        self.errors.append(Rejection(row or self.row, column, message, self.code, sheet or self.sheet))


def _check_keys(entry: Entry) -> int | None:
    """Validate version number, status and dates; they are informational but must be well formed."""
    raw = entry.raw
    version: Any = raw.get("version")  # None or junk: int() raises, and the row is rejected below
    number: int | None
    try:
        number = int(version)
        if number < 1 or str(version).strip() not in {str(number), f"{number}.0"}:
            raise ValueError
    except (TypeError, ValueError):
        entry.reject("version", f"expected a version number ≥ 1, got {raw.get('version')!r}")
        number = None
    if raw.get("status") not in (None, "", *VersionStatus.values):
        entry.reject("status", f"{raw['status']!r} is not one of {', '.join(VersionStatus.values)}")
    for column in ("valid_from", "valid_to"):
        value = raw.get(column)
        if value in (None, "") or isinstance(value, dt.date):
            continue
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            entry.reject(column, f"expected a date YYYY-MM-DD, got {value!r}")
    return number


def _locate(entry: Entry, column: str) -> tuple[str, int, str]:
    """Map `fees[2].name` to the fees sheet row of the second fee (XLSX), else keep the path."""
    match = _CHILD_COLUMN.match(column)
    if match and entry.sheet == "procedures":
        kind, index, name = match.group(1), int(match.group(2)), match.group(3)
        return kind, entry.child_rows[kind][index - 1], name
    return entry.sheet, entry.row, column


def import_entries(entries: list[Entry], report: ImportReport) -> ImportReport:
    started = time.monotonic()
    latest: dict[str, tuple[int, Entry]] = {}
    for entry in entries:
        number = _check_keys(entry)
        content, errors = normalise_content(entry.raw)
        for column, message in errors:
            sheet, row, name = _locate(entry, column)
            entry.reject(name, message, sheet=sheet, row=row)
        if entry.errors or number is None:
            report.rejections += entry.errors
            continue
        entry.raw = content
        if entry.code in latest and latest[entry.code][0] >= number:
            report.warnings.append(Notice(entry.row, entry.code, "older_version_skipped", f"v{number} skipped"))
            continue
        if entry.code in latest:
            old_number, old = latest[entry.code]
            report.warnings.append(Notice(old.row, old.code, "older_version_skipped", f"v{old_number} skipped"))
        latest[entry.code] = (number, entry)
    fields = FieldCache()
    for _number, entry in latest.values():
        outcome, _version = version_upsert_content(content=entry.raw, fields=fields)
        report.count(outcome)
    report.seconds = time.monotonic() - started
    return report


def read_json(handle: IO[bytes]) -> tuple[list[Entry], ImportReport]:
    report = ImportReport()
    try:
        document = json.load(handle)
    except ValueError as error:
        report.rejections.append(Rejection(None, "", f"invalid JSON: {error}", sheet="file"))
        return [], report
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        report.rejections.append(Rejection(None, "format", f"not a {FORMAT_NAME} file", sheet="file"))
        return [], report
    entries = []
    for index, item in enumerate(document.get("procedures") or [], start=1):
        if isinstance(item, dict):
            entries.append(Entry("entry", index, item))
        else:
            report.rejections.append(Rejection(index, "", "not a JSON object", sheet="entry"))
    return entries, report


def _sheet_rows(workbook: Any, name: str, report: ImportReport) -> Iterable[tuple[int, dict[str, Any]]]:
    if name not in workbook.sheetnames:
        if name == "procedures":
            report.rejections.append(Rejection(None, "", "the workbook has no 'procedures' sheet", sheet="file"))
        return
    rows = workbook[name].iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(rows, [])]
    unknown = [column for column in header if column and column not in SHEET_COLUMNS[name]]
    if unknown:
        report.warnings.append(Notice(1, "", "unknown_columns", f"{name}: ignored columns {unknown}"))
    for row_no, values in enumerate(rows, start=2):
        if any(value not in (None, "") for value in values):
            yield row_no, dict(zip(header, values, strict=False))


def read_xlsx(handle: IO[bytes]) -> tuple[list[Entry], ImportReport]:
    report = ImportReport()
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        report.rejections.append(Rejection(None, "", f"not a readable XLSX file: {error}", sheet="file"))
        return [], report
    by_key: dict[tuple[str, str], Entry] = {}
    for row_no, row in _sheet_rows(workbook, "procedures", report):
        entry = Entry("procedures", row_no, row)
        key = (entry.code, str(row.get("version")))
        if key in by_key:
            report.rejections.append(
                Rejection(row_no, "version", "duplicate code and version", entry.code, "procedures")
            )
            continue
        by_key[key] = entry
    for kind in CHILD_SPECS:
        for row_no, row in _sheet_rows(workbook, kind, report):
            key = (str(row.get("code") or "").strip(), str(row.get("version")))
            if key not in by_key:
                report.rejections.append(
                    Rejection(row_no, "code", "no such code and version in 'procedures'", key[0], kind)
                )
                continue
            by_key[key].raw.setdefault(kind, []).append(row)
            by_key[key].child_rows[kind].append(row_no)
    _join_long_texts(workbook, by_key, report)
    workbook.close()
    return list(by_key.values()), report


def _join_long_texts(workbook: Any, by_key: dict[tuple[str, str], Entry], report: ImportReport) -> None:
    """Texts longer than one cell arrive in parts on the `long_texts` sheet, in part order."""
    parts: dict[tuple[tuple[str, str], str], list[tuple[int, str]]] = {}
    for row_no, row in _sheet_rows(workbook, "long_texts", report):
        key = (str(row.get("code") or "").strip(), str(row.get("version")))
        if key not in by_key or row.get("column") not in SHEET_COLUMNS["procedures"]:
            report.rejections.append(
                Rejection(row_no, "column", "no such procedure row or column", key[0], "long_texts")
            )
            continue
        parts.setdefault((key, row["column"]), []).append((int(row.get("part") or 0), str(row.get("text") or "")))
    for (key, column), texts in parts.items():
        by_key[key].raw[column] = "".join(text for _part, text in sorted(texts))


def import_exchange(handle: IO[bytes], *, file_format: str) -> ImportReport:
    """Import an exchange file opened in binary mode; `file_format` is "json" or "xlsx"."""
    entries, report = (read_xlsx if file_format == "xlsx" else read_json)(handle)
    return import_entries(entries, report)
