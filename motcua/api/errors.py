"""One error shape for the API: a Vietnamese message with an English fallback and a stable code.

Every error body is ``{code, message, message_en, detail}``: ``code`` is stable for programs,
``message`` is Vietnamese, ``message_en`` English, ``detail`` carries field errors of a 400 (and the
wait of a 429) and is null otherwise. A 404 says nothing more than "not found", so an object
hidden by scoping and a missing one give byte-identical bodies.

Our messages are gettext strings with English source text. Until the Vietnamese catalogue exists,
`VI_MESSAGES` holds the Vietnamese text; a translation in the catalogue takes precedence.

Refusals of the dossier services (`DossierError`) keep their own status (400, 403, 409, 422), code
and specific message. Their messages are often translated when raised (eager gettext, possibly
interpolated), so the English text is recovered from the Vietnamese catalogue, placeholders included.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, trans_real
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from motcua.dossiers.errors import DossierError

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
    # Refusals of the dossier services (motcua.dossiers.errors.DossierError and its subclasses).
    "stale": _("This dossier was changed by someone else meanwhile. Reload the page and try again."),
    "not_allowed": _("This action is not possible for the dossier in its current state."),
    "supplement_limit": _(
        "This dossier has already had its supplement request; the law allows only one. "
        "Refuse with reasons or apologise with a new date instead."
    ),
    "reschedule_limit": _("This dossier has already been rescheduled once; a second apology is not allowed."),
    "reschedule_too_late": _(
        "Too late to apologise: the apology must be made by the end of the working day before the due date."
    ),
    "code_exhausted": _("The daily limit of dossier codes for this agency is reached."),
    "idempotency_key_reused": _(
        "This Idempotency-Key was already used with a different request body: send a new key for a new dossier."
    ),
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
    "stale": "Hồ sơ vừa được người khác cập nhật. Hãy tải lại trang rồi thử lại.",
    "not_allowed": "Không thể thực hiện thao tác này với hồ sơ ở trạng thái hiện tại.",
    "supplement_limit": (
        "Hồ sơ này đã được yêu cầu bổ sung một lần; pháp luật chỉ cho phép một lần. "
        "Hãy từ chối có nêu lý do hoặc xin lỗi và hẹn lại ngày trả kết quả."
    ),
    "reschedule_limit": "Hồ sơ này đã được hẹn lại một lần; không được xin lỗi, hẹn lại lần thứ hai.",
    "reschedule_too_late": (
        "Đã quá thời hạn xin lỗi: văn bản xin lỗi phải được ban hành chậm nhất vào cuối ngày làm việc "
        "trước ngày hẹn trả."
    ),
    "code_exhausted": "Đã hết số mã hồ sơ trong ngày của cơ quan này.",
    "idempotency_key_reused": (
        "Idempotency-Key này đã được dùng cho một yêu cầu có nội dung khác: hãy gửi khóa mới cho hồ sơ mới."
    ),
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
    if isinstance(exc, DossierError):
        return dossier_error_response(exc)
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


def dossier_error_response(exc: DossierError) -> Response:
    """A refusal of the dossier services: its status and code, its message in Vietnamese and English.

    A message without a Vietnamese translation falls back to the code's text in `VI_MESSAGES`; the
    specific (English) text then stays in `message_en` and in `detail` under the refused field.
    """
    vietnamese, english, translated = _both_languages(exc.message)
    specific = vietnamese if translated else english
    body = {
        "code": exc.code,
        "message": specific if translated else VI_MESSAGES.get(exc.code, english),
        "message_en": english,
        "detail": {exc.field: [specific]} if exc.field else None,
    }
    return Response(body, status=exc.status)


def _both_languages(message: Any) -> tuple[str, str, bool]:
    """(Vietnamese, English, whether a Vietnamese translation exists) of a lazy or already translated message."""
    if isinstance(message, Promise):
        english = _english(message)
        with translation.override("vi"):
            vietnamese = str(message)
        return vietnamese, english, vietnamese != english
    text = str(message)
    source = _english_of(text)
    if source is not None:
        return text, source, True
    with translation.override("vi"):
        vietnamese = gettext(text)
    return vietnamese, text, vietnamese != text


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@functools.cache
def _vietnamese_catalogue() -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    """Vietnamese text → English source: exact texts, and patterns for texts with `%(name)s` placeholders."""
    catalogue = getattr(trans_real.translation("vi"), "_catalog", None)
    exact: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    for msgid, msgstr in catalogue.items() if catalogue is not None else ():
        if not isinstance(msgid, str) or not msgid or not msgstr or msgstr == msgid:
            continue
        source = msgid.rsplit("\x04", 1)[-1]  # drop a message context
        if _PLACEHOLDER.search(msgstr):
            patterns.append((_placeholder_pattern(msgstr), source))
        else:
            exact.setdefault(msgstr, source)
    return exact, patterns


def _placeholder_pattern(text: str) -> re.Pattern[str]:
    parts: list[str] = []
    seen: set[str] = set()
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        parts.append(re.escape(text[position : match.start()].replace("%%", "%")))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        position = match.end()
    parts.append(re.escape(text[position:].replace("%%", "%")))
    return re.compile("".join(parts), re.DOTALL)


def _english_of(text: str) -> str | None:
    """The English source of a Vietnamese catalogue text (interpolated back), or None if it is not one."""
    exact, patterns = _vietnamese_catalogue()
    if text in exact:
        return exact[text]
    for pattern, source in patterns:
        match = pattern.fullmatch(text)
        if match is not None:
            try:
                return source % match.groupdict()
            except (KeyError, ValueError, TypeError):
                continue
    return None
