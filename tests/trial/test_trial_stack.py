"""The production path, exercised: `deploy/trial.sh up` starts PostgreSQL-backed gunicorn (2 workers),
a Celery worker and beat, files on an S3 endpoint; this test drives one dossier through it over HTTP,
from the counter to the returned result, and checks the worker mailed the applicant and the scans
are in the bucket. Runs when the suite runs on PostgreSQL with Redis up (CI's second pass)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

from motcua.dossiers.tests.conftest import pdf_bytes

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PORT, S3_PORT = _free_port(), _free_port()
BASE = f"http://127.0.0.1:{PORT}"
PROCEDURE, DESK = "1.013830", "LCI-TTPVHCC"
PDF = pdf_bytes("tp")
ROLES = {
    "department_head": "truongphong.stp",
    "specialist": "chuyenvien.stp",
    "agency_leader": "lanhdao.stp",
    "clerk": "vanthu.stp",
}


def _reachable(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


pytestmark = [
    pytest.mark.trial,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the trial stack runs on PostgreSQL"
    ),
    pytest.mark.skipif(not _reachable(6379), reason="Redis is not running on 127.0.0.1:6379"),
]


def _call(method: str, path: str, token: str = "", body: Any = None, headers: dict[str, str] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Token {token}")
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback only
            raw = response.read()
            return json.loads(raw) if raw and response.headers.get_content_type() == "application/json" else raw
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{method} {path}: {error.code} {error.read()[:500]!r}") from None


@pytest.fixture(scope="module")
def stack(tmp_path_factory):  # type: ignore[no-untyped-def]
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    mails: list[Any] = []

    class Sink(Message):
        def handle_message(self, message: Any) -> None:
            mails.append(message)

    smtp_port = _free_port()
    smtp = Controller(Sink(), hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    trial_dir = tmp_path_factory.mktemp("trial")
    db = f"motcua_trial_{os.getpid()}"
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
        },
        "TRIAL_DIR": str(trial_dir),
        "TRIAL_PORT": str(PORT),
        "TRIAL_S3_PORT": str(S3_PORT),
        "TRIAL_DB": db,
        "TRIAL_REDIS_DB": "12",  # its own Celery broker: a `make trial` running beside it keeps its tasks
        "TRIAL_EMAIL_HOST": "127.0.0.1",
        "TRIAL_EMAIL_PORT": str(smtp_port),
    }
    script = str(ROOT / "deploy" / "trial.sh")
    try:
        subprocess.run([script, "up"], env=env, check=True, cwd=ROOT, capture_output=True, timeout=600)
        yield {"dir": trial_dir, "env": env, "mails": mails}
    finally:
        subprocess.run([script, "down"], env=env, check=False, cwd=ROOT, capture_output=True, timeout=120)
        smtp.stop()
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", db], check=False)
        shutil.rmtree(trial_dir, ignore_errors=True)


def _token(stack: dict[str, Any], username: str) -> str:
    env = {**stack["env"]}
    for line in (stack["dir"] / "env").read_text().splitlines():
        key, _, value = line.partition("=")
        env[key] = value
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "drf_create_token", username],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()[2]


def _text(message: Any) -> str:
    """Headers and every decoded text part of a received mail."""
    parts = [str(message["Subject"] or ""), str(message["X-RcptTo"] or "")]
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if payload:
            parts.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    return "\n".join(parts)


def _active(detail: dict[str, Any]) -> dict[str, Any] | None:
    return next((t for t in detail["tasks"] if t["status"] == "active"), None)


def test_a_dossier_through_the_production_stack(stack) -> None:  # type: ignore[no-untyped-def]
    assert _call("GET", "/readyz")["status"] == "ok"
    desk = _token(stack, "motcua.tinh")
    procedure = _call("GET", f"/api/v1/procedures/{PROCEDURE}/")
    components = [
        {
            "order": c["order"],
            "received": True,
            "original_qty": 1,
            "scans": [{"name": f"tp-{c['order']}.pdf", "content_base64": base64.b64encode(PDF).decode()}],
        }
        for c in procedure["components"]
    ]
    body = {
        "desk": DESK,
        "procedure": PROCEDURE,
        "applicant": {
            "kind": "person",
            "name": "Nguyễn Thị Hoà",
            "id_type": "cccd",
            "id_number": "001190012345",
            "phone": "0912345678",
            "email": "hoa@example.vn",
            "address": "Phường Lào Cai, tỉnh Lào Cai",
        },
        "subject": "Thử nghiệm môi trường vận hành",
        "return_method": "counter",
        "components": components,
    }
    created = _call("POST", "/api/v1/dossiers/", desk, body, {"Idempotency-Key": str(uuid.uuid4())})
    code = created["code"]
    _call("POST", f"/api/v1/dossiers/{code}/forward/", desk, {"note": "Chuyển Sở Tư pháp"})
    tokens = {role: _token(stack, user) for role, user in ROLES.items()}
    for _ in range(12):
        detail = _call("GET", f"/api/v1/dossiers/{code}/", desk)
        task = _active(detail)
        if detail["state"] != "processing" or task is None:
            break
        if task["role"] == "clerk":
            result = {"name": "the-cong-chung-vien.pdf", "content_base64": base64.b64encode(pdf_bytes("kq")).decode()}
            _call(
                "POST",
                f"/api/v1/dossiers/{code}/finish/",
                tokens["clerk"],
                {"result": result, "document_number": "1/TCCV"},
            )
            continue
        step: dict[str, Any] = {"task": task["id"], "note": "Đồng ý"}
        if task["role"] == "agency_leader":
            step["outcome"] = "granted"
        _call("POST", f"/api/v1/dossiers/{code}/complete-step/", tokens[task["role"]], step)
    detail = _call("GET", f"/api/v1/dossiers/{code}/", desk)
    assert detail["state"] == "done", detail["state"]
    fees = _call("GET", f"/api/v1/dossiers/{code}/fees/", desk)
    if fees["owed_vnd"]:
        _call(
            "POST",
            f"/api/v1/dossiers/{code}/payments/",
            desk,
            {"method": "cash"},
            {"Idempotency-Key": str(uuid.uuid4())},
        )
    _call(
        "POST",
        f"/api/v1/dossiers/{code}/return-result/",
        desk,
        {"recipient_name": "Nguyễn Thị Hoà", "recipient_id": "001190012345"},
    )
    assert _call("GET", f"/api/v1/dossiers/{code}/", desk)["state"] == "returned"

    # The Celery worker (not the web process) mailed the applicant through the SMTP sink.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(code in _text(m) for m in stack["mails"]):
        time.sleep(0.5)
    assert any(code in _text(m) and "hoa@example.vn" in _text(m) for m in stack["mails"]), [
        _text(m)[:200] for m in stack["mails"]
    ]

    # The scans are objects in the S3 bucket, byte for byte.
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{S3_PORT}",
        region_name="us-east-1",
        aws_access_key_id="trial",
        aws_secret_access_key="trial-secret",
    )
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="motcua-trial", MaxKeys=1000)["Contents"]]
    ours = [k for k in keys if k.endswith("-tp-1.pdf")]
    assert ours, keys[:20]
    assert any(s3.get_object(Bucket="motcua-trial", Key=k)["Body"].read() == PDF for k in ours)

    # Monitoring sees it; two gunicorn workers served it.
    token = (stack["dir"] / "metrics-token").read_text().strip()
    metrics = _call("GET", "/metrics", headers={"Authorization": f"Bearer {token}"}).decode()
    assert 'motcua_dossiers_received_today{channel="counter"}' in metrics
    master = int((stack["dir"] / "gunicorn.pid").read_text())
    workers = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    assert len(workers) >= 2
