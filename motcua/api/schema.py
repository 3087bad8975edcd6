"""OpenAPI pieces shared by every app: the `Error` component and its usual responses."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse

from .errors import VI_MESSAGES, ErrorSerializer, english_message


def _example(code: str, detail: object = None) -> OpenApiExample:
    value = {"code": code, "message": VI_MESSAGES[code], "message_en": english_message(code), "detail": detail}
    return OpenApiExample(code, value=value, response_only=True)


_RESPONSES = {
    400: OpenApiResponse(
        ErrorSerializer,
        description="Invalid query parameters; `detail` lists the errors by parameter.",
        examples=[
            _example("invalid", {"level": ['"x" is not a valid choice.']}),
            _example("invalid_date", {"on": ["…"]}),
        ],
    ),
    401: OpenApiResponse(
        ErrorSerializer, description="No or wrong credentials.", examples=[_example("not_authenticated")]
    ),
    403: OpenApiResponse(ErrorSerializer, description="Not a staff member.", examples=[_example("not_staff")]),
    404: OpenApiResponse(
        ErrorSerializer,
        description="Missing, or outside the caller's scope (the body is the same).",
        examples=[_example("not_found")],
    ),
    429: OpenApiResponse(
        ErrorSerializer,
        description="Too many requests from this client; `detail.wait` says how many seconds to wait.",
        examples=[_example("throttled", {"wait": 60})],
    ),
}


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    return {code: _RESPONSES[code] for code in statuses}
