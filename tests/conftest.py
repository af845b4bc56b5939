"""Shared test set-up: a bootstrapped site (home page, locales, roles, workflow) per test."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs():
    """Messages compiled to .mo before any test, and Django's catalogue cache reset so that
    languages loaded before compilation are read again (`make` compiles them too)."""
    import django.test.signals  # noqa: F401 (connects the receiver that clears the caches)

    from booths.message_catalogs import compile_catalogs

    results = compile_catalogs()
    setting_changed.send(
        sender=type(settings), setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=True
    )
    return results


@pytest.fixture(autouse=True)
def fresh_caches():
    """Wagtail caches renditions by image id; ids come back after each test's rollback, so a
    cached rendition of another test's image would be served without this."""
    from engagement.pages import clear_local_targets

    for cache in caches.all(initialized_only=True):
        cache.clear()
    clear_local_targets()


@pytest.fixture
def site(db):
    """The site as `setup_site` leaves it: zh-hans home, en/ru/ar locales, roles, workflow."""
    from booths.site_setup import ensure_home_page, ensure_site

    ensure_site()
    return ensure_home_page()


@pytest.fixture
def edition(site):
    from tests.builders import make_edition

    return make_edition(site)


@pytest.fixture(autouse=True)
def journal_at_once(monkeypatch):
    """A test's transaction never commits: changes go to the site builder's journal at once
    (in production they are written when the edit commits, site_builder.changes)."""
    monkeypatch.setattr("site_builder.changes.after_commit", lambda function: function())
