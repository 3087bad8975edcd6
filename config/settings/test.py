"""Test settings: fast hashing; the database comes from DATABASE_URL (SQLite or PostgreSQL)."""

from .base import *  # noqa: F403
from .base import BASE_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - keeps WhiteNoise quiet before collectstatic

# Assertions read the English source strings; tests of the Vietnamese interface (the product
# default, LANGUAGE_CODE = "vi" in base.py) switch it on explicitly with the `vietnamese` fixture.
LANGUAGE_CODE = "en"

# Most tests sign staff in with force_login; the second-factor tests switch it on (motcua/org/tests).
MOTCUA_STAFF_2FA = False
