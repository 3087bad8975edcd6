"""Production: PostgreSQL, Redis (cache and Celery broker), files on S3-compatible storage, HTTPS only.

Everything comes from the environment; `docs/operator.md` lists every variable. `manage.py check
--deploy` is clean with these settings (tested in motcua/core/tests/test_production_settings.py).
"""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The health and metrics probes come over plain HTTP from the load balancer and the monitoring host.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DB_CONN_HEALTH_CHECKS", True)  # noqa: F405

# Static files: WhiteNoise serves the hashed, compressed copies made by `collectstatic`.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", STATIC_ROOT))  # noqa: F405
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded and generated files (scans, forms, receipts, results, exports) on S3-compatible storage
# when a bucket is given; otherwise on MEDIA_ROOT (one machine, or a shared file system).
MOTCUA_S3_BUCKET = os.environ.get("MOTCUA_S3_BUCKET", "")
if MOTCUA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {  # type: ignore[dict-item]  # base.py's dict holds only strings
            "bucket_name": MOTCUA_S3_BUCKET,
            "endpoint_url": os.environ.get("MOTCUA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MOTCUA_S3_REGION") or None,
            "access_key": os.environ.get("MOTCUA_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("MOTCUA_S3_SECRET_KEY") or None,
            "addressing_style": os.environ.get("MOTCUA_S3_ADDRESSING_STYLE", "path"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("MOTCUA_S3_URL_EXPIRE", "300")),
            "file_overwrite": False,
            "location": os.environ.get("MOTCUA_S3_PREFIX", ""),
        },
    }

# Logs: one line per event on stdout (journald or the container runtime collects them).
LOGGING = {  # noqa: F405
    **LOGGING,  # noqa: F405
    "formatters": {
        "line": {"format": "time=%(asctime)s level=%(levelname)s logger=%(name)s pid=%(process)d msg=%(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line", "filters": ["personal_data"]}},
}

# /metrics: a bearer token (and/or allowed client addresses) for the monitoring scraper.
MOTCUA_METRICS_TOKEN = os.environ.get("MOTCUA_METRICS_TOKEN", "")
MOTCUA_METRICS_ALLOWED_IPS = env_list("MOTCUA_METRICS_ALLOWED_IPS", "127.0.0.1")

# The sandbox gateway answers with a public test secret: never in production.
MOTCUA_PAYMENTS["SANDBOX_ENABLED"] = False  # noqa: F405
MOTCUA_PAYMENTS["GATEWAY"] = os.environ.get("MOTCUA_PAYMENT_GATEWAY", "vnpay")  # noqa: F405

# Staff always pass a second factor after the password in production (docs/security.md).
MOTCUA_STAFF_2FA = True
