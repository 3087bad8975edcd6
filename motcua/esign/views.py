"""`/xac-thuc/`: anyone checks a result (a PDF, or result code + dossier code); staff revoke one.

The page works without JavaScript: the file is a plain multipart POST, the codes a GET (the QR on the
result lands here with both prefilled). An unknown code and a wrong pair answer the same 404 page;
too many checks from one address answer 429 with Retry-After.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.dossiers.errors import DossierError
from motcua.dossiers.selectors import dossier_get_for
from motcua.dossiers.views.common import require_staff
from motcua.portal.lookup import client_ip

from .forms import RevokeForm, VerifyCodesForm, VerifyFileForm
from .models import ResultDocument
from .services import result_revoke
from .verify import verify_codes, verify_file, verify_throttle

PAGE = "esign/verify.html"


def _refused(request: HttpRequest, wait: int, context: dict[str, Any]) -> HttpResponse:
    until = timezone.localtime(timezone.now() + dt.timedelta(seconds=wait))
    context["refusal"] = _("Too many checks from your connection. Please try again after %(time)s.") % {
        "time": until.strftime("%H:%M %d/%m/%Y")
    }
    response = render(request, PAGE, context, status=429)
    response["Retry-After"] = str(wait)
    return response


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"file_form": VerifyFileForm(auto_id="id_file_%s"), "codes_form": None}
    if request.method == "POST":
        form = VerifyFileForm(request.POST, request.FILES, auto_id="id_file_%s")
        context.update(file_form=form, codes_form=VerifyCodesForm(auto_id="id_codes_%s"), tab="file")
        if not form.is_valid():
            return _private(render(request, PAGE, context, status=400))
        wait = verify_throttle(client_ip(request))
        if wait:
            return _private(_refused(request, wait, context))
        upload = form.cleaned_data["file"]
        limit = settings.MOTCUA["UPLOAD_MAX_FILE_BYTES"]
        data = upload.read(limit + 1)
        if len(data) > limit:
            form.add_error("file", _("The file is larger than %(mb)s MB.") % {"mb": limit // 2**20})
            return _private(render(request, PAGE, context, status=400))
        context["checked"] = verify_file(data)
        return _private(render(request, PAGE, context))
    if "kq" not in request.GET and "hs" not in request.GET:
        context["codes_form"] = VerifyCodesForm(auto_id="id_codes_%s")
        return render(request, PAGE, context)
    codes = VerifyCodesForm(request.GET, auto_id="id_codes_%s")
    context.update(codes_form=codes, tab="codes")
    if not codes.is_valid():
        return render(request, PAGE, context, status=400)
    wait = verify_throttle(client_ip(request))
    if wait:
        return _refused(request, wait, context)
    record = verify_codes(codes.cleaned_data["kq"], codes.cleaned_data["hs"])
    if record is None:  # nothing typed is echoed back: an unknown code and a wrong pair answer the same bytes
        context.update(not_found=True, codes_form=VerifyCodesForm(auto_id="id_codes_%s"))
        return _private(render(request, PAGE, context, status=404))
    context["record"] = record
    return _private(render(request, PAGE, context))


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency leader revokes a result from the staff dossier page (PRG back to the dossier)."""
    require_staff(request)
    result = get_object_or_404(ResultDocument.objects.select_related("dossier"), pk=pk)
    dossier = dossier_get_for(user=request.user, code=result.dossier.code or "")  # 404 outside the user's scope
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for revoking the result."))
        return redirect("dossiers:detail", dossier.code)
    try:
        result_revoke(actor=request.user, result=result, reason=form.cleaned_data["reason"])
    except DossierError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Result %(code)s is revoked.") % {"code": result.code})
    return redirect("dossiers:detail", dossier.code)
