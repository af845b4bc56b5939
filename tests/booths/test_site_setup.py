"""A fresh database is made ready by one idempotent call (`manage.py setup_site`)."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Site, Workflow, WorkflowPage

from booths.models import HomePage
from booths.site_setup import ensure_site

pytestmark = pytest.mark.django_db


def test_site_has_a_home_page_per_language_and_serves_from_the_admin_origin(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://cms.expo.example:8443"
    ensure_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("cms.expo.example", 8443)
    assert isinstance(site.root_page.specific, HomePage)
    languages = set(HomePage.objects.values_list("locale__language_code", flat=True))
    assert languages == {"zh-hans", "en", "ru", "ar"}
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_running_it_again_changes_nothing():
    ensure_site()
    counts = (Page.objects.count(), Group.objects.count(), Workflow.objects.count())
    ensure_site()
    assert (Page.objects.count(), Group.objects.count(), Workflow.objects.count()) == counts


def test_only_the_four_roles_and_the_booth_review_workflow_remain():
    ensure_site()
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Organizer", "Exhibitor", "Translator", "Moderator"} <= names
    assert not names & {"Editors", "Moderators"}  # Wagtail's defaults, unused, removed
    root = Page.get_first_root_node()
    review = WorkflowPage.objects.get(page=root).workflow
    assert review.name == "Booth review" and review.active
    assert [task.specific.name for task in review.tasks] == ["Organizer or moderator approval"]
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()
