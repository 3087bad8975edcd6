"""Real servers for delivery tests: an aiosmtpd SMTP server and an HTTP SMS gateway, on free ports.

The SMTP server can be stopped and started again on the same port (a mail server outage); it can
refuse chosen recipients with a given reply. The SMS gateway answers with a status chosen per test.
"""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from motcua.dossiers.tests.conftest import World, build_world


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SmtpServer:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)  # recipient → SMTP reply, e.g. "550 No such user"
    controller: Controller | None = None

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        for _attempt in range(20):  # the port may linger a moment after a stop
            try:
                self.controller.start()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("SMTP test server did not start")

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    server = SmtpServer(port=free_port())
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@dataclass
class SmsGateway:
    url: str
    status: int = 200
    delay: float = 0.0
    received: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def sms_gateway(settings: Any) -> Iterator[SmsGateway]:
    gateway = SmsGateway(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            gateway.received.append({"body": body, "auth": self.headers.get("Authorization"), "path": self.path})
            time.sleep(gateway.delay)
            payload = json.dumps({"ok": gateway.status < 300}).encode()
            try:
                self.send_response(gateway.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (time-out test)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/sms"
    settings.MOTCUA_NOTIFY = {
        **settings.MOTCUA_NOTIFY,
        "SMS_PROVIDER": "http",
        "SMS_HTTP_URL": gateway.url,
        "SMS_HTTP_TOKEN": "secret-token",
        "SMS_HTTP_TIMEOUT": 2,
    }
    yield gateway
    server.shutdown()
    server.server_close()


@pytest.fixture
def notify_settings(settings: Any) -> Any:
    """Change MOTCUA_NOTIFY keys for one test: `notify_settings(QUIET_HOURS=None)`."""

    def change(**values: Any) -> None:
        settings.MOTCUA_NOTIFY = {**settings.MOTCUA_NOTIFY, **values}

    return change


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def payload(**extra: Any) -> dict[str, Any]:
    """A dossier event payload as `dossiers.services._base._outbox` builds it."""
    values: dict[str, Any] = {
        "dossier_id": 1,
        "agency_id": None,
        "code": "000.00.00.H15-260212-0001",
        "state": "received",
        "state_code": 2,
        "action": "receive",
        "due_date": "2026-02-26",
        "procedure": "1.001",
        "procedure_name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        "applicant_name": "Nguyễn Thị Hoà",
        "desk_name": "Trung tâm Phục vụ hành chính công tỉnh Lào Cai",
        "desk_phone": "02143840000",
        "language": "vi",
        "link": "http://127.0.0.1:8000/tra-cuu/?ma=000.00.00.H15-260212-0001",
    }
    values.update(extra)
    return values
