"""The applicant's personal-data page, and the staff queue of data-subject requests."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from motcua.audit.services import audit_record
from motcua.dossiers.errors import DossierError
from motcua.dossiers.policy import assignments
from motcua.org.choices import Role
from motcua.portal.citizen.access import citizen_required

from . import selectors, services
from .models import DataSubjectRequest, RequestKind, RequestState


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What are you asking for?"), choices=RequestKind.choices)
    dossier_code = forms.CharField(label=gettext_lazy("Dossier code (if it is about one dossier)"), required=False)
    details = forms.CharField(
        label=gettext_lazy("Details: which data, and what should change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=services.DETAILS_MAX,
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("Answer"), widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput)


def _home_context(request: HttpRequest, form: RequestForm) -> dict[str, Any]:
    return {
        "section": "privacy",
        "form": form,
        "requests": selectors.my_requests(request.user),
        "accesses": selectors.accesses_to_my_dossiers(request.user, limit=50),
        "days": services.response_days(),
    }


@citizen_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.request_submit(user=request.user, **form.cleaned_data)
        except DossierError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            from django.contrib import messages

            messages.success(
                request,
                _("Request %(code)s registered. We answer by %(due)s.")
                % {"code": made.code, "due": timezone.localtime(made.due_at).strftime("%d/%m/%Y %H:%M")},
            )
            return redirect("privacy:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/home.html", _home_context(request, form), status=status)


@citizen_required
def export(request: HttpRequest) -> HttpResponse:
    """The applicant's own data as a JSON file (right of access, served at once)."""
    audit_record(
        chain=f"user:{request.user.pk}",
        kind="privacy.export",
        object_type="user",
        object_id=request.user.pk,
        actor=request.user,
        data={"ip": request.META.get("REMOTE_ADDR", "")},
    )
    body = json.dumps(selectors.data_export(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="du-lieu-ca-nhan.json"'
    return response


# Staff: who may answer (settings.MOTCUA["PRIVACY_HANDLER_ROLES"]); auditors read the queue.
def _handler_roles() -> set[str]:
    return set(settings.MOTCUA.get("PRIVACY_HANDLER_ROLES", (Role.AGENCY_LEADER, Role.ADMINISTRATOR)))


def _may_answer(user: Any) -> bool:
    return bool(user.is_superuser) or any(a.role in _handler_roles() for a in assignments(user))


def _may_read(user: Any) -> bool:
    return _may_answer(user) or any(a.role == Role.AUDITOR for a in assignments(user))


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    if not _may_read(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    start = dt.datetime(today.year, today.month, 1, tzinfo=timezone.get_current_timezone())
    context = {
        "open": selectors.open_requests(),
        "recent": DataSubjectRequest.objects.exclude(state=RequestState.OPEN).select_related("user")[:50],
        "figures": selectors.request_figures(start, timezone.now() + dt.timedelta(seconds=1)),
        "now": timezone.now(),
    }
    return render(request, "privacy/staff_list.html", context)


def _get(code: str) -> DataSubjectRequest:
    found = DataSubjectRequest.objects.select_related("user", "answered_by").filter(code=code[:24]).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_http_methods(["GET"])
def staff_detail(request: HttpRequest, code: str) -> HttpResponse:
    if not _may_read(request.user):
        raise PermissionDenied
    item = _get(code)
    form = AnswerForm(initial={"version": item.version})
    return render(
        request, "privacy/staff_detail.html", {"item": item, "form": form, "may_answer": _may_answer(request.user)}
    )


@login_required
@require_POST
def staff_answer(request: HttpRequest, code: str) -> HttpResponse:
    if not _may_answer(request.user):
        raise PermissionDenied
    item = _get(code)
    form = AnswerForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.request_answer(
                actor=request.user,
                request=item,
                answer=form.cleaned_data["answer"],
                refuse=request.POST.get("refuse") == "1",
                expected_version=form.cleaned_data["version"],
            )
        except DossierError as exc:
            form.add_error(None, str(exc.message))
            status = exc.status
        else:
            return redirect("privacy_staff:list")
    context = {"item": item, "form": form, "may_answer": True}
    return render(request, "privacy/staff_detail.html", context, status=status)
