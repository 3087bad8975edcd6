"""Files of a dossier: issued forms, the live control sheet, scans and results, and the desk register.

Every file is reached through the dossier (or intake record) the user may see, so a file of another
agency is the same 404 as a missing one; each download of personal data is logged.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from motcua.core.http import AuthenticatedHttpRequest, parse_id

from ..forms import control_sheet_pdf, form_pdf, register_pdf, register_xlsx
from ..models import FormDocument
from ..selectors import dossier_get_for
from .common import access_log, require_staff
from .reads import attempt_get_for, register_desks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_response(request: HttpRequest, data: bytes, filename: str, content_type: str) -> HttpResponse:
    """Bytes with a safe file name; `?in=1` opens it in the browser (to print), otherwise it downloads."""
    response = HttpResponse(data, content_type=content_type)
    inline = request.GET.get("in") == "1"
    disposition = content_disposition_header(as_attachment=not inline, filename=filename)
    if disposition:
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    return response


def _form_name(form: FormDocument, code: str = "") -> str:
    return f"{form.key}-{code or form.pk}-{form.issue_no}.pdf"


@login_required
def form_download(request: AuthenticatedHttpRequest, code: str, form_id: int) -> HttpResponse:
    require_staff(request)
    dossier = dossier_get_for(user=request.user, code=code)
    form = dossier.forms.filter(pk=form_id).first()
    if form is None:
        raise Http404
    data = form_pdf(form)
    access_log(request, dossier, purpose=f"form_pdf:{form.key}", fields=[f"form:{form.pk}"])
    return file_response(request, data, _form_name(form, dossier.code or ""), "application/pdf")


@login_required
def attempt_form_download(request: AuthenticatedHttpRequest, pk: int, form_id: int) -> HttpResponse:
    require_staff(request)
    attempt = attempt_get_for(request.user, pk)
    form = attempt.forms.filter(pk=form_id).first()
    if form is None:
        raise Http404
    return file_response(request, form_pdf(form), _form_name(form), "application/pdf")


@login_required
def control_sheet(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    require_staff(request)
    dossier = dossier_get_for(user=request.user, code=code)
    data = control_sheet_pdf(dossier)
    access_log(request, dossier, purpose="control_sheet_pdf", fields=["applicant_name"])
    return file_response(request, data, f"control-sheet-{dossier.code}.pdf", "application/pdf")


@login_required
def attachment(request: AuthenticatedHttpRequest, code: str, attachment_id: int) -> HttpResponse:
    require_staff(request)
    dossier = dossier_get_for(user=request.user, code=code)
    stored = dossier.attachments.filter(pk=attachment_id).first()
    if stored is None:
        raise Http404
    with stored.file.open("rb") as handle:
        data = handle.read()
    access_log(request, dossier, purpose=f"file:{stored.kind}", fields=[f"attachment:{stored.pk}"])
    return file_response(request, data, stored.safe_name, stored.content_type)


@login_required
def store_document(request: AuthenticatedHttpRequest, code: str, item_id: int) -> HttpResponse:
    """A document the applicant reused from their data store, reached only through a component of a
    dossier the user may see (the store itself stays the applicant's), logged like any other file."""
    require_staff(request)
    dossier = dossier_get_for(user=request.user, code=code)
    line = dossier.components.filter(store_item_id=item_id).select_related("store_item").first()
    if line is None or line.store_item is None:
        raise Http404
    item = line.store_item
    with item.file.open("rb") as handle:
        data = handle.read()
    access_log(request, dossier, purpose=f"file:store:{item.kind}", fields=[f"store_item:{item.pk}"])
    return file_response(request, data, item.original_name, item.content_type)


@login_required
def register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The desk register (Mẫu 07) of one year, as PDF or XLSX, for the desk's officers and leaders."""
    require_staff(request)
    desks = register_desks(request.user)
    this_year = timezone.localdate().year
    wanted = request.GET.get("desk", "")
    if not wanted:
        return render(request, "dossiers/register.html", {"desks": desks, "years": range(this_year, this_year - 6, -1)})
    desk = next((d for d in desks if str(d.pk) == wanted), None)
    year = request.GET.get("year") or str(this_year)
    if desk is None or not (2000 <= (parse_id(year) or 0) <= this_year + 1):
        raise Http404
    if request.GET.get("format") == "xlsx":
        data = register_xlsx(desk=desk, year=int(year))
        return file_response(request, data, f"register-{desk.code}-{year}.xlsx", XLSX)
    return file_response(
        request, register_pdf(desk=desk, year=int(year)), f"register-{desk.code}-{year}.pdf", "application/pdf"
    )
