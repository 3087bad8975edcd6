"""Parameters of the evaluation board and the 766 index (page, exports and API share them).

`ky`/`nam`/`quy`/`thang` pick the period (default: the current quarter), `don_vi` the agency (the
viewer's scope via `scope.scope_from_params`, 404 outside it). `can_bo=1` adds the officers' table and
`ho_so_can_bo=<user id>` lists that officer's scored dossiers; both are taken out before the scope is
built, because the report scope reads `can_bo` as the facts' receiving officer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from motcua.core.http import parse_id

from .evaluation import agencies_evaluation, officer_dossiers, officers_evaluation
from .periods import Period, period_from_params, quarter
from .scope import Scope, can_see_reports, scope_from_params

OWN_PARAMS = ("can_bo", "ho_so_can_bo")


@dataclass(frozen=True)
class EvaluationQuery:
    scope: Scope
    period: Period
    officers: bool
    officer_id: int | None

    def params(self) -> dict[str, str]:
        """Query parameters that rebuild this query (links and exports)."""
        out = {**self.period.params(), **self.scope.params()}
        if self.officers:
            out["can_bo"] = "1"
        if self.officer_id is not None:
            out["ho_so_can_bo"] = str(self.officer_id)
        return out


def evaluation_query(*, user: Any, params: Mapping[str, str]) -> EvaluationQuery:
    """Raises PermissionDenied (no report role), Http404 (agency or officer outside scope, bad id) or
    `periods.PeriodError` (bad period)."""
    if not can_see_reports(user):
        raise PermissionDenied
    rest = {k: v for k, v in params.items() if k not in OWN_PARAMS}
    scope = scope_from_params(user, rest)
    if rest.get("ky"):
        period = period_from_params(rest)
    else:
        today = timezone.localdate()
        period = quarter(today.year, (today.month - 1) // 3 + 1)
    raw = (params.get("ho_so_can_bo") or "").strip()
    if raw and parse_id(raw) is None:
        raise Http404
    return EvaluationQuery(
        scope=scope,
        period=period,
        officers=params.get("can_bo") == "1" or scope.agency_id is not None,
        officer_id=int(raw) if raw else None,
    )


def evaluation_data(query: EvaluationQuery) -> dict[str, Any]:
    """Agencies (nine indicators), officers when asked or when one agency is chosen, and one officer's
    scored dossiers when asked."""
    data: dict[str, Any] = {"agencies": agencies_evaluation(query.scope, query.period), "officers": []}
    if query.officers:
        data["officers"] = officers_evaluation(query.scope, query.period)
    if query.officer_id is not None:
        data["officer"], data["dossiers"] = officer_dossiers(query.scope, query.period, query.officer_id)
    return data
