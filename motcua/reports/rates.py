"""Rates and number formats of reports.md §1: Decimal, 2 decimals half-up, never from rounded rates."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDREDTH = Decimal("0.01")
TENTH = Decimal("0.1")


def rate(numerator: int, denominator: int) -> Decimal | None:
    """Percentage of two integer counts; None (shown "N/A") when the denominator is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(HUNDREDTH, ROUND_HALF_UP)


def score(value: Decimal) -> Decimal:
    """Indicator scores round to 0.1, half-up."""
    return value.quantize(TENTH, ROUND_HALF_UP)


def vn_int(n: int | None) -> str:
    """35155 → '35.155' (Vietnamese thousands separator)."""
    if n is None:
        return ""
    return f"{n:,}".replace(",", ".")


def vn_percent(value: Decimal | None, *, na: str = "N/A") -> str:
    """Decimal('99.96') → '99,96%'."""
    if value is None:
        return na
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + "%"
