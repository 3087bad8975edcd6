"""Import the national procedure JSONL (one procedure per line) as draft versions.

Every line that can be kept is kept; the others are rejected with their line number and reason
(bad JSON, a code outside the national format, no name or field, a duplicate code, a value that
does not fit). Re-importing the same file changes nothing (see `upsert.py`).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from tqdm import tqdm

from .content import CODE_RE
from .national_mapping import map_record
from .report import ImportReport, Notice, Rejection
from .upsert import FieldCache, normalise_content, version_upsert_content

ENV_PATH = "MOTCUA_PROCEDURES_FILE"


def default_path() -> Path:
    """`MOTCUA_PROCEDURES_FILE`, else the shared national data set next to the project."""
    if os.environ.get(ENV_PATH):
        return Path(os.environ[ENV_PATH])
    return Path(settings.BASE_DIR).parent / "shared/data/procedures/procedures.jsonl"


def _parse(line_no: int, line: str) -> tuple[dict[str, Any] | None, Rejection | None]:
    try:
        record = json.loads(line)
    except ValueError as error:
        return None, Rejection(line_no, "", f"invalid JSON: {error}")
    if not isinstance(record, dict):
        return None, Rejection(line_no, "", "not a JSON object")
    code = str(record.get("code") or "").strip()
    if not CODE_RE.match(code):
        return None, Rejection(line_no, "code", f"code {code!r} does not match ^\\d\\.\\d{{6}}(\\.[A-Z0-9]+)?$", code)
    for key in ("name", "field_name"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            return None, Rejection(line_no, key, f"missing {key}", code)
    return record, None


def import_national_lines(
    lines: Iterable[str],
    *,
    limit: int | None = None,
    codes: Iterable[str] | None = None,
    progress: bool = False,
) -> ImportReport:
    """Import JSONL lines; `codes` keeps only those procedures, `limit` stops after N kept or rejected."""
    started = time.monotonic()
    report = ImportReport()
    wanted = set(codes) if codes else None
    seen: dict[str, int] = {}
    fields = FieldCache()
    for line_no, line in enumerate(tqdm(lines, disable=not progress, unit=" lines"), start=1):
        if limit is not None and report.kept + len(report.rejections) >= limit:
            break
        if not line.strip():
            continue
        record, rejection = _parse(line_no, line)
        if record is not None and wanted is not None and record["code"].strip() not in wanted:
            continue
        if record is not None:
            rejection = _import_record(line_no, record, report, seen, fields)
        if rejection is not None:
            report.rejections.append(rejection)
    report.seconds = time.monotonic() - started
    return report


def _import_record(
    line_no: int, record: dict[str, Any], report: ImportReport, seen: dict[str, int], fields: FieldCache
) -> Rejection | None:
    code = record["code"].strip()
    if code in seen:
        return Rejection(line_no, "code", f"duplicate code (first on line {seen[code]})", code)
    seen[code] = line_no
    try:
        raw, warnings = map_record(record)
    except (TypeError, AttributeError, ValueError) as error:
        return Rejection(line_no, "", f"unexpected structure: {error}", code)
    content, errors = normalise_content(raw)
    if errors:
        columns = ", ".join(dict.fromkeys(column for column, _ in errors))
        return Rejection(line_no, columns, "; ".join(f"{column} {message}" for column, message in errors), code)
    outcome, _version = version_upsert_content(content=content, fields=fields)
    report.count(outcome)
    report.warnings += [Notice(line_no, code, kind, message) for kind, message in warnings]
    return None


def import_national_file(
    path: str | Path | None = None,
    *,
    limit: int | None = None,
    codes: Iterable[str] | None = None,
    progress: bool | None = None,
) -> ImportReport:
    """Import the national JSONL at `path` (default: `default_path()`)."""
    path = Path(path) if path else default_path()
    if progress is None:
        progress = sys.stderr.isatty()
    with path.open(encoding="utf-8") as handle:
        return import_national_stream(handle, limit=limit, codes=codes, progress=progress)


def import_national_stream(handle: IO[str], **kwargs: Any) -> ImportReport:
    return import_national_lines(handle, **kwargs)
