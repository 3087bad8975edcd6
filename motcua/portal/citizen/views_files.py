"""The applicant's files: those of their dossiers, the forms issued to them, and their personal data
store (documents-and-codes §7: view and download everything, delete own uploads, never a result).
Only the owner reaches a file; anyone else gets the 404 of a missing one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.core.http import AuthenticatedHttpRequest
from motcua.dossiers.errors import DossierError
from motcua.dossiers.forms import form_pdf as render_form_pdf
from motcua.dossiers.selectors_citizen import (
    own_attachment_get,
    own_dossier_get,
    own_form_get,
    own_store_item_get,
    own_store_items,
)
from motcua.dossiers.services import store_item_delete, store_item_upload
from motcua.dossiers.uploads import upload_check
from motcua.dossiers.views.downloads import file_response

from .access import citizen_required
from .forms import StoreUploadForm, add_service_error


@citizen_required
@require_GET
def download(request: AuthenticatedHttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    dossier = own_dossier_get(request.user, pk)
    stored = own_attachment_get(request.user, dossier, attachment_id)
    with stored.file.open("rb") as handle:
        data = handle.read()
    return file_response(request, data, stored.safe_name, stored.content_type)


@citizen_required
@require_GET
def form_pdf(request: AuthenticatedHttpRequest, pk: int, form_id: int) -> HttpResponse:
    dossier = own_dossier_get(request.user, pk)
    form = own_form_get(request.user, dossier, form_id)
    name = f"{form.key}-{dossier.code or dossier.pk}-{form.issue_no}.pdf"
    return file_response(request, render_form_pdf(form), name, "application/pdf")


def _store_page(request: AuthenticatedHttpRequest, form: StoreUploadForm, status: int = 200) -> HttpResponse:
    items = own_store_items(request.user).select_related("source_dossier")
    return render(
        request, "portal/citizen/store.html", {"items": items, "form": form, "section": "store"}, status=status
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def store(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The data store: the list and, on the same page, the upload of a document of one's own."""
    if request.method == "GET":
        return _store_page(request, StoreUploadForm(auto_id="id_store_%s"))
    form = StoreUploadForm(request.POST, request.FILES, auto_id="id_store_%s")
    if not form.is_valid():
        return _store_page(request, form, status=400)
    data = form.cleaned_data
    try:
        checked = upload_check(data["file"])
        store_item_upload(
            owner=request.user, checked=checked, title=data["title"], issuer=data["issuer"], number=data["number"]
        )
    except DossierError as exc:
        add_service_error(form, exc.field or "file", exc.message)
        return _store_page(request, form, status=exc.status)
    messages.success(request, _("The document was added to your data store."))
    return redirect("citizen:store")


@citizen_required
@require_GET
def store_download(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = own_store_item_get(request.user, item_id, for_download=True)
    with item.file.open("rb") as handle:
        data = handle.read()
    return file_response(request, data, item.original_name, item.content_type)


@citizen_required
@require_POST
def store_delete(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = own_store_item_get(request.user, item_id)
    try:
        store_item_delete(owner=request.user, item=item)
    except DossierError as exc:
        messages.error(request, str(exc.message))
        return _store_page(request, StoreUploadForm(auto_id="id_store_%s"), status=exc.status)
    messages.success(request, _("The document was deleted from your data store."))
    return redirect("citizen:store")
