"""The admin dashboard takes an exhibitor straight to its own booths."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.builders import make_booth, make_exhibitor, make_user

pytestmark = pytest.mark.django_db


def test_exhibitor_dashboard_lists_its_booths_with_edit_links_and_no_others(edition, client):
    owner = make_user("owner-dash")
    mine = make_booth(edition, make_exhibitor("甲家纺有限公司", owners=[owner]))
    other = make_booth(edition, make_exhibitor("乙家具有限公司"))
    client.force_login(owner)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "exhibitor-booths" in html
    assert reverse("wagtailadmin_pages:edit", args=[mine.pk]) in html
    assert "甲家纺有限公司" in html
    assert reverse("wagtailadmin_pages:edit", args=[other.pk]) not in html
    assert "乙家具有限公司" not in html


def test_organizer_dashboard_has_no_exhibitor_panel(edition, client):
    organizer = make_user("org-dash", Group.objects.get(name="Organizer"))
    make_booth(edition, make_exhibitor())
    client.force_login(organizer)
    assert "exhibitor-booths" not in client.get(reverse("wagtailadmin_home")).content.decode()
