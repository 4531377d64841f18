"""Settings, all read from environment variables.

With nothing set, Rapporteur runs "embedded": SQLite under ``var/`` and Celery
tasks executed eagerly in the web process, so ``make demo`` needs no server.
Set ``DATABASE_URL`` and ``CELERY_BROKER_URL`` for PostgreSQL and Redis
(production and the test suite).
"""
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
DEVELOPMENT_SECRET_KEY = "insecure-development-key-set-SECRET_KEY-in-production"
SECRET_KEY = env("SECRET_KEY", default="")
# The embedded demo (SQLite, no broker) and DEBUG may run on the development key; anything
# else refuses to start without a real one: private links and sessions are signed with it.
_EMBEDDED = env("DATABASE_URL", default="sqlite:").startswith("sqlite:") and not env("CELERY_BROKER_URL", default="")
if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    if not (DEBUG or _EMBEDDED or env.bool("RAPPORTEUR_ALLOW_DEVELOPMENT_KEY", default=False)):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set (or is the development key published in the repository). "
            "Set SECRET_KEY to a long random value (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "csp",
    "submissions",
    "synthesis",
    "reports",
    "portal",
    "staff",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (CSRF does): refuse oversized uploads unread, and answer
    # "try again in a minute" instead of a 500 while the database is unreachable.
    "portal.middleware.UploadSizeLimitMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: refuses sign-in to locked-out accounts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# --- Database: SQLite under var/ unless DATABASE_URL says otherwise ----------
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'rapporteur.sqlite3'}"
    )
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: WAL lets readers and one writer work at once; writers take the
    # lock at BEGIN (IMMEDIATE) and wait up to 20 s for it instead of failing "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    })
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # A PostgreSQL restart: fail fast (the page says "try again in a minute"), and check a
    # kept connection before use so a restart leaves no dead connection behind.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("DB_CONNECT_TIMEOUT", 5))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# --- Languages: the six official languages of the United Nations -------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Deadlines are set and shown in Geneva time; storage is UTC.
TIME_ZONE = "Europe/Zurich"

# --- Files -------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
# Uploads live outside the web root and are never served by URL: downloads go
# through permission-checked views. MEDIA_URL is deliberately not routed.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": env("FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A request body larger than this is refused from its Content-Length before it is read
# (portal.middleware); keep the reverse proxy's limit (nginx client_max_body_size) the same.
MAX_REQUEST_BODY_MB = env.int("MAX_REQUEST_BODY_MB", default=110)

# --- E-mail ------------------------------------------------------------------
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Rapporteur <no-reply@rapporteur.localhost>")

# --- Celery ------------------------------------------------------------------
# "localhost" named so kombu does not warn "No hostname was supplied" (decision 0016).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or "memory://localhost/"
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
# No broker configured: run tasks in-process so the app needs no server.
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL.startswith("memory://")
)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Model jobs have their own queue (`celery -A config worker -Q llm`), so a slow model server never
# holds up processing (issue 11).
CELERY_TASK_ROUTES = {
    "reports.tasks.generate_draft_task": {"queue": "llm"},
    "reports.tasks.translate_paragraph_task": {"queue": "llm"},
}
# Processing is bounded (decision 0020), so limits are minutes, not half an hour; the sweep
# re-queues a queued job only after the hard limit, a running one only once its lease lapsed.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=5 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=4 * 60)
RAPPORTEUR_JOB_LEASE_SECONDS = env.float("RAPPORTEUR_JOB_LEASE_SECONDS", default=60)
# Above the longest task, or Redis hands long tasks to a second worker. Short connect and
# socket timeouts, no retries when publishing: a web request never waits on a broker outage.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60),
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    "max_retries": 0,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # the worker keeps trying while Redis restarts
CELERY_BROKER_HEARTBEAT = 30
CELERY_TASK_PUBLISH_RETRY = False
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# A pool child that grew (a hostile file) is replaced; memory in KiB.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=768 * 1024)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=100)
# The worker's liveness file (config.celery): touched by the consumer while it consumes.
CELERY_WORKER_LIVENESS_FILE = env("CELERY_WORKER_LIVENESS_FILE", default="/tmp/rapporteur-worker-alive")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    # Each subscriber's digest of their calls' new submissions, through the outbox (decision 0016).
    "daily-digest": {"task": "submissions.tasks.daily_digest_task", "schedule": 24 * 60 * 60.0},
    "sweep-stale-processing": {"task": "synthesis.tasks.sweep_stale_jobs", "schedule": 60.0},
}

# --- Cache (rate limits, sessions' helpers) -------------------------------------
# CACHE_URL e.g. redis://127.0.0.1:6379/1; in-process memory when unset.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://rapporteur")}
# Rate limits count in their own cache: the same server, but falling back to process memory
# while it is unreachable (config.cache), so a Redis outage never turns the form into a 500.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    CACHES["ratelimit"] = {
        "BACKEND": "config.cache.FailoverCache",
        "LOCATION": CACHES["default"]["LOCATION"],
        "OPTIONS": {"PRIMARY": "django.core.cache.backends.redis.RedisCache",
                    "socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
else:
    CACHES["ratelimit"] = CACHES["default"]
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_FAIL_OPEN = True
# The inbox's counts per status are kept this many seconds per call and filters, forgotten when a
# submission of the call is saved (submissions.selectors.counts_cache); 0 counts on every request.
# Same failover as the rate limits: a Redis outage must not fail the inbox, nor every save.
CACHES["counts"] = dict(CACHES["ratelimit"])
INBOX_COUNTS_TTL = env.int("INBOX_COUNTS_TTL", default=10)

# --- Crispy forms ------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Rapporteur --------------------------------------------------------------
RAPPORTEUR = {
    # Upload limits used when a call does not set its own.
    "DEFAULT_MAX_FILE_MB": env.int("RAPPORTEUR_MAX_FILE_MB", default=20),
    "DEFAULT_MAX_FILES": env.int("RAPPORTEUR_MAX_FILES", default=5),
    # Processing bounds (decision 0020).
    "MAX_EXTRACTED_CHARS": env.int("RAPPORTEUR_MAX_EXTRACTED_CHARS", default=1_000_000),
    "MAX_OCR_PAGES": env.int("RAPPORTEUR_MAX_OCR_PAGES", default=60),
}

# ClamAV daemon socket; empty disables scanning (e.g. /run/clamav/clamd.ctl).
CLAMD_SOCKET = env("CLAMD_SOCKET", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"},
                # Celery's "Task … succeeded" line per task (eager and worker alike; decision 0016).
                "celery.app.trace": {"level": env("CELERY_TASK_LOG_LEVEL", default="WARNING")}},
}

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    CSRF_COOKIE_HTTPONLY = False
    X_FRAME_OPTIONS = "DENY"
    SECURE_CONTENT_TYPE_NOSNIFF = True

# --- HTTPS and cookies, from the environment (README, Configuration) ----------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind a TLS-terminating proxy: e.g. "HTTP_X_FORWARDED_PROTO,https".
if _proxy_header := env.tuple("SECURE_PROXY_SSL_HEADER", default=()):
    SECURE_PROXY_SSL_HEADER = (str(_proxy_header[0]), str(_proxy_header[1]))
USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)
# The healthz probe comes over plain HTTP from inside the container.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Content-Security-Policy (django-csp 4): scripts and styles from our own origin only;
# htmx is vendored and no template has inline scripts or event handlers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # One progress bar sets its width inline (staff builds); htmx adds its indicator style.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Portal (public submission pages) -----------------------------------------
# Rate limits per client IP (django-ratelimit, counted in the default cache: set
# CACHE_URL to Redis in production so every web process shares the counts).
PORTAL_SUBMIT_RATE = env("PORTAL_SUBMIT_RATE", default="20/h")
# Known shared egress addresses (e.g. the UN Geneva network) that the submit limit never applies to.
PORTAL_RATE_ALLOWLIST = env.list("PORTAL_RATE_ALLOWLIST", default=[])
# Private links expire (days after they were issued); a fresh one is sent on request.
PORTAL_LINK_MAX_AGE_DAYS = env.int("PORTAL_LINK_MAX_AGE_DAYS", default=180)
# A late sender may still amend this many hours after their late submission arrived.
PORTAL_LATE_AMEND_HOURS = env.int("PORTAL_LATE_AMEND_HOURS", default=24)
PORTAL_LINK_RATE = env("PORTAL_LINK_RATE", default="300/h")
# Behind a reverse proxy, name the header holding the client's address
# (e.g. HTTP_X_REAL_IP); REMOTE_ADDR otherwise.
RATELIMIT_IP_META_KEY = env("RATELIMIT_IP_META_KEY", default=None)
# The private link in receipts is signed with SECRET_KEY under this salt.
PORTAL_LINK_SALT = "submissions.portal.private-link"

# --- Triage (staff area) ----------------------------------------------------------
# Staff sign in at /accounts/login/ (decision 0011: how SSO plugs in instead).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out accounts before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout after repeated failures (decision 0020, config.lockout): per address and username together
# (one person mistyping), per address (one machine trying many usernames), and per username only
# when the failures against it come from AXES_USERNAME_LOCK_ADDRESSES addresses or more (many
# addresses against one account): one stranger locks their own address, never the named account.
# Every lock lifts after the cool-off; tries during a lock do not prolong it.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = "config.lockout.lockout_parameters"
AXES_USERNAME_LOCK_ADDRESSES = env.int("AXES_USERNAME_LOCK_ADDRESSES", default=3)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "submissions.permissions.client_ip"
AXES_VERBOSE = False
