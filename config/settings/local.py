"""Embedded default for `make demo`: SQLite file, debug on, local files."""

from .base import *  # noqa: F403

DEBUG = True

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - keeps WhiteNoise quiet before collectstatic

# Notifications: a thread in `runserver` sweeps the outbox (retries) without a Celery worker.
MOTCUA_NOTIFY = {**MOTCUA_NOTIFY, "INPROCESS_SWEEP_SECONDS": 30}  # noqa: F405
