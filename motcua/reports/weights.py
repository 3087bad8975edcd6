"""Decision 766 weights (reports.md §5): defaults in code, overridden by `IndexWeight` rows from their date.

The defaults are the spec's table. Values marked * there are unverified (`verified=False`, marked on
screen). Where the table gives no number (groups 3 and 4) the group's points are split equally among
its scored indicators until the split is confirmed: group 3 keeps 10 for 3.6 (the table's value) and
splits the other 12 between 3.1, 3.3 and 3.5 (4 each); group 4 gives 22 ÷ 5 = 4.4 to each of 4.1–4.5.
Migration 0003 writes the same rows (valid from the decision's date) so administrators can see and
change them in the admin; with an empty table (tests run without migrations) these defaults apply.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .models import IndexWeight

DECISION_DATE = dt.date(2022, 6, 23)  # Decision 766/QĐ-TTg


@dataclass(frozen=True)
class Weight:
    indicator: str
    group: int
    max_points: Decimal
    threshold: Decimal | None
    verified: bool


D = Decimal
DEFAULTS: tuple[Weight, ...] = (
    Weight("1.1", 1, D(6), None, False),
    Weight("1.2", 1, D(4), None, False),
    Weight("1.3", 1, D(2), None, False),
    Weight("1.4", 1, D(6), None, False),
    Weight("2.1", 2, D(20), None, False),
    Weight("2.2", 2, D(0), None, True),
    Weight("3.1", 3, D(4), D(80), False),
    Weight("3.3", 3, D(4), D(50), False),
    Weight("3.5", 3, D(4), D(80), False),
    Weight("3.6", 3, D(10), None, False),
    Weight("4.1", 4, D("4.4"), None, False),
    Weight("4.2", 4, D("4.4"), D(80), False),
    Weight("4.3", 4, D("4.4"), D(80), False),
    Weight("4.4", 4, D("4.4"), None, False),
    Weight("4.5", 4, D("4.4"), None, False),
    Weight("5.1", 5, D(0), None, True),
    Weight("5.2", 5, D(6), None, False),
    Weight("5.3", 5, D(6), None, False),
    Weight("5.4", 5, D(6), D(90), False),
)
GROUP_MAX = {1: D(18), 2: D(20), 3: D(22), 4: D(22), 5: D(18)}
GROUP_VERIFIED = {1: False, 2: False, 3: False, 4: False, 5: True}


def weights_on(day: dt.date) -> dict[str, Weight]:
    """The weight of each indicator in force on `day`: the latest row with valid_from ≤ day, else the default."""
    out = {w.indicator: w for w in DEFAULTS}
    for row in IndexWeight.objects.filter(valid_from__lte=day).order_by("valid_from", "pk"):
        out[row.indicator] = Weight(row.indicator, row.group, row.max_points, row.threshold, row.verified)
    return out
