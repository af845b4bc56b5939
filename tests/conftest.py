"""Shared test set-up: a bootstrapped site (home page, locales, roles, workflow) per test."""

import pytest


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
