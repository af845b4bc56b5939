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


def test_messages_of_the_apps_django_templates_are_extracted_too():
    """E-mails and admin views are Django templates: their {% translate %} and
    {% blocktranslate count %} messages reach the catalogs without GNU gettext."""
    from site_builder.theme_messages import django_template_messages

    messages = django_template_messages("engagement")
    assert (None, "Read and answer:") in messages
    plural = messages[(None, "%(counter)s file attached")]
    assert plural.msgid_plural == "%(counter)s files attached"
    assert ("engagement/templates/engagement/email/new_message.txt", "5") in plural.occurrences


def test_api_messages_are_extracted_from_the_engagement_and_cms_python():
    from site_builder.theme_messages import extract

    messages = extract()
    assert (None, "Sign in to do this.") in messages  # cms/api_errors.py
    assert (None, "This booth or exhibit is not on show.") in messages  # engagement/api
