"""Pages translated outside wagtail-localize can be adopted into its translation editor."""

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation

from booths.translation_adoption import adopt_existing_translations, adopt_translation
from tests.builders import make_booth, make_category, make_exhibit, make_exhibitor, make_user

pytestmark = pytest.mark.django_db


def translated_copy(page, language_code, **fields):
    """A translation written as a plain page (how the demo and migrations write them)."""
    copy = page.copy_for_translation(
        Locale.objects.get(language_code=language_code), copy_parents=True
    )
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


def test_adopted_translation_keeps_its_text_and_opens_in_the_translation_editor(edition, client):
    booth = make_booth(
        edition, make_exhibitor(), title="南通织造有限公司", introduction="<p>专业生产床品。</p>"
    )
    exhibit = make_exhibit(booth, title="纯棉四件套", specs=[("材质", "纯棉", None, "")])
    edition_en = translated_copy(edition, "en", title="Nantong Expo 2026")
    booth_en = translated_copy(
        booth, "en", title="Nantong Weaving Co.", introduction="<p>We make bedding.</p>"
    )
    exhibit_en = translated_copy(exhibit, "en", title="Cotton bedding set")
    assert edition_en and booth_en

    translation, adopted, skipped = adopt_translation(exhibit, exhibit_en)
    assert translation.enabled and adopted >= 2 and skipped == []
    assert adopt_existing_translations(booth) == 1

    texts = set(
        StringTranslation.objects.filter(locale=booth_en.locale).values_list("data", flat=True)
    )
    assert {"Nantong Weaving Co.", "We make bedding.", "Cotton bedding set"} <= texts
    booth_en.refresh_from_db()
    assert booth_en.title == "Nantong Weaving Co."  # content untouched

    client.force_login(make_user("boss", is_superuser=True, is_staff=True))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[booth_en.pk]))
    assert response.status_code == 200
    assert b'class="js-translation-editor"' in response.content  # wagtail-localize's editor
    assert "Nantong Weaving Co." in response.content.decode()


def test_adopting_twice_records_nothing_new(edition):
    booth = make_booth(edition, make_exhibitor(), title="甲公司")
    booth_en = translated_copy(booth, "en", title="Company A")
    adopt_translation(booth, booth_en)
    _translation, adopted, _skipped = adopt_translation(booth, booth_en)
    assert adopted == 0
    assert Translation.objects.filter(target_locale=booth_en.locale).count() == 1


def test_snippet_translations_are_adopted_too(site):
    hall = make_category("家纺馆")
    hall_en = hall.copy_for_translation(Locale.objects.get(language_code="en"))
    hall_en.name = "Home Textiles Hall"
    hall_en.save()
    assert adopt_existing_translations(hall) == 1
    assert StringTranslation.objects.filter(
        locale=hall_en.locale, data="Home Textiles Hall"
    ).exists()
    assert adopt_existing_translations(hall) == 0
