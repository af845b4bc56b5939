"""`manage.py locales`: languages are easy to add and remove (SPEC 6.2.2.2)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Locale, Page

from booths.machine_translation import machine_translate_instance
from booths.models import Category, ExhibitionPage, ExhibitSpec, GlossaryTerm
from booths.site_setup import remove_locale
from tests.builders import make_booth, make_category, make_exhibit, make_exhibitor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """The assertions read English messages; the site's default language is Chinese."""
    with translation.override("en"):
        yield


def test_adding_a_language_mirrors_every_page_and_creates_its_translator_group(edition, capsys):
    booth = make_booth(edition, make_exhibitor())
    call_command("locales", "add", "fr")
    assert "fr: added" in capsys.readouterr().out
    fr = Locale.objects.get(language_code="fr")
    french_edition = ExhibitionPage.objects.get(translation_key=edition.translation_key, locale=fr)
    assert french_edition.alias_of_id == edition.pk
    assert (
        Page.objects.get(translation_key=booth.translation_key, locale=fr).alias_of_id == booth.pk
    )
    assert Group.objects.filter(name="Translator · fr").exists()

    call_command("locales", "list")
    assert "fr\t" in capsys.readouterr().out
    call_command("locales", "add", "fr")
    assert "fr: already present" in capsys.readouterr().out


def test_removing_a_language_deletes_its_pages_and_snippet_translations(edition, capsys):
    booth = make_booth(edition, make_exhibitor())
    exhibit = make_exhibit(booth, specs=[("功率", "5 kW", 5, "kW")])
    ru = Locale.objects.get(language_code="ru")
    machine_translate_instance(exhibit, ru)
    machine_translate_instance(make_category("被子", parent=make_category("家纺馆")), ru)
    GlossaryTerm.objects.create(source_term="被子", target_term="одеяло", locale=ru)
    assert ExhibitSpec.objects.filter(locale=ru).exists()

    call_command("locales", "remove", "ru", "--yes")
    assert "ru: removed with" in capsys.readouterr().out
    assert not Locale.objects.filter(language_code="ru").exists()
    assert not Page.objects.filter(locale_id=ru.pk).exists()
    assert not Category.objects.filter(locale_id=ru.pk).exists()
    assert not ExhibitSpec.objects.filter(locale_id=ru.pk).exists()
    assert not GlossaryTerm.objects.filter(locale_id=ru.pk).exists()
    assert not Group.objects.filter(name="Translator · ru").exists()
    # The source language and the other languages are untouched.
    assert Page.objects.filter(pk=booth.pk).exists()
    assert Category.objects.filter(locale__language_code="zh-hans").count() == 2
    assert Page.objects.filter(locale__language_code="en").exists()


def test_removing_asks_first_unless_told_yes(site, monkeypatch, capsys):
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    call_command("locales", "remove", "ar")
    assert "Nothing removed." in capsys.readouterr().out
    assert Locale.objects.filter(language_code="ar").exists()


def test_the_source_language_cannot_be_removed(site):
    with pytest.raises(CommandError, match="source language cannot be removed"):
        call_command("locales", "remove", "zh-hans", "--yes")
    assert Page.objects.filter(locale__language_code="zh-hans", depth=2).exists()


def test_unknown_language_codes_are_a_clear_error(site):
    with pytest.raises(CommandError, match="xx is not a content language; choose one of: "):
        call_command("locales", "add", "xx")
    assert not Locale.objects.filter(language_code="xx").exists()
    with pytest.raises(CommandError, match="fr is not a site language"):
        call_command("locales", "remove", "fr", "--yes")
    with pytest.raises(CommandError, match="Name at least one language code"):
        call_command("locales", "add")


def test_a_removed_language_can_be_added_again(site):
    remove_locale("ar")
    call_command("locales", "add", "ar")
    ar = Locale.objects.get(language_code="ar")
    assert Page.objects.filter(locale=ar, depth=2, alias_of__isnull=False).exists()
