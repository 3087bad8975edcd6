"""Embedded default for `make demo`: SQLite file, debug on, local files."""

from .base import *  # noqa: F403

DEBUG = True

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - keeps WhiteNoise quiet before collectstatic

# Notifications: a thread in `runserver` sweeps the outbox (retries) without a Celery worker.
MOTCUA_NOTIFY = {**MOTCUA_NOTIFY, "INPROCESS_SWEEP_SECONDS": 30}  # noqa: F405

# The demo's printed users sign in with their password only; `MOTCUA_STAFF_2FA=1 make demo` asks staff
# for an authenticator code as production always does (docs/security.md).
MOTCUA_STAFF_2FA = env_bool("MOTCUA_STAFF_2FA", False)  # noqa: F405
