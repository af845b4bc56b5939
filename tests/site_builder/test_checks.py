"""`manage.py check` says what the static site is missing before a build fails on it."""

from site_builder.checks import check_search_server, check_theme_build


def test_a_missing_theme_build_is_a_warning_naming_make_theme(settings, tmp_path):
    settings.SITE_THEME_BUILD_DIR = tmp_path
    [warning] = check_theme_build(None)
    assert warning.id == "site_builder.W001" and "make theme" in warning.hint


def test_no_search_server_is_a_warning_not_an_error(settings, tmp_path):
    settings.MEILI_URL = ""
    settings.MEILI_BINARY = str(tmp_path / "meilisearch")
    [warning] = check_search_server(None)
    assert warning.id == "site_builder.W002" and "make meilisearch" in warning.hint

    settings.MEILI_URL, settings.MEILI_MASTER_KEY = "http://search.internal:7700", ""
    assert [w.id for w in check_search_server(None)] == ["site_builder.W003"]
    settings.MEILI_MASTER_KEY = "secret"
    assert check_search_server(None) == []
