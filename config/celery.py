"""The Celery app: broker = REDIS_URL; without it (embedded default, tests) tasks run eagerly in-process.

Worker: `celery -A config worker -l info`; beat (the outbox sweep every minute): `celery -A config beat`.
Settings are the `CELERY_*` names of the Django settings.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("motcua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
