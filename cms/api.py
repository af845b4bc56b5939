"""The public API mount (/api/v1/). Each app adds its router here as it grows one.

The static site calls it from the same origin (the CDN routes /api/ here); its OpenAPI
schema is served at /api/v1/openapi.json and browsable at /api/v1/docs.
"""

from django.db import connection
from ninja import NinjaAPI

from cms import api_errors
from engagement.api import router as engagement_router


class ExpoAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        return api_errors.document_common_errors(super().get_openapi_schema(*args, **kwargs))


api = ExpoAPI(
    title="Cloud Expo API",
    version="1",
    urls_namespace="api-v1",
    description="Accounts, likes, favourites, comments and the other things a static "
    "booth page cannot do alone. Errors are {detail, code, fields?}.",
)
api_errors.register(api)


@api.get("/health", auth=None, tags=["ops"])
def health(request):
    """Liveness and database reachability, for load balancers (SPEC 6.1.3)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok"}


api.add_router("/", engagement_router)
