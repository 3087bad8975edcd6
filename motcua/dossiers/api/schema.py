"""OpenAPI pieces of the dossier endpoints: their error responses, with examples in both languages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from motcua.api.errors import VI_MESSAGES, ErrorSerializer, english_message
from motcua.api.schema import error_responses

DOSSIERS = "dossiers"
ACTIONS = "dossier actions"
INTAKE = "intake"

CODE_PATH = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description="Dossier code, e.g. `000.00.00.H15-250701-0001`."
)


def _example(code: str, detail: object = None, name: str = "") -> OpenApiExample:
    value = {"code": code, "message": VI_MESSAGES[code], "message_en": english_message(code), "detail": detail}
    return OpenApiExample(name or code, value=value, response_only=True)


_OWN = {
    400: OpenApiResponse(
        ErrorSerializer,
        description="Invalid input; `detail` lists the errors by field (nested fields by their path).",
        examples=[_example("invalid", {"applicant": {"id_number": ["This field is required."]}})],
    ),
    403: OpenApiResponse(
        ErrorSerializer,
        description="Not a staff member, or the dossier is visible but the caller's roles do not allow the action.",
        examples=[_example("not_staff"), _example("permission_denied")],
    ),
    409: OpenApiResponse(
        ErrorSerializer,
        description=(
            "Refused by the dossier's state or a legal limit, or `lock_version` is stale. Nothing was written; "
            "`message` is Vietnamese, `message_en` English."
        ),
        examples=[
            _example("stale"),
            _example("not_allowed"),
            _example("supplement_limit"),
            _example("reschedule_limit"),
            _example("reschedule_too_late"),
        ],
    ),
    422: OpenApiResponse(
        ErrorSerializer,
        description="The `Idempotency-Key` was used before with a different body.",
        examples=[_example("idempotency_key_reused")],
    ),
}


def errors(*statuses: int) -> dict[int, OpenApiResponse]:
    """Error responses of a dossier operation: ours for 400/403/409/422, the shared ones otherwise."""
    shared = error_responses(*(code for code in statuses if code not in _OWN))
    return {**shared, **{code: _OWN[code] for code in statuses if code in _OWN}}
