"""The public API against its own OpenAPI schema, fuzzed by schemathesis (SPEC 6.1.3):
whatever a client sends, no operation answers 5xx, and every answer is one the schema
declares (status, content type, body).

Requests are made in process (WSGI) as a signed-in, verified buyer with a valid CSRF token,
so that the operations behind the session check are explored too, around a published booth
and exhibit.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks

from tests.engagement.conftest import make_buyer, show  # noqa: F401 (fixture)
from tests.site_builder.conftest import meili, meili_server  # noqa: F401 (fixtures)

# Once per run, on PostgreSQL when the suite has it (the production database): the same
# operations on SQLite add minutes and find nothing the PostgreSQL pass would not.
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.once]

CHECKS = [
    schemathesis.checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def signed_in_buyer(show, meili, settings):  # noqa: F811 (what the cases act on, real search)
    settings.RATE_LIMITS_ENABLED = False
    client = Client()
    client.force_login(make_buyer("fuzz@example.com"))
    token = client.get("/api/v1/auth/session").json()["csrf_token"]
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    # As Django's own test client does around each of its requests (so only after its last
    # one here): a request must not close the test's connection, which on PostgreSQL would
    # end the transaction the test runs in.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {"cookies": cookies, "headers": {"X-CSRFToken": token}}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Read once, at collection: the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_no_operation_fails_or_breaks_its_schema(case, signed_in_buyer):
    if case.path == "/api/v1/auth/logout":
        return  # signing out would end the session the other cases use
    case.call_and_validate(**signed_in_buyer, checks=CHECKS)
