"""Starting, filling in and submitting an online application (lifecycle.md §1, §3).

One page, one multipart form, no JavaScript: every button saves everything posted first, then does
its own thing (save the draft, remove a line's files, submit). Drafts have no code, so pages are
addressed by the dossier's id, always looked up among the user's own dossiers.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.catalog.selectors import public_versions_in_force
from motcua.core.http import AuthenticatedHttpRequest, parse_id
from motcua.dossiers.choices import State
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors_citizen import own_dossier_get, own_drafts_of
from motcua.dossiers.services import (
    SubmissionInvalid,
    dossier_draft_discard,
    dossier_draft_start,
    dossier_resubmit,
    dossier_submit,
    online_desks,
    submission_errors,
)
from motcua.payments.services.fees import PaymentRequired
from motcua.payments.services.gateway_flow import pay_to_submit_amount, payment_start

from .access import citizen_required, client_ip, max_upload_mb
from .draft import GENERAL, Errors, draft_save, eform_views, line_views, summary
from .forms import DraftForm
from .steps import EDITABLE

EDIT_PAGE = "portal/citizen/edit.html"


def _version(version_id: int) -> Any:
    version = (
        public_versions_in_force(on=timezone.localdate())
        .select_related("procedure")
        .prefetch_related("agencies", "components")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise Http404
    return version


@citizen_required
@require_http_methods(["GET", "POST"])
def start(request: AuthenticatedHttpRequest, version_id: int) -> HttpResponse:
    """Choose the desk (and the deciding agency) when there is a choice, then create the draft."""
    version = _version(version_id)
    desks = online_desks(version)
    agencies = list(version.agencies.all())
    error, status = "", 200
    if request.method == "POST":
        desk = next(
            (d for d in desks if str(d.pk) == request.POST.get("desk", "")), desks[0] if len(desks) == 1 else None
        )
        chosen = next((a for a in agencies if str(a.pk) == request.POST.get("agency", "")), None)
        if desk is None:
            error, status = _("Choose where to submit."), 400
        else:
            try:
                dossier = dossier_draft_start(
                    applicant=request.user, version=version, desk=desk, competent_agency=chosen
                )
            except DossierError as exc:
                error, status = str(exc.message), exc.status
            else:
                return redirect("citizen:edit", pk=dossier.pk)
    context = {
        "version": version,
        "desks": desks,
        "agencies": agencies if len(agencies) > 1 else [],
        "drafts": list(own_drafts_of(request.user, version.pk)[:3]),
        "online": version.online_level in ("partial", "full"),
        "error": error,
    }
    return render(request, "portal/citizen/start.html", context, status=status)


def _edit_page(
    request: AuthenticatedHttpRequest,
    dossier: Dossier,
    form: DraftForm,
    errors: Errors | None = None,
    raw: dict[str, Any] | None = None,
    status: int = 200,
    submitting: bool = False,
) -> HttpResponse:
    errors = errors or {}
    form.add_service_errors({k: v for k, v in errors.items() if k in form.fields})
    eform = eform_views(dossier, errors, raw or {})
    lines = line_views(request.user, dossier, errors)
    context = {
        "dossier": dossier,
        "version": dossier.procedure_version,
        "form": form,
        "eform": eform,
        "lines": lines,
        "gaps": _gap_list(dossier),
        "summary": summary(form, eform, lines, errors) if errors else [],
        "is_draft": dossier.state == State.DRAFT,
        "submitting": submitting,
        "max_mb": max_upload_mb(),
        "pay_to_submit": pay_to_submit_amount(dossier),
    }
    return render(request, EDIT_PAGE, context, status=status)


def _gap_list(dossier: Dossier) -> Any:
    if dossier.state != State.RETURNED_FOR_COMPLETION:
        return None
    return dossier.supplements.filter(stage="intake").order_by("-id").first()


@citizen_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dossier = own_dossier_get(request.user, pk)
    if dossier.state not in EDITABLE:
        messages.info(request, _("This dossier has been submitted and can no longer be changed here."))
        return redirect("citizen:detail", pk=dossier.pk)
    if request.method == "GET":
        return _edit_page(request, dossier, DraftForm(dossier=dossier))
    form = DraftForm(request.POST, dossier=dossier)
    errors, raw = draft_save(request, dossier, form)
    dossier = own_dossier_get(request.user, pk)
    action = request.POST.get("action", "save")
    if action == "submit":
        return _submit(request, dossier, form, errors, raw)
    if errors or form.errors:
        return _edit_page(request, dossier, form, errors, raw, status=400)
    removed = request.POST.get("remove", "")
    if parse_id(removed) is not None:
        messages.success(request, _("The file was removed."))
        return redirect(reverse("citizen:edit", args=[pk]) + f"#line-{removed}")
    messages.success(request, _("Your draft was saved. You can come back to it at any time from “My dossiers”."))
    return redirect("citizen:edit", pk=pk)


def _submit(
    request: AuthenticatedHttpRequest, dossier: Dossier, form: DraftForm, errors: Errors, raw: dict[str, Any]
) -> HttpResponse:
    """Submit (or resubmit after a return for completion); on refusal, every gap at once, nothing sent."""
    if errors or form.errors:
        for key, found in submission_errors(dossier).items():
            errors.setdefault(key, found)
        return _refused(request, dossier, form, errors, raw)
    note = (getattr(form, "cleaned_data", {}) or {}).get("note", "")
    try:
        if dossier.state == State.DRAFT:
            dossier_submit(applicant=request.user, dossier=dossier, ip=client_ip(request))
        else:
            dossier_resubmit(applicant=request.user, dossier=dossier, note=note or "", ip=client_ip(request))
    except SubmissionInvalid as exc:
        return _refused(request, dossier, form, dict(exc.errors), raw)
    except PaymentRequired:  # fully online: every check passed, the fee is paid first, then it is submitted
        return _pay_then_submit(request, dossier, form, raw)
    except DossierError as exc:
        return _refused(request, dossier, form, {exc.field or GENERAL: [str(exc.message)]}, raw)
    return redirect(reverse("citizen:detail", args=[dossier.pk]) + "?da-nop=1")


def _pay_then_submit(
    request: AuthenticatedHttpRequest, dossier: Dossier, form: DraftForm, raw: dict[str, Any]
) -> HttpResponse:
    try:
        _payment, url = payment_start(
            actor=request.user, dossier=dossier, request=request, client_ip=client_ip(request)
        )
    except DossierError as exc:
        return _refused(request, dossier, form, {exc.field or GENERAL: [str(exc.message)]}, raw)
    return redirect(url)


def _refused(
    request: AuthenticatedHttpRequest, dossier: Dossier, form: DraftForm, errors: Errors, raw: dict[str, Any]
) -> HttpResponse:
    return _edit_page(request, dossier, form, errors, raw, status=400, submitting=True)


@citizen_required
@require_http_methods(["GET", "POST"])
def discard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete a draft, after a confirmation page (no JavaScript confirm)."""
    dossier = own_dossier_get(request.user, pk)
    if dossier.state != State.DRAFT:
        raise Http404
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        dossier_draft_discard(applicant=request.user, dossier=dossier)
        messages.success(request, _("The draft was deleted."))
        return redirect("citizen:dossiers")
    return render(request, "portal/citizen/discard.html", {"dossier": dossier})
