"""Error responses of the partner API, in the shared error shape (motcua/api/errors.py)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse

from motcua.api.errors import ErrorSerializer

_TEXT = {
    400: "Invalid input or a missing `Idempotency-Key`; `detail` lists the errors by field.",
    401: "No or wrong token (`Authorization: Token <key>`).",
    403: "The token's user is not linked to a postal operator.",
    404: "Missing, or belonging to another operator (the body is the same).",
    409: (
        "Refused by the state of the order or dossier (nothing was written), or the `Idempotency-Key` was "
        "used with another body (`idempotency_key_reused`)."
    ),
}


def errors(*statuses: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=_TEXT[code]) for code in statuses}
