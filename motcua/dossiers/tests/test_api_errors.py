"""A refusal of the dossier services in the one error shape: its status and code, Vietnamese and English."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from motcua.api.errors import VI_MESSAGES, exception_handler
from motcua.dossiers.errors import ActionNotAllowed, DossierError, NotPermitted, StaleDossier
from motcua.dossiers.services.idempotency import IdempotencyKeyReused


def handle(exc: Exception) -> tuple[int, dict]:
    response = exception_handler(exc, {})
    assert response is not None
    return response.status_code, response.data


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (StaleDossier(), 409, "stale"),
        (ActionNotAllowed(), 409, "not_allowed"),
        (NotPermitted(), 403, "permission_denied"),
        (IdempotencyKeyReused(), 422, "idempotency_key_reused"),
        (DossierError("Enter the applicant's name.", field="applicant"), 400, "invalid"),
    ],
)
def test_status_and_code_come_from_the_refusal(exc, status, code):
    answered, body = handle(exc)

    assert (answered, body["code"]) == (status, code)


def test_lazy_default_messages_come_in_both_languages():
    status, body = handle(StaleDossier())

    assert body == {
        "code": "stale",
        "message": VI_MESSAGES["stale"],
        "message_en": "This dossier was changed by someone else meanwhile. Reload the page and try again.",
        "detail": None,
    }


def test_a_message_translated_when_raised_is_traced_back_to_english():
    source = (
        "This dossier has already had its supplement request; the law allows only one. "
        "Refuse with reasons or apologise with a new date instead."
    )
    with translation.override("vi"):
        exc = ActionNotAllowed(gettext(source), code="supplement_limit")

    status, body = handle(exc)

    assert (status, body["message"], body["message_en"]) == (409, VI_MESSAGES["supplement_limit"], source)


def test_an_interpolated_vietnamese_message_is_traced_back_with_its_values():
    with translation.override("vi"):
        text = gettext("There is no version of %(code)s to copy.") % {"code": "1.001193"}

    status, body = handle(DossierError(text, field="procedure"))

    assert body["message"] == "Không có phiên bản nào của 1.001193 để sao chép."
    assert body["message_en"] == "There is no version of 1.001193 to copy."
    assert body["detail"] == {"procedure": [body["message"]]}


def test_an_untranslated_message_keeps_its_english_and_a_vietnamese_fallback():
    status, body = handle(DossierError("Something only English knows.", field="note"))

    assert body == {
        "code": "invalid",
        "message": VI_MESSAGES["invalid"],
        "message_en": "Something only English knows.",
        "detail": {"note": ["Something only English knows."]},
    }
