"""Fault tests (issue 8): real processes — gunicorn, redis-server, Python children — killed, cut off or
raced against the pytest PostgreSQL database. Nothing of motcua is mocked; a child script may wrap one
of our functions only to stop at a known point (write a marker file, then sleep until killed).

Every process is started in its own process group by `procs` and its group is killed when the test
ends, whatever happened. Every wait has a timeout. PostgreSQL only: the children and servers share the
test database with the test, which SQLite's in-memory test database cannot do.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PY = sys.executable

postgres_only = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="fault tests need PostgreSQL: child processes and servers share the test database "
    "(run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_hc)",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def db_url(name: str | None = None) -> str:
    """postgres:// URL of the test database (or another database on the same server)."""
    s = connection.settings_dict
    auth = s["USER"] or "postgres"
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name or s['NAME']}"


def child_env(**extra: Any) -> dict[str, str]:
    """Environment of a process serving the test database with the fault tests' settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "REDIS_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.faults.live_settings",
        DATABASE_URL=db_url(),
        PYTHONPATH=str(ROOT),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def stop_group(proc: subprocess.Popen[Any], sig: int = signal.SIGTERM, grace: float = 5.0) -> None:
    """Signal the process group, then SIGKILL it if it is still there after `grace` seconds."""
    if proc.poll() is not None:
        _reap_group(proc)
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        return
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=grace)
    _reap_group(proc)


def _reap_group(proc: subprocess.Popen[Any]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


class Procs:
    """Starts processes in their own groups; `stop_all` (the fixture's finalizer) kills every group."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.started: list[subprocess.Popen[Any]] = []

    def spawn(
        self,
        args: list[str],
        *,
        env: dict[str, str] | None = None,
        name: str = "proc",
        stop_signal: int = signal.SIGTERM,
    ) -> subprocess.Popen[Any]:
        log = (self.tmp / f"{name}-{len(self.started)}.log").open("wb")
        proc = subprocess.Popen(
            args, cwd=ROOT, env=env or child_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        proc.log_path = Path(log.name)  # type: ignore[attr-defined]
        proc.stop_signal = stop_signal  # type: ignore[attr-defined]
        log.close()
        self.started.append(proc)
        return proc

    def stop_all(self) -> None:
        for proc in reversed(self.started):
            stop_group(proc, getattr(proc, "stop_signal", signal.SIGTERM))


@pytest.fixture
def procs(tmp_path: Path) -> Iterator[Procs]:
    manager = Procs(tmp_path)
    try:
        yield manager
    finally:
        manager.stop_all()


def wait_for(predicate: Callable[[], Any], timeout: float, what: str, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def log_tail(proc: subprocess.Popen[Any], lines: int = 40) -> str:
    path = getattr(proc, "log_path", None)
    if path is None or not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


# --- gunicorn -----------------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[Any]

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 15)
        return requests.get(self.url + path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 30)
        return requests.post(self.url + path, **kwargs)


@pytest.fixture
def gunicorn(procs: Procs) -> Callable[..., Server]:
    """Start gunicorn with the production configuration file (config/gunicorn_conf.py: gthread workers)
    on a free loopback port, serving the test database; stopped with its workers after the test."""

    def start(workers: int = 2, threads: int = 2, **env: Any) -> Server:
        port = free_port()
        proc = procs.spawn(
            [str(Path(PY).parent / "gunicorn"), "-c", "config/gunicorn_conf.py", "config.wsgi"],
            env=child_env(
                GUNICORN_BIND=f"127.0.0.1:{port}",
                WEB_CONCURRENCY=workers,
                GUNICORN_THREADS=threads,
                GUNICORN_ACCESS_LOG="/dev/null",
                GUNICORN_ERROR_LOG="-",
                GUNICORN_TIMEOUT=60,
                **env,
            ),
            name="gunicorn",
            stop_signal=signal.SIGINT,  # quick shutdown (TERM waits for graceful_timeout)
        )
        server = Server(f"http://127.0.0.1:{port}", proc)

        def up() -> bool:
            if proc.poll() is not None:
                raise AssertionError(f"gunicorn exited ({proc.returncode}):\n{log_tail(proc)}")
            try:
                return server.get("/healthz", timeout=1).status_code == 200
            except requests.RequestException:
                return False

        wait_for(up, 45, "gunicorn to answer /healthz", interval=0.2)
        return server

    return start


# --- redis-server -------------------------------------------------------------------------------------


@dataclass
class RedisServer:
    port: int
    procs: Procs
    proc: subprocess.Popen[Any] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = self.procs.spawn(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            env=dict(os.environ),
            name="redis",
        )

        def up() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_for(up, 15, "redis-server to answer PING")

    def kill(self) -> None:
        assert self.proc is not None
        stop_group(self.proc, signal.SIGKILL)


@pytest.fixture
def redis_server(procs: Procs) -> RedisServer:
    """Our own redis-server on a free port (never the shared one), killed after the test."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(free_port(), procs)
    server.start()
    return server


# --- the world and API bodies ---------------------------------------------------------------------------


@pytest.fixture
def live_world(transactional_db: Any) -> Any:
    """The dossier tests' small province, committed (transactional test) so other processes see it."""
    from motcua.dossiers.tests.conftest import build_world

    return build_world()


def token_for(user: Any) -> str:
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=user)
    return token.key


def body_factory(world: Any) -> Callable[[str], dict[str, Any]]:
    """Complete API intakes whose scans are unique to a tag (each dossier stores its own files).

    The template is read from the database once, here; the factory itself makes no query, so threads
    and loops can call it while the database is being cut off.
    """
    from motcua.dossiers.tests.api_support import b64, create_body
    from motcua.dossiers.tests.conftest import pdf_bytes

    template = create_body(world)

    def make(tag: str) -> dict[str, Any]:
        body = copy.deepcopy(template)
        for line in body["components"]:
            for scan in line["scans"]:
                scan["content_base64"] = b64(pdf_bytes(f"{tag}-{scan['name']}"))
        return body

    return make


def api_headers(token: str, key: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    return headers


def table_counts() -> dict[str, int]:
    """Row count of every table of the public schema (to show a killed transaction left nothing)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


def app_name() -> str:
    return f"faults-{uuid.uuid4().hex[:12]}"


def backends_of(application_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [application_name])
        return int(cursor.fetchone()[0])


def read_json(path: Path) -> Any:
    return json.loads(path.read_text())
