"""B6 without HTTP: KIOSKS processes, each with its own database connection, call the service
`ticket_issue` (the same transaction the API runs) until TICKETS are issued; the floor of what the
sequence row and PostgreSQL allow, apart from Django's request handling.

Usage: b6_direct.py DESK_CODE GROUPS TICKETS KIOSKS
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")


def kiosk(args: tuple[str, list[str], int, int, object]) -> int:
    import django

    django.setup()
    from motcua.queueing.models import ServiceGroup
    from motcua.queueing.services import ticket_issue

    desk_code, prefixes, count, index, barrier = args
    groups = list(ServiceGroup.objects.filter(desk__code=desk_code, prefix__in=prefixes).select_related("desk"))
    barrier.wait()  # type: ignore[attr-defined]
    for n in range(count):
        group = groups[(index + n) % len(groups)]
        ticket_issue(desk=group.desk, group=group, client_key=uuid.uuid4().hex)
    return count


def main() -> None:
    desk, prefixes, tickets, kiosks = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]), int(sys.argv[4])
    barrier = mp.Manager().Barrier(kiosks + 1)
    shares = [tickets // kiosks + (1 if i < tickets % kiosks else 0) for i in range(kiosks)]
    with mp.Pool(kiosks) as pool:
        pending = pool.map_async(kiosk, [(desk, prefixes, shares[i], i, barrier) for i in range(kiosks)])
        barrier.wait()
        started = time.perf_counter()
        done = sum(pending.get(timeout=600))
        elapsed = time.perf_counter() - started
    print(f"RESULT tickets={done} seconds={elapsed:.2f} rate={done / elapsed:.1f}/s")


if __name__ == "__main__":
    main()
