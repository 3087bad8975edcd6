"""The applicant's dossiers: the list, one dossier's page, and what they can do on it (answer a
supplement request, withdraw, rate). Each action posts to its own URL and comes back to the page;
a refusal shows the page again with the message on the field (status 400/409), nothing written.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.core.http import AuthenticatedHttpRequest
from motcua.dossiers.choices import State, SupplementPhase
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors_citizen import own_dossier_get, own_dossiers, own_rating
from motcua.dossiers.services import dossier_supplement_answer, dossier_withdraw_online
from motcua.dossiers.uploads import CheckedFile, upload_check
from motcua.feedback.services import EDIT_WINDOW, rating_is_editable, rating_submit_online

from .access import citizen_required, max_upload_mb
from .forms import RatingForm, SupplementNoteForm, WithdrawForm, add_service_error
from .pages import detail_facts
from .steps import RATEABLE, WITHDRAWABLE, next_step

PER_PAGE = 20
DETAIL_PAGE = "portal/citizen/detail.html"


@citizen_required
@require_GET
def dossiers(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(own_dossiers(request.user), PER_PAGE).get_page(request.GET.get("trang"))
    rows = [(d, next_step(d, rated=getattr(d, "rated", False))) for d in page.object_list]
    return render(request, "portal/citizen/dossiers.html", {"page": page, "rows": rows, "section": "dossiers"})


def _detail(request: AuthenticatedHttpRequest, dossier: Dossier, status: int = 200, **forms: Any) -> HttpResponse:
    rating = own_rating(request.user, dossier) if dossier.state in RATEABLE else None
    rating_open = dossier.state in RATEABLE and (rating is None or rating_is_editable(rating))
    initial = {"score": rating.score, "criteria": rating.criteria, "comment": rating.comment} if rating else None
    supplement_open = dossier.state == State.SUPPLEMENT_REQUESTED and dossier.supplement_phase == SupplementPhase.ISSUED
    context = {
        **detail_facts(dossier),
        "dossier": dossier,
        "next": next_step(dossier, rated=rating is not None),
        "just_sent": request.GET.get("da-nop") == "1" and dossier.state == State.SUBMITTED,
        "supplement_open": supplement_open,
        "supplement_form": forms.get("supplement_form") or SupplementNoteForm(),
        "supplement_errors": forms.get("supplement_errors") or {},
        "can_withdraw": dossier.state in WITHDRAWABLE,
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(auto_id="id_withdraw_%s"),
        "rating": rating,
        "rating_open": rating_open,
        "rating_form": forms.get("rating_form") or RatingForm(initial=initial, auto_id="id_rating_%s"),
        "rating_until": rating.created_at + EDIT_WINDOW if rating else None,
        "supplement_inputs": _supplement_inputs(dossier, forms.get("supplement_errors") or {})
        if supplement_open
        else [],
        "max_mb": max_upload_mb(),
    }
    return render(request, DETAIL_PAGE, context, status=status)


@citizen_required
@require_GET
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, own_dossier_get(request.user, pk))


def _supplement_inputs(dossier: Dossier, errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    """One file input per checklist line (the answer lands on that line), and one for anything else."""
    inputs = [(f"file_{line.pk}", line.name) for line in dossier.components.all()]
    inputs.append(("file_other", _("Other documents")))
    return [{"name": n, "id": f"id_sup_{n}", "label": label, "errors": errors.get(n, [])} for n, label in inputs]


def _supplement_files(request: AuthenticatedHttpRequest, dossier: Dossier) -> tuple[list[Any], dict[str, list[str]]]:
    files: list[tuple[int | None, CheckedFile]] = []
    errors: dict[str, list[str]] = {}
    inputs = [(f"file_{line.pk}", line.pk) for line in dossier.components.all()] + [("file_other", None)]
    for name, component_id in inputs:
        for upload in request.FILES.getlist(name):
            try:
                files.append((component_id, upload_check(upload)))
            except DossierError as exc:
                errors.setdefault(name, []).append(str(exc.message))
    return files, errors


@citizen_required
@require_POST
def supplement(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Answer the agency's request to complete the dossier (Mẫu 02) with files and a note."""
    dossier = own_dossier_get(request.user, pk)
    form = SupplementNoteForm(request.POST)
    files, errors = _supplement_files(request, dossier)
    if not form.is_valid() or errors:
        return _detail(request, dossier, 400, supplement_form=form, supplement_errors=errors)
    try:
        dossier_supplement_answer(
            applicant=request.user, dossier=dossier, files=files, note=form.cleaned_data.get("note", "")
        )
    except DossierError as exc:
        if exc.field == "files":
            errors["file_other"] = [str(exc.message)]
        else:
            add_service_error(form, exc.field, exc.message)
        return _detail(request, dossier, exc.status, supplement_form=form, supplement_errors=errors)
    messages.success(request, _("Thank you: your documents were sent to the desk, which will check them."))
    return redirect("citizen:detail", pk=pk)


@citizen_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Withdraw in two steps without JavaScript: the reason, then a page that asks to confirm."""
    dossier = own_dossier_get(request.user, pk)
    form = WithdrawForm(request.POST, auto_id="id_withdraw_%s")
    if not form.is_valid():
        return _detail(request, dossier, 400, withdraw_form=form)
    if request.POST.get("confirm") != "yes":
        return render(request, "portal/citizen/withdraw_confirm.html", {"dossier": dossier, "form": form})
    try:
        dossier_withdraw_online(applicant=request.user, dossier=dossier, reason=form.cleaned_data["reason"])
    except DossierError as exc:
        add_service_error(form, exc.field, exc.message)
        return _detail(request, dossier, exc.status, withdraw_form=form)
    messages.success(request, _("Your dossier was withdrawn. The acknowledgement is in the documents below."))
    return redirect("citizen:detail", pk=pk)


@citizen_required
@require_POST
def rate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dossier = own_dossier_get(request.user, pk)
    form = RatingForm(request.POST, auto_id="id_rating_%s")
    if not form.is_valid():
        return _detail(request, dossier, 400, rating_form=form)
    data = form.cleaned_data
    try:
        rating_submit_online(
            applicant=request.user,
            dossier=dossier,
            score=data["score"],
            criteria=data.get("criteria") or [],
            comment=data.get("comment", ""),
        )
    except DossierError as exc:
        add_service_error(form, exc.field, exc.message)
        return _detail(request, dossier, exc.status, rating_form=form)
    messages.success(request, _("Thank you for your rating."))
    return redirect(reverse("citizen:detail", args=[pk]) + "#danh-gia")
