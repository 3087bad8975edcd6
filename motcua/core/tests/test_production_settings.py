"""Production settings: `check --deploy` is clean, files go to S3 when a bucket is set."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# Set by the browser tests for Playwright in this process; a deployment never has it.
DROP = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {
        **{k: v for k, v in os.environ.items() if k not in DROP},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "dichvucong.laocai.gov.vn",
        "DATABASE_URL": "sqlite:////tmp/motcua-deploy-check.sqlite3",
        **env,
    }
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=full, capture_output=True, text=True, check=False)


def test_check_deploy_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in DROP},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "dichvucong.laocai.gov.vn",
            "DATABASE_URL": "sqlite:////tmp/motcua-deploy-check.sqlite3",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_security_settings_and_s3_storage() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "from django.core.files.storage import storages; d = storages['default'];"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " type(d).__name__, d.bucket_name, d.default_acl, s.MOTCUA_PAYMENTS['SANDBOX_ENABLED'])"
    )
    out = _run(code, MOTCUA_S3_BUCKET="motcua-files", MOTCUA_S3_ENDPOINT_URL="http://127.0.0.1:9000")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True", "True", "31536000", "S3Storage", "motcua-files", "private", "False"]
    local = _run(
        "import django; django.setup(); from django.core.files.storage import storages; d = storages['default'];"
        "print(type(d).__name__)"
    )
    assert local.stdout.strip() == "FileSystemStorage"
