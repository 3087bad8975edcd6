"""The dossier page: everything about one dossier and the actions its viewer may take now.

Actions post to `<code>/<action>/`; htmx swaps the whole dossier body with the answer (a refusal
keeps the form as typed, with its message and the right status), without JS the page reloads.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from motcua.calendars.engine import explain_render
from motcua.core.http import AuthenticatedHttpRequest

from .. import policy
from ..choices import FormKey
from ..errors import DossierError, StaleDossier
from ..models import Dossier, Task
from ..selectors import dossier_get_for, dossier_timeline
from .action_specs import ACTIONS, cleaned, form_kwargs
from .actions import Action, action_label, actions_for
from .common import access_log, is_partial, require_staff
from .labels import history_rows
from .online import online_context, supplement_views
from .rows import Badges

BODY = "dossiers/partials/detail_body.html"


def _tasks(dossier: Dossier) -> list[Task]:
    tasks = list(dossier.tasks.select_related("agency", "department", "assignee", "participation"))
    for task in tasks:
        task.dossier = dossier  # the capacity checks read task.dossier; no query per task
    return sorted(
        tasks, key=lambda t: (t.started_at is None, t.started_at or dossier.created_at, t.step_order or 0, t.pk)
    )


def explanation_text(dossier: Dossier) -> str:
    if not dossier.due_explanation:
        return ""
    lang = "en" if (get_language() or "vi").startswith("en") else "vi"
    return explain_render(dossier.due_explanation, lang)


def detail_context(
    request: AuthenticatedHttpRequest, dossier: Dossier, *, failed: Action | None = None, notice: str = ""
) -> dict[str, Any]:
    tasks = _tasks(dossier)
    forms = list(dossier.forms.order_by("created_at", "id"))
    receipts = [f for f in forms if f.key == FormKey.RECEIPT]
    history = list(dossier_timeline(dossier))
    supplements = list(dossier.supplements.order_by("id"))
    access_log(request, dossier, purpose="dossier_view")
    return {
        "dossier": dossier,
        "badge": Badges()(dossier),
        "tasks": tasks,
        "active_tasks": [t for t in tasks if t.status == "active"],
        "components": dossier.components.select_related("store_item").prefetch_related("scans"),
        "timeline": history_rows(history, {f.pk: f for f in forms}),
        "explanation": explanation_text(dossier),
        "participations": dossier.participations.select_related("agency").order_by("order", "id"),
        "supplements": supplement_views(dossier, supplements, "processing", history),
        "forms": forms,
        "receipt": receipts[-1] if receipts else None,
        # Uploads and scans are listed with their component; supplement answers with their request.
        "files": list(dossier.attachments.exclude(kind__in=("scan", "upload", "supplement")).order_by("id")),
        "actions": actions_for(request.user, dossier, tasks, failed),
        "failed": failed,
        "notice": notice,
        **online_context(request.user, dossier, supplements, history),
    }


@login_required
def detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    require_staff(request)
    dossier = dossier_get_for(user=request.user, code=code)
    if dossier.code != code:  # lookups trim and upper-case: keep one address per dossier
        return redirect("dossiers:detail", code=dossier.code)
    context = detail_context(request, dossier)
    return render(request, BODY if is_partial(request) else "dossiers/detail.html", context)


@login_required
@require_POST
def action(request: AuthenticatedHttpRequest, code: str, action: str) -> HttpResponse:
    """Run one action through its service; 400/403/409 with the form kept when it is refused."""
    require_staff(request)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    dossier = dossier_get_for(user=request.user, code=code)
    if not policy.may_act(request.user):
        raise PermissionDenied  # auditors and administrators read; they never act (lifecycle.md §7)
    tasks = _tasks(dossier)
    task = _posted_task(request, tasks) if spec.on_task else None
    form = spec.form_class(
        request.POST,
        request.FILES,
        auto_id=f"id_{action}_{task.pk if task else 0}_%s",
        **form_kwargs(action, dossier, task, tasks),
    )
    failed = Action(
        key=action, label=action_label(action, task, tasks), form=form, task=task, primary=True, danger=spec.danger
    )
    if not form.is_valid():
        return _refused(request, dossier, failed, status=400)
    try:
        spec.run(request.user, dossier, cleaned(form), task)
    except DossierError as exc:
        failed.stale = isinstance(exc, StaleDossier) or exc.code == "stale"
        if exc.field and exc.field in form.fields:
            form.add_error(exc.field, str(exc.message))
        else:
            failed.error = str(exc.message)
        return _refused(request, dossier, failed, status=exc.status)
    return _done(request, code, _("Done: %(action)s.") % {"action": failed.label})


def _posted_task(request: AuthenticatedHttpRequest, tasks: list[Task]) -> Task | None:
    wanted = request.POST.get("task_id", "")
    return next((t for t in tasks if str(t.pk) == wanted), None)


def _refused(request: AuthenticatedHttpRequest, dossier: Dossier, failed: Action, *, status: int) -> HttpResponse:
    fresh = dossier_get_for(user=request.user, code=dossier.code or "")  # as it is now (a stale form's reason)
    context = detail_context(request, fresh, failed=failed)
    return render(request, BODY if is_partial(request) else "dossiers/detail.html", context, status=status)


def _done(request: AuthenticatedHttpRequest, code: str, notice: str) -> HttpResponse:
    if not is_partial(request):
        messages.success(request, notice)
        return redirect("dossiers:detail", code=code)
    try:
        dossier = dossier_get_for(user=request.user, code=code)
    except Http404:  # the action moved the dossier out of the user's sight
        messages.success(request, notice)
        return HttpResponseClientRedirect(reverse("dossiers:queues"))
    return render(request, BODY, detail_context(request, dossier, notice=notice))
