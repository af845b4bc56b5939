"""ASGI entry point: the server-sent-events stream (/api/v1/stream) is asynchronous here,
so one process holds thousands of open streams (docs/engagement.md, "Serving the API")."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_asgi_application()
