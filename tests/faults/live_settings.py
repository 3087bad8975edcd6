"""Settings of the processes the fault tests start (gunicorn, child scripts, restore): the test settings,
plus what those tests pass in the environment (MEDIA_ROOT, the database health checks, e-mail)."""

import os
from pathlib import Path

from config.settings.base import env_bool
from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES, MEDIA_ROOT

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", MEDIA_ROOT))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DB_CONN_HEALTH_CHECKS", False)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
