"""Each dossier action the screens offer: its label, its form and the one service it calls.

A runner only translates the form into the service's keyword arguments; the service decides whether
the action is allowed and raises a `DossierError` when it is not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from motcua.catalog.choices import StepRole

from .. import services
from ..choices import SupplementPhase
from ..errors import DossierError
from ..forms_ui import (
    ActionForm,
    AnswerForm,
    CompleteForm,
    CompleteSupplementForm,
    ConsultForm,
    FinishForm,
    ForwardForm,
    ItemsForm,
    ObligationMetForm,
    RequestObligationForm,
    RescheduleForm,
    ReturnForm,
    SendBackForm,
    StopForm,
    TransferForm,
    WithdrawForm,
)
from ..models import Dossier, Task
from ..uploads import CheckedFile, upload_check
from .online_forms import AcceptForm, RefuseOnlineForm, ReturnForCompletionForm, RowsForm
from .reads import consultable_agencies, specialists_of

Runner = Callable[[Any, Dossier, dict[str, Any], Task | None], Any]


@dataclass(frozen=True)
class ActionSpec:
    label: Any
    form_class: type[ActionForm]
    run: Runner
    on_task: bool = False
    danger: bool = False


def _checked(upload: Any, field: str) -> CheckedFile | None:
    """An optional upload through `upload_check`, its refusal shown under `field`."""
    if not upload:
        return None
    try:
        return upload_check(upload)
    except DossierError as exc:
        exc.field = field
        raise


def _common(user: Any, dossier: Dossier, data: dict[str, Any]) -> dict[str, Any]:
    return {"actor": user, "dossier": dossier, "expected_version": data["lock_version"]}


def _task(user: Any, dossier: Dossier, data: dict[str, Any]) -> dict[str, Any]:
    return {**_common(user, dossier, data), "task_id": data["task_id"]}


def run_accept(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_accept(**_common(user, dossier, data))


def run_return_for_completion(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_return_for_completion(
        **_common(user, dossier, data), items=data["items"], reason=data["reason"]
    )


def run_refuse_online(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_refuse_online(**_common(user, dossier, data), items=data["items"], reason=data["reason"])


def run_forward(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_forward(**_common(user, dossier, data), note=data["note"])


def run_complete(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.task_complete(
        **_task(user, dossier, data),
        note=data["note"],
        assignee=data.get("assignee"),
        decision=data.get("decision") or "",
    )


def run_send_back(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.task_send_back(**_task(user, dossier, data), reason=data["reason"])


def run_consult(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_consult(
        **_task(user, dossier, data),
        agencies=list(data["agencies"]),
        question=data["question"],
        budget_minutes=data["budget_hours"] * 60,
        mode=data["mode"],
    )


def run_answer(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.consultation_answer(**_task(user, dossier, data), answer=data["answer"])


def run_propose_supplement(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_propose_supplement(
        **_common(user, dossier, data), items=data["items"], reason=data["reason"]
    )


def run_request_supplement(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_request_supplement(
        **_common(user, dossier, data), items=data["items"] or None, reason=data["reason"]
    )


def run_complete_supplement(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_complete_supplement(**_common(user, dossier, data), note=data["note"])


def run_request_obligation(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_request_obligation(
        **_common(user, dossier, data), amounts=data["amounts"], payee=data["payee"]
    )


def run_obligation_met(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_obligation_met(**_common(user, dossier, data), proof=data["proof"])


def run_reschedule(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_reschedule(
        **_common(user, dossier, data), new_date=data["new_date"], reason=data["reason"], number=data["number"]
    )


def run_stop(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_stop(
        **_common(user, dossier, data),
        reason=data["reason"],
        legal_basis=data["legal_basis"],
        originals_and_fees=data["originals_and_fees"],
    )


def run_transfer(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_transfer(**_common(user, dossier, data), to_agency=data["to_agency"], reason=data["reason"])


def run_withdraw(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_withdraw(
        **_common(user, dossier, data), request_text=data["request_text"], originals_taken_by=data["originals_taken_by"]
    )


def run_finish(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    # A file given without any content text is an upload whatever the radio says (no-JS forms, old clients).
    upload = data.get("source") == "upload" or (bool(data["result"]) and not (data.get("content") or "").strip())
    return services.dossier_finish(
        **_common(user, dossier, data),
        result=_checked(data["result"], "result") if upload else None,
        content="" if upload else data.get("content") or "",
        document_number=data["document_number"],
        reasons=data["reasons"],
    )


def run_return(user: Any, dossier: Dossier, data: dict[str, Any], task: Task | None) -> Any:
    return services.dossier_return_result(
        **_common(user, dossier, data),
        recipient_name=data.get("recipient_name") or "",
        recipient_id=data.get("recipient_id") or "",
        tracking_number=data.get("tracking_number") or "",
        proxy_letter=_checked(data.get("proxy_letter"), "proxy_letter"),
    )


ACTIONS: dict[str, ActionSpec] = {
    "accept": ActionSpec(_("Accept and forward"), AcceptForm, run_accept),
    "return-for-completion": ActionSpec(
        _("Return for completion (one complete list)"), ReturnForCompletionForm, run_return_for_completion
    ),
    "refuse-online": ActionSpec(_("Refuse the submission (Mẫu 03)"), RefuseOnlineForm, run_refuse_online, danger=True),
    "forward": ActionSpec(_("Forward to the deciding agency"), ForwardForm, run_forward),
    "complete": ActionSpec(_("Complete the step"), CompleteForm, run_complete, on_task=True),
    "send-back": ActionSpec(
        _("Send back to the previous step"), SendBackForm, run_send_back, on_task=True, danger=True
    ),
    "consult": ActionSpec(_("Consult other agencies"), ConsultForm, run_consult, on_task=True),
    "answer": ActionSpec(_("Answer the consultation"), AnswerForm, run_answer, on_task=True),
    "propose-supplement": ActionSpec(_("Propose a supplement request"), ItemsForm, run_propose_supplement),
    "request-supplement": ActionSpec(_("Issue the supplement request (Mẫu 02)"), ItemsForm, run_request_supplement),
    "complete-supplement": ActionSpec(
        _("Supplement received: resume processing"), CompleteSupplementForm, run_complete_supplement
    ),
    "request-obligation": ActionSpec(_("Request financial obligations"), RequestObligationForm, run_request_obligation),
    "obligation-met": ActionSpec(_("Obligations paid: resume processing"), ObligationMetForm, run_obligation_met),
    "reschedule": ActionSpec(_("Apologise and set a new date (Mẫu 04)"), RescheduleForm, run_reschedule),
    "stop": ActionSpec(_("Stop processing"), StopForm, run_stop, danger=True),
    "transfer": ActionSpec(_("Send to another deciding agency"), TransferForm, run_transfer),
    "withdraw": ActionSpec(_("Register a withdrawal"), WithdrawForm, run_withdraw, danger=True),
    "finish": ActionSpec(_("Issue the result"), FinishForm, run_finish),
    "return-result": ActionSpec(_("Return the result"), ReturnForm, run_return),
}


def next_step(task: Task, tasks: list[Task]) -> Task | None:
    """The template step that follows `task` (to know whether completing it assigns a specialist)."""
    later = [
        t
        for t in tasks
        if t.step_order is not None
        and task.step_order is not None
        and t.step_order > task.step_order
        and t.status == "waiting"
    ]
    return min(later, key=lambda t: (t.step_order, t.pk)) if later else None


def is_assignment(task: Task | None, tasks: list[Task]) -> bool:
    following = next_step(task, tasks) if task is not None and task.role == StepRole.DEPARTMENT_HEAD else None
    return following is not None and following.role == StepRole.SPECIALIST


def form_kwargs(key: str, dossier: Dossier, task: Task | None, tasks: list[Task]) -> dict[str, Any]:
    """What a form needs beyond the POST: choices that depend on the dossier or the step."""
    if key == "complete" and task is not None:
        specialists = specialists_of(task.agency_id, task.department_id) if is_assignment(task, tasks) else None
        return {"specialists": specialists, "decide": task.role == StepRole.AGENCY_LEADER}
    if key == "consult":
        return {"agencies": consultable_agencies(dossier)}
    if key == "return-result":
        return {"method": dossier.return_method}
    if key == "transfer":
        return {"agencies": dossier.procedure_version.agencies.exclude(pk=dossier.competent_agency_id)}
    if key == "return-for-completion":
        return {"dossier": dossier}
    if key == "request-supplement":
        proposal = next((s for s in dossier.supplements.all() if s.phase == SupplementPhase.PROPOSED), None)
        return {"items": proposal.items if proposal else None}
    return {}


def cleaned(form: ActionForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if isinstance(form, ItemsForm | RowsForm):
        data["items"] = form.items()
    return data
