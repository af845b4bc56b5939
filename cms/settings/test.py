"""Tests: background tasks run at once, fast hashing, media in a throw-away folder.

DATABASE_URL selects PostgreSQL (CI sets it); unset, the suite runs on SQLite.
"""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "insecure-test-only-key"  # noqa: S105 (tests only; never deployed)
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", tempfile.mkdtemp(prefix="expo-media-")))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT.parent / (MEDIA_ROOT.name + "-private")},
    },
}
MT_BACKEND = "offline"
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "booths.machine_translators.glossary.GlossaryMachineTranslator",
    "OPTIONS": {"BACKEND": "offline"},
}
ASSETS_AUTO_DERIVE = False  # tests of the upload -> derivatives path switch it on
SITE_AUTO_BUILD = False  # tests that want the publish -> build path switch it on
SITE_SERVE_BUILD = False
# Builds in tests stay in one process: a forked worker would not see the test's
# uncommitted transaction (and closing connections would drop an in-memory database).
SITE_BUILD_WORKERS = 1
