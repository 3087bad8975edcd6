"""Checking uploaded scans by their content, not their name (documents-and-codes.md §6).

Accepted: PDF, JPEG, PNG. A file is refused with a message that says why: too large, empty, a type
we do not take, an image that does not decode or is a decompression bomb, a PDF with scripts.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image
from unidecode import unidecode

from .errors import DossierError

MAX_PIXELS = 60_000_000
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|OpenAction\s*<<[^>]*?/S\s*/JavaScript)\b")
# Compressed streams (object streams hide dictionaries there) are inflated to look inside, within
# these bounds: a stream or a file inflating past them is refused as a decompression bomb.
PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
PDF_MAX_INFLATED = 64 * 2**20
# Characters that must not reach a displayed name: controls, and the bidirectional overrides that
# make "hoso\u202efdp.exe" read as "hosoexe.pdf".
_INVISIBLE = re.compile("[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def display_name(name: str) -> str:
    """The uploaded file's name as shown to people: NFC, no control or direction characters, no path."""
    base = re.split(r"[\\/]", name or "")[-1]
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", base)).strip()[:200] or "file"


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
    base = unidecode(display_name(name))  # "Tờ khai đăng ký" → "To khai dang ky"
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", base.rsplit(".", 1)[0]).strip(".-_")[:60] or "file"
    if base.split(".")[0].upper() in _WINDOWS_RESERVED:
        base = f"file-{base}"
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
    except Image.DecompressionBombError as exc:
        raise DossierError(_("%(name)s: the image is too large to open.") % {"name": name}) from exc
    except Exception as exc:  # Pillow raises many kinds for broken files
        raise DossierError(_("%(name)s: the image is damaged and cannot be opened.") % {"name": name}) from exc


def _inflated_streams(data: bytes, name: str) -> list[bytes]:
    """The Flate-compressed streams of a PDF, inflated within PDF_MAX_INFLATED bytes in all."""
    out: list[bytes] = []
    budget = PDF_MAX_INFLATED
    for match in PDF_STREAM.finditer(data):
        if b"/FlateDecode" not in data[max(0, match.start() - 1024) : match.start()].rsplit(b"obj", 1)[-1]:
            continue
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(data[match.end() : match.end() + budget], budget + 1)
        except zlib.error:
            continue  # a damaged stream shows nothing; PDF readers skip it too
        if len(chunk) > budget or inflater.unconsumed_tail:
            raise DossierError(_("%(name)s: the PDF expands to too much data to be checked.") % {"name": name})
        budget -= len(chunk)
        out.append(chunk)
    return out


def _check_pdf(data: bytes, name: str) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise DossierError(_("%(name)s: the PDF is incomplete or damaged.") % {"name": name})
    if PDF_ACTIVE.search(data) or any(PDF_ACTIVE.search(chunk) for chunk in _inflated_streams(data, name)):
        raise DossierError(
            _("%(name)s: PDFs with scripts, actions or embedded files are not accepted.") % {"name": name}
        )


def upload_check(upload: UploadedFile) -> CheckedFile:
    """Read and check one upload; raises `DossierError` (field-level message) if it is refused."""
    name = display_name(upload.name or "file")
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
        original_name=name,
        safe_name=safe_filename(name, extension),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def uploads_check_total(files: list[CheckedFile], already: int = 0) -> None:
    limit = settings.MOTCUA["UPLOAD_MAX_DOSSIER_BYTES"]
    if already + sum(f.size for f in files) > limit:
        raise DossierError(_("The scans of one dossier may not exceed %(mb)s MB in total.") % {"mb": limit // 2**20})
