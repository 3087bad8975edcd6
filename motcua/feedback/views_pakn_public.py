"""Public feedback pages: send feedback (with or without an account), follow it by its code (the
last 4 digits of the phone show the details and the form to add information), and the published
answers with like / dislike. Work without JavaScript."""

from __future__ import annotations

import hashlib
import hmac

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.catalog.models import Field
from motcua.core.http import parse_id
from motcua.dossiers.codes import code_normalise
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.uploads import CheckedFile, upload_check
from motcua.org.models import Agency

from .choices import FeedbackSource, FeedbackState
from .models import Feedback
from .pakn_forms import FollowForm, SubmitForm, SupplementForm
from .pakn_selectors import published_list
from .pakn_services import Sender, feedback_submit, feedback_supplement, feedback_vote

WRONG_FACTOR_LIMIT = 5
PER_PAGE = 20


def public_agencies() -> object:
    return Agency.objects.filter(valid_to__isnull=True, desks__is_active=True).distinct().order_by("level", "name")


def checked_files(request: HttpRequest) -> list[CheckedFile]:
    """Each upload checked (type by content, size, hostile PDFs and images); one bad file refuses all."""
    return [upload_check(upload) for upload in request.FILES.getlist("attachments")[:6]]


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    agencies = public_agencies()
    initial = {"dossier_code": request.GET.get("ho_so", "")[:40]}
    user = request.user
    if getattr(user, "is_authenticated", False):
        initial |= {
            "sender_name": getattr(user, "full_name", ""),
            "sender_email": getattr(user, "email", ""),
            "sender_phone": getattr(user, "phone", ""),
        }
    form = SubmitForm(request.POST or None, request.FILES or None, agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            files = checked_files(request)
            dossier = (
                Dossier.objects.filter(code=code_normalise(data["dossier_code"])).first()
                if data["dossier_code"]
                else None
            )
            feedback = feedback_submit(
                agency=data["agency"],
                sender=Sender(
                    data["sender_name"], data["sender_phone"], data["sender_email"], data["sender_address"], user
                ),
                subject=data["subject"],
                content=data["content"],
                about=data["about"],
                source=FeedbackSource.PORTAL,
                dossier=dossier,
                procedure=dossier.procedure_version.procedure if dossier else None,
                files=files,
            )
        except DossierError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(
                request,
                _("Your feedback is received with code %(code)s. Keep it to follow the answer.")
                % {"code": feedback.code},
            )
            return redirect("feedback_public:follow", code=feedback.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "feedback/submit.html", {"form": form}, status=status)


def _factor_key(code: str) -> str:
    return "pakn:factor:" + hashlib.sha256(code.encode()).hexdigest()[:24]


def _factor_ok(feedback: Feedback, typed: str) -> bool:
    tail = (feedback.sender_phone or "")[-4:]
    return len(tail) == 4 and hmac.compare_digest("".join(typed.split())[:8].encode(), tail.encode())


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, code: str) -> HttpResponse:
    """Public part by code; with the phone's last 4 digits (5 tries an hour), the details."""
    feedback = Feedback.objects.filter(code=code.strip()[:60]).select_related("agency", "field").first()
    if feedback is None:
        raise Http404
    details = request.session.get("pakn_ok") == feedback.code
    form = FollowForm(request.POST or None)
    status = 200
    if request.method == "POST" and "factor" in request.POST:
        key = _factor_key(feedback.code)
        wrong = int(cache.get(key, 0))
        if wrong >= WRONG_FACTOR_LIMIT:
            form.add_error(None, _("Too many wrong tries. Try again in an hour."))
            status = 429
        elif form.is_valid() and _factor_ok(feedback, form.cleaned_data["factor"]):
            request.session["pakn_ok"] = feedback.code
            return redirect("feedback_public:follow", code=feedback.code)
        else:
            cache.set(key, wrong + 1, 3600)
            form.add_error(None, _("The digits do not match."))
            status = 400
    context = {
        "feedback": feedback,
        "details": details,
        "form": form,
        "supplement_form": SupplementForm()
        if details and feedback.state == FeedbackState.SUPPLEMENT_REQUESTED
        else None,
        "events": feedback.events.order_by("at", "id") if details else None,
        "public_answer": feedback.state in (FeedbackState.PUBLISHED, FeedbackState.CLOSED) and feedback.published_at,
    }
    return render(request, "feedback/follow.html", context, status=status)


@require_POST
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    feedback = Feedback.objects.filter(code=code.strip()[:60]).first()
    if feedback is None or request.session.get("pakn_ok") != feedback.code:
        raise Http404
    form = SupplementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            feedback_supplement(feedback=feedback, text=form.cleaned_data["text"], files=checked_files(request))
        except DossierError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request, _("Thank you: the information is added and the agency handles your feedback again.")
            )
    else:
        messages.error(request, _("Write the information asked for."))
    return redirect("feedback_public:follow", code=feedback.code)


@require_GET
def answers(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    field_raw = request.GET.get("linh_vuc", "")
    field_id = parse_id(field_raw)
    page = Paginator(published_list(query=query, field_id=field_id), PER_PAGE).get_page(request.GET.get("trang"))
    fields = Field.objects.filter(
        pk__in=Feedback.objects.filter(published_at__isnull=False).values("field_id")
    ).order_by("name")
    return render(
        request, "feedback/answers.html", {"page": page, "query": query, "fields": fields, "field_id": field_id}
    )


@require_POST
def vote(request: HttpRequest, code: str) -> HttpResponse:
    feedback = Feedback.objects.filter(code=code.strip()[:60]).first()
    if feedback is None:
        raise Http404
    if not request.session.session_key:
        request.session.save()
    voter = hashlib.sha256(f"s:{request.session.session_key}".encode()).hexdigest()
    try:
        feedback_vote(feedback=feedback, voter=voter, liked=request.POST.get("liked") == "1")
    except DossierError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Thank you for your opinion."))
    if request.POST.get("from") == "follow":
        return redirect("feedback_public:follow", code=feedback.code)
    return redirect("feedback_public:answers")
