"""Checking uploaded scans by their content, not their name (documents-and-codes.md §6).

Accepted: PDF, JPEG, PNG. A file is refused with a message that says why: too large, empty, a type
we do not take, an image that does not decode or is a decompression bomb, a PDF with scripts.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image

from .errors import DossierError

MAX_PIXELS = 60_000_000
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|OpenAction\s*<<[^>]*?/S\s*/JavaScript)\b")


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    original_name: str
    safe_name: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def safe_filename(name: str, extension: str) -> str:
    base = unicodedata.normalize("NFKD", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    base = base.encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", base.rsplit(".", 1)[0]).strip(".-_")[:60] or "file"
    return f"{base}.{extension}"


def _sniff(data: bytes) -> tuple[str, str] | None:
    if data.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    return None


def _check_image(data: bytes, name: str) -> None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise DossierError(
                    _("%(name)s: the image is too large (%(w)s × %(h)s pixels).")
                    % {"name": name, "w": width, "h": height}
                )
            image.verify()
    except DossierError:
        raise
    except Exception as exc:  # Pillow raises many kinds for broken files
        raise DossierError(_("%(name)s: the image is damaged and cannot be opened.") % {"name": name}) from exc


def _check_pdf(data: bytes, name: str) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise DossierError(_("%(name)s: the PDF is incomplete or damaged.") % {"name": name})
    if PDF_ACTIVE.search(data):
        raise DossierError(
            _("%(name)s: PDFs with scripts, actions or embedded files are not accepted.") % {"name": name}
        )


def upload_check(upload: UploadedFile) -> CheckedFile:
    """Read and check one upload; raises `DossierError` (field-level message) if it is refused."""
    name = upload.name or "file"
    limit = settings.MOTCUA["UPLOAD_MAX_FILE_BYTES"]
    if upload.size is not None and upload.size > limit:
        raise DossierError(_("%(name)s: the file is larger than %(mb)s MB.") % {"name": name, "mb": limit // 2**20})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise DossierError(_("%(name)s: the file is larger than %(mb)s MB.") % {"name": name, "mb": limit // 2**20})
    if not data:
        raise DossierError(_("%(name)s: the file is empty.") % {"name": name})
    sniffed = _sniff(data)
    if sniffed is None:
        raise DossierError(_("%(name)s: only PDF, JPEG and PNG files are accepted.") % {"name": name})
    content_type, extension = sniffed
    if content_type == "application/pdf":
        _check_pdf(data, name)
    else:
        _check_image(data, name)
    return CheckedFile(
        data=data,
        content_type=content_type,
        original_name=name[:255],
        safe_name=safe_filename(name, extension),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def uploads_check_total(files: list[CheckedFile], already: int = 0) -> None:
    limit = settings.MOTCUA["UPLOAD_MAX_DOSSIER_BYTES"]
    if already + sum(f.size for f in files) > limit:
        raise DossierError(_("The scans of one dossier may not exceed %(mb)s MB in total.") % {"mb": limit // 2**20})
