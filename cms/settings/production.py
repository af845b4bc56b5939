"""Production: everything from the environment, secure by default (SPEC 6.1.2).

Required: SECRET_KEY, ALLOWED_HOSTS. Recommended: DATABASE_URL (PostgreSQL), REDIS_URL.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CORS_ALLOWED_ORIGINS, env_bool, env_list

DEBUG = False

# SECRET_KEY: required, at least 50 random characters.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY for production settings.")
# ALLOWED_HOSTS: required, comma-separated host names of the CMS/API origin.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS for production settings.")
# CSRF_TRUSTED_ORIGINS: optional, comma-separated https origins (admin behind a proxy),
# added to the public site's origins that may call the API (base.CORS_ALLOWED_ORIGINS).
CSRF_TRUSTED_ORIGINS = [*CORS_ALLOWED_ORIGINS, *env_list("CSRF_TRUSTED_ORIGINS")]

# TLS is terminated at the load balancer, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# SECURE_SSL_REDIRECT=0 only where a proxy already redirects plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# SECURE_HSTS_PRELOAD=0 for a domain that must not enter browsers' preload list.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's live preview panel frames the page from the same origin, so DENY would break it;
# SAMEORIGIN still blocks framing by other sites, which is what W019 guards against.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# EMAIL_URL-style settings: EMAIL_HOST switches SMTP on; otherwise mail is logged.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
