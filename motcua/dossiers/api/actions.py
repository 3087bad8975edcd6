"""The workflow actions, one `POST /api/v1/dossiers/{code}/<action>/` each.

Every action: find the dossier through the scoped selector (404 when hidden), validate the body
with the action's input serializer (400), translate it into the service's keyword arguments and
call the one service. The service decides: 403 when the caller's roles do not allow it, 409 when
the state, a legal limit or a stale `lock_version` forbids it. The answer is the dossier detail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from motcua.api.views import StaffAPIView, staff_user
from motcua.catalog.choices import StepRole
from motcua.dossiers import policy, services
from motcua.dossiers.choices import TaskStatus
from motcua.dossiers.errors import ActionNotAllowed
from motcua.dossiers.models import Dossier
from motcua.dossiers.policy import task_capacity
from motcua.dossiers.selectors import dossier_get_for
from motcua.dossiers.services.workflow import PROCESSING_ROLES
from motcua.org.selectors import staff_list_for

from . import action_inputs as a
from .common import detail_response, in_vietnamese, validated
from .fields import checked_file
from .outputs import DossierDetailOutput
from .receive import agency_of
from .schema import ACTIONS, CODE_PATH, errors

Arguments = Callable[[Any, Dossier, dict[str, Any]], dict[str, Any]]


def _default_task(user: Any, dossier: Dossier, roles: tuple[str, ...], given: int | None) -> int:
    """The step named by the caller, else the active step of `roles` the caller may act on.

    With no such step, the first active one goes to the service, which refuses with 403; with no
    active step at all the action is not possible now (409).
    """
    if given is not None:
        return given
    active = list(
        dossier.tasks.filter(status=TaskStatus.ACTIVE, role__in=roles).select_related("dossier").order_by("id")
    )
    if not active:
        raise ActionNotAllowed()
    return next((t.pk for t in active if task_capacity(user, t)), active[0].pk)


def _plain(*fields: str) -> Arguments:
    def arguments(user: Any, dossier: Dossier, data: dict[str, Any]) -> dict[str, Any]:
        return {field: data[field] for field in fields}

    return arguments


def _on_task(roles: tuple[str, ...], *fields: str) -> Arguments:
    def arguments(user: Any, dossier: Dossier, data: dict[str, Any]) -> dict[str, Any]:
        task_id = _default_task(user, dossier, roles, data.get("task"))
        return {"task_id": task_id, **{field: data[field] for field in fields}}

    return arguments


def _complete_step(user: Any, dossier: Dossier, data: dict[str, Any]) -> dict[str, Any]:
    assignee = None
    if "assignee" in data:
        assignee = staff_list_for(user=user).filter(pk=data["assignee"]).first()
        if assignee is None:
            raise exceptions.ValidationError({"assignee": [_("No such staff member in the caller's scope.")]})
    task_id = _default_task(user, dossier, PROCESSING_ROLES, data.get("task"))
    return {"task_id": task_id, "note": data["note"], "assignee": assignee, "decision": data.get("outcome", "")}


def _consult(user: Any, dossier: Dossier, data: dict[str, Any]) -> dict[str, Any]:
    roles = (StepRole.SPECIALIST, StepRole.DEPARTMENT_HEAD)
    return {
        "task_id": _default_task(user, dossier, roles, data.get("task")),
        "agencies": [agency_of(code, "agencies") for code in data["agencies"]],
        "question": data["question"],
        "budget_minutes": data["budget_minutes"],
        "mode": data["mode"],
    }


def _transfer(user: Any, dossier: Dossier, data: dict[str, Any]) -> dict[str, Any]:
    return {"to_agency": agency_of(data["to_agency"], "to_agency"), "reason": data["reason"]}


def _request_supplement(user: Any, dossier: Dossier, data: dict[str, Any]) -> dict[str, Any]:
    return {"items": data.get("items") or None, "reason": data["reason"]}


def _finish(user: Any, dossier: Dossier, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "result": checked_file(data.get("result")),
        "document_number": data["document_number"],
        "reasons": data["reasons"],
        "outcome": data.get("outcome", ""),
    }


def _return_result(user: Any, dossier: Dossier, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "recipient_name": data["recipient_name"],
        "recipient_id": data["recipient_id"],
        "proxy_letter": checked_file(data.get("proxy_letter")),
        "tracking_number": data["tracking_number"],
    }


@dataclass(frozen=True)
class Action:
    name: str
    service: Callable[..., Dossier]
    input: type[Serializer]
    arguments: Arguments
    summary: str
    who: str


ACTION_LIST = [
    Action(
        "accept",
        services.dossier_accept,
        a.DossierAcceptInput,
        _plain(),
        "Accept an online submission (1 → 2 → 4): due date counted from the submission time, Mẫu 01",
        "desk officer of the receiving desk",
    ),
    Action(
        "return-for-completion",
        services.dossier_return_for_completion,
        a.DossierReturnForCompletionInput,
        _plain("items", "reason"),
        "Return an online submission for completion, with every gap in one notice (1 → 1, no clock)",
        "desk officer of the receiving desk, once; a second time only the receiving agency's leader, with a reason",
    ),
    Action(
        "refuse-online",
        services.dossier_refuse_online,
        a.DossierRefuseOnlineInput,
        _plain("items", "reason"),
        "Refuse an online submission with reasons and legal grounds (1 → 3, Mẫu 03)",
        "desk officer of the receiving desk",
    ),
    Action(
        "forward",
        services.dossier_forward,
        a.DossierForwardInput,
        _plain("note"),
        "Forward from the desk to the deciding agency (2 → 4)",
        "desk officer of the receiving desk",
    ),
    Action(
        "complete-step",
        services.task_complete,
        a.DossierCompleteStepInput,
        _complete_step,
        "Complete the current step (assign, appraise, review, approve)",
        "the role the step names",
    ),
    Action(
        "send-back",
        services.task_send_back,
        a.DossierSendBackInput,
        _on_task(PROCESSING_ROLES, "reason"),
        "Send the dossier back to the previous step",
        "the role the current step names",
    ),
    Action(
        "consult",
        services.dossier_consult,
        a.DossierConsultInput,
        _consult,
        "Consult coordinating agencies (liên thông)",
        "the appraising specialist or department head",
    ),
    Action(
        "answer-consultation",
        services.consultation_answer,
        a.DossierAnswerConsultationInput,
        _on_task((StepRole.COORDINATING_AGENCY,), "answer"),
        "Answer a consultation for a coordinating agency",
        "a specialist, head or leader of that agency",
    ),
    Action(
        "propose-supplement",
        services.dossier_propose_supplement,
        a.DossierProposeSupplementInput,
        _plain("items", "reason"),
        "Propose a supplement request",
        "specialist or department head",
    ),
    Action(
        "request-supplement",
        services.dossier_request_supplement,
        a.DossierRequestSupplementInput,
        _request_supplement,
        "Issue the supplement request (Mẫu 02; once per dossier)",
        "desk officer of the receiving desk",
    ),
    Action(
        "complete-supplement",
        services.dossier_complete_supplement,
        a.DossierCompleteSupplementInput,
        _plain("note"),
        "Supplement received: resume processing (5 → 4)",
        "desk officer of the receiving desk",
    ),
    Action(
        "request-obligation",
        services.dossier_request_obligation,
        a.DossierRequestObligationInput,
        _plain("amounts", "payee"),
        "Request financial obligations (4 → 6)",
        "department head or agency leader of the deciding agency",
    ),
    Action(
        "obligation-met",
        services.dossier_obligation_met,
        a.DossierObligationMetInput,
        _plain("proof"),
        "Obligations paid: resume processing (6 → 4)",
        "desk officer of the receiving desk",
    ),
    Action(
        "reschedule",
        services.dossier_reschedule,
        a.DossierRescheduleInput,
        _plain("new_date", "reason", "number"),
        "Apologise and set a new date (Mẫu 04; once per dossier)",
        "agency leader of the deciding agency",
    ),
    Action(
        "stop",
        services.dossier_stop,
        a.DossierStopInput,
        _plain("reason", "legal_basis", "originals_and_fees"),
        "Stop processing (→ 8)",
        "agency leader of the deciding agency",
    ),
    Action(
        "transfer",
        services.dossier_transfer,
        a.DossierTransferInput,
        _transfer,
        "Send the dossier to the agency that should decide it (liên thông; the clock is untouched)",
        "agency leader of the deciding agency",
    ),
    Action(
        "withdraw",
        services.dossier_withdraw,
        a.DossierWithdrawInput,
        _plain("request_text", "originals_taken_by"),
        "Register the applicant's withdrawal (→ 7)",
        "desk officer of the receiving desk",
    ),
    Action(
        "finish",
        services.dossier_finish,
        a.DossierFinishInput,
        _finish,
        "Number and release the result (4 → 9)",
        "clerk (or the leader when the process has no clerk step)",
    ),
    Action(
        "return-result",
        services.dossier_return_result,
        a.DossierReturnResultInput,
        _return_result,
        "Hand the result over (9 → 10)",
        "desk officer of the receiving desk",
    ),
]


class DossierActionView(StaffAPIView):
    action_spec: Action

    def post(self, request: Request, code: str) -> Response:
        user = staff_user(request)
        dossier = dossier_get_for(user=user, code=code)
        policy.require_may_act(user)
        data = validated(self.action_spec.input, request.data)
        arguments = self.action_spec.arguments(user, dossier, data)
        with in_vietnamese():
            self.action_spec.service(
                actor=user, dossier=dossier, expected_version=data.get("lock_version"), **arguments
            )
        return detail_response(request, dossier, purpose="api action")


def action_view(action: Action) -> type[DossierActionView]:
    name = "".join(part.title() for part in action.name.split("-"))
    view = type(f"Dossier{name}View", (DossierActionView,), {"action_spec": action, "__doc__": action.summary})
    schema = extend_schema(
        tags=[ACTIONS],
        operation_id=f"dossiers_{action.name.replace('-', '_')}",
        summary=action.summary,
        description=f"Who: {action.who}. Answers the dossier as it is after the action.",
        parameters=[CODE_PATH],
        request=action.input,
        responses={200: DossierDetailOutput, **errors(400, 401, 403, 404, 409)},
    )
    return extend_schema_view(post=schema)(view)


ACTION_VIEWS = {action.name: action_view(action) for action in ACTION_LIST}
