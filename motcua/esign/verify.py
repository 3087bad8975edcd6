"""Public verification of a result (documents-and-codes.md §5), shared by the page and the API.

Two ways in: a PDF file (its signatures checked with pyHanko against MOTCUA_ESIGN["TRUST_ROOTS"], and
its SHA-256 looked up among the results we issued), or a result code with its dossier code (the QR on
the result). Answers carry only the document's own facts, never the applicant's personal data; an
unknown code and a wrong pair get the same answer. Both count against per-IP limits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import logging
import math
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from motcua.dossiers.codes import code_normalise

from .loop import off_loop
from .models import ResultDocument
from .pki import certificate_facts
from .services.codes import result_code_normalise

logger = logging.getLogger(__name__)
DEFAULT_LIMITS = {"PER_MINUTE": 30, "PER_DAY": 300}


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    intact: bool  # the signed bytes hash to the signed digest and the signature value is right
    whole_file: bool  # nothing was added after the signed range
    signer: str
    organisation: str
    issuer: str
    signed_at: dt.datetime | None
    not_before: dt.datetime | None
    not_after: dt.datetime | None
    valid_at_signing: bool
    trusted: bool  # the certificate chains to one of our trust roots


@dataclass(frozen=True)
class RecordFacts:
    """Our register entry for a result: the document's facts only."""

    code: str
    title: str
    document_number: str
    document_date: dt.date | None
    agency: str
    signed_at: dt.datetime
    sha256: str
    certificate_subject: str
    certificate_issuer: str
    certificate_serial: str
    certificate_not_after: dt.datetime | None
    revoked_at: dt.datetime | None
    revocation_reason: str
    replaced_by: str

    @property
    def status(self) -> str:
        return "revoked" if self.revoked_at else "valid"


@dataclass(frozen=True)
class FileVerdict:
    sha256: str
    readable: bool
    signatures: tuple[SignatureCheck, ...]
    record: RecordFacts | None

    @property
    def verdict(self) -> str:
        """unreadable, unsigned, altered (a digest mismatch or bytes after the signed range) or intact."""
        if not self.readable:
            return "unreadable"
        if not self.signatures:
            return "unsigned"
        if any(not s.intact for s in self.signatures) or not self.signatures[-1].whole_file:
            return "altered"
        return "intact"


def record_facts(document: ResultDocument) -> RecordFacts:
    return RecordFacts(
        code=document.code,
        title=document.title,
        document_number=document.document_number,
        document_date=document.document_date,
        agency=document.agency.name,
        signed_at=document.signed_at,
        sha256=document.sha256,
        certificate_subject=document.certificate_subject,
        certificate_issuer=document.certificate_issuer,
        certificate_serial=document.certificate_serial,
        certificate_not_after=document.certificate_not_after,
        revoked_at=document.revoked_at,
        revocation_reason=document.revocation_reason,
        replaced_by=document.replaced_by.code if document.replaced_by else "",
    )


def trust_roots() -> list:
    roots = []
    for path in settings.MOTCUA_ESIGN.get("TRUST_ROOTS", []):
        if path and Path(path).is_file():
            roots.extend(load_certs_from_pemder([path]))
    return roots


def _check(embedded: object, roots: list) -> SignatureCheck:
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    cert = getattr(embedded, "signer_cert", None)
    facts = certificate_facts(cert) if cert is not None else None
    field = str(getattr(embedded, "field_name", "") or "")
    try:
        status = off_loop(lambda: validate_pdf_signature(embedded, context))  # type: ignore[arg-type]
    except Exception:  # an unsupported or broken signature cannot be called intact
        logger.info("signature %s could not be validated", field, exc_info=True)
        return SignatureCheck(
            field=field,
            intact=False,
            whole_file=False,
            signer=facts.common_name if facts else "",
            organisation=facts.organisation if facts else "",
            issuer=facts.issuer if facts else "",
            signed_at=None,
            not_before=facts.not_before if facts else None,
            not_after=facts.not_after if facts else None,
            valid_at_signing=False,
            trusted=False,
        )
    signed_at = status.signer_reported_dt
    valid_at_signing = bool(facts and signed_at and facts.not_before <= signed_at <= facts.not_after)
    return SignatureCheck(
        field=field,
        intact=bool(status.intact and status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=facts.common_name if facts else "",
        organisation=facts.organisation if facts else "",
        issuer=facts.issuer if facts else "",
        signed_at=signed_at,
        not_before=facts.not_before if facts else None,
        not_after=facts.not_after if facts else None,
        valid_at_signing=valid_at_signing,
        trusted=bool(status.trusted),
    )


def verify_file(data: bytes) -> FileVerdict:
    """Every signature of the PDF (oldest first) and our record of the exact file, if any."""
    sha256 = hashlib.sha256(data).hexdigest()
    document = ResultDocument.objects.select_related("agency", "replaced_by").filter(sha256=sha256).first()
    record = record_facts(document) if document else None
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
    except Exception:
        return FileVerdict(sha256=sha256, readable=False, signatures=(), record=record)
    roots = trust_roots()
    return FileVerdict(
        sha256=sha256, readable=True, signatures=tuple(_check(s, roots) for s in embedded), record=record
    )


def verify_codes(result_code: str, dossier_code: str) -> RecordFacts | None:
    """Our record when the result code and the dossier code belong together; None otherwise (one answer
    for an unknown code, a wrong pair or malformed input)."""
    code = result_code_normalise(result_code)
    wanted = code_normalise(dossier_code)[:64]
    document = (
        ResultDocument.objects.select_related("agency", "replaced_by", "dossier").filter(code=code).first()
        if code
        else None
    )
    actual = (document.dossier.code or "") if document else "\x00"
    matches = hmac.compare_digest(actual.encode(), wanted.encode())
    return record_facts(document) if document is not None and matches else None


def limits() -> dict[str, int]:
    return {**DEFAULT_LIMITS, **settings.MOTCUA_ESIGN.get("VERIFY_LIMITS", {})}


def _hit(key: str, ttl: int) -> int:
    if cache.add(key, 1, ttl):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, ttl)
        return 1


def verify_throttle(ip: str | None) -> int:
    """0 when this verification may go on; otherwise the seconds to wait (it is refused)."""
    conf = limits()
    who = ip or "unknown"
    now = time.time()
    minute = int(now // 60)
    minute_end = (minute + 1) * 60
    local = timezone.localtime()
    day_end = (local.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)).timestamp()
    per_minute = _hit(f"esign:verify:m:{who}:{minute}", int(minute_end - now) + 1)
    per_day = _hit(f"esign:verify:d:{who}:{local.date().isoformat()}", int(day_end - now) + 60)
    if per_day > conf["PER_DAY"]:
        return max(1, math.ceil(day_end - now))
    if per_minute > conf["PER_MINUTE"]:
        return max(1, math.ceil(minute_end - now))
    return 0
