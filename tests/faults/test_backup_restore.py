"""deploy/backup.sh taken while desks keep receiving dossiers restores, with deploy/restore.sh, into a
consistent system: no broken audit chain, every file a row names is there, every dossier has its
history and report fact, and the code and register sequences match the dossiers (gap-free).

Traffic: a thread posts intakes with their own scans to a real gunicorn on the test database (files in
a temporary MEDIA_ROOT) and downloads every other receipt PDF (rendered and stored on first use); a
finished dossier with its signed result is made before. The backup runs in the middle of it, the
traffic goes on a moment after it, then the backup is restored into a new database (dropped at the end)
and new files directory, and tests/faults/check_restored.py inspects it.

Why the script's order (database dump, then files) cannot miss a file: every file is written before
the transaction that names it commits (scans before the intake's transaction, forms and results inside
theirs), and files are never rewritten, so whatever the dump's snapshot names already exists when the
file copy starts; files newer than the snapshot are copied too, harmlessly unreferenced. Copying the
files first would miss those written between the copy and the dump.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests
from django.conf import settings
from django.db import connection

from motcua.dossiers.models import Dossier

from .conftest import HERE, PY, ROOT, api_headers, body_factory, child_env, db_url, postgres_only, token_for

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def psql(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.fixture
def restored_db() -> Any:
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    psql(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(args: list[str], env: dict[str, str], timeout: float) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{args[0]} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def test_backup_under_traffic_restores_consistently(
    live_world: Any, gunicorn: Any, restored_db: str, tmp_path: Path
) -> None:
    from motcua.dossiers.tests.api_support import to_done

    media = Path(settings.MEDIA_ROOT)
    to_done(live_world)  # a finished dossier: its signed result is a stored file too
    # The test database was built without migrations (pytest --no-migrations); a production database
    # has them recorded, and restore.sh runs `migrate`: record them, as production has them.
    run([PY, "manage.py", "migrate", "--fake", "--noinput", "-v0"], child_env(), 120)

    server = gunicorn(workers=2, threads=2)
    token = token_for(live_world.desk_officer)
    make_body = body_factory(live_world)
    created: list[str] = []
    failures: list[str] = []
    stop = threading.Event()

    def traffic() -> None:
        session = requests.Session()
        n = 0
        deadline = time.monotonic() + 90
        while not stop.is_set() and time.monotonic() < deadline:
            n += 1
            try:
                response = session.post(
                    server.url + "/api/v1/dossiers/",
                    json=make_body(f"backup-{n}"),
                    headers=api_headers(token, f"backup-{n}"),
                    timeout=30,
                )
                if response.status_code != 201:
                    failures.append(f"POST {response.status_code}")
                    continue
                body = response.json()
                created.append(body["code"])
                if n % 2:
                    pdf = session.get(server.url + body["forms"][0]["pdf"], headers=api_headers(token), timeout=30)
                    if pdf.status_code != 200 or not pdf.content.startswith(b"%PDF"):
                        failures.append(f"PDF {pdf.status_code}")
            except requests.RequestException as error:
                failures.append(type(error).__name__)

    thread = threading.Thread(target=traffic, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while len(created) < 4 and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.1)
    before_backup = Dossier.objects.count()
    backups = tmp_path / "backups"
    out = run(
        ["bash", "deploy/backup.sh", str(backups)],
        {**os.environ, "DATABASE_URL": db_url(), "MEDIA_ROOT": str(media)},
        120,
    )
    time.sleep(1.0)  # traffic goes on after the backup
    stop.set()
    thread.join(60)
    assert not thread.is_alive() and not failures, failures
    after_traffic = Dossier.objects.count()
    assert after_traffic > before_backup, "no dossier was written during the backup"

    dump = next(backups.glob("motcua-*.dump"))
    files = next(backups.glob("files-*.tar.gz"))
    restored_media = tmp_path / "restored-media"
    restore_env = child_env(MEDIA_ROOT=restored_media, DATABASE_URL=db_url(restored_db))
    run(["bash", "deploy/restore.sh", str(dump), str(files)], restore_env, 240)
    report = json.loads(run([PY, str(HERE / "check_restored.py")], restore_env, 120).strip().splitlines()[-1])

    assert report["audit"]["chains"] > 0 and report["audit"]["problems"] == []
    assert report["files"]["named"] > 0 and report["files"]["missing"] == []
    dossiers = report["dossiers"]
    assert before_backup <= dossiers["count"] <= after_traffic
    assert dossiers["without_history"] == [] and dossiers["without_fact"] == []
    assert report["codes"] and all(seq["gap_free"] for seq in report["codes"]), report["codes"]
    assert all(seq["entries"] == seq["last"] for seq in report["registers"]), report["registers"]
    print(
        f"\nbackup under traffic: {out.strip()}; dossiers {before_backup} when it started, "
        f"{dossiers['count']} restored, {after_traffic} after the traffic; {report['files']['named']} files named, "
        f"{report['audit']['chains']} audit chains"
    )
