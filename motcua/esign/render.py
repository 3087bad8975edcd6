"""The result document generated from the template (WeasyPrint, the forms' fonts and stylesheet).

A4, headed by the deciding agency with the national motto, number and date; the title is the
procedure's result; the clerk's text; the line "Mã kết quả: <code> – kiểm tra tại <portal>/xac-thuc/".
The bottom margin leaves room for the signature stamp added when it is signed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.template import Context, Engine

from motcua.dossiers.forms.context import agency_header
from motcua.dossiers.forms.fmt import to_json
from motcua.dossiers.forms.render import engine as forms_engine
from motcua.dossiers.forms.render import html_to_pdf

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier

HERE = Path(__file__).resolve().parent


def engine() -> Engine:
    return forms_engine(str(HERE / "templates"))


def verify_base_url() -> str:
    return f"{settings.MOTCUA['PUBLIC_BASE_URL'].rstrip('/')}/xac-thuc/"


def verify_url(result_code: str, dossier_code: str) -> str:
    """What the QR on a result encodes: the verification page, prefilled (no personal data)."""
    return f"{verify_base_url()}?kq={result_code}&hs={dossier_code}"


def result_title(dossier: Dossier) -> str:
    version = dossier.procedure_version
    first = (version.result_name or "").strip().splitlines()
    return (first[0].strip() if first else "") or version.name


def result_pdf_render(dossier: Dossier, *, code: str, content: str, document_number: str, at: dt.datetime) -> bytes:
    context = {
        "header": agency_header(dossier.competent_agency),
        "doc_no": document_number,
        "issued_at": to_json(at),
        "title": result_title(dossier).upper(),
        "applicant": {"name": dossier.applicant_name, "organisation": dossier.organisation_name},
        "procedure": {"code": dossier.procedure_version.procedure.code, "name": dossier.procedure_version.name},
        "dossier_code": dossier.code,
        "content": content.strip(),
        "result_code": code,
        "verify_base": verify_base_url(),
        "agency": dossier.competent_agency.name,
    }
    html = engine().get_template("esign/result_pdf.html").render(Context(context))
    return html_to_pdf(html)
