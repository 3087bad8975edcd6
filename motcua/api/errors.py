"""One error shape for the API: a Vietnamese message with an English fallback and a stable code.

Every error body is ``{code, message, message_en, detail}``: ``code`` is stable for programs,
``message`` is Vietnamese, ``message_en`` English, ``detail`` carries field errors of a 400 (and the
wait of a 429) and is null otherwise. A 404 says nothing more than "not found", so an object
hidden by scoping and a missing one give byte-identical bodies.

Our messages are gettext strings with English source text. Until the Vietnamese catalogue exists,
`VI_MESSAGES` holds the Vietnamese text; a translation in the catalogue takes precedence.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

EN_MESSAGES = {
    "not_found": _("Not found."),
    "invalid": _("Invalid input."),
    "invalid_date": _("Invalid date: use the form YYYY-MM-DD, for example 2025-07-01."),
    "invalid_cursor": _("Invalid page cursor: use the 'next' or 'previous' link of a previous page."),
    "not_authenticated": _(
        "Authentication required: sign in to the back office or send the header 'Authorization: Token <key>'."
    ),
    "authentication_failed": _("Incorrect authentication credentials."),
    "permission_denied": _("You do not have permission to perform this action."),
    "not_staff": _("This endpoint is for staff holding an active role."),
    "throttled": _("Too many requests: please wait and try again."),
    "method_not_allowed": _("Method not allowed."),
    "not_acceptable": _("The requested response format is not available."),
    "unsupported_media_type": _("Unsupported media type in the request."),
    "parse_error": _("Malformed request."),
}

VI_MESSAGES = {
    "not_found": "Không tìm thấy.",
    "invalid": "Dữ liệu không hợp lệ.",
    "invalid_date": "Ngày không hợp lệ: hãy dùng dạng YYYY-MM-DD, ví dụ 2025-07-01.",
    "invalid_cursor": "Con trỏ trang không hợp lệ: hãy dùng liên kết 'next' hoặc 'previous' của trang trước.",
    "not_authenticated": (
        "Cần xác thực: hãy đăng nhập trang cán bộ hoặc gửi tiêu đề 'Authorization: Token <mã khóa>'."
    ),
    "authentication_failed": "Thông tin xác thực không đúng.",
    "permission_denied": "Bạn không có quyền thực hiện thao tác này.",
    "not_staff": "Chức năng này chỉ dành cho cán bộ đang giữ vai trò.",
    "throttled": "Quá nhiều yêu cầu: vui lòng chờ rồi thử lại.",
    "method_not_allowed": "Phương thức không được phép.",
    "not_acceptable": "Không có định dạng phản hồi được yêu cầu.",
    "unsupported_media_type": "Kiểu dữ liệu của yêu cầu không được hỗ trợ.",
    "parse_error": "Yêu cầu sai cú pháp.",
}


class InvalidCursor(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = EN_MESSAGES["invalid_cursor"]
    default_code = "invalid_cursor"


class ErrorSerializer(serializers.Serializer):
    """The error body, documented once as the `Error` component."""

    code = serializers.CharField(help_text="Stable machine-readable code, e.g. not_found, invalid, invalid_date.")
    message = serializers.CharField(help_text="Vietnamese message for people.")
    message_en = serializers.CharField(help_text="English message.")
    detail = serializers.JSONField(
        allow_null=True, help_text="Field errors of a 400 ({field: [messages]}), {retry_after} of a 429, else null."
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    code = _code(exc)
    response.data = {
        "code": code,
        "message": _message(exc, code, "vi"),
        "message_en": _message(exc, code, "en"),
        "detail": _detail(exc, response.data),
    }
    return response


def _code(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        distinct = set(_flatten(exc.get_codes()))
        only = distinct.pop() if len(distinct) == 1 else None
        return only if only in EN_MESSAGES else "invalid"
    code = exc.get_codes()
    return code if isinstance(code, str) else str(exc.default_code)


def _flatten(codes: Any) -> list[str]:
    if isinstance(codes, dict):
        return [code for value in codes.values() for code in _flatten(value)]
    if isinstance(codes, list):
        return [code for value in codes for code in _flatten(value)]
    return [str(codes)]


def _message(exc: exceptions.APIException, code: str, language: str) -> str:
    source = EN_MESSAGES.get(code)
    with translation.override(language):
        if source is None:
            return str(exc.default_detail)
        text = str(source)
    if language == "vi" and text == _english(source):
        return VI_MESSAGES.get(code, text)
    return text


def _english(source: Any) -> str:
    with translation.override(None):
        return str(source)


def english_message(code: str) -> str:
    """The English source text of one of our messages (for documentation examples)."""
    return _english(EN_MESSAGES[code])


def _detail(exc: exceptions.APIException, data: Any) -> Any:
    if isinstance(exc, exceptions.ValidationError):
        return data
    if isinstance(exc, exceptions.Throttled):
        return {"retry_after": getattr(exc, "wait", None)}
    return None
