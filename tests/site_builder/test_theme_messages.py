"""Every message of the theme and the builder is in every catalog, translated
(SPEC 6.2.2.2: the interface speaks the reader's language)."""

from site_builder.theme_messages import extract, update


def test_theme_messages_are_extracted_from_the_jinja_templates():
    messages = extract()
    assert (None, "Skip to content") in messages
    assert ("specification", "Name") in messages  # pgettext keeps its context
    plural = messages[(None, "%(num)d booth")]
    assert plural.msgid_plural == "%(num)d booths"
    assert any(path.startswith("themes/") for path, _line in plural.occurrences)


def test_every_catalog_has_every_theme_message_translated():
    for path, (added, _obsoleted, untranslated) in update(check=True).items():
        assert added == 0, f"{path}: run `manage.py theme_messages` and translate"
        assert untranslated == [], f"{path}: untranslated {untranslated}"
