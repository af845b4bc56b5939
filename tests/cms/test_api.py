"""The public API mount answers under /api/v1/."""

import pytest

pytestmark = pytest.mark.django_db


def test_health_endpoint_reports_database_reachable(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_openapi_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Cloud Expo API"


def test_schema_names_are_unique_across_the_api():
    """django-ninja names OpenAPI components after classes: two `SessionOut`s in two
    routers would silently describe one operation with the other's schema."""
    from ninja import Schema

    import cms.api  # noqa: F401 (imports every router)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [cls for cls in subclasses(Schema) if cls.__module__.startswith(("cms.", "engagement."))]
    names = [cls.__name__ for cls in ours]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    assert duplicates == []


def test_unknown_api_addresses_answer_json_404(client):
    response = client.get("/api/v1/no/such/thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
