"""B6 set-up: one service centre with four counter groups and a kiosk bound to it, in $BENCH_DB
(migrated by run_b6.sh). Prints shell assignments: DESK, TOKEN, GROUPS. Idempotent: tickets of
earlier runs are deleted so each run starts at number 1."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django.setup()

from motcua.org.choices import AgencyLevel, DeskKind, UnitLevel  # noqa: E402
from motcua.org.models import AdministrativeUnit, Agency, Counter, Desk  # noqa: E402
from motcua.queueing.models import FloorDevice, QueueTicket, ServiceGroup, TicketEvent, TicketSequence  # noqa: E402
from motcua.queueing.services import device_bind  # noqa: E402
from motcua.queueing.services.devices import device_token  # noqa: E402

unit, _ = AdministrativeUnit.objects.get_or_create(
    code="B6", level=UnitLevel.PROVINCE, valid_from=dt.date(2025, 7, 1), defaults={"name": "Tỉnh B6"}
)
agency, _ = Agency.objects.get_or_create(
    code="B6.00",
    defaults={"name": "UBND tỉnh B6", "level": AgencyLevel.PROVINCE, "unit": unit, "valid_from": dt.date(2025, 7, 1)},
)
desk, _ = Desk.objects.get_or_create(
    code="B6-TTPVHCC", defaults={"agency": agency, "name": "Trung tâm B6", "kind": DeskKind.PROVINCIAL_CENTRE}
)
prefixes = "ABCD"
for n, prefix in enumerate(prefixes, start=1):
    counter, _ = Counter.objects.get_or_create(desk=desk, number=n)
    group, _ = ServiceGroup.objects.get_or_create(desk=desk, prefix=prefix, defaults={"name": f"Nhóm {prefix}"})
    group.counters.set([counter])
TicketEvent.objects.filter(ticket__desk=desk).delete()
QueueTicket.objects.filter(desk=desk).delete()
TicketSequence.objects.filter(group__desk=desk).delete()
FloorDevice.objects.filter(desk=desk).delete()
device = device_bind(actor=None, kind="kiosk", desk=desk, name="B6")
print(f"DESK={desk.code}")
print(f"TOKEN='{device_token(device)}'")
print(f"QUEUE_GROUPS={','.join(prefixes)}")
