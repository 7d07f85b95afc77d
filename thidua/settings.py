"""Settings for thidua. Every value comes from the environment (see .env.example)."""

import os
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
# .env.example lists every variable, most of them empty: an empty value means "not set" and the
# default applies (else `SECURE_HSTS_SECONDS=` would not parse and `SECURE_SSL_REDIRECT=` would
# switch the redirect off in production).
env.ENVIRON = {key: value for key, value in os.environ.items() if value != ""}

# THIDUA_ENV=production switches on the secure defaults and demands a real SECRET_KEY.
THIDUA_ENV = env.str("THIDUA_ENV", default="development")
PRODUCTION = THIDUA_ENV == "production"
DEBUG = env.bool("DEBUG", default=False)
_INSECURE_KEY = "django-insecure-thidua-development-only"
SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else _INSECURE_KEY)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _INSECURE_KEY):
    raise ImproperlyConfigured("SECRET_KEY must be set when THIDUA_ENV=production.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address of the site, for links in e-mails (no request to take the host from).
SITE_URL = (
    env.str("SITE_URL", default="") or ("" if PRODUCTION else "http://127.0.0.1:8000")
).rstrip("/")
if PRODUCTION and not SITE_URL:
    raise ImproperlyConfigured("SITE_URL must be set when THIDUA_ENV=production.")
if SITE_URL and not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("SITE_URL must start with http:// or https://.")
THIDUA_VERSION = "0.1.0"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "template_partials",
    "django_htmx",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # platform: used by every stage, never imports one
    "organizations",
    "audit",
    "documents",
    "notifications",
    "workdays",
    # the flow, in order: each stage imports only earlier stages and the platform
    "campaigns",
    "nominations",
    "appraisal",
    "council",
    "decisions",
    "awards",
    # above the stages: role home pages that read across them
    "dashboard",
    "monitoring",
]

MIDDLEWARE = [
    # First: answers /healthz/live and /healthz/ready before the HTTPS redirect and the
    # ALLOWED_HOSTS check (probes come over plain HTTP from inside the container network).
    "thidua.health.HealthCheckMiddleware",
    # X-Forwarded-* believed only from TRUSTED_PROXIES (thidua/security.py).
    "thidua.security.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "organizations.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "organizations.middleware.SessionClockMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Permissions-Policy everywhere, no-store for logged-in pages.
    "thidua.security.HardeningHeadersMiddleware",
    "organizations.middleware.AnonymousBodyLimitMiddleware",
    "audit.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "organizations.middleware.ExpiredSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a refused login of a locked-out account into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dashboard.context_processors.workspace",
                "organizations.context_processors.session_clock",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep a connection between requests in production (a new PostgreSQL connection per request cost
# the inbox most of its throughput, docs/appraisal.md); checked before reuse so a database restart
# costs one failed check, not an error page. Development keeps 0 (runserver's thread per request).
DATABASES["default"].setdefault(
    "CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
)
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# Behind PgBouncer in transaction mode (docs/scaling.md): no server-side cursors, CONN_MAX_AGE=0.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DATABASE_DISABLE_SERVER_SIDE_CURSORS", default=False
)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL and a busy timeout let the demo server and in-process tasks share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif "postgresql" in DATABASES["default"]["ENGINE"] and not env.bool("DATABASE_JIT", default=False):
    # PostgreSQL's JIT compiles a query whose estimated cost is high: on the inbox's filtered
    # count at 100,000 nominees it spent 509 of 568 ms compiling (docs/performance.md). Short
    # web queries never repay it; DATABASE_JIT=true switches it back on.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organizations.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "organizations.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "organizations.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "organizations.passwords.CommonPasswordValidator"},
    {"NAME": "organizations.passwords.NumericPasswordValidator"},
    {"NAME": "organizations.passwords.CharacterClassValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses every login of a locked-out account (django-axes), before any password check.
    "organizations.auth.LockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Repeated failed logins (login page and admin alike) lock the account for a while.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "organizations.auth.lockout_response"
AXES_USERNAME_CALLABLE = "organizations.auth.submitted_username"
AXES_VERBOSE = False
# Password reset links stay valid this long (seconds).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 3600)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
# Pages warn this many seconds before the session expires (and keep what is being typed).
SESSION_WARNING_SECONDS = env.int("SESSION_WARNING_SECONDS", default=300)
CSRF_FAILURE_VIEW = "organizations.views.csrf_failure"

# Internationalisation: Vietnamese by default, English switchable.
LANGUAGE_CODE = "vi"
# Day/month/year input and short dates in every language (thidua/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["thidua.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# Static and media files. Third-party assets come from node_modules (npm, package-lock.json).
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/tinos", NODE_MODULES / "@fontsource" / "tinos" / "files"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded files and rendered PDFs: local disk (MEDIA_ROOT) or an S3-compatible bucket (MinIO,
# Ceph, AWS, a government cloud's object storage) through django-storages, by configuration.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("S3_PREFIX", default=""),
            # Private objects, served through the app's permission checks (short signed URLs
            # only where a view hands one out); a name is never overwritten.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env.int("S3_URL_EXPIRE", default=300),
            "file_overwrite": False,
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="") or None,
        },
    }
elif MEDIA_STORAGE == "local":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # Development serves static files from the finders; no collectstatic folder is needed.
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# What someone not logged in may send in one request (the login form is a few hundred bytes).
ANONYMOUS_MAX_BODY_BYTES = env.int("ANONYMOUS_MAX_BODY_BYTES", default=64 * 1024)
THIDUA_MAX_UPLOAD_BYTES = env.int("THIDUA_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)

# Redis: cache, Celery broker and result backend. Absent: in-process tasks, local memory cache.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="thidua"),
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="thidua")
# Separate queues, so that a big batch of renders never delays a notification: tasks are routed
# by name prefix (thidua/celery.py) to "<CELERY_QUEUE>-documents" (documents, decisions, awards,
# monitoring) and "<CELERY_QUEUE>-notifications"; the rest stays on CELERY_QUEUE. A worker
# started without -Q consumes all three (CELERY_TASK_QUEUES below).
CELERY_TASK_ROUTES = ("thidua.celery.route_task",)
CELERY_TASK_QUEUES = [
    Queue(name)
    for name in (
        CELERY_TASK_DEFAULT_QUEUE,
        f"{CELERY_TASK_DEFAULT_QUEUE}-documents",
        f"{CELERY_TASK_DEFAULT_QUEUE}-notifications",
    )
]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With the broker away a publish fails in about a second (refused at once, 1 s to connect, 2 s
# for a broker that hangs) instead of the ~19 s of the defaults; the outbox keeps the message.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# A task whose worker died unacknowledged (acks late) is delivered again after the visibility
# timeout; it must exceed the longest task (render jobs: DOCUMENTS_JOB_TIMEOUT).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # How often a worker looks for such messages (kombu's defaults: about every 100 s).
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# The outbox (notifications/outbox.py): a message handed over but not done after this many
# seconds is handed over again, at most OUTBOX_MAX_ATTEMPTS times in all.
OUTBOX_RETRY_AFTER = env.int("OUTBOX_RETRY_AFTER", default=15 * 60)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
# Scheduled jobs (run by the `beat` service). Times are in TIME_ZONE.
CELERY_BEAT_SCHEDULE: dict = {
    "appraisal-due-reminders": {
        "task": "appraisal.send_due_reminders",
        "schedule": crontab(hour=env.int("REMINDER_HOUR", default=7), minute=0),
    },
    # Side effects the broker did not take when they were queued (notifications/outbox.py).
    "outbox-sweep": {
        "task": "notifications.sweep_outbox",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}

# Official documents: render the PDF as soon as a document is issued (in the worker with Redis).
DOCUMENTS_RENDER_ON_ISSUE = env.bool("DOCUMENTS_RENDER_ON_ISSUE", default=True)
# Where the print font (npm @fontsource/tinos, WOFF2) is decoded once to TrueType.
DOCUMENTS_FONT_CACHE = Path(
    env.str("DOCUMENTS_FONT_CACHE", default="") or NODE_MODULES / ".cache" / "thidua-fonts"
)
# Render jobs: send again those still queued after this many seconds (lost message, broker
# down); put back those running longer than this (worker died). Swept every minute (beat).
DOCUMENTS_JOB_REQUEUE_AFTER = env.int("DOCUMENTS_JOB_REQUEUE_AFTER", default=120)
DOCUMENTS_JOB_TIMEOUT = env.int("DOCUMENTS_JOB_TIMEOUT", default=600)
# Excel exports of more rows than this are made by the worker, with a progress bar.
MONITORING_EXPORT_SYNC_MAX = env.int("MONITORING_EXPORT_SYNC_MAX", default=5000)

# Giấy khen: how many certificates one worker task renders (a chunk of the batch).
AWARDS_CERTIFICATE_CHUNK = env.int("AWARDS_CERTIFICATE_CHUNK", default=50)

# Digital signatures of decisions (decisions/signing.py): a folder of per-signer PKCS#12 files
# (<username>.p12 with <username>.pass, or SIGNING_PASSPHRASE_<USERNAME>), registered token
# certificates (<username>.crt), signature images (<username>-signature.png|svg) and seals
# (seal-<authority id>.png|svg); and a default PKCS#12 used for any signer without his own.
SIGNING_CERTIFICATES_DIR = Path(
    env.str("SIGNING_CERTIFICATES_DIR", default=str(BASE_DIR / "var" / "signing"))
)
SIGNING_PKCS12_PATH = env.str("SIGNING_PKCS12_PATH", default="")
SIGNING_PKCS12_PASSPHRASE = env.str("SIGNING_PKCS12_PASSPHRASE", default="")
CELERY_BEAT_SCHEDULE["documents-sweep-render-jobs"] = {
    "task": "documents.sweep_render_jobs",
    "schedule": 60.0,
}

# Email: console by default; SMTP through EMAIL_URL in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="thidua@localhost")
# What every notification e-mail's subject begins with (the product's name, not its code name).
EMAIL_SUBJECT_PREFIX = env.str("EMAIL_SUBJECT_PREFIX", default="[Thi đua - Khen thưởng]")

# crispy-forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. Production values are switched on by THIDUA_ENV=production; see docs/deployment.md.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses (or networks) of the reverse proxy: only from them are X-Forwarded-* headers believed.
TRUSTED_PROXIES = env.list(
    # Default: loopback and Docker's bridge networks (a proxy on the host reaching the published port).
    "TRUSTED_PROXIES",
    default=["127.0.0.1/32", "::1/128", "172.16.0.0/12"],
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# SAMEORIGIN, not DENY: the appraisal desk previews uploaded PDFs in a same-origin frame.
X_FRAME_OPTIONS = "SAMEORIGIN"
# Content-Security-Policy (django-csp 4): scripts, styles, fonts and frames from this site only,
# nothing inline (templates carry no <script> body, on*= handler or style="…"; htmx's own inline
# indicator style is switched off in base.html). data: images are Bootstrap's inline SVG icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
# Checks silenced on purpose; the reasons are in docs/deployment.md ("check --deploy").
SILENCED_SYSTEM_CHECKS = env.list(
    "SILENCED_SYSTEM_CHECKS", default=["security.W019", "security.W021", "axes.W006"]
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_refusals": {"()": "thidua.logfilters.OneLineRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_refusals"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "ERROR"},
    },
}
