"""`settings.MOTCUA_NOTIFY`, read on every use (tests override it), with the defaults of base.py."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "FROM_EMAIL": "",
    "SMS_PROVIDER": "console",
    "SMS_HTTP_URL": "",
    "SMS_HTTP_TOKEN": "",
    "SMS_HTTP_TIMEOUT": 10.0,
    "SMS_ASCII": True,
    "SMS_UNICODE_MAX_CHARS": 201,
    "QUIET_HOURS": ("21:00", "07:00"),
    "URGENT_EVENTS": ("account.password_reset",),
    "CHANNELS": {},
    "RETRY_DELAYS_MINUTES": (1, 5, 30, 120, 360, 720),
    "RETRY_WINDOW_HOURS": 48,
    "LEASE_SECONDS": 600,
    "SWEEP_BATCH": 100,
    "STUCK_AFTER_MINUTES": 15,
    "INPROCESS_SWEEP_SECONDS": 0,
}

SMS_ASCII_MAX_CHARS = 160


def notify(key: str) -> Any:
    return getattr(settings, "MOTCUA_NOTIFY", {}).get(key, DEFAULTS[key])
