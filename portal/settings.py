"""Settings for the portal, for every environment.

Everything that differs between a laptop and production comes from environment
variables (see README.md). With none set, and DEBUG on, the site runs on an embedded
SQLite database with Celery tasks executed in-process, so a fresh checkout works.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production needs a long random key in the "
            "SECRET_KEY environment variable (or DEBUG=true for development)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The portal's own apps from the foundation up (docs/architecture.md): each imports only
# those before it. The record kinds register themselves in this order.
INSTALLED_APPS = [
    "portal.apps.PortalConfig",
    "audit",
    "records",
    "activities",
    "media_outreach",
    "ideology",
    "honours",
    "ledger",
    "administration",
    "figures",
    "dashboard",
    "reports",
    "scoring",
    "inspection",
    "demo",
    "axes",
    "csp",
    "treebeard",
    "auditlog",
    "crispy_forms",
    "crispy_bootstrap5",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.AccessMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "audit.log.AuditContextMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.sessions.SessionLimitsMiddleware",
    "portal.passwords.PasswordPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.BusyDatabaseMiddleware",
    "portal.middleware.FriendlyErrorPagesMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# make run (DEBUG) shows the portal's own 404 and 403 pages unless this is set (portal/middleware.py).
TECHNICAL_ERROR_PAGES = env.bool("TECHNICAL_ERROR_PAGES", default=False)

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Django's cached loader over the project's and the apps' directories, with
            # crispy's field template in Python for the usual field (portal.fields): the
            # same HTML, less CPU a form.
            "loaders": [
                (
                    "portal.fields.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dashboard.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    # IMMEDIATE transactions and WAL keep concurrent runserver threads from
    # failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A restarted PostgreSQL costs only the requests in flight.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's default random_page_cost (4) prices each index probe as a disk seek,
    # while a portal's tables sit in memory or on SSD. At 2, a small town's figures join
    # the kinds' tables through their keys for its own rows only, instead of reading
    # every town's rows: 19 to 9 ms of dashboard SQL for a 1,000-record town beside a
    # 100,000-record one, the large town's unchanged within noise (docs/benchmarks.md).
    # Added to what DATABASE_URL's ?options= gives. (A PgBouncer in between must let the
    # options startup parameter through: ignore_startup_parameters = options.)
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _planner = f"-c random_page_cost={env.float('PG_RANDOM_PAGE_COST', default=2.0)}"
    _options["options"] = f"{_options.get('options', '')} {_planner}".strip()

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Django's widget templates, the commonest written in Python: the same HTML, less CPU a page.
FORM_RENDERER = "portal.widgets.WidgetRenderer"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


AUTH_USER_MODEL = "portal.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

# django-axes checks every sign-in first: 5 failures lock the user name (not the
# address: one office shares one address) for 30 minutes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "portal.views.signin.lockout"
AXES_CLIENT_IP_CALLABLE = "audit.log.client_ip"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "name", "phone", "email")},
    },
    {"NAME": "portal.passwords.PersonalInfoValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "portal.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "portal.passwords.PasswordHistoryValidator", "OPTIONS": {"remember": 5}},
]
# A password must be changed this often; accounts an administrator made or reset
# must change theirs at the first sign-in.
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=90)

# 等保: a session ends after 30 idle minutes and, however active, after 12 hours.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_MAX_SECONDS = env.int("SESSION_MAX_SECONDS", default=12 * 3600)
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS

# Language and time: Chinese by default, English selectable in the page header.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static files are served by the portal itself (whitenoise): intranets have no CDN.
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded photos, built documents and stashed files: a local folder by default; any
# Django storage by STORAGE_BACKEND and STORAGE_OPTIONS (JSON), e.g. S3-compatible storage
# with django-storages ("storages.backends.s3.S3Storage", {"bucket_name": …}).
STORAGES = {
    "default": {
        "BACKEND": env.str("STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Redis, when REDIS_URL is set, is both the Celery broker and the cache. Without it
# tasks run in-process and the cache lives in process memory (one process only).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            # A hung Redis must not hold a web request for long.
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Each signed-in user's access kept in the cache (portal.access): only where the cache is
# shared by every process, or a change seen by one would not reach the others.
ACCESS_SNAPSHOTS = env.bool("ACCESS_SNAPSHOTS", default=bool(REDIS_URL))
if ACCESS_SNAPSHOTS and not REDIS_URL:
    raise ImproperlyConfigured(
        "ACCESS_SNAPSHOTS needs REDIS_URL: a cache in one process's memory is not shared."
    )

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
# In-process runs record failures on the job row instead of raising into the request.
CELERY_TASK_EAGER_PROPAGATES = False
# Installs sharing one Redis keep apart by queue name.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="portal")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only when it finishes; a killed worker's task runs again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
    # Longer than the hard time limit, so a slow task is not delivered twice.
    "visibility_timeout": 3600,
}
# The worker's own publishes (retries, the sweeper) retry once; pages send jobs
# through portal.celery.sending_connection (one try, 1 s) and keep the row pending.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A running job's claim lasts this long unless its worker renews it (every third of
# it); a killed worker's job is taken over after at most this long.
JOB_LEASE_SECONDS = env.int("JOB_LEASE_SECONDS", default=60)
# Fault-injection for tests only: a pause before each job's work, long enough to kill
# the worker mid-job. Always 0 in production.
JOB_TEST_DELAY_SECONDS = env.float("JOB_TEST_DELAY_SECONDS", default=0)
# With `celery -A portal beat` running, lost or abandoned jobs are sent again each minute.
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-jobs": {"task": "portal.tasks.job_requeue_stale", "schedule": 60.0},
    # Uploads never confirmed and job files past their time (portal/files.py), hourly.
    "purge-stale-files": {"task": "administration.tasks.files_purge_task", "schedule": 3600.0},
    # The reviewers' weekly 迎检 digest (inspection/digest.py), Monday 08:00 in TIME_ZONE.
    "inspection-digest-weekly": {
        "task": "inspection.tasks.digest_weekly",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
    },
}
# Beat reads crontab times in this zone (Celery would fall back to TIME_ZONE; said here).
CELERY_TIMEZONE = TIME_ZONE

# The security audit log (audit/): its entries are kept this many days, never fewer
# than 184, and chained with an HMAC under AUDIT_KEY, which must never change.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=365)
AUDIT_KEY = env.str("AUDIT_KEY", default=SECRET_KEY)
# Where `audit_verify` keeps the heads it has seen, outside the database (docs/operations.md).
AUDIT_CHECKPOINT_FILE = env.str("AUDIT_CHECKPOINT_FILE", default="")

# `manage.py backup` writes its archives here unless given --output.
BACKUP_DIR = env.path("BACKUP_DIR", default=VAR_DIR / "backups")

# seed_demo creates accounts with a published password: never on a production site.
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=DEBUG)

# E-mail goes out only where EMAIL_HOST names an SMTP server (the weekly 迎检 digest,
# inspection/digest.py); unset, the portal mails nothing and writes what it would have to
# the console. A hung server holds a mail for EMAIL_TIMEOUT seconds, not the worker forever.
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if EMAIL_HOST
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
# The site's address as its users reach it (https://portal.example.gov.cn), for links in
# mail; unset, a mail's links are the site's paths, since no host is guessed.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")

# Security. The secure defaults apply whenever DEBUG is off; a plain-HTTP intranet
# install must opt out explicitly (see docs/operations.md).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind a reverse proxy, the header it sets to the client's address (e.g. HTTP_X_REAL_IP);
# the audit log and the sign-in lockout read the address from it. Unset: REMOTE_ADDR.
TRUSTED_PROXY_IP_HEADER = env.str("TRUSTED_PROXY_IP_HEADER", default="")
# Content-Security-Policy: only the portal's own scripts, styles, images and fonts;
# no inline script anywhere (data for charts travels in json_script blocks).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # blob: for the previews of photos chosen for upload (static/js/portal.js).
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# axes.W006 warns that locking by user name alone lets one address try many names;
# 等保 asks for exactly that (a whole office shares one address), so it is silenced.
SILENCED_SYSTEM_CHECKS = ["axes.W006", *env.list("SILENCED_SYSTEM_CHECKS", default=[])]
CSRF_FAILURE_VIEW = "portal.views.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
