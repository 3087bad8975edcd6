"""Resolution of administrative-unit and agency codes across reforms (lifecycle.md §6).

Codes outlive the units they named: a dossier code or an address issued before 01/07/2025 still
carries an old commune or district code. `unit_resolve` finds the unit a code named and follows
`Succession` rows to what replaced it today; `agency_resolve_code` accepts an agency's electronic
identifier or one of its old identifiers (`AgencyCodeAlias`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils import timezone

from .models import AdministrativeUnit, Agency, AgencyCodeAlias, Succession

MAX_SUCCESSION_DEPTH = 10


@dataclass(frozen=True)
class UnitResolution:
    """`unit` is what the code named; `current` what it leads to today (itself when still in force).

    `successions` are the rows leaving `unit` (empty for a unit in force): one for a merge or
    rename, several for a split.
    """

    unit: AdministrativeUnit
    successions: list[Succession] = field(default_factory=list)
    current: list[AdministrativeUnit] = field(default_factory=list)

    @property
    def is_current(self) -> bool:
        return unit_is_current(self.unit)


def in_force_q(on: dt.date, prefix: str = "") -> Q:
    """Rows valid on `on` (valid_to is the last day of validity)."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


def unit_is_current(unit: AdministrativeUnit, today: dt.date | None = None) -> bool:
    day = today or timezone.localdate()
    return unit.valid_to is None or unit.valid_to >= day


def unit_resolve(*, code: str, on: dt.date | None = None) -> UnitResolution:
    """The unit `code` named (on `on`, else now or most recently) and the current unit(s) it leads to.

    Codes are reused across reforms, so without a date a unit in force wins over a closed one
    with the same code. Raises `AdministrativeUnit.DoesNotExist` for an unknown code.
    """
    today = timezone.localdate()
    candidates = AdministrativeUnit.objects.filter(code=code).select_related("parent")
    if on is not None:
        unit = candidates.filter(in_force_q(on)).order_by("-valid_from").first()
    else:
        unit = candidates.filter(in_force_q(today)).order_by("-valid_from").first()
        unit = unit or candidates.order_by(F("valid_to").desc(nulls_first=True), "-valid_from").first()
    if unit is None:
        raise AdministrativeUnit.DoesNotExist(f"No administrative unit with code {code!r}.")
    if unit_is_current(unit, today):
        return UnitResolution(unit=unit, current=[unit])
    successions = list(_successions_from([unit.pk]))
    return UnitResolution(unit=unit, successions=successions, current=_follow(successions, today))


def _successions_from(unit_ids: list[int]) -> list[Succession]:
    return list(
        Succession.objects.filter(old_id__in=unit_ids)
        .select_related("new", "new__parent")
        .order_by("effective_date", "new__code")
    )


def _follow(successions: list[Succession], today: dt.date) -> list[AdministrativeUnit]:
    """Walk successions breadth-first (one query per generation) to the units still in force."""
    found: dict[int, AdministrativeUnit] = {}
    seen: set[int] = {row.old_id for row in successions}
    frontier = successions
    for _depth in range(MAX_SUCCESSION_DEPTH):
        closed: list[int] = []
        for row in frontier:
            if row.new_id in seen:
                continue
            seen.add(row.new_id)
            if unit_is_current(row.new, today):
                found[row.new_id] = row.new
            else:
                closed.append(row.new_id)
        if not closed:
            break
        frontier = _successions_from(closed)
    return sorted(found.values(), key=lambda unit: unit.code)


def agency_resolve_code(code: str) -> Agency:
    """The agency whose electronic identifier, or one of whose old identifiers, is `code`.

    Aliases keep resolving after their `valid_to` (that date only says until when the old code was
    issued). Raises `Agency.DoesNotExist` for an unknown code.
    """
    agency = Agency.objects.select_related("unit", "parent", "successor").filter(code=code).first()
    if agency is not None:
        return agency
    alias = AgencyCodeAlias.objects.select_related("agency__unit", "agency__parent", "agency__successor")
    found = alias.filter(code=code).first()
    if found is None:
        raise Agency.DoesNotExist(f"No agency with code or alias {code!r}.")
    return found.agency
