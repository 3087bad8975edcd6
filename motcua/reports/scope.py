"""Who may see which figures: the report scope of a user, and the filters they chose (reports.md §6)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from motcua.core.http import parse_id
from motcua.org.choices import Role
from motcua.org.models import Agency
from motcua.org.selectors import _descendants, active_roles, visible_agency_ids

REPORT_ROLES = (Role.AGENCY_LEADER, Role.AUDITOR, Role.DEPARTMENT_HEAD, Role.DESK_OFFICER)
CHANNELS = ("counter", "online", "postal")


@dataclass(frozen=True)
class Scope:
    """A set of facts: the viewer's restriction plus the chosen filters.

    `allowed` None means every agency (superuser). Processing figures belong to the competent
    agency; `by_reception` switches the agency filter to the receiving agency (reception point view).
    """

    allowed: frozenset[int] | None = None
    agency_id: int | None = None
    desk_id: int | None = None
    field_id: int | None = None
    procedure_id: int | None = None
    channel: str = ""
    officer_id: int | None = None
    by_reception: bool = False

    def q(self) -> Q:
        q = Q()
        if self.allowed is not None:
            q &= Q(competent_agency_id__in=self.allowed) | Q(receiving_agency_id__in=self.allowed)
        if self.agency_id is not None:
            ids = {self.agency_id} | _descendants([self.agency_id])
            q &= Q(receiving_agency_id__in=ids) if self.by_reception else Q(competent_agency_id__in=ids)
        for name in ("desk_id", "field_id", "procedure_id", "officer_id"):
            value = getattr(self, name)
            if value is not None:
                q &= Q(**{name: value})
        if self.channel:
            q &= Q(channel=self.channel)
        return q

    def key(self) -> str:
        """Canonical text of the chosen filters (snapshots, exports)."""
        parts = [
            f"{name}:{getattr(self, name)}"
            for name in ("agency_id", "desk_id", "field_id", "procedure_id", "channel", "officer_id")
            if getattr(self, name) not in (None, "")
        ]
        if self.by_reception:
            parts.append("reception")
        return ",".join(parts) or "province"

    def params(self) -> dict[str, str]:
        names = {
            "agency_id": "don_vi",
            "desk_id": "quay",
            "field_id": "linh_vuc",
            "procedure_id": "thu_tuc",
            "channel": "kenh",
            "officer_id": "can_bo",
        }
        out = {names[n]: str(getattr(self, n)) for n in names if getattr(self, n) not in (None, "")}
        if self.by_reception:
            out["tiep_nhan"] = "1"
        return out


def can_see_reports(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or active_roles(user).filter(role__in=REPORT_ROLES).exists())


def report_allowed_agencies(user: Any) -> frozenset[int] | None:
    if not can_see_reports(user):
        raise PermissionDenied
    ids = visible_agency_ids(user)
    return None if ids is None else frozenset(ids)


def _id(params: Mapping[str, str], key: str) -> int | None:
    raw = (params.get(key) or "").strip()
    if not raw:
        return None
    value = parse_id(raw)
    if value is None:
        raise Http404
    return value


def scope_from_params(user: Any, params: Mapping[str, str]) -> Scope:
    """The viewer's scope narrowed by `don_vi`, `quay`, `linh_vuc`, `thu_tuc`, `kenh`, `can_bo`.

    An agency outside the viewer's scope is a 404, like any object they may not see.
    """
    allowed = report_allowed_agencies(user)
    agency_id = _id(params, "don_vi")
    if agency_id is not None:
        if allowed is not None and agency_id not in allowed:
            raise Http404
        if not Agency.objects.filter(pk=agency_id).exists():
            raise Http404
    channel = (params.get("kenh") or "").strip()
    if channel and channel not in CHANNELS:
        raise Http404
    return Scope(
        allowed=allowed,
        agency_id=agency_id,
        desk_id=_id(params, "quay"),
        field_id=_id(params, "linh_vuc"),
        procedure_id=_id(params, "thu_tuc"),
        channel=channel,
        officer_id=_id(params, "can_bo"),
        by_reception=params.get("tiep_nhan") == "1",
    )
