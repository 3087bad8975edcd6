"""What every signer shares: the interface, its result, its errors, and the PAdES signing itself.

A plugin only brings a pyHanko `Signer` (the key: a PKCS#12 file, a PKCS#11 token...); `pades_sign`
adds the signature as an incremental update (earlier signatures, e.g. the decision-maker's, stay
valid): PAdES baseline B-B (`ETSI.CAdES.detached`, SHA-256), with a visible stamp at the bottom of
the last page holding the verification QR and "Đã ký số bởi <organisation> – <time>".
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pyhanko.pdf_utils import text
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.stamp import QRStampStyle
from unidecode import unidecode

from motcua.dossiers.errors import DossierError

from ..loop import off_loop
from ..pki import CertificateFacts, certificate_facts

logger = logging.getLogger(__name__)
STAMP_FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
STAMP_HEIGHT = 62.0  # points, about 22 mm: room for a 20 mm QR
STAMP_WIDTH = 360.0
MARGIN = 36.0


class SignerError(DossierError):
    """Signing failed; nothing was written. The message says why (key missing, certificate expired...)."""

    code = "signing_failed"
    status = 422
    default = gettext_lazy("The result could not be signed.")


class SignerNotConfigured(SignerError):  # noqa: N818 - named for what the user is told
    code = "signer_not_configured"
    status = 503
    default = gettext_lazy("Digital signing is not configured for this agency.")


class PdfUnreadable(DossierError):  # noqa: N818 - named for what the user is told
    """The file is not a PDF that can be signed (damaged, encrypted, no page)."""

    code = "pdf_unreadable"
    default = gettext_lazy("The file is not a readable PDF.")


@dataclass(frozen=True)
class SignedPdf:
    data: bytes
    certificate: CertificateFacts
    signer: str  # plugin key, e.g. local_pkcs12
    signed_at: dt.datetime


class Signer(Protocol):
    key: str

    def sign(
        self, pdf: bytes, *, reason: str, location: str, field_name: str, stamp_url: str, stamp_note: str = ""
    ) -> SignedPdf: ...


def certificate_usable(facts: CertificateFacts, at: dt.datetime) -> None:
    """Refuse to sign with a certificate that is not valid now (expired or not yet valid)."""
    if at > facts.not_after:
        raise SignerError(
            _("The signing certificate of %(org)s expired on %(date)s: install the renewed certificate.")
            % {
                "org": facts.organisation or facts.common_name,
                "date": timezone.localtime(facts.not_after).strftime("%d/%m/%Y"),
            }
        )
    if at < facts.not_before:
        raise SignerError(
            _("The signing certificate of %(org)s is valid only from %(date)s.")
            % {
                "org": facts.organisation or facts.common_name,
                "date": timezone.localtime(facts.not_before).strftime("%d/%m/%Y"),
            }
        )


@cache
def _opentype_available() -> bool:
    if not STAMP_FONT.exists():
        return False
    try:
        from pyhanko.pdf_utils.font import opentype  # noqa: F401 - needs pyHanko[opentype] (uharfbuzz)
    except ImportError:
        logger.warning("pyHanko[opentype] is not installed: the signature stamp is written without diacritics")
        return False
    return True


def stamp_style() -> tuple[QRStampStyle, bool]:
    """The QR stamp, and whether it can print Vietnamese (an embedded Liberation Serif subset);
    otherwise pyHanko's built-in font and the text without diacritics."""
    vietnamese = _opentype_available()
    box_style = text.TextBoxStyle(font_size=7, leading=9)
    if vietnamese:
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

        box_style = text.TextBoxStyle(font=GlyphAccumulatorFactory(str(STAMP_FONT)), font_size=7, leading=9)
    style = QRStampStyle(
        stamp_text="%(line1)s\n%(line2)s\n%(line3)s",
        text_box_style=box_style,
        border_width=0,
        background=None,
        qr_inner_size=54,
    )
    return style, vietnamese


def _page_count(writer: IncrementalPdfFileWriter) -> int:
    return int(writer.root["/Pages"]["/Count"])


def _last_page_box(writer: IncrementalPdfFileWriter, index: int) -> tuple[int, int, int, int]:
    """Where the stamp goes: bottom left of the last page, inside a 0.5 inch margin."""
    page: Any = writer.find_page_for_modification(index)[0].get_object()
    box = None
    while page is not None and box is None:
        box = page.get("/CropBox") or page.get("/MediaBox")
        parent = page.get("/Parent")
        page = parent.get_object() if parent is not None else None
    x0, y0, x1, _y1 = (float(v) for v in (box or [0, 0, 595, 842]))
    width = min(STAMP_WIDTH, x1 - x0 - 2 * MARGIN)
    left, bottom = round(x0 + MARGIN), round(y0 + 12)
    return (left, bottom, round(left + width), round(bottom + STAMP_HEIGHT))


def open_for_signing(pdf: bytes) -> tuple[IncrementalPdfFileWriter, int]:
    """The PDF opened for an incremental update and its page count; `PdfUnreadable` if it cannot be."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except Exception as exc:  # pyHanko raises many kinds for a broken file
        raise PdfUnreadable(_("The PDF cannot be read: it is damaged or not a real PDF."), field="result") from exc
    if writer.prev.encrypted:
        raise PdfUnreadable(_("The PDF is password-protected: upload it without a password."), field="result")
    try:
        pages = _page_count(writer)
    except Exception as exc:
        raise PdfUnreadable(_("The PDF cannot be read: it is damaged or not a real PDF."), field="result") from exc
    if pages < 1:
        raise PdfUnreadable(_("The PDF has no page."), field="result")
    return writer, pages


def pades_sign(
    pdf: bytes,
    signer: signers.Signer,
    *,
    plugin: str,
    reason: str,
    location: str,
    field_name: str,
    stamp_url: str,
    stamp_note: str = "",
) -> SignedPdf:
    """Sign `pdf` (PAdES B-B) with a visible QR stamp on the last page."""
    cert = signer.signing_cert
    if cert is None:
        raise SignerNotConfigured(_("The signing key has no certificate."))
    facts = certificate_facts(cert)
    now = timezone.now()
    certificate_usable(facts, now)
    writer, pages = open_for_signing(pdf)
    style, vietnamese = stamp_style()
    org = facts.organisation or facts.common_name
    local = timezone.localtime(now)
    lines = {
        "line1": f"Đã ký số bởi {org} – {local:%H:%M %d/%m/%Y}",
        "line2": stamp_note,
        "line3": f"Kiểm tra tại: {stamp_url.split('?', 1)[0]}",
    }
    if not vietnamese:
        lines = {key: unidecode(value) for key, value in lines.items()}
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        name=org,
    )
    spec = fields.SigFieldSpec(field_name, on_page=pages - 1, box=_last_page_box(writer, pages - 1))
    output = io.BytesIO()
    try:
        pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, new_field_spec=spec)
        off_loop(lambda: pdf_signer.sign_pdf(writer, output=output, appearance_text_params={"url": stamp_url, **lines}))
    except (PdfError, ValueError, KeyError) as exc:
        raise PdfUnreadable(_("The PDF cannot be signed: %(error)s") % {"error": exc}, field="result") from exc
    return SignedPdf(data=output.getvalue(), certificate=facts, signer=plugin, signed_at=now)
