"""Fee lines of the national data → FeeItem content, flagging what a person must check.

The portal prints one fee string per channel (`methods[].fee_text`; `fees_text` is the distinct
ones joined with "; "). Each distinct string becomes one fee. The leading number is the amount
(thousands separated by ","); the bracketed wording can contradict it ("135 VNĐ(… 135.000
đồng/lần.)") or defer to the provincial People's Council, and then the fee `needs_review`.
"""

from __future__ import annotations

import re
from typing import Any

DEFAULT_FEE_NAME = "Lệ phí"
FREE = "Miễn phí"
_LEADING = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+|\d+)\s*(Việt Nam Đồng|VNĐ|USD|đồng|Đồng)?", re.IGNORECASE)
_BRACKET_AMOUNT = re.compile(r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:đồng|đ\b|vnđ|việt nam đồng)", re.IGNORECASE)
_UNCLEAR = ("hội đồng nhân dân", "hđnd", "miễn")


def split_fees_text(text: str) -> list[str]:
    """Split on "; " outside brackets: the wording inside brackets uses "; " too."""
    parts, depth, current = [], 0, ""
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth <= 0 and text[index + 1 : index + 2] == " ":
            parts.append(current)
            current = ""
            continue
        current += char
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def _bracket(text: str) -> str:
    start = text.find("(")
    return text[start + 1 : text.rfind(")") if text.rfind(")") > start else None].strip() if start >= 0 else ""


def _amounts_in(text: str) -> set[int]:
    return {int(re.sub(r"[.,]", "", match.group(1))) for match in _BRACKET_AMOUNT.finditer(text)}


def parse_fee(text: str, order: int) -> dict[str, Any]:
    """One fee string → fee content; `needs_review` when the amount cannot be trusted as printed."""
    bracket = _bracket(text)
    lowered = bracket.lower()
    amount: int | None = None
    needs_review = False
    if text.startswith(FREE):
        amount = 0
        needs_review = "hội đồng nhân dân" in lowered or bool(_amounts_in(bracket))
    elif match := _LEADING.match(text):
        currency = (match.group(2) or "").upper()
        if currency == "USD" or not currency:
            needs_review = True
        else:
            amount = int(match.group(1).replace(",", ""))
            other = _amounts_in(bracket) - {amount}
            needs_review = bool(other) or any(word in lowered for word in _UNCLEAR)
    else:
        needs_review = True
    name = bracket[:297] + "…" if len(bracket) > 300 else bracket
    return {
        "order": order,
        "name": name or DEFAULT_FEE_NAME,
        "amount_vnd": amount,
        "source_text": text,
        "needs_review": needs_review,
    }


def fee_strings(record: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Distinct fee strings in channel order, and the raw text of ambiguous method rows."""
    methods = record.get("methods") or []
    strings: list[str] = []
    for method in methods:
        text = (method.get("fee_text") or "").strip()
        if text and text not in strings:
            strings.append(text)
    if not strings and record.get("fees_text"):
        strings = list(dict.fromkeys(split_fees_text(record["fees_text"])))
    ambiguous = list(dict.fromkeys(m["raw"] for m in methods if m.get("ambiguous") and m.get("raw")))
    return strings, [raw for raw in ambiguous if raw not in strings]


def map_fees(record: dict[str, Any]) -> list[dict[str, Any]]:
    strings, ambiguous = fee_strings(record)
    fees = [parse_fee(text, order) for order, text in enumerate(strings, start=1)]
    for raw in ambiguous:
        fees.append(
            {
                "order": len(fees) + 1,
                "name": DEFAULT_FEE_NAME,
                "amount_vnd": None,
                "source_text": raw,
                "needs_review": True,
            }
        )
    return fees
