"""Local development: DEBUG on, a secret key generated once into var/ (never committed)."""

import os
import secrets

from .base import *  # noqa: F403
from .base import TASK_BACKENDS, VAR_DIR, env_bool, env_list


def _local_secret_key():
    """Read var/secret_key, creating it on first use so that sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("TASKS_BACKEND", "immediate")]}}
SITE_SERVE_BUILD = env_bool("SITE_SERVE_BUILD", True)
