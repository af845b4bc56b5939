"""WSGI entry point (granian or gunicorn: cms.wsgi:application).

Django answers everything except the plain analytics beacon, which the beacon lane in
front of it answers with the same code for a fraction of the CPU (engagement.beacon_lane).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

django_application = get_wsgi_application()

from engagement.beacon_lane import BeaconLane  # noqa: E402 (needs the apps loaded)

application = BeaconLane(django_application)
