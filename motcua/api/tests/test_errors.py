"""The one error shape: stable code, Vietnamese message, English fallback, detail."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from rest_framework import exceptions

from motcua.api.errors import EN_MESSAGES, VI_MESSAGES, exception_handler

pytestmark = pytest.mark.django_db


def handle(exc: Exception) -> tuple[int, dict]:
    response = exception_handler(exc, {})
    assert response is not None
    return response.status_code, response.data


def test_every_message_has_its_vietnamese_text():
    assert set(VI_MESSAGES) == set(EN_MESSAGES)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_django_404_is_not_found_in_both_languages_whatever_is_active(language):
    with translation.override(language):
        status, body = handle(Http404("Desk 12 belongs to agency B"))

    assert (status, body) == (
        404,
        {"code": "not_found", "message": "Không tìm thấy.", "message_en": "Not found.", "detail": None},
    )


def test_django_permission_denied_is_403():
    status, body = handle(PermissionDenied())

    assert (status, body["code"], body["message_en"]) == (
        403,
        "permission_denied",
        "You do not have permission to perform this action.",
    )


def test_validation_error_keeps_field_errors_in_detail():
    status, body = handle(exceptions.ValidationError({"level": ["bad"], "q": ["too long"]}))

    assert (status, body["code"], body["message"], body["message_en"]) == (
        400,
        "invalid",
        "Dữ liệu không hợp lệ.",
        "Invalid input.",
    )
    assert body["detail"] == {"level": ["bad"], "q": ["too long"]}


def test_throttled_says_when_to_retry():
    response = exception_handler(exceptions.Throttled(wait=7), {})

    assert response.status_code == 429
    assert response["Retry-After"] == "7"
    assert response.data == {
        "code": "throttled",
        "message": "Quá nhiều yêu cầu: vui lòng chờ rồi thử lại.",
        "message_en": "Too many requests: please wait and try again.",
        "detail": {"retry_after": 7},
    }


def test_authentication_failed_is_401():
    status, body = handle(exceptions.AuthenticationFailed())

    assert (status, body["code"], body["message"]) == (401, "authentication_failed", "Thông tin xác thực không đúng.")


def test_wrong_token_is_401_in_the_shape(client):
    response = client.get("/api/v1/staff/", headers={"authorization": "Token nope"})

    assert (response.status_code, response.json()["code"]) == (401, "authentication_failed")


def test_unknown_api_url_is_the_same_404(client):
    unknown = client.get("/api/v1/nothing-here/")
    missing = client.get("/api/v1/units/00000/")

    assert unknown.status_code == 404
    assert unknown.content == missing.content


def test_english_request_still_gets_both_messages(client):
    response = client.get("/api/v1/units/00000/", headers={"accept-language": "en"})

    assert (response.json()["message"], response.json()["message_en"]) == ("Không tìm thấy.", "Not found.")


def test_write_methods_are_refused_in_the_shape(client):
    response = client.post("/api/v1/units/", {})

    assert (response.status_code, response.json()["code"]) == (405, "method_not_allowed")
    assert response.json()["message"] == "Phương thức không được phép."
