"""End-to-end tests reuse the real Meilisearch fixtures of the site builder's tests.

Playwright's synchronous API keeps an asyncio loop running in the test thread, which
Django's async-safety check mistakes for async code touching the database; these tests
are synchronous, so the check is switched off while they run (and only then: a deploy
check in another test must not see the variable).
"""

import pytest

from tests.site_builder.conftest import meili, meili_server  # noqa: F401


@pytest.fixture(scope="module", autouse=True)
def synchronous_tests_beside_playwright():
    # Module scope: set before the browser starts, unset after the last database teardown.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def pytest_collection_modifyitems(items):
    """Browser tests run in the first database pass only (scripts/test.sh): they test the
    pages and the API, and a second pass on another database would double their minutes."""
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.once)
