"""Settings shared by every environment; everything that differs comes from the environment.

The same code runs the embedded default (SQLite, in-process tasks, local files) and production
(PostgreSQL, Redis, Celery, object storage); only these variables change.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-dev-key-change-me-in-production-0123456789")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "motcua.core",
    "motcua.org",
    "motcua.catalog",
    "motcua.calendars",
    "motcua.audit",
    "motcua.notifications",
    "motcua.dossiers",
    "motcua.accounts",
    "motcua.feedback",
    "motcua.queueing",
    "motcua.payments",
    "motcua.postal",
    "motcua.esign",
    "motcua.reports",
    "motcua.portal",
    "motcua.portal.citizen",
    "motcua.privacy",  # the applicant's pages; an app so its locale/ catalogue is loaded
    "axes",
    "mozilla_django_oidc",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "motcua.org.middleware.StaffSecondFactorMiddleware",
    "csp.middleware.CSPMiddleware",
    "motcua.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the 429 page (motcua.accounts.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'motcua.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the embedded default take concurrent writers without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Citizen accounts (motcua.accounts): sign-in by e-mail or phone, lockout, OpenID Connect.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out attempts before any password check
    "django.contrib.auth.backends.ModelBackend",  # staff, by username
    "motcua.accounts.backends.IdentifierBackend",  # citizens, by e-mail or phone
    "motcua.accounts.oidc.CitizenOIDCBackend",  # citizens, through the identity provider (when configured)
]
PASSWORD_RESET_TIMEOUT = 24 * 3600  # the link may travel by SMS; keep it short-lived
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # one count for every process
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # per identifier from one address (CGNAT shares IPs)
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the page promises a time; keep it
AXES_USERNAME_CALLABLE = "motcua.accounts.lockout.attempt_identifier"
AXES_CLIENT_IP_CALLABLE = "motcua.accounts.lockout.attempt_ip"
AXES_LOCKOUT_CALLABLE = "motcua.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# OpenID Connect (mozilla-django-oidc). On when a client id and secret are set together with an issuer
# (endpoints from its discovery document) or the authorization, token and userinfo endpoints.
MOTCUA_OIDC_ISSUER = os.environ.get("MOTCUA_OIDC_ISSUER", "")
OIDC_RP_CLIENT_ID = os.environ.get("MOTCUA_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("MOTCUA_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("MOTCUA_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("MOTCUA_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("MOTCUA_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("MOTCUA_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("MOTCUA_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("MOTCUA_OIDC_SCOPES", "openid profile email phone")
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
MOTCUA_OIDC_PKCE = os.environ.get("MOTCUA_OIDC_PKCE", "auto")  # auto: on when the provider advertises S256
MOTCUA_OIDC_PROVIDER_NAME = os.environ.get("MOTCUA_OIDC_PROVIDER_NAME", "VNeID")  # the button's label
MOTCUA_OIDC_TRUSTED = env_bool("MOTCUA_OIDC_TRUSTED", True)  # its sign-ins mark the identity verified
MOTCUA_OIDC_LINK_VERIFIED_EMAIL = env_bool("MOTCUA_OIDC_LINK_VERIFIED_EMAIL", False)
MOTCUA_OIDC_CLAIMS = {  # our field → the provider's claim
    "subject": "sub",
    "name": "name",
    "email": "email",
    "email_verified": "email_verified",
    "phone": "phone_number",
    "citizen_id": os.environ.get("MOTCUA_OIDC_CITIZEN_ID_CLAIM", "citizen_id"),
    "birth_date": "birthdate",
}
MOTCUA_CITIZEN_HOME_URL = "accounts:profile"  # where a citizen lands after signing in

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "motcua" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Redis down or hung is a cache miss, not a 500 (motcua.core.cache; tests/faults/test_redis_down.py).
    CACHES = {"default": {"BACKEND": "motcua.core.cache.FaultTolerantRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "motcua.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "motcua.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": "Electronic one-stop desk and public-service portal for a Vietnamese province.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI is served from our own static files (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Choice sets that share a field name ("level", "kind", "role") get their own enum components.
    "ENUM_NAME_OVERRIDES": {
        "UnitLevelEnum": "motcua.org.choices.UnitLevel",
        "AgencyLevelEnum": "motcua.org.choices.AgencyLevel",
        "DeskKindEnum": "motcua.org.choices.DeskKind",
        "RoleEnum": "motcua.org.choices.Role",
        "TicketStateEnum": "motcua.queueing.choices.TicketState",
        "SeatStatusEnum": "motcua.queueing.choices.SeatStatus",
        "FeedbackStateEnum": "motcua.feedback.choices.FeedbackState",
        "ProcedureLevelEnum": "motcua.catalog.choices.ProcedureLevel",
        "OnlineLevelEnum": "motcua.catalog.choices.OnlineLevel",
        "FeeKindEnum": "motcua.catalog.choices.FeeKind",
        "StepRoleEnum": "motcua.catalog.choices.StepRole",
        "FormKeyEnum": "motcua.dossiers.choices.FormKey",
        "TaskStatusEnum": "motcua.dossiers.choices.TaskStatus",
        "ConsultModeEnum": "motcua.dossiers.choices.ConsultMode",
        "IntakeOutcomeEnum": "motcua.dossiers.choices.IntakeOutcome",
        "ApplicantKindEnum": "motcua.dossiers.choices.ApplicantKind",
        "PostalOrderStatusEnum": "motcua.postal.choices.OrderStatus",
        "DeliveryStatusEnum": "motcua.postal.choices.DeliveryStatus",
        "DossierStateEnum": "motcua.dossiers.choices.State",
        "SupplementPhaseEnum": "motcua.dossiers.choices.SupplementPhase",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Citizen ID and phone numbers are masked in every line (motcua.core.logging).
    "filters": {"personal_data": {"()": "motcua.core.logging.PersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools log every rendering step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# motcua settings. Each "to confirm" rule of the spec has its configurable default here.
MOTCUA: dict[str, Any] = {
    "PROVINCE_CODE": os.environ.get("MOTCUA_PROVINCE_CODE", "15"),
    "SITE_NAME": os.environ.get("MOTCUA_SITE_NAME", "Cổng dịch vụ công"),
    "PUBLIC_BASE_URL": os.environ.get("MOTCUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000"),
    "NATIONAL_PORTAL_PROCEDURE_URL": (
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}"
    ),
    # deadlines.md §3-4: same-day cut-off and the paper hand-over rule (opening + 1 h next day).
    "SAME_DAY_CUTOFF": "15:00",
    "PAPER_TRANSFER_NEXT_DAY_OFFSET_MINUTES": 60,
    # lifecycle.md §3: supplement request expected within 3 working days of acceptance (flag if later).
    "SUPPLEMENT_EXPECTED_WITHIN_WORKING_DAYS": 3,
    # deadlines.md §6: classify against the apology's date instead of the legal due date (to confirm).
    "CLASSIFY_AGAINST_RESCHEDULED": False,
    # deadlines.md §6: awaiting_obligation pauses the clock (to confirm per sector law).
    "OBLIGATION_PAUSES_CLOCK": True,
    # documents-and-codes.md §6: digitisation limits.
    "UPLOAD_MAX_FILE_BYTES": 10 * 1024 * 1024,
    # documents-and-codes.md §9: data-subject requests answered within 2 working days (to confirm);
    # the roles that answer them (the auditor reads the queue).
    "PRIVACY_RESPONSE_WORKING_DAYS": 2,
    "PRIVACY_HANDLER_ROLES": ("agency_leader", "administrator"),
    "UPLOAD_MAX_DOSSIER_BYTES": 50 * 1024 * 1024,
    # Forms sets (Circular 01/2018 → 03/2025) switch on this date (documents-and-codes.md §3).
    "FORMS_2025_FROM": "2025-09-15",
    # services.md §7: public status lookup limits (counters in the cache, shared by all processes).
    # The env variables exist for the B2 bench, which must not hit the per-IP limit.
    "LOOKUP_LIMITS": {
        "PER_MINUTE": int(os.environ.get("MOTCUA_LOOKUP_PER_MINUTE", "30")),
        "PER_DAY": int(os.environ.get("MOTCUA_LOOKUP_PER_DAY", "300")),
        "WRONG_FACTORS": 5,  # wrong second factors per code within WRONG_FACTOR_WINDOW lock the factor
        "WRONG_FACTOR_WINDOW_SECONDS": 3600,
        "LOCK_SECONDS": 3600,
    },
    # Client IP: REMOTE_ADDR, or the N-th address from the right of X-Forwarded-For behind N proxies.
    "TRUSTED_PROXY_COUNT": int(os.environ.get("MOTCUA_TRUSTED_PROXY_COUNT", "0")),
    # services.md §1: endings of a paid dossier that open a refund (to confirm against the fee law).
    "REFUND_ON": ("refuse_intake", "withdraw", "stop", "finish_refused"),
}

# Reports (reports.md). A period is frozen as a snapshot this many working days after it ends.
MOTCUA_REPORTS: dict[str, Any] = {
    "FREEZE_AFTER_WORKING_DAYS": 5,
    # Exports above this many rows run in the background and are kept EXPORT_KEEP_DAYS.
    "EXPORT_INLINE_MAX_ROWS": 2000,
    "EXPORT_KEEP_DAYS": 7,
    # reports.md §5: target lines (online share, full-online share), per level; configurable.
    "TARGETS": {"province": (90, 90), "commune": (70, 70)},
    # reports.md §4 indicator 5: share of procedures a unit itself decides at the desk, per level
    # (province ≥ 20 %, district ≥ 50 % (to remap after the 2025 reform, to confirm), commune 100 %).
    "FULL_DESK_THRESHOLDS": {"province": 20, "district": 50, "commune": 100},
    # Dashboard: "at risk" = open, due within this many working days.
    "AT_RISK_WORKING_DAYS": 1,
}

# Online payment (services.md §1). Gateways are plugins; merchant codes and secrets come from the
# environment, never the database. "sandbox" is motcua's own test gateway speaking the VNPay protocol
# (on in the demo and tests, off in production settings). Per-agency merchants: "MERCHANTS" maps an
# agency code to {"tmn_code", "secret_env"}; agencies not listed use the gateway's default merchant.
MOTCUA_PAYMENTS: dict[str, Any] = {
    "GATEWAY": os.environ.get("MOTCUA_PAYMENT_GATEWAY", "sandbox"),
    "EXPIRE_MINUTES": 15,
    "GATEWAYS": {
        "sandbox": {
            "BACKEND": "motcua.payments.gateways.vnpay.VnpayGateway",
            "PAY_URL": "/thanh-toan/sandbox/pay/",  # relative: served by motcua itself
            "API_URL": "/thanh-toan/sandbox/api/",
            "TMN_CODE": "MOTCUA01",
            "SECRET": "MOTCUASANDBOXSECRETKEY0123456789",  # fixed test secret, public on purpose
            "IPN_URL": "/thanh-toan/ipn/sandbox/",
        },
        "vnpay": {
            "BACKEND": "motcua.payments.gateways.vnpay.VnpayGateway",
            "PAY_URL": os.environ.get("VNPAY_PAY_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"),
            "API_URL": os.environ.get("VNPAY_API_URL", "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"),
            "TMN_CODE": os.environ.get("VNPAY_TMN_CODE", ""),
            "SECRET": os.environ.get("VNPAY_HASH_SECRET", ""),
            "MERCHANTS": {},
        },
    },
    "SANDBOX_ENABLED": True,
}

# Signed e-results (documents-and-codes.md §5). The signer plugin and its key material; the demo and
# tests create a local test certificate authority (manage.py esign_demo_ca) under var/pki/.
MOTCUA_ESIGN: dict[str, Any] = {
    "SIGNER": os.environ.get("MOTCUA_SIGNER", "local_pkcs12"),
    "PKCS12_PATH": os.environ.get("MOTCUA_SIGNER_PKCS12", str(BASE_DIR / "var" / "pki" / "agency.p12")),
    "PKCS12_PASSWORD": os.environ.get("MOTCUA_SIGNER_PKCS12_PASSWORD", "motcua-demo"),
    # PEM files of the roots whose certificates the verification page trusts.
    "TRUST_ROOTS": env_list("MOTCUA_SIGNER_TRUST_ROOTS", str(BASE_DIR / "var" / "pki" / "ca.pem")),
    # Per-agency key material: {agency code: {"PKCS12_PATH": ..., "PKCS12_PASSWORD": ...}}.
    "AGENCIES": {},
    "VERIFY_LIMITS": {"PER_MINUTE": 30, "PER_DAY": 300},
}

# Public postal channel (services.md §2).
MOTCUA_POSTAL: dict[str, Any] = {
    "OPERATOR": os.environ.get("MOTCUA_POSTAL_OPERATOR", "VNPOST"),
    "WEBHOOK_RETRY_MINUTES": [1, 5, 30, 120, 360, 720],
    "POSTAGE_SUBSIDY": False,
}

# Notifications (services.md §6): e-mail over SMTP, SMS through a provider, sent by Celery workers.
# Without REDIS_URL (embedded default, tests) tasks run in-process right after the commit.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
# No SMTP server configured: e-mails are printed on the console (demo).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("MOTCUA_FROM_EMAIL", "no-reply@dichvucong.local")

from celery.schedules import crontab  # noqa: E402

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A broker that is down or hung must not hold a request: publish fails fast, the outbox sweep
# delivers later (tests/faults/test_redis_down.py). socket_timeout stays above brpop_timeout (1 s).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 2, "socket_connect_timeout": 1}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "outbox-deliver-due": {"task": "motcua.notifications.tasks.deliver_due", "schedule": 60.0},
    # documents-and-codes.md §9: logs and message bodies past their retention (motcua.privacy.retention).
    "privacy-retention": {"task": "motcua.privacy.tasks.retention_nightly", "schedule": crontab(hour=3, minute=30)},
    # services.md §1: pending payments past expiry are queried; yesterday is reconciled at 01:00.
    "payments-expire-sweep": {"task": "motcua.payments.tasks.expire_sweep", "schedule": 300.0},
    "postal-webhooks-sweep": {"task": "motcua.postal.tasks.webhooks_sweep", "schedule": 60.0},
    "payments-reconcile": {
        "task": "motcua.payments.tasks.reconcile_yesterday",
        "schedule": crontab(hour=1, minute=0),
    },
    # reports.md §1, §7: freeze periods N working days after they end; drop expired export files.
    "reports-freeze-due": {"task": "motcua.reports.tasks.reports_freeze_due", "schedule": crontab(hour=2, minute=0)},
    # services.md §3: unserved tickets and missed appointments closed after hours; old phones erased.
    "queue-close-day": {"task": "motcua.queueing.tasks.close_day", "schedule": crontab(hour=22, minute=0)},
    "reports-exports-cleanup": {
        "task": "motcua.reports.tasks.exports_cleanup",
        "schedule": crontab(hour=2, minute=30),
    },
}

# The office floor (services.md §3); every key and its default is in motcua/queueing/conf.py.
MOTCUA_QUEUE: dict[str, Any] = {
    "BOARD_SSE": env_bool("MOTCUA_QUEUE_BOARD_SSE", True),
    "TARGET_WAIT_MINUTES": int(os.environ.get("MOTCUA_QUEUE_TARGET_WAIT_MINUTES", "15")),
    "VOICE_CLIPS_URL": os.environ.get("MOTCUA_QUEUE_VOICE_CLIPS_URL", ""),
}

MOTCUA_NOTIFY: dict[str, Any] = {
    "FROM_EMAIL": DEFAULT_FROM_EMAIL,
    "SMS_PROVIDER": os.environ.get("MOTCUA_SMS_PROVIDER", "console"),  # "console" | "http"
    "SMS_HTTP_URL": os.environ.get("MOTCUA_SMS_HTTP_URL", ""),
    "SMS_HTTP_TOKEN": os.environ.get("MOTCUA_SMS_HTTP_TOKEN", ""),
    "SMS_HTTP_TIMEOUT": float(os.environ.get("MOTCUA_SMS_HTTP_TIMEOUT", "10")),
    # ASCII (diacritics stripped, 160 characters, one segment) or Unicode (70 per segment) per provider.
    "SMS_ASCII": env_bool("MOTCUA_SMS_ASCII", True),
    "SMS_UNICODE_MAX_CHARS": int(os.environ.get("MOTCUA_SMS_UNICODE_MAX_CHARS", "201")),
    # Non-urgent SMS are held in this local-time window; MOTCUA_SMS_QUIET_HOURS="" turns it off.
    "QUIET_HOURS": tuple(env_list("MOTCUA_SMS_QUIET_HOURS", "21:00,07:00")) or None,
    "URGENT_EVENTS": ("account.password_reset",),
    # Replace a channel's implementation: {"national_portal": "dotted.path.to.ChannelClass"}.
    "CHANNELS": {},
    # Retries after attempt 1, 2, ...; the last delay repeats until RETRY_WINDOW_HOURS → failed.
    "RETRY_DELAYS_MINUTES": (1, 5, 30, 120, 360, 720),
    "RETRY_WINDOW_HOURS": 48,
    "LEASE_SECONDS": 600,  # a sender's claim on a message; far longer than EMAIL_TIMEOUT
    "SWEEP_BATCH": 100,
    "STUCK_AFTER_MINUTES": 15,  # pending this long → shown on the staff resend screen
    # Daemon thread sweeping the outbox inside `runserver` (embedded default only; local.py sets 30).
    "INPROCESS_SWEEP_SECONDS": 0,
}

# --- Security (docs/security.md) -------------------------------------------------------------------
# Retention in days (documents-and-codes.md §9; motcua.privacy.retention has the defaults).
MOTCUA_RETENTION: dict[str, int] = {}

# Staff second factor (TOTP) after the password: on by default, always on in production (settings
# production.py); `make demo` and the tests turn it off unless MOTCUA_STAFF_2FA=1.
MOTCUA_STAFF_2FA = env_bool("MOTCUA_STAFF_2FA", True)
OTP_TOTP_ISSUER = MOTCUA["SITE_NAME"]
OTP_TOTP_THROTTLE_FACTOR = 1  # seconds, doubled after each wrong code of a device (django-otp)

# Sessions: HttpOnly and SameSite=Lax cookies (Django's defaults). Applicants keep Django's two weeks;
# a staff sign-in lasts a working day (motcua.org.apps: set when a staff member signs in).
MOTCUA_STAFF_SESSION_SECONDS = int(os.environ.get("MOTCUA_STAFF_SESSION_SECONDS", str(10 * 3600)))
CSRF_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features no page uses are switched off (motcua.core.middleware.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


# Content Security Policy (django-csp): scripts only from our own origin (no inline script, no eval);
# inline style attributes are allowed (a few computed widths and colours), nothing else inline.
# Forms may post (and redirect) only to us and to the payment gateway and the identity provider.
_CSP_FORM_TARGETS = sorted(
    {
        o
        for o in (
            _origin(str(MOTCUA_PAYMENTS["GATEWAYS"]["vnpay"]["PAY_URL"])),
            _origin(OIDC_OP_AUTHORIZATION_ENDPOINT),
        )
        if o
    }
)
_CSP_MEDIA = [o for o in (_origin(MOTCUA_QUEUE.get("VOICE_CLIPS_URL", "")),) if o]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", *_CSP_MEDIA],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", *_CSP_FORM_TARGETS],
    }
}
