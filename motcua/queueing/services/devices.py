"""Kiosks, display boards and rating tablets are bound by staff: the browser keeps a signed cookie
naming a `FloorDevice` row, which an administrator can revoke at any time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import audit_record
from motcua.org.models import Counter, Desk

from ..choices import DeviceKind
from ..errors import QueueError
from ..models import FloorDevice

SALT = "motcua.queueing.device"


def device_token(device: FloorDevice) -> str:
    return signing.dumps({"d": device.pk, "k": device.kind}, salt=SALT)


def device_from_token(token: str, kind: str) -> FloorDevice | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") != kind or not isinstance(data.get("d"), int):
        return None
    return FloorDevice.objects.filter(pk=data["d"], kind=kind, is_active=True).select_related("desk", "counter").first()


def device_bind(
    *, actor: Any, kind: str, desk: Desk, counter: Counter | None = None, name: str = "", at: dt.datetime | None = None
) -> FloorDevice:
    if kind not in DeviceKind.values:
        raise QueueError(_("Choose the kind of device."), field="kind")
    if kind == DeviceKind.TABLET and (counter is None or counter.desk_id != desk.pk):
        raise QueueError(_("A rating tablet belongs to one counter of this centre."), field="counter")
    now = at or timezone.now()
    with transaction.atomic():
        device = FloorDevice.objects.create(
            kind=kind,
            desk=desk,
            counter=counter if kind == DeviceKind.TABLET else None,
            name=name.strip()[:120],
            created_by=actor,
            created_at=now,
        )
        audit_record(
            chain=f"agency:{desk.agency_id}:{timezone.localdate(now):%Y%m%d}",
            kind="queue.device_bind",
            object_type="queueing.floordevice",
            object_id=device.pk,
            actor=actor,
            data={"kind": kind, "desk": desk.code, "counter": counter.number if counter else None},
            at=now,
        )
    return device


def device_revoke(*, actor: Any, device: FloorDevice, at: dt.datetime | None = None) -> FloorDevice:
    now = at or timezone.now()
    with transaction.atomic():
        FloorDevice.objects.filter(pk=device.pk).update(is_active=False)
        device.is_active = False
        audit_record(
            chain=f"agency:{device.desk.agency_id}:{timezone.localdate(now):%Y%m%d}",
            kind="queue.device_revoke",
            object_type="queueing.floordevice",
            object_id=device.pk,
            actor=actor,
            at=now,
        )
    return device
