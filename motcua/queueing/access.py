"""Who may open a floor screen: a browser bound to this centre as that kind of device, or a staff
member working at the centre (to set it up, or to try it: the demo's four tabs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from motcua.org.choices import Role
from motcua.org.models import Counter, Desk
from motcua.org.selectors import active_roles

from .models import FloorDevice
from .services.devices import device_from_token

COOKIES = {"kiosk": "motcua_kiosk", "board": "motcua_board", "tablet": "motcua_tablet"}
COOKIE_AGE = 5 * 365 * 24 * 3600
FLOOR_ROLES = frozenset({Role.DESK_OFFICER, Role.AGENCY_LEADER, Role.ADMINISTRATOR})
SEEN_EVERY = dt.timedelta(minutes=5)


def managed_desk_ids(user: Any) -> set[int] | None:
    """Desks the user may run or set up; None = all (superuser)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return None
    ids: set[int] = set()
    for ra in active_roles(user).filter(role__in=FLOOR_ROLES):
        if ra.desk_id is not None:
            ids.add(ra.desk_id)
            ids.update(Desk.objects.filter(parent_id=ra.desk_id).values_list("pk", flat=True))
        else:
            ids.update(Desk.objects.filter(agency_id=ra.agency_id).values_list("pk", flat=True))
    return ids


def may_manage(user: Any, desk: Desk) -> bool:
    ids = managed_desk_ids(user)
    return ids is None or desk.pk in ids


def floor_device(request: HttpRequest, desk: Desk, kind: str, counter: Counter | None = None) -> FloorDevice | None:
    """The bound device (None for a staff preview); anyone else is refused."""
    token = request.COOKIES.get(COOKIES[kind], "")
    device = device_from_token(token, kind) if token else None
    if device is not None and device.desk_id == desk.pk and (counter is None or device.counter_id == counter.pk):
        now = timezone.now()
        if device.last_seen_at is None or now - device.last_seen_at > SEEN_EVERY:
            FloorDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
        return device
    if may_manage(request.user, desk):
        return None
    raise PermissionDenied
