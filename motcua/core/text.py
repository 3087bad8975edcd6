"""Text helpers for Vietnamese: fold diacritics so "dang ky khai sinh" finds "Đăng ký khai sinh"."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w.]+")


def nfc(text: str) -> str:
    """NFC-normalise and collapse white space; NFD input (as from some keyboards) compares equal."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def fold(text: str) -> str:
    """Lower-case ASCII form used for search: no diacritics, đ → d, punctuation as spaces."""
    ascii_text = unidecode(nfc(text)).lower()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", ascii_text)).strip()


def search_terms(query: str, limit: int = 8) -> list[str]:
    """Folded words of a user query, at most `limit` of them (a very long query is cut, not refused)."""
    return [term for term in fold(query[:300]).split(" ") if term][:limit]
