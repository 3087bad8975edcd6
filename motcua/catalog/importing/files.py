"""Pick the importer from the file name: .jsonl national data, .json or .xlsx exchange format."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .exchange_import import import_exchange
from .national import import_national_lines
from .report import ImportReport

SUFFIXES = (".jsonl", ".json", ".xlsx")


def import_catalog_file(handle: IO[bytes], *, filename: str) -> ImportReport:
    """Import an uploaded or opened binary file; raises ValidationError for an unknown file type."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".jsonl":
        return import_national_lines(io.TextIOWrapper(handle, encoding="utf-8", errors="replace"))
    if suffix in {".json", ".xlsx"}:
        return import_exchange(handle, file_format=suffix[1:])
    raise ValidationError(_("Unknown file type %(suffix)s: use .jsonl, .json or .xlsx."), params={"suffix": suffix})
