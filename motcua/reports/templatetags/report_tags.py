from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from ..rates import vn_int as _vn_int
from ..rates import vn_percent as _vn_percent

register = template.Library()


@register.filter
def vn_int(value: Any) -> str:
    return _vn_int(value) if isinstance(value, int) else ("" if value is None else str(value))


@register.filter
def vn_percent(value: Decimal | None) -> str:
    """Missing values (a unit with nothing in the period) print as N/A, like a 0 denominator."""
    return _vn_percent(value if isinstance(value, Decimal) else None)


@register.filter
def get(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None
