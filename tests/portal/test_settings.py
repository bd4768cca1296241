"""The settings module reads its environment as README.md promises."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROD_KEY = "prod-secret-key-for-tests-0123456789abcdefghijklmnopqrstuvwxyzABCDEF"


def settings_under(env: dict[str, str], expr: str) -> subprocess.CompletedProcess:
    """Evaluate `expr` against portal.settings in a fresh interpreter with exactly `env`."""
    clean = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG")}
    clean.update(env, DJANGO_SETTINGS_MODULE="portal.settings")
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({expr}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def test_it_defaults_to_sqlite_under_var():
    result = settings_under(
        {"DEBUG": "true"}, "[s.DATABASES['default']['ENGINE'], str(s.DATABASES['default']['NAME'])]"
    )
    engine, name = json.loads(result.stdout)
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == ROOT / "var" / "db.sqlite3"


def test_it_honours_a_postgresql_database_url():
    url = "postgres://portal:pw@db.example:6543/portal_prod"
    result = settings_under({"DEBUG": "true", "DATABASE_URL": url}, "s.DATABASES['default']")
    database = json.loads(result.stdout)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.example", 6543, "portal_prod")
    assert database["CONN_HEALTH_CHECKS"] is True


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_under({"DEBUG": "false"}, "s.SECRET_KEY")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_without_redis_tasks_run_in_process_and_the_cache_is_local():
    result = settings_under({"DEBUG": "true"}, "[s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND']]")
    assert json.loads(result.stdout) == [True, "django.core.cache.backends.locmem.LocMemCache"]


def test_with_redis_it_is_the_broker_and_the_cache():
    env = {"DEBUG": "true", "REDIS_URL": "redis://127.0.0.1:6379/3"}
    result = settings_under(
        env, "[s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND']]"
    )
    assert json.loads(result.stdout) == [
        False,
        "redis://127.0.0.1:6379/3",
        "django.core.cache.backends.redis.RedisCache",
    ]


def test_celery_is_json_only_and_survives_a_killed_worker():
    result = settings_under(
        {"DEBUG": "true"},
        "[s.CELERY_ACCEPT_CONTENT, s.CELERY_TASK_ACKS_LATE, s.CELERY_TASK_REJECT_ON_WORKER_LOST,"
        " s.CELERY_WORKER_PREFETCH_MULTIPLIER]",
    )
    assert json.loads(result.stdout) == [["json"], True, True, 1]


def check_deploy(**variables: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG")} | {
        "DEBUG": "false",
        "SECRET_KEY": PROD_KEY,
        "ALLOWED_HOSTS": "portal.example.gov.cn",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = check_deploy(AUDIT_KEY=PROD_KEY[::-1])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_asks_for_an_audit_key_of_its_own():
    result = check_deploy()
    assert result.returncode != 0
    assert "audit.W001" in result.stdout + result.stderr


def test_the_file_storage_is_a_setting_from_the_environment():
    """S3-compatible storage (django-storages) is STORAGE_BACKEND and its options, no code change."""
    env = {
        "DEBUG": "true",
        "STORAGE_BACKEND": "storages.backends.s3.S3Storage",
        "STORAGE_OPTIONS": '{"bucket_name": "portal-media", "endpoint_url": "http://minio:9000"}',
    }
    result = settings_under(env, "s.STORAGES['default']")
    assert json.loads(result.stdout) == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "portal-media", "endpoint_url": "http://minio:9000"},
    }
    default = json.loads(settings_under({"DEBUG": "true"}, "s.STORAGES['default']").stdout)
    assert default == {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {}}
