"""The test suite's handful of overrides on top of portal/settings.py."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

# Under pytest-xdist each worker (gw0, gw1, …) has its own test database (pytest-django)
# and here its own Redis database, next to the one given: one worker's Celery tasks and
# cache never reach another's.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get("REDIS_URL"):
    _base, _sep, _db = os.environ["REDIS_URL"].rpartition("/")
    if _db.isdigit():
        os.environ["REDIS_URL"] = f"{_base}/{int(_db) + int(_worker[2:])}"

from portal.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# The test client speaks plain HTTP; the redirect itself is checked by check --deploy.
SECURE_SSL_REDIRECT = False
DEMO_DATA_ALLOWED = True
# Tasks run in-process unless a test starts a real worker (tests/portal/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"portal-test-{os.getpid()}"  # noqa: F405
# Access snapshots on SQLite too: a test's process shares its one in-memory cache with its
# live server's threads, so every page is counted as production counts it.
ACCESS_SNAPSHOTS = True
# The suite's flushes TRUNCATE every table; the audit log refuses that to everyone else
# (audit/migrations/0005_truncate_trigger_head_mac.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c portal.allow_audit_truncate=on".strip()
