"""Staff pages of feedback (PAKN): the scoped list with overdue warnings, one feedback with its
stages as forms, and keying in feedback received at the counter, by hotline, e-mail or box."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.audit.models import PersonalDataAccess
from motcua.audit.services import personal_data_access_record
from motcua.core.http import AuthenticatedHttpRequest, parse_id
from motcua.dossiers.errors import DossierError
from motcua.dossiers.selectors import dossier_get_for
from motcua.dossiers.views.common import acting_role_in, client_ip, require_staff
from motcua.org.models import Agency, User
from motcua.org.selectors import agency_list_for

from . import pakn_services as svc
from .choices import FeedbackCategory, FeedbackState
from .pakn_forms import ClassifyForm, StaffSubmitForm
from .pakn_selectors import feedback_get_for, feedback_list_for, stage_view
from .views_pakn_public import checked_files

PER_PAGE = 25


@login_required
@require_GET
def feedback_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_staff(request)
    filters = {k: request.GET.get(k, "") for k in ("state", "overdue", "category", "agency", "q")}
    filters["state"] = filters["state"] or ("" if "state" in request.GET else "open")
    now = timezone.now()
    page = Paginator(feedback_list_for(user=request.user, filters=filters, now=now), PER_PAGE).get_page(
        request.GET.get("trang")
    )
    rows = [(f, stage_view(f, now)) for f in page]
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "states": FeedbackState.choices,
        "categories": FeedbackCategory.choices,
        "agencies": agency_list_for(user=request.user).filter(valid_to__isnull=True).order_by("level", "name"),
    }
    return render(request, "feedback/staff/list.html", context)


def _assignees(agency_id: int) -> list[User]:
    return list(
        User.objects.filter(role_assignments__agency_id=agency_id, is_active=True)
        .distinct()
        .order_by("full_name")[:200]
    )


@login_required
@require_GET
def feedback_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    require_staff(request)
    feedback = feedback_get_for(user=request.user, code=code)
    _log_sender_view(request, feedback)
    context = {
        "feedback": feedback,
        "stage": stage_view(feedback),
        "events": feedback.events.select_related("actor", "agency").order_by("at", "id"),
        "attachments": feedback.attachments.order_by("uploaded_at"),
        "assignees": _assignees(feedback.agency_id),
        "agencies": Agency.objects.filter(valid_to__isnull=True)
        .exclude(pk=feedback.agency_id)
        .order_by("level", "name"),
        "classify": ClassifyForm(
            initial={
                "category": feedback.category or FeedbackCategory.REGULATION,
                "founded": "" if feedback.founded is None else ("1" if feedback.founded else "0"),
                "dossier_code": feedback.dossier.code if feedback.dossier is not None else "",
            }
        ),
        "follow_ups": feedback.follow_ups.order_by("received_at"),
    }
    return render(request, "feedback/staff/detail.html", context)


SENDER_FIELDS = ("sender_name", "sender_phone", "sender_email", "sender_address")


def _log_sender_view(request: AuthenticatedHttpRequest, feedback: Any) -> None:
    """The detail page shows the sender's name, phone, e-mail and address: log who saw them (§9)."""
    role, agency_id = acting_role_in(request.user, {feedback.agency_id})
    personal_data_access_record(
        user=request.user,
        subject=PersonalDataAccess.Subject.FEEDBACK,
        dossier_id=feedback.pk,
        dossier_code=feedback.code or "",
        fields=[name for name in SENDER_FIELDS if getattr(feedback, name)],
        purpose="feedback_view",
        role=role,
        ip=client_ip(request),
        agency_id=agency_id or feedback.agency_id,
    )


def _seen(request: AuthenticatedHttpRequest) -> str | None:
    return request.POST.get("seen_state") or None


def _classify(request: AuthenticatedHttpRequest, feedback: Any) -> Any:
    form = ClassifyForm(request.POST)
    if not form.is_valid():
        raise DossierError(_("Choose a category."), field="category")
    code = form.cleaned_data["dossier_code"]
    dossier = dossier_get_for(user=request.user, code=code) if code else None
    return svc.feedback_classify(
        feedback=feedback,
        actor=request.user,
        category=form.cleaned_data["category"],
        founded=form.cleaned_data["founded"],
        dossier=dossier,
        officer=dossier.received_by if dossier is not None and form.cleaned_data["category"] == "behaviour" else None,
    )


def _founded(request: AuthenticatedHttpRequest) -> bool | None:
    raw = request.POST.get("founded", "")
    return None if raw == "" else raw == "1"


ACTIONS: dict[str, Callable[[AuthenticatedHttpRequest, Any], Any]] = {
    "tiep-nhan": lambda r, f: svc.feedback_accept(feedback=f, actor=r.user, seen_state=_seen(r)),
    "tu-choi": lambda r, f: svc.feedback_refuse(
        feedback=f, actor=r.user, reason=r.POST.get("reason", ""), seen_state=_seen(r)
    ),
    "yeu-cau-bo-sung": lambda r, f: svc.feedback_request_supplement(
        feedback=f, actor=r.user, request=r.POST.get("request", ""), seen_state=_seen(r)
    ),
    "phan-cong": lambda r, f: svc.feedback_assign(
        feedback=f,
        actor=r.user,
        assignee=next((u for u in _assignees(f.agency_id) if str(u.pk) == r.POST.get("assignee")), None),
        seen_state=_seen(r),
    ),
    "phan-loai": _classify,
    "tra-loi": lambda r, f: svc.feedback_answer(
        feedback=f,
        actor=r.user,
        answer=r.POST.get("answer", ""),
        founded=_founded(r),
        files=checked_files(r),
        seen_state=_seen(r),
    ),
    "cong-khai": lambda r, f: svc.feedback_publish(feedback=f, actor=r.user, seen_state=_seen(r)),
    "dong": lambda r, f: svc.feedback_close(feedback=f, actor=r.user, seen_state=_seen(r)),
    "chuyen": lambda r, f: svc.feedback_forward(
        feedback=f, actor=r.user, to=_agency(r.POST.get("to", "")), note=r.POST.get("note", ""), seen_state=_seen(r)
    ),
}


def _agency(raw: str) -> Agency:
    agency = Agency.objects.filter(pk=parse_id(raw) or 0, valid_to__isnull=True).first()
    if agency is None:
        raise DossierError(_("Choose another agency."), field="to")
    return agency


@login_required
@require_POST
def feedback_action(request: AuthenticatedHttpRequest, code: str, action: str) -> HttpResponse:
    require_staff(request)
    feedback = feedback_get_for(user=request.user, code=code)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    try:
        handler(request, feedback)
    except DossierError as exc:
        messages.error(request, str(exc.message))
        response = redirect("feedback_staff:detail", code=feedback.code)
        response.status_code = 303
        return response
    messages.success(request, _("Done."))
    if action == "chuyen" and feedback_list_for(user=request.user).filter(pk=feedback.pk).first() is None:
        return redirect("feedback_staff:list")  # forwarded out of the officer's scope
    return redirect("feedback_staff:detail", code=feedback.code)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_key_in(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Feedback received at the counter, by hotline, e-mail or in the box, typed in by staff."""
    require_staff(request)
    agencies = agency_list_for(user=request.user).filter(valid_to__isnull=True).order_by("level", "name")
    form = StaffSubmitForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dossier = dossier_get_for(user=request.user, code=data["dossier_code"]) if data["dossier_code"] else None
            feedback = svc.feedback_submit(
                agency=data["agency"],
                sender=svc.Sender(
                    data["sender_name"], data["sender_phone"], data["sender_email"], data["sender_address"]
                ),
                subject=data["subject"],
                content=data["content"],
                about=data["about"],
                source=data["source"],
                dossier=dossier,
                files=checked_files(request),
                actor=request.user,
            )
        except Http404:
            form.add_error("dossier_code", _("No dossier with this code in your scope."))
        except DossierError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Feedback %(code)s recorded.") % {"code": feedback.code})
            return redirect("feedback_staff:detail", code=feedback.code)
    return render(
        request, "feedback/staff/key_in.html", {"form": form}, status=400 if request.method == "POST" else 200
    )
