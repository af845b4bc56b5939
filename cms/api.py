"""The public API mount (/api/v1/). Each app adds its router here as it grows one."""

from django.db import connection
from ninja import NinjaAPI

api = NinjaAPI(title="Cloud Expo API", version="1", urls_namespace="api-v1")


@api.get("/health", auth=None, tags=["ops"])
def health(request):
    """Liveness and database reachability, for load balancers (SPEC 6.1.3)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok"}
