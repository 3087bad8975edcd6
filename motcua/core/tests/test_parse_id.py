"""Ids typed in addresses: ASCII digits within BIGINT, anything else is no id (never a 500)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from motcua.core.http import MAX_ID, parse_id


def test_the_cases_the_fuzzing_found():
    assert parse_id("42") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert parse_id("5871756761440885669888") is None  # overflowed the database driver
    assert parse_id("²") is None and parse_id("١٢") is None  # isdigit() but not int()
    assert parse_id("") is None and parse_id(None) is None and parse_id("-1") is None


@given(st.text(max_size=30))
def test_any_text_gives_an_id_in_range_or_none(text):
    value = parse_id(text)
    assert value is None or 0 <= value <= MAX_ID
