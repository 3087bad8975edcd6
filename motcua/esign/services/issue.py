"""Producing a signed e-result inside the clerk's finish transaction (documents-and-codes.md §5).

The PDF comes from the clerk's upload (a real PDF, checked by content) or from the template; it is
signed with the deciding agency's key, then stored as the dossier's `result` attachment with a
`ResultDocument` (hashes, certificate facts) and an audit event. Signing comes first: when it fails,
nothing is written and the clerk is told why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import audit_record
from motcua.dossiers.errors import DossierError
from motcua.dossiers.forms.context import agency_place
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.uploads import CheckedFile

from ..models import ResultDocument
from ..render import result_pdf_render, result_title, verify_url
from ..signers import signer_for
from .codes import result_code_new

SOURCE_TEMPLATE = "template"
SOURCE_UPLOAD = "upload"


def result_issue(
    *,
    dossier: Dossier,
    actor: Any,
    upload: CheckedFile | None = None,
    content: str = "",
    document_number: str = "",
    at: dt.datetime | None = None,
) -> ResultDocument:
    """Sign and store the result of `dossier` (called by `dossier_finish`, inside its transaction)."""
    now = at or timezone.now()
    code = result_code_new()
    if upload is not None:
        if upload.content_type != "application/pdf":
            raise DossierError(
                _("An electronic result must be a PDF file: %(name)s is not a PDF.") % {"name": upload.original_name},
                field="result",
            )
        source, pdf, name = SOURCE_UPLOAD, upload.data, upload.original_name
    else:
        if not content.strip():
            raise DossierError(_("Write the content of the result, or upload the result as a PDF."), field="content")
        pdf = result_pdf_render(dossier, code=code, content=content, document_number=document_number, at=now)
        source, name = SOURCE_TEMPLATE, f"ket-qua-{dossier.code}.pdf"
    agency = dossier.competent_agency
    signed = signer_for(agency).sign(
        pdf,
        reason=f"Ký số kết quả giải quyết hồ sơ {dossier.code}",
        location=agency_place(agency),
        field_name=f"motcua-{code}",
        stamp_url=verify_url(code, dossier.code or ""),
        stamp_note=f"Mã kết quả: {code}",
    )
    sha256 = hashlib.sha256(signed.data).hexdigest()
    attachment = Attachment(
        dossier=dossier,
        kind="result",
        original_name=name[:255],
        safe_name=f"ket-qua-{code}.pdf",
        content_type="application/pdf",
        size=len(signed.data),
        sha256=sha256,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    attachment.file.save(attachment.safe_name, ContentFile(signed.data), save=False)
    attachment.save()
    cert = signed.certificate
    document = ResultDocument.objects.create(
        dossier=dossier,
        attachment=attachment,
        agency=agency,
        code=code,
        title=result_title(dossier)[:300],
        document_number=document_number.strip()[:60],
        document_date=timezone.localdate(now),
        source=source,
        source_sha256=hashlib.sha256(pdf).hexdigest(),
        sha256=sha256,
        signer=signed.signer,
        certificate_sha256=cert.sha256,
        certificate_subject=cert.subject,
        certificate_issuer=cert.issuer,
        certificate_serial=cert.serial,
        certificate_not_after=cert.not_after,
        signed_at=signed.signed_at,
        signed_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        chain=f"dossier:{dossier.pk}",
        kind="esign.signed",
        object_type="result_document",
        object_id=document.pk,
        actor=actor if getattr(actor, "pk", None) else None,
        data={
            "code": code,
            "dossier": dossier.code,
            "source": source,
            "sha256": sha256,
            "source_sha256": document.source_sha256,
            "signer": signed.signer,
            "certificate_sha256": cert.sha256,
            "certificate_serial": cert.serial,
        },
        at=now,
    )
    return document
