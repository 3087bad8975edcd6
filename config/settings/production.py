"""Production: PostgreSQL, Redis, secrets from the environment, HTTPS only."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# The sandbox gateway answers with a public test secret: never in production.
MOTCUA_PAYMENTS["SANDBOX_ENABLED"] = False  # noqa: F405
MOTCUA_PAYMENTS["GATEWAY"] = os.environ.get("MOTCUA_PAYMENT_GATEWAY", "vnpay")  # noqa: F405
