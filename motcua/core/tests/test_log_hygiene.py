"""No citizen ID or phone number in a log line (issue 8)."""

from __future__ import annotations

import logging

import pytest

from motcua.core.logging import PersonalDataFilter, mask_numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id 001190012345 refused", "id ********2345 refused"),
        ("phone 0912345678", "phone ******5678"),
        ("phone 0912 345 678 and +84912345678", "phone ******5678 and *******5678"),
        ("cmnd 123456789", "cmnd *****6789"),
        # Not personal: codes, dates, times, addresses, amounts keep their digits.
        ("H32.21-251205-0001 at 2026-12-05 10:49:32,123", "H32.21-251205-0001 at 2026-12-05 10:49:32,123"),
        ("from 127.0.0.1 paid 1.500.000 đ", "from 127.0.0.1 paid 1.500.000 đ"),
    ],
)
def test_numbers_are_masked_to_their_last_four_digits(text, expected):
    assert mask_numbers(text) == expected


def test_the_console_handler_masks_what_any_logger_writes(caplog):
    record = logging.LogRecord("motcua.x", logging.WARNING, __file__, 1, "lookup %s by %s", ("001190012345", "x"), None)

    PersonalDataFilter().filter(record)

    assert record.getMessage() == "lookup ********2345 by x"


def test_the_settings_put_the_filter_on_every_handler(settings):
    for name, handler in settings.LOGGING["handlers"].items():
        assert "personal_data" in handler.get("filters", []), name
