"""`POST /api/v1/public/lookup/`: the public status lookup for apps and partner portals (services.md §7).

Anonymous (no session or token authentication, so no CSRF), with the page's logic and limits
(`motcua.portal.lookup.lookup_public`). An unknown code and a wrong factor answer the same 404 body
as any missing object; limits answer 429 with `Retry-After` and the wait in `detail.retry_after`.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.api.errors import ErrorSerializer
from motcua.api.schema import error_responses
from motcua.api.views import PublicAPIView
from motcua.dossiers.choices import ReturnMethod, State

from .lookup import LookupResult, Outcome, client_ip, due_explanation_text, lookup_public, timeline


class LookupInput(serializers.Serializer):
    code = serializers.CharField(max_length=200, help_text="Dossier code; spaces and case do not matter.")
    factor = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text="Last 4 digits of the applicant's phone number or ID number: adds `details`.",
    )


class LookupDesk(serializers.Serializer):
    name = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()


class LookupStep(serializers.Serializer):
    name = serializers.CharField(help_text="The step in progress (no officer's name).")
    agency = serializers.CharField()


class LookupComponent(serializers.Serializer):
    name = serializers.CharField()
    received = serializers.BooleanField()
    digitised = serializers.BooleanField()


class LookupEvent(serializers.Serializer):
    action = serializers.CharField(help_text="Stable action key, e.g. receive, forward, finish.")
    # A field named "label" (the metaclass takes it out of the class; mypy sees Field.label).
    label = serializers.CharField(help_text="What happened, in the request's language.")  # type: ignore[assignment]
    at = serializers.DateTimeField()
    agency = serializers.CharField(help_text="The agency that acted.")


class LookupForm(serializers.Serializer):
    key = serializers.CharField(help_text="Form key, e.g. receipt, supplement_request.")
    label = serializers.CharField(help_text="Name of the form.")  # type: ignore[assignment]
    number = serializers.CharField(help_text="Printed form number, e.g. 01.")
    issue_no = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class LookupDetails(serializers.Serializer):
    applicant_name = serializers.CharField()
    components = LookupComponent(many=True)
    history = LookupEvent(many=True)
    forms = LookupForm(many=True, help_text="Notices and forms issued (names and dates).")
    return_address = serializers.CharField(help_text="Postal address for the result, if sent by post.")
    due_explanation_text = serializers.CharField(help_text="How the due date was computed.")


class LookupOutput(serializers.Serializer):
    code = serializers.CharField()
    procedure = serializers.CharField()
    state = serializers.ChoiceField(choices=State.choices)
    state_label = serializers.CharField()
    receiving_agency = serializers.CharField()
    desk = LookupDesk(help_text="The desk that received the dossier and returns a result at the counter.")
    received_at = serializers.DateTimeField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text="Appointment to return the result.")
    current_step = LookupStep(allow_null=True)
    result_ready = serializers.BooleanField(help_text="The result waits for the applicant.")
    result_returned = serializers.BooleanField()
    return_method = serializers.ChoiceField(choices=ReturnMethod.choices)
    return_method_label = serializers.CharField()
    returned_at = serializers.DateTimeField(allow_null=True)
    details = LookupDetails(allow_null=True, help_text="Only with a right `factor`; the access is logged.")


def _refusal_body(result: LookupResult) -> dict[str, Any]:
    """The error body of a 429: the result's message in Vietnamese and English, and the wait."""
    with translation.override("vi"):
        vietnamese = result.message()
    with translation.override("en"):
        english = result.message()
    code = "lookup_locked" if result.outcome == Outcome.LOCKED else "lookup_limited"
    return {"code": code, "message": vietnamese, "message_en": english, "detail": {"retry_after": result.retry_after}}


_LIMITED_EXAMPLE = {
    "code": "lookup_limited",
    "message": "Tra cứu quá nhiều lần từ kết nối của bạn. Vui lòng thử lại sau 14:36 04/12/2026.",
    "message_en": "Too many lookups from your connection. Please try again after 14:36 04/12/2026.",
    "detail": {"retry_after": 42},
}
_LOCKED_EXAMPLE = {
    "code": "lookup_locked",
    "message": (
        "Đã nhập sai 4 chữ số quá nhiều lần cho mã hồ sơ này nên tạm khóa việc xem chi tiết. Vui lòng thử lại "
        "sau 15:31 04/12/2026. Bạn vẫn có thể tra cứu trạng thái chỉ bằng mã hồ sơ."
    ),
    "message_en": (
        "Too many wrong digits were entered for this dossier code, so its details are locked for a while. "
        "Please try again after 15:31 04/12/2026. You can still look up the status with the code alone."
    ),
    "detail": {"retry_after": 3600},
}
_INVALID_EXAMPLE = {
    "code": "invalid",
    "message": "Dữ liệu không hợp lệ.",
    "message_en": "Invalid input.",
    "detail": {"code": ["This field is required."]},
}


LOOKUP_SCHEMA = extend_schema(
    tags=["public"],
    operation_id="public_lookup",
    summary="Dossier status by code (and details with a second factor)",
    description=(
        "The status of a dossier from its code alone; with `factor` (last 4 digits of the applicant's "
        "phone or ID number) also `details`, logged as a personal-data access. Unknown codes, drafts and "
        "wrong factors give the same 404. Limits per client IP (30/min, 300/day) and per code (5 wrong "
        "factors an hour lock the factor for an hour) answer 429 with `Retry-After`."
    ),
    request=LookupInput,
    responses={
        200: LookupOutput,
        400: OpenApiResponse(
            ErrorSerializer,
            description="No `code`, or a value too long; `detail` lists the errors by field.",
            examples=[OpenApiExample("invalid", value=_INVALID_EXAMPLE, response_only=True)],
        ),
        **error_responses(404),
        429: OpenApiResponse(
            ErrorSerializer,
            description="Too many lookups from this IP (`lookup_limited`) or wrong factors for this code "
            "(`lookup_locked`); `detail.retry_after` and the `Retry-After` header give the wait in seconds.",
            examples=[
                OpenApiExample("lookup_limited", value=_LIMITED_EXAMPLE, response_only=True),
                OpenApiExample("lookup_locked", value=_LOCKED_EXAMPLE, response_only=True),
            ],
        ),
    },
)


class PublicLookupView(PublicAPIView):
    """Anonymous and CSRF-free: no authentication class, so a browser session is never used here."""

    parser_classes = (JSONParser,)

    @LOOKUP_SCHEMA
    def post(self, request: Request) -> Response:
        query = LookupInput(data=request.data)
        query.is_valid(raise_exception=True)
        result = lookup_public(
            code=query.validated_data["code"],
            factor=query.validated_data.get("factor") or None,
            ip=client_ip(request._request),
            user=None,
        )
        if result.outcome == Outcome.NOT_FOUND:
            raise exceptions.NotFound()
        if result.refused:
            return Response(_refusal_body(result), status=429, headers={"Retry-After": str(result.retry_after)})
        response = Response(LookupOutput(_output(result)).data)
        if result.details is not None:
            response["Cache-Control"] = "private, no-store"
        return response


def _output(result: LookupResult) -> dict[str, Any]:
    status = result.status
    assert status is not None  # FOUND always carries the status
    details = None
    if result.details is not None:
        d = result.details
        details = {
            "applicant_name": d.applicant_name,
            "components": d.components,
            "history": [
                {"action": e.action, "label": row.label, "at": e.at, "agency": e.agency}
                for e, row in zip(d.history, timeline(d), strict=True)
            ],
            "forms": d.forms,
            "return_address": d.return_address,
            "due_explanation_text": due_explanation_text(d),
        }
    return {
        "code": status.code,
        "procedure": status.procedure,
        "state": status.state,
        "state_label": status.state_label,
        "receiving_agency": status.receiving_agency,
        "desk": {"name": status.desk_name, "address": status.desk_address, "phone": status.desk_phone},
        "received_at": status.received_at,
        "due_date": status.due_date,
        "due_at": status.due_at,
        "current_step": status.current_step,
        "result_ready": status.result_ready,
        "result_returned": status.result_returned,
        "return_method": status.return_method,
        "return_method_label": status.return_method_label,
        "returned_at": status.returned_at,
        "details": details,
    }
