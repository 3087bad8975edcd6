"""Staff resend screen: failed and stuck messages of the user's agencies, resend, recipient fix.

Open to one-stop officers, agency leaders and administrators (their agencies' messages) and to
superusers (all). Phone numbers are masked in the list; every change is audited by the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from motcua.core.http import AuthenticatedHttpRequest, parse_id

from .events import event_label
from .forms import OutboxFilterForm, RecipientForm
from .models import Channel, OutboxMessage, OutboxStatus
from .selectors import outbox_agencies_for, outbox_get_for, outbox_many_for, outbox_problems_for
from .services import outbox_recipient_correct, outbox_resend

PAGE_SIZE = 50


def mask_recipient(message: OutboxMessage) -> str:
    """Phone numbers show only their last 3 digits; e-mail addresses are shown as they are."""
    if message.channel == Channel.SMS:
        return "*" * max(len(message.recipient) - 3, 0) + message.recipient[-3:]
    return message.recipient


@dataclass
class Row:
    message: OutboxMessage
    recipient: str
    event: str
    code: str
    correctable: bool


def _row(message: OutboxMessage) -> Row:
    return Row(
        message=message,
        recipient=mask_recipient(message),
        event=event_label(message.event),
        code=str(message.payload.get("code") or ""),
        correctable=message.channel in (Channel.EMAIL, Channel.SMS) and message.status != OutboxStatus.SENT,
    )


def _require_resend_role(request: AuthenticatedHttpRequest) -> None:
    agencies = outbox_agencies_for(request.user)
    if agencies is not None and not agencies:
        raise PermissionDenied


def _back(request: AuthenticatedHttpRequest) -> str:
    """Back to the list with the filters the user had (only a URL of this screen is accepted)."""
    target = request.POST.get("next", "")
    base = reverse("notifications:list")
    if target.startswith(base) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return base


@login_required
def outbox_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_resend_role(request)
    form = OutboxFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = outbox_problems_for(user=request.user, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "form": form,
        "page": page,
        "rows": [_row(message) for message in page],
        "query": query.urlencode(),
        "here": request.get_full_path(),
    }
    return render(request, "notifications/outbox_list.html", context)


@login_required
@require_POST
def outbox_resend_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_resend_role(request)
    one = request.POST.get("one", "")
    raw = [one] if one else request.POST.getlist("ids")
    ids = [i for i in map(parse_id, raw) if i is not None]
    if not ids:
        messages.error(request, _("Select at least one message to resend."))
        return redirect(_back(request))
    done = outbox_resend(actor=request.user, messages=outbox_many_for(user=request.user, ids=ids))
    if done:
        text = ngettext(
            "%(count)d message is queued to be sent again.",
            "%(count)d messages are queued to be sent again.",
            len(done),
        )
        messages.success(request, text % {"count": len(done)})
    else:
        messages.error(request, _("None of the selected messages can be resent."))
    return redirect(_back(request))


@login_required
def outbox_recipient(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_resend_role(request)
    message = outbox_get_for(user=request.user, pk=pk)
    row = _row(message)
    if not row.correctable:
        messages.error(request, _("The recipient of this message cannot be changed."))
        return redirect("notifications:list")
    form = RecipientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outbox_recipient_correct(actor=request.user, message=message, recipient=form.cleaned_data["recipient"])
        except ValidationError as exc:
            form.add_error("recipient", exc)
        else:
            messages.success(request, _("The recipient was corrected and the message is queued to be sent again."))
            return redirect("notifications:list")
    status = 400 if form.errors else 200
    return render(request, "notifications/outbox_recipient.html", {"row": row, "form": form}, status=status)
