"""Counter intake: choose the procedure, fill the form, then accept, guide (Mẫu 02) or refuse (Mẫu 03)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.core.http import AuthenticatedHttpRequest, parse_id
from motcua.org.models import Desk
from motcua.queueing.models import QueueTicket
from motcua.queueing.services import ticket_link_dossier

from ..errors import DossierError
from ..forms_ui import IdCheckForm
from ..identity import id_check
from ..services import dossier_receive, intake_guide, intake_refuse
from .common import page_or_partial, require_staff
from .intake_input import IntakeInput, intake_input
from .reads import attempt_get_for, intake_version_get, intake_versions, officer_desks

RESULTS_SHOWN = 20


def _desk(request: AuthenticatedHttpRequest) -> tuple[list[Desk], Desk]:
    """The officer's desks and the one chosen (`desk` parameter); a single desk needs no choice."""
    require_staff(request)
    desks = officer_desks(request.user)
    if not desks:
        raise PermissionDenied
    wanted = request.POST.get("desk") or request.GET.get("desk") or ""
    chosen = next((d for d in desks if str(d.pk) == wanted), desks[0])
    return desks, chosen


def _ticket(request: AuthenticatedHttpRequest, desk: Desk) -> QueueTicket | None:
    """The queue ticket the intake started from (`ve`), when it belongs to this desk's floor today."""
    raw = request.POST.get("ve") or request.GET.get("ve") or ""
    ticket_id = parse_id(raw)
    if ticket_id is None:
        return None
    return QueueTicket.objects.filter(pk=ticket_id, desk=desk, day=timezone.localdate()).first()


@login_required
def intake(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1: find the procedure (accents optional, or by code); htmx refreshes the results only."""
    desks, desk = _desk(request)
    query = request.GET.get("q", "").strip()[:200]
    versions = list(intake_versions(query)[:RESULTS_SHOWN]) if query else []
    context = {"desks": desks, "desk": desk, "query": query, "versions": versions, "ticket": _ticket(request, desk)}
    return page_or_partial(request, "dossiers/intake_choose.html", "dossiers/partials/intake_results.html", context)


@login_required
def intake_form(request: AuthenticatedHttpRequest, version_id: int) -> HttpResponse:
    """Step 2: the form. A refused submission comes back with everything typed (but the files) and 400."""
    desks, desk = _desk(request)
    version = intake_version_get(version_id)
    form = intake_input(request, version, desk)
    if request.method == "POST":
        if form.outcome == "accept":
            form.check_uploads(request.FILES)
        if form.is_valid():
            try:
                return _submit(request, form)
            except DossierError as exc:
                form.place(exc)
        return _render_form(request, form, desks, status=400)
    return _render_form(request, form, desks)


def _submit(request: AuthenticatedHttpRequest, form: IntakeInput) -> HttpResponse:
    main = form.main.cleaned_data
    common: dict[str, Any] = {
        "actor": request.user,
        "desk": form.desk,
        "version": form.version,
        "applicant": form.applicant(),
    }
    if form.outcome == "guide":
        attempt = intake_guide(**common, items=form.guide_items(), reason=main.get("reason") or "")
        return redirect("dossiers:attempt", pk=attempt.pk)
    if form.outcome == "refuse":
        attempt = intake_refuse(**common, items=form.refusal_items(), reason=main.get("reason") or "")
        return redirect("dossiers:attempt", pk=attempt.pk)
    dossier = dossier_receive(
        **common,
        components=form.component_inputs(),
        return_method=main["return_method"],
        return_address=main.get("return_address") or "",
        subject=main.get("subject") or "",
        sets_count=main["sets_count"],
        competent_agency=main.get("competent_agency"),
    )
    ticket = _ticket(request, form.desk)
    if ticket is not None:
        ticket_link_dossier(ticket=ticket, dossier=dossier, actor=request.user)
    messages.success(
        request, _("Dossier %(code)s received. Print the receipt (Mẫu 01) for the applicant.") % {"code": dossier.code}
    )
    return redirect("dossiers:detail", code=dossier.code)


def _render_form(
    request: AuthenticatedHttpRequest, form: IntakeInput, desks: list[Desk], status: int = 200
) -> HttpResponse:
    failed = status >= 400
    context = {
        "form": form,
        "version": form.version,
        "desk": form.desk,
        "desks": desks,
        "fees": list(form.version.fees.all()),
        "failed": failed,
        "files_dropped": failed and form.outcome == "accept" and bool(request.FILES),
        "top_errors": form.section_errors.get("top", []) + list(form.main.non_field_errors()),
        "ticket": _ticket(request, form.desk),
    }
    return render(request, "dossiers/intake_form.html", context, status=status)


@login_required
@require_GET
def id_check_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Live check of the ID number as the officer types (errors block acceptance, warnings do not)."""
    require_staff(request)
    form = IdCheckForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    number = (data.get("id_number") or "").strip()
    check = id_check(data.get("id_type") or "cccd", number, birth_date=data.get("birth_date")) if number else None
    return render(request, "dossiers/partials/id_check.html", {"check": check})


@login_required
def attempt(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What a guidance or refusal left: its items and the form to print (no dossier code)."""
    require_staff(request)
    record = attempt_get_for(request.user, pk)
    form = record.forms.order_by("-id").first()
    if form is None:
        raise Http404
    return render(request, "dossiers/attempt.html", {"attempt": record, "form_doc": form})
