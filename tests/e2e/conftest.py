"""End-to-end tests reuse the real Meilisearch fixtures of the site builder's tests.

Playwright's synchronous API keeps an asyncio loop running in the test thread, which
Django's async-safety check mistakes for async code touching the database; the tests
themselves are synchronous, so the check is switched off for them.
"""

import os

from tests.site_builder.conftest import meili, meili_server  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
