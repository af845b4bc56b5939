"""Settings come from the environment; production is secure by default (SPEC 6.1.2)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    env.update({"VAR_DIR": str(tmp_path)}, **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_deploy_check_reports_nothing(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--settings=cms.settings.production",
        env_overrides={
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "expo.example.com",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            # A deployment has its theme built and a search server configured.
            "SITE_THEME_BUILD_DIR": str(ROOT / "var" / "theme-build" / "default"),
            "MEILI_URL": "http://search.internal:7700",
            "MEILI_MASTER_KEY": secrets.token_urlsafe(24),
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_variables(tmp_path, missing):
    env = {"SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "expo.example.com"}
    env.pop(missing)
    result = run_manage(
        "check", "--settings=cms.settings.production", env_overrides=env, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert missing in result.stderr


def test_dev_secret_key_is_generated_once_into_var(tmp_path):
    first = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env_overrides={},
        tmp_path=tmp_path,
    )
    second = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env_overrides={},
        tmp_path=tmp_path,
    )
    key_file = tmp_path / "secret_key"
    assert key_file.exists() and oct(key_file.stat().st_mode)[-3:] == "600"
    assert first.stdout.strip().splitlines()[-1] == second.stdout.strip().splitlines()[-1]
    assert len(key_file.read_text()) >= 50


def test_database_url_selects_the_database(monkeypatch):
    import dj_database_url

    config = dj_database_url.parse("postgres://expo:pw@db.internal:5433/expo")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "expo")


def test_redis_url_switches_the_cache_to_redis(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        env_overrides={"REDIS_URL": "redis://127.0.0.1:6379/3"},
        tmp_path=tmp_path,
    )
    assert result.stdout.strip().splitlines()[-1] == "django_redis.cache.RedisCache"
