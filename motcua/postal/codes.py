"""Order codes (`BC-YYMMDD-NNNN`) and hand-over record numbers: unique, not necessarily gap-free.

The next number is read from the highest code of the day; two writers that pick the same number
collide on the unique constraint inside a savepoint and the loser tries the next one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, models, transaction

T = TypeVar("T", bound=models.Model)
ATTEMPTS = 20


def _next(model: type[models.Model], field: str, prefix: str) -> int:
    last = (
        model._default_manager.filter(**{f"{field}__startswith": prefix})
        .order_by(f"-{field}")
        .values_list(field, flat=True)
        .first()
    )
    return int(str(last).rsplit("-", 1)[-1]) + 1 if last else 1


def create_numbered(model: type[T], field: str, prefix: str, build: Callable[[str], T]) -> T:
    """Save `build(code)` with the next free `prefix-NNNN` code (a collision retries the next number)."""
    number = _next(model, field, prefix)
    for _attempt in range(ATTEMPTS):
        code = f"{prefix}-{number:04d}"
        try:
            with transaction.atomic():
                row = build(code)
                row.save(force_insert=True)
                return row
        except IntegrityError:
            if model._default_manager.filter(**{field: code}).exists():
                number += 1
                continue
            raise
    raise RuntimeError(f"no free number for {prefix}")


def order_prefix(day: dt.date) -> str:
    return f"BC-{day:%y%m%d}"


def handover_prefix(day: dt.date, direction: str) -> str:
    return f"BBGN-{'N' if direction == 'inbound' else 'G'}-{day:%y%m%d}"
