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
