"""Settings shared by every environment.

Every deployment-specific value comes from an environment variable; each optional
service switches on when its variable is present (see the comment beside it).
"""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]
# Runtime state (SQLite database, media, generated secret, builds) lives here, never in git.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    """A comma-separated environment variable as a list of non-empty, stripped items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


INSTALLED_APPS = [
    "booths",
    "engagement",
    "site_builder",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales (translation-aware locale admin)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CORS for /api/ only, limited to the public site's origin (CORS_ALLOWED_ORIGINS).
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.PublicLocaleMiddleware",
    "cms.middleware.ApiBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Object checks for the few Wagtail admin views that have no permission hook.
    "booths.middleware.AdminObjectAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"
ASGI_APPLICATION = "cms.asgi.application"

THEME_DIR = BASE_DIR / "themes" / os.environ.get("SITE_THEME", "default")  # SITE_THEME
TEMPLATES = [
    {
        # The theme (Jinja2) serves both the admin preview and the static build, so that
        # preview = production (ARCHITECTURE property 2). Listed first: a page's template
        # name is looked up here before the admin's Django templates.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [THEME_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "site_builder.theme_environment.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL (e.g. postgres://user@127.0.0.1:5432/expo); default SQLite under var/.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a seed or import writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: REDIS_URL (e.g. redis://127.0.0.1:6379/0) switches to Redis; otherwise in-process.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "expo"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# ---------------------------------------------------------------------------------------
# Accounts and passwords (SPEC 6.1.2: strong passwords; cms.auth_policy, docs/accounts.md).
# PASSWORD_POLICY=asvs (default: OWASP ASVS 4 V2.1, length over composition, no forced
# rotation) | mlps (China's multi-level protection scheme: three character classes, no reuse
# of the last five, rotation every PASSWORD_MAX_AGE_DAYS, 90 by default).
# ---------------------------------------------------------------------------------------
PASSWORD_POLICY = os.environ.get("PASSWORD_POLICY", "asvs")
_COMMON_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "cms.auth_policy.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]
PASSWORD_POLICIES = {
    "asvs": [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 12},
        },
        *_COMMON_VALIDATORS,
    ],
    "mlps": [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 8},
        },
        *_COMMON_VALIDATORS,
        {"NAME": "cms.auth_policy.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
        {"NAME": "cms.auth_policy.PasswordHistoryValidator", "OPTIONS": {"remember": 5}},
    ],
}
if PASSWORD_POLICY not in PASSWORD_POLICIES:
    raise ImproperlyConfigured(f"PASSWORD_POLICY must be one of {sorted(PASSWORD_POLICIES)}.")
AUTH_PASSWORD_VALIDATORS = PASSWORD_POLICIES[PASSWORD_POLICY]
_ROTATION_DAYS = {"asvs": "0", "mlps": "90"}
PASSWORD_MAX_AGE_DAYS = int(
    os.environ.get("PASSWORD_MAX_AGE_DAYS", _ROTATION_DAYS[PASSWORD_POLICY])
)
AUTHENTICATION_BACKENDS = ["cms.auth_backend.AccountBackend"]
# Sessions: read from the cache (Redis in production), written through to the database, so
# a signed-in API call does not query the session table; an HttpOnly cookie, SameSite=Lax
# (Secure in production).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The CSRF cookie stays readable by the site's scripts, which send it back in X-CSRFToken.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE_DAYS", "14")) * 24 * 3600

# ---------------------------------------------------------------------------------------
# Languages (SPEC 6.2.2.2). zh-hans is the source locale; the locales that exist are rows
# in wagtail's Locale table, added or removed with `manage.py locales` or the admin.
# CONTENT_LANGUAGES lists every language an organizer may switch on (minority languages
# of China included); EXHIBITION_LOCALES is what a new installation starts with.
# ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

CONTENT_LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
    ("ru", "Русский"),
    ("ar", "العربية"),
    ("fr", "Français"),
    ("es", "Español"),
    ("de", "Deutsch"),
    ("pt", "Português"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("vi", "Tiếng Việt"),
    ("th", "ไทย"),
    ("id", "Bahasa Indonesia"),
    ("ms", "Bahasa Melayu"),
    ("tr", "Türkçe"),
    ("zh-hant", "繁體中文"),
    ("ug", "ئۇيغۇرچە"),
    ("bo", "བོད་ཡིག"),
    ("mn", "Монгол"),
    ("kk", "Қазақ"),
]
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = CONTENT_LANGUAGES
WAGTAIL_I18N_ENABLED = True
SOURCE_LOCALE = "zh-hans"
# EXHIBITION_LOCALES: comma-separated extra locales created on first migrate/seed.
EXHIBITION_LOCALES = env_list("EXHIBITION_LOCALES", "en,ru,ar")
_known = {code for code, _name in CONTENT_LANGUAGES}
for _code in EXHIBITION_LOCALES:
    if _code not in _known:
        raise ImproperlyConfigured(
            f"EXHIBITION_LOCALES names {_code!r}, which is not in CONTENT_LANGUAGES."
        )
RTL_LANGUAGES = {"ar", "ug", "fa", "he", "ur"}
LOCALE_PATHS = [BASE_DIR / "locale"]

# ---------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------
SITE_THEME = os.environ.get("SITE_THEME", "default")
STATIC_URL = "/static/"
# The theme's compiled, hashed front-end files (`make theme`) are served under /static/.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# PRIVATE_MEDIA_ROOT: files only their owners may read (inquiry attachments), outside
# MEDIA_ROOT so that no web server or CDN rule can publish them by accident.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000  # big StreamFields and translation editors

# ---------------------------------------------------------------------------------------
# Wagtail
# ---------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Cloud Expo")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "booths.BoothImage"
# Uploads are checked by the asset pipeline in the form (booths.upload_forms) and turned
# into optimized derivatives after commit (booths.derived_media, docs/assets.md).
WAGTAILIMAGES_IMAGE_FORM_BASE = "booths.upload_forms.BoothImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "booths.upload_forms.BoothDocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 40 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000  # decompression-bomb guard
WAGTAILDOCS_EXTENSIONS = [
    *("pdf", "pptx", "docx", "xlsx", "zip"),  # downloads (a zip may also hold a glTF model)
    *("mp4", "mov", "webm", "m4v"),  # video
    *("glb", "stl", "obj", "ply"),  # 3D models
]

# The asset pipeline's recipes (assets_pipeline/, docs/assets.md). A changed value makes a
# new recipe: `manage.py process_assets` then redoes what was made with the old one.
ASSETS_AUTO_DERIVE = env_bool("ASSETS_AUTO_DERIVE", True)
ASSETS_IMAGE_WIDTHS = [int(w) for w in env_list("ASSETS_IMAGE_WIDTHS", "320,640,960,1280,1920")]
ASSETS_IMAGE_SSIM = float(os.environ.get("ASSETS_IMAGE_SSIM", "0.98"))
ASSETS_IMAGE_MAX_PIXELS = WAGTAILIMAGES_MAX_IMAGE_PIXELS
ASSETS_IMAGE_MAX_BYTES = WAGTAILIMAGES_MAX_UPLOAD_SIZE
ASSETS_VIDEO_MAX_BYTES = int(os.environ.get("ASSETS_VIDEO_MAX_MB", "500")) * 1024 * 1024
ASSETS_VIDEO_MAX_SECONDS = int(os.environ.get("ASSETS_VIDEO_MAX_MINUTES", "30")) * 60
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# No avatars from gravatar.com: the admin loads nothing from third parties (many foreign
# services are unreachable from China, and it would leak editors' e-mail hashes).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
    ("ru", "Русский"),
    ("ar", "العربية"),
]

# External 3D/VR/AR links on booths must be https and on one of these hosts (suffix match).
# EXTERNAL_VIEWER_HOSTS: comma-separated host names, replacing the default list.
EXTERNAL_VIEWER_HOSTS = env_list(
    "EXTERNAL_VIEWER_HOSTS",
    "sketchfab.com,my.matterport.com,kuula.co,720yun.com,vr.justeasy.cn,expo.example.com",
)
# Live-stream URLs (HLS/RTMP pull, platform pages) must be https on one of these hosts.
LIVE_STREAM_HOSTS = env_list(
    "LIVE_STREAM_HOSTS",
    "live.example.com,live.bilibili.com,live.douyin.com,www.youtube.com,youtu.be",
)

# ---------------------------------------------------------------------------------------
# Machine translation (SPEC 6.2.2.2). The glossary is applied before any engine.
# MT_BACKEND=offline (default, no network) | libretranslate | deepl.
# LIBRETRANSLATE_URL / LIBRETRANSLATE_API_KEY; DEEPL_AUTH_KEY (free keys end in ':fx').
# ---------------------------------------------------------------------------------------
MACHINE_TRANSLATION = {
    "offline": {"BACKEND": "booths.machine_translators.offline.OfflineTranslator", "OPTIONS": {}},
    "libretranslate": {
        "BACKEND": "booths.machine_translators.libretranslate.LibreTranslateTranslator",
        "OPTIONS": {
            "URL": os.environ.get("LIBRETRANSLATE_URL", ""),
            "API_KEY": os.environ.get("LIBRETRANSLATE_API_KEY", ""),
            "TIMEOUT": 20,
        },
    },
    "deepl": {
        "BACKEND": "booths.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": os.environ.get("DEEPL_AUTH_KEY", ""), "TIMEOUT": 20},
    },
}
MT_BACKEND = os.environ.get("MT_BACKEND", "offline")
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "booths.machine_translators.glossary.GlossaryMachineTranslator",
    "OPTIONS": {"BACKEND": MT_BACKEND},
}
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"

# ---------------------------------------------------------------------------------------
# The static site (site_builder): built into SITE_BUILD_DIR, published to a folder or bucket.
# ---------------------------------------------------------------------------------------
SITE_BUILD_DIR = Path(os.environ.get("SITE_BUILD_DIR", VAR_DIR / "site"))  # SITE_BUILD_DIR
# SITE_PUBLIC_URL: the public origin buyers use (canonical links, sitemap, Open Graph).
SITE_PUBLIC_URL = os.environ.get("SITE_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# The theme's compiled, hashed front-end files (`make theme`): scripts, styles, manifest.json.
SITE_THEME_BUILD_DIR = Path(
    os.environ.get("SITE_THEME_BUILD_DIR", VAR_DIR / "theme-build" / SITE_THEME)
)
STATICFILES_DIRS = [SITE_THEME_BUILD_DIR / "static"]
# SITE_AUTO_BUILD: publishing in the admin enqueues an incremental build (default on).
SITE_AUTO_BUILD = env_bool("SITE_AUTO_BUILD", True)
# SITE_SERVE_BUILD: Django serves the release folder at / (development and `make demo`).
SITE_SERVE_BUILD = env_bool("SITE_SERVE_BUILD", False)
# SITE_BUILD_WORKERS: processes rendering pages in a big build (default: one per CPU).
SITE_BUILD_WORKERS = int(os.environ.get("SITE_BUILD_WORKERS", "0")) or os.cpu_count() or 1
SITE_LISTING_PAGE_SIZE = int(os.environ.get("SITE_LISTING_PAGE_SIZE", "24"))
# SITE_CHANGE_RETENTION_DAYS: how long the change journal is kept; a release folder not
# built for longer is planned from scratch (compared page by page) on its next build.
SITE_CHANGE_RETENTION_DAYS = int(os.environ.get("SITE_CHANGE_RETENTION_DAYS", "30"))
# SITE_PUBLISH_TARGET: default target of `publish_site` (file:///srv/expo, s3://bucket/prefix).
SITE_PUBLISH_TARGET = os.environ.get("SITE_PUBLISH_TARGET", "")
# S3-compatible storage (AWS S3, Alibaba OSS, Tencent COS, MinIO): S3_ENDPOINT_URL for
# anything but AWS, S3_REGION, S3_ADDRESSING_STYLE (virtual for OSS/COS, path for MinIO).
# Credentials come from boto3's usual sources (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ...).
S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
S3_REGION = os.environ.get("S3_REGION", "")
S3_ADDRESSING_STYLE = os.environ.get("S3_ADDRESSING_STYLE", "auto")
# CDN invalidation after a publish: CDN_BACKEND=none (default) or cloudfront, which needs
# CLOUDFRONT_DISTRIBUTION_ID.
CDN_BACKENDS = {
    "none": {"BACKEND": "site_builder.publish.cdn.none.NoCDNBackend", "OPTIONS": {}},
    "cloudfront": {
        "BACKEND": "site_builder.publish.cdn.cloudfront.CloudFrontBackend",
        "OPTIONS": {"DISTRIBUTION_ID": os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", "")},
    },
}
CDN_BACKEND = os.environ.get("CDN_BACKEND", "none")
if CDN_BACKEND not in CDN_BACKENDS:
    raise ImproperlyConfigured(f"CDN_BACKEND must be one of {sorted(CDN_BACKENDS)}.")
SITE_CDN = {"default": CDN_BACKENDS[CDN_BACKEND]}

# ---------------------------------------------------------------------------------------
# Search: Meilisearch.
# MEILI_URL: a running Meilisearch (with MEILI_MASTER_KEY); unset = the commands start or
# reuse an embedded one: MEILI_BINARY on MEILI_EMBEDDED_ADDR with data in var/meilisearch/.
# MEILI_PUBLIC_URL: the address browsers use for search (default: the server's own).
# ---------------------------------------------------------------------------------------
MEILI_URL = os.environ.get("MEILI_URL", "").rstrip("/")
MEILI_MASTER_KEY = os.environ.get("MEILI_MASTER_KEY", "")
MEILI_PUBLIC_URL = os.environ.get("MEILI_PUBLIC_URL", "").rstrip("/")
MEILI_INDEX_PREFIX = os.environ.get("MEILI_INDEX_PREFIX", "expo")
MEILI_EMBEDDED_ADDR = os.environ.get("MEILI_EMBEDDED_ADDR", "127.0.0.1:7700")
MEILI_DATA_DIR = Path(os.environ.get("MEILI_DATA_DIR", VAR_DIR / "meilisearch"))
MEILI_BINARY = os.environ.get("MEILI_BINARY", str(VAR_DIR / "tools" / "bin" / "meilisearch"))

# Background work: django-tasks (search indexing, reference index, later asset derivatives and
# builds). TASKS_BACKEND=database queues them for `manage.py db_worker` processes (the
# production default, scaled by adding workers); TASKS_BACKEND=immediate runs them inline
# (the development default, so one `runserver` process is enough).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.backend.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# ---------------------------------------------------------------------------------------
# Buyer engagement and the public API (engagement/, docs/engagement.md).
# ---------------------------------------------------------------------------------------
# BUYER_APPROVAL=auto: a verified e-mail makes a buyer a member (SPEC 4.5 level "member");
# manual: an organizer approves each account first.
BUYER_APPROVAL = os.environ.get("BUYER_APPROVAL", "auto")
if BUYER_APPROVAL not in {"auto", "manual"}:
    raise ImproperlyConfigured("BUYER_APPROVAL must be 'auto' or 'manual'.")
# TERMS_VERSION: the terms of use a buyer accepts on registration (recorded per account).
TERMS_VERSION = os.environ.get("TERMS_VERSION", "2026-1")
EMAIL_VERIFICATION_MAX_AGE = int(os.environ.get("EMAIL_VERIFICATION_HOURS", "72")) * 3600
# COMMENTS_PREMODERATION=1: every comment waits for a moderator, matched or not.
COMMENTS_PREMODERATION = env_bool("COMMENTS_PREMODERATION", False)
# Live streams (engagement.live): a live viewer counts as "watching now" while its player's
# last heartbeat is at most this old (players beat every 15-20 s).
LIVE_HEARTBEAT_WINDOW_SECONDS = int(os.environ.get("LIVE_HEARTBEAT_WINDOW_SECONDS", "45"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
# Abuse control (cms.ratelimit). TRUSTED_PROXY_COUNT: how many proxies (load balancer, CDN)
# stand before the API and append to X-Forwarded-For; 0 trusts REMOTE_ADDR only.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", True)
# Per-scope overrides of the rates written beside each API operation, e.g.
# {"comment": {"ip": "60/m", "user": "20/m"}}; a JSON object in RATE_LIMITS_JSON.
RATE_LIMITS = json.loads(os.environ.get("RATE_LIMITS_JSON", "{}"))
# Request bodies under /api/: API_MAX_BODY_BYTES for JSON, API_MAX_UPLOAD_BYTES for the
# operations that take files (inquiry attachments). Bigger bodies get 413 unread.
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_KB", "64")) * 1024
API_MAX_UPLOAD_BYTES = int(os.environ.get("API_MAX_UPLOAD_MB", "20")) * 1024 * 1024
# Analytics beacons answered beside Django's request handling under WSGI (cms.wsgi,
# engagement.beacon_lane): the same checks and INSERT for a fraction of the CPU.
BEACON_LANE = env_bool("BEACON_LANE", True)
# CORS: the API answers scripts of the public site's origin only (SITE_PUBLIC_URL, plus
# API_EXTRA_ORIGINS, comma-separated). With the CDN routing /api/ to this origin, the site
# and the API share one origin and CORS does not come into play at all.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOWED_ORIGINS = [SITE_PUBLIC_URL, *env_list("API_EXTRA_ORIGINS")]
CSRF_TRUSTED_ORIGINS = list(CORS_ALLOWED_ORIGINS)
# Live chat events (engagement.realtime): REALTIME_BROKER=redis (the default with REDIS_URL:
# every API process sees every event) or memory (one process: the embedded default).
REDIS_URL = os.environ.get("REDIS_URL", "")
REALTIME_BROKERS = {
    "memory": "engagement.realtime.memory.MemoryBroker",
    "redis": "engagement.realtime.redis.RedisBroker",
}
REALTIME_BROKER = os.environ.get("REALTIME_BROKER", "redis" if REDIS_URL else "memory")
if REALTIME_BROKER not in REALTIME_BROKERS:
    raise ImproperlyConfigured(f"REALTIME_BROKER must be one of {sorted(REALTIME_BROKERS)}.")
REALTIME_CHANNEL_PREFIX = os.environ.get("REALTIME_CHANNEL_PREFIX", "expo:rt:")
# A stream ends after REALTIME_STREAM_SECONDS and the browser reconnects after
# REALTIME_RETRY_MS; a keep-alive comment goes out every REALTIME_KEEPALIVE_SECONDS.
REALTIME_STREAM_SECONDS = int(os.environ.get("REALTIME_STREAM_SECONDS", "300"))
REALTIME_RETRY_MS = int(os.environ.get("REALTIME_RETRY_MS", "2000"))
REALTIME_KEEPALIVE_SECONDS = int(os.environ.get("REALTIME_KEEPALIVE_SECONDS", "15"))
# Video meetings (SPEC 5.6.3, engagement/meeting_providers/, docs/engagement.md). Jitsi Meet is
# the default and must be self-hosted: third-party services may be unreachable for the audience.
# JITSI_BASE_URL: the organizer's Jitsi Meet server; the default is a local placeholder (demo only).
JITSI_BASE_URL = os.environ.get("JITSI_BASE_URL", "http://127.0.0.1:8443").rstrip("/")
# JITSI_APP_ID: Jitsi token-auth app id (prosody app_id); set with the secret, links carry a JWT.
JITSI_APP_ID = os.environ.get("JITSI_APP_ID", "")
# JITSI_APP_SECRET: the HS256 secret shared with Jitsi (prosody app_secret); empty = no tokens.
JITSI_APP_SECRET = os.environ.get("JITSI_APP_SECRET", "")
# MEETING_EXTERNAL_HOSTS: hosts an exhibitor's pasted meeting link may use (https; *.x = subdomains).
MEETING_EXTERNAL_HOSTS = env_list(
    "MEETING_EXTERNAL_HOSTS",
    "meeting.tencent.com,voovmeeting.com,zoom.us,*.zoom.us,teams.microsoft.com,"
    "meeting.dingtalk.com,meeting.feishu.cn",
)
MEETING_PROVIDERS = {
    "jitsi": {
        "BACKEND": "engagement.meeting_providers.jitsi.JitsiProvider",
        "OPTIONS": {
            "BASE_URL": JITSI_BASE_URL,
            "APP_ID": JITSI_APP_ID,
            "APP_SECRET": JITSI_APP_SECRET,
        },
    },
    "external": {
        "BACKEND": "engagement.meeting_providers.external.ExternalLinkProvider",
        "OPTIONS": {"HOSTS": MEETING_EXTERNAL_HOSTS},
    },
}

# Import (SPEC 4.1): the hall that --create-categories puts unknown categories under.
IMPORT_CATEGORY_HALL = "Imported"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One line per task run is noise at INFO; failures still show.
        "django_tasks": {"level": "WARNING"},
    },
}
