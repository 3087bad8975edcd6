"""PostgreSQL drops every connection of a running gunicorn (a failover, a restart, an administrator's
pg_terminate_backend) while clients keep calling: requests may fail while it happens; afterwards every
request succeeds again, without restarting gunicorn.

gunicorn runs with the production configuration file (gthread workers, persistent connections:
CONN_MAX_AGE 60 from base.py) and the test settings on the test database. Its connections are
terminated three times: twice under a client loop, once more while they are all idle.

With CONN_HEALTH_CHECKS on (production.py) Django pings a reused connection before the request's
first query, so not one request fails after the outage. Without it (base.py's default, used by the
test and local settings) a dead connection is found by the request that uses it: that request gets a
500, Django closes the connection at the end of it, and the next request on that thread reconnects.
"""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

import pytest
from django.db import connection

from motcua.dossiers.models import Dossier

from .conftest import Server, api_headers, body_factory, postgres_only, token_for

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]

WORKERS, THREADS = 2, 2


def terminate_all(dbname: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [dbname],
        )
        return int(cursor.fetchone()[0])


class Client:
    """The four kinds of request, each answering (ok, status)."""

    def __init__(self, server: Server, world: Any, code: str) -> None:
        self.server, self.world, self.code = server, world, code
        self.token = token_for(world.desk_officer)
        self.body = body_factory(world)  # no query from the client threads: only the server is cut off
        self.serial = itertools.count()

    def call(self, kind: str) -> tuple[bool, str]:
        try:
            if kind == "healthz":
                response = self.server.get("/healthz", timeout=10)
            elif kind == "readyz":
                response = self.server.get("/readyz", timeout=10)
            elif kind == "lookup":
                response = self.server.get(f"/tra-cuu/?ma={self.code}", timeout=10)
                if response.status_code == 200 and self.code not in response.text:
                    return False, "200 without the dossier"
            elif kind == "list":
                response = self.server.get("/api/v1/dossiers/?page_size=5", headers=api_headers(self.token), timeout=10)
            else:
                n = next(self.serial)
                response = self.server.post(
                    "/api/v1/dossiers/",
                    json=self.body(f"outage-{n}"),
                    headers=api_headers(self.token, f"outage-{n}"),
                    timeout=30,
                )
            return 200 <= response.status_code < 400, str(response.status_code)
        except Exception as error:  # noqa: BLE001 - any failure of the call counts as a failed request
            return False, type(error).__name__


KINDS = ("healthz", "readyz", "lookup", "list", "write")


@pytest.mark.parametrize("health_checks", [True, False], ids=["health-checks-on", "health-checks-off"])
def test_requests_recover_after_the_database_drops_every_connection(
    live_world: Any, gunicorn: Any, health_checks: bool
) -> None:
    dossier = live_world.receive()
    server = gunicorn(
        workers=WORKERS,
        threads=THREADS,
        DB_CONN_HEALTH_CHECKS=int(health_checks),
        MOTCUA_LOOKUP_PER_MINUTE=100000,
        MOTCUA_LOOKUP_PER_DAY=1000000,
    )
    client = Client(server, live_world, dossier.code)
    dbname = connection.settings_dict["NAME"]
    for kind in KINDS:  # every thread of every worker holds a connection before the outage
        assert client.call(kind)[0]

    during: list[tuple[str, bool, str]] = []
    stop = threading.Event()

    def loop() -> None:
        for kind in itertools.cycle(KINDS):
            if stop.is_set():
                return
            ok, status = client.call(kind)
            during.append((kind, ok, status))

    threads = [threading.Thread(target=loop, daemon=True) for _ in range(3)]
    for thread in threads:
        thread.start()
    terminated = []
    for _ in range(2):
        time.sleep(1.0)
        terminated.append(terminate_all(dbname))
    time.sleep(1.0)
    stop.set()
    for thread in threads:
        thread.join(40)
    assert not any(thread.is_alive() for thread in threads)
    terminated.append(terminate_all(dbname))  # once more, every connection idle in its pool
    assert all(n >= 1 for n in terminated), terminated

    # After the outage: rounds of every kind of request, with no restart of gunicorn.
    after = [(kind, *client.call(kind)) for _ in range(4) for kind in KINDS]
    failed_after = [(kind, status) for kind, ok, status in after if not ok]
    if health_checks:
        assert failed_after == [], f"requests failed after the outage: {failed_after}"
    else:
        # One error at most per pooled connection (workers × threads), then recovered; /readyz catches
        # the error itself and answers 503.
        assert len(failed_after) <= WORKERS * THREADS, failed_after
        assert all(status in ("500", "503") for _, status in failed_after), failed_after
        again = [(kind, *client.call(kind)) for _ in range(3) for kind in KINDS]
        assert [(kind, status) for kind, ok, status in again if not ok] == []
    assert server.proc.poll() is None  # the same gunicorn, never restarted
    written = [status for kind, ok, status in after if kind == "write"]
    assert written and all(status == "201" for status in written) or not health_checks
    assert Dossier.objects.count() >= 1 + len(written)
    print(
        f"\nhealth checks {'on' if health_checks else 'off'}: terminated {terminated} connections; "
        f"during the outage {sum(not ok for _, ok, _ in during)} of {len(during)} requests failed "
        f"({sorted({s for _, ok, s in during if not ok})}); after it {len(failed_after)} of {len(after)} failed"
    )
