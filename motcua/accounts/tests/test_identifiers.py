from __future__ import annotations

import pytest

from motcua.accounts.identifiers import identifier_key, normalise_email, normalise_phone


@pytest.mark.parametrize(
    "typed",
    ["0912345678", "0912 345 678", "0912.345.678", "0912-345-678", "+84912345678", "+84 912 345 678", "84912345678"],
)
def test_every_usual_spelling_of_a_mobile_number_is_one_key(typed):
    assert normalise_phone(typed) == "0912345678"
    assert identifier_key(typed) == "0912345678"


@pytest.mark.parametrize("typed", ["", "091234567", "09123456789", "0012345678", "abc", "+1 202 555 0100"])
def test_what_is_not_a_mobile_number_has_no_key(typed):
    assert normalise_phone(typed) is None


def test_e_mail_addresses_compare_without_case():
    assert normalise_email("  Mai@Example.VN ") == "mai@example.vn"
    assert identifier_key("Mai@Example.VN") == "mai@example.vn"
    assert normalise_email("mai@") is None
