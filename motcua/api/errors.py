"""One error shape for the API: a Vietnamese message with an English fallback and a stable code."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    detail = response.data
    message_vi = _message(exc, "vi")
    message_en = _message(exc, "en")
    response.data = {"code": code, "message": message_vi, "message_en": message_en, "detail": detail}
    return response


def _message(exc: Exception, language: str) -> str:
    with translation.override(language):
        detail = getattr(exc, "default_detail", None) or str(exc)
        return str(detail)
