"""Text helpers for Vietnamese: fold diacritics so "dang ky khai sinh" finds "Đăng ký khai sinh"."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w.]+")


# Control characters, zero-width characters and bidirectional overrides: invisible, they make two
# spellings of one name differ or reverse how a text reads ("hoso\u202efdp.exe").
_INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """Text as typed by people, made safe to store: NFC, invisible characters removed, white space
    collapsed (line breaks kept in multi-line text). Mixed NFC/NFD input ends up identical."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text or ""))
    if multiline:
        lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
        return "\n".join(lines).strip()
    return _SPACES.sub(" ", text).strip()


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
